// SPDX-License-Identifier: GPL-2.0
/* json_scan.c - skip, find and decode JSON values (see json_scan.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"

/* Nesting deeper than this is refused, so a hostile line cannot exhaust the stack. */
#define SCAN_MAX_DEPTH 16

const char *json_scan_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *scan_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p && *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\' && !*++p)
			return NULL;
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *scan_number(const char *p)
{
	char *end;

	if (*p != '-' && !isdigit((unsigned char)*p))
		return NULL;
	strtod(p, &end);
	return end > p ? end : NULL;
}

static const char *scan_literal(const char *p)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strncmp(p, words[i], strlen(words[i])))
			return p + strlen(words[i]);
	return NULL;
}

static const char *scan_value(const char *p, int depth);

/* Members of an object (with keys) or elements of an array, up to close. */
static const char *scan_container(const char *p, char close, int depth)
{
	p = json_scan_space(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			p = scan_string(json_scan_space(p));
			if (!p || *(p = json_scan_space(p)) != ':')
				return NULL;
			p++;
		}
		p = scan_value(p, depth + 1);
		if (!p)
			return NULL;
		p = json_scan_space(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *scan_value(const char *p, int depth)
{
	if (depth > SCAN_MAX_DEPTH)
		return NULL;
	p = json_scan_space(p);
	switch (*p) {
	case '{': return scan_container(p, '}', depth);
	case '[': return scan_container(p, ']', depth);
	case '"': return scan_string(p);
	default: return isalpha((unsigned char)*p) ? scan_literal(p) : scan_number(p);
	}
}

const char *json_scan_value(const char *p)
{
	return scan_value(p, 0);
}

static int key_is(const char *p, const char *end, const char *key)
{
	size_t n = strlen(key);

	return (size_t)(end - p) == n + 2 && !strncmp(p + 1, key, n);
}

const char *json_scan_member(const char *p, const char *key, const char **end)
{
	const char *k, *k_end, *v, *v_end;

	p = json_scan_space(p);
	if (*p != '{')
		return NULL;
	p = json_scan_space(p + 1);
	while (*p == '"') {
		k = p;
		k_end = scan_string(k);
		if (!k_end || *(p = json_scan_space(k_end)) != ':')
			return NULL;
		v = json_scan_space(p + 1);
		v_end = json_scan_value(v);
		if (!v_end)
			return NULL;
		if (key_is(k, k_end, key)) {
			if (end)
				*end = v_end;
			return v;
		}
		p = json_scan_space(v_end);
		if (*p != ',')
			return NULL;
		p = json_scan_space(p + 1);
	}
	return NULL;
}

/* Append code point cp as UTF-8; returns the bytes written, or 0 if there is no room. */
static size_t put_utf8(char *out, size_t room, unsigned long cp)
{
	if (cp < 0x80 && room >= 1) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800 && room >= 2) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0x800 && room >= 3) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	return 0;
}

static char unescape(char c)
{
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'b': return '\b';
	case 'f': return '\f';
	default: return c;	/* '"', '\\', '/' */
	}
}

long json_scan_string(const char *p, char *out, size_t len)
{
	const char *end = scan_string(p = json_scan_space(p));
	size_t used = 0, n;
	char hex[5] = { 0 };

	if (!end || !len)
		return -1;
	for (p++; p < end - 1; p++) {
		if (*p == '\\' && p[1] == 'u') {
			if (end - 1 - p < 6)
				return -1;
			memcpy(hex, p + 2, 4);
			n = put_utf8(out + used, len - 1 - used, strtoul(hex, NULL, 16));
			p += 5;
		} else if (*p == '\\') {
			n = used + 1 < len ? 1 : 0;
			if (n)
				out[used] = unescape(*++p);
		} else {
			n = used + 1 < len ? 1 : 0;
			if (n)
				out[used] = *p;
		}
		if (!n)
			return -1;
		used += n;
	}
	out[used] = '\0';
	return (long)used;
}
