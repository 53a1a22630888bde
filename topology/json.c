// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - see json.h.
 */
#include <inttypes.h>

#include "internal.h"
#include "json.h"

void json_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->nr_items[0] = 0;
	w->compact[0] = false;
}

/* Length of the well-formed UTF-8 sequence at s, 0 if it is not one. */
static int utf8_len(const unsigned char *s)
{
	int len, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	/* Reject overlong forms, UTF-16 surrogates and code points > U+10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Bytes that are not valid UTF-8 become U+FFFD so the output stays JSON. */
void json_write_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int len;

	fputc('"', out);
	while (*s) {
		if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s++);
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(out, "\\u%04x", *s++);
		} else if (*s < 0x80) {
			fputc(*s++, out);
		} else {
			len = utf8_len(s);
			if (len)
				fwrite(s, 1, len, out);
			else
				fputs("\\ufffd", out);
			s += len ? len : 1;
		}
	}
	fputc('"', out);
}

static void indent(struct json_writer *w, int depth)
{
	int i;

	fputc('\n', w->out);
	for (i = 0; i < depth; i++)
		fputs("  ", w->out);
}

/* Separator, layout and key before any value. */
static void begin_item(struct json_writer *w, const char *key)
{
	int d = w->depth;

	if (d > 0) {
		if (w->nr_items[d]++)
			fputs(w->compact[d] ? ", " : ",", w->out);
		if (!w->compact[d])
			indent(w, d);
	}
	if (key) {
		json_write_string(w->out, key);
		fputs(": ", w->out);
	}
}

static void open_container(struct json_writer *w, const char *key, char ch,
			   bool compact)
{
	begin_item(w, key);
	fputc(ch, w->out);
	if (w->depth + 1 >= JSON_MAX_DEPTH)
		return;
	w->depth++;
	w->nr_items[w->depth] = 0;
	w->compact[w->depth] = compact || w->compact[w->depth - 1];
}

static void close_container(struct json_writer *w, char ch)
{
	if (!w->compact[w->depth] && w->nr_items[w->depth])
		indent(w, w->depth - 1);
	fputc(ch, w->out);
	if (w->depth > 0)
		w->depth--;
	if (!w->depth)
		fputc('\n', w->out);
}

void json_begin_object(struct json_writer *w, const char *key, bool compact)
{
	open_container(w, key, '{', compact);
}

void json_end_object(struct json_writer *w)
{
	close_container(w, '}');
}

void json_begin_array(struct json_writer *w, const char *key, bool compact)
{
	open_container(w, key, '[', compact);
}

void json_end_array(struct json_writer *w)
{
	close_container(w, ']');
}

void json_int(struct json_writer *w, const char *key, long long v)
{
	begin_item(w, key);
	fprintf(w->out, "%lld", v);
}

void json_u64(struct json_writer *w, const char *key, uint64_t v)
{
	begin_item(w, key);
	fprintf(w->out, "%" PRIu64, v);
}

void json_bool(struct json_writer *w, const char *key, bool v)
{
	begin_item(w, key);
	fputs(v ? "true" : "false", w->out);
}

void json_string(struct json_writer *w, const char *key, const char *s)
{
	begin_item(w, key);
	json_write_string(w->out, s);
}

void json_int_array(struct json_writer *w, const char *key, const int *v, int n)
{
	int i;

	json_begin_array(w, key, true);
	for (i = 0; i < n; i++)
		json_int(w, NULL, v[i]);
	json_end_array(w);
}

/* Digits, '-' and ',' only: nothing to escape. */
void json_ranges(struct json_writer *w, const char *key, const int *v, int n)
{
	begin_item(w, key);
	fputc('"', w->out);
	topo_print_ranges(w->out, v, n);
	fputc('"', w->out);
}
