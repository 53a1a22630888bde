/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - a tiny streaming JSON writer: commas, indentation, escaping.
 *
 * Containers opened "compact" print on one line (short arrays, per-CPU
 * records); the others put each member on its own indented line.
 */
#ifndef SCX_TOPO_JSON_H
#define SCX_TOPO_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	8

struct json_writer {
	FILE *out;
	int depth;
	int nr_items[JSON_MAX_DEPTH];
	bool compact[JSON_MAX_DEPTH];
};

void json_init(struct json_writer *w, FILE *out);

/* key is NULL for array elements and for the top-level value. */
void json_begin_object(struct json_writer *w, const char *key, bool compact);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key, bool compact);
void json_end_array(struct json_writer *w);

void json_int(struct json_writer *w, const char *key, long long v);
void json_u64(struct json_writer *w, const char *key, uint64_t v);
void json_bool(struct json_writer *w, const char *key, bool v);
void json_string(struct json_writer *w, const char *key, const char *s);

/* [1, 2, 3] on one line. */
void json_int_array(struct json_writer *w, const char *key, const int *v, int n);
/* str as a JSON string literal (quotes, escapes; bad UTF-8 becomes U+FFFD). */
void json_write_string(FILE *out, const char *str);

/* "0-3,8-11" as a string. */
void json_ranges(struct json_writer *w, const char *key, const int *v, int n);

#endif /* SCX_TOPO_JSON_H */
