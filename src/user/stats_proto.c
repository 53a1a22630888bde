// SPDX-License-Identifier: GPL-2.0
/* stats_proto.c - scx_stats requests and replies (see stats_proto.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "json_scan.h"
#include "stats_proto.h"

static const char *const format_names[] = {
	[STATS_FORMAT_JSON] = "json",
	[STATS_FORMAT_TEXT] = "text",
	[STATS_FORMAT_OPENMETRICS] = "openmetrics",
};

const char *stats_format_name(enum stats_format format)
{
	return format_names[format];
}

int stats_format_parse(const char *name, enum stats_format *out)
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (!strcmp(name, format_names[i])) {
			*out = (enum stats_format)i;
			return 0;
		}
	}
	return -1;
}

/* String member key of obj into out; 1 if absent, -1 if present but not a short string. */
static int string_member(const char *obj, const char *key, char *out, size_t len)
{
	const char *v = json_scan_member(obj, key, NULL);

	if (!v)
		return 1;
	return json_scan_string(v, out, len) < 0 ? -1 : 0;
}

static int parse_args(const char *line, struct stats_request *req, char *err, size_t err_len)
{
	const char *args = json_scan_member(line, "args", NULL);
	char target[64], format[32];

	if (!args)
		return 0;
	if (*args != '{') {
		snprintf(err, err_len, "\"args\" must be an object of strings");
		return EINVAL;
	}
	if (req->kind == STATS_REQ_STATS && string_member(args, "target", target, sizeof(target)) == 0 &&
	    strcmp(target, "top")) {
		snprintf(err, err_len, "unknown stats target \"%s\": scx_topo serves \"top\"", target);
		return EINVAL;
	}
	switch (string_member(args, "format", format, sizeof(format))) {
	case 1: return 0;
	case 0:
		if (!stats_format_parse(format, &req->format))
			return 0;
		/* fall through */
	default:
		snprintf(err, err_len, "unknown format: use \"json\", \"text\" or \"openmetrics\"");
		return EINVAL;
	}
}

int stats_request_parse(const char *line, struct stats_request *req, char *err, size_t err_len)
{
	const char *end = json_scan_value(line);
	char name[32];

	req->kind = STATS_REQ_STATS;
	req->format = STATS_FORMAT_JSON;
	if (!end || *json_scan_space(end) || *json_scan_space(line) != '{') {
		snprintf(err, err_len, "a request is one JSON object per line");
		return EINVAL;
	}
	if (string_member(line, "req", name, sizeof(name))) {
		snprintf(err, err_len, "a request needs \"req\": \"stats\" or \"stats_meta\"");
		return EINVAL;
	}
	if (!strcmp(name, "stats_meta"))
		req->kind = STATS_REQ_META;
	else if (strcmp(name, "stats")) {
		snprintf(err, err_len, "unknown command \"%s\": use \"stats\" or \"stats_meta\"", name);
		return EINVAL;
	}
	return parse_args(line, req, err, err_len);
}

void stats_request_write(FILE *out, enum stats_req_kind kind, enum stats_format format)
{
	if (kind == STATS_REQ_META)
		fprintf(out, "{\"req\":\"stats_meta\",\"args\":{}}\n");
	else
		fprintf(out, "{\"req\":\"stats\",\"args\":{\"target\":\"top\",\"format\":\"%s\"}}\n",
			stats_format_name(format));
}

void stats_reply_begin(FILE *out, int errno_value)
{
	fprintf(out, "{\"errno\":%d,\"args\":{\"resp\":", errno_value);
}

void stats_reply_end(FILE *out)
{
	fprintf(out, "}}\n");
}

void stats_reply_string(FILE *out, int errno_value, const char *s)
{
	stats_reply_begin(out, errno_value);
	json_write_string(out, s);
	stats_reply_end(out);
}

int stats_reply_parse(const char *line, int *errno_value, const char **value,
		      const char **value_end)
{
	const char *num = json_scan_member(line, "errno", NULL);
	const char *args = json_scan_member(line, "args", NULL);
	char *end;

	if (!num || !args)
		return -1;
	*errno_value = (int)strtol(num, &end, 10);
	if (end == num)
		return -1;
	*value = json_scan_member(args, "resp", value_end);
	return *value ? 0 : -1;
}
