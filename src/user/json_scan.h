/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json_scan.h - just enough JSON reading for the stats protocol: skip a
 * value, find a member of an object, decode a string. Input is a
 * NUL-terminated line; nothing is allocated except by json_scan_string.
 */
#ifndef SCX_TOPO_JSON_SCAN_H
#define SCX_TOPO_JSON_SCAN_H

#include <stddef.h>

/* p past leading white space. */
const char *json_scan_space(const char *p);

/* The end of the value starting at p (after white space), or NULL if it is not valid JSON. */
const char *json_scan_value(const char *p);

/*
 * The value of member key in the object starting at p, or NULL if p is not
 * an object or has no such member. *end, if given, is set to the value's end.
 */
const char *json_scan_member(const char *p, const char *key, const char **end);

/*
 * Decode the JSON string at p into out (at most len bytes with the NUL).
 * Returns the string's length, or -1 if p is not a string or it does not fit.
 */
long json_scan_string(const char *p, char *out, size_t len);

#endif /* SCX_TOPO_JSON_SCAN_H */
