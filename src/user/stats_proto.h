/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats_proto.h - the scx_stats wire protocol (sched-ext/scx rust/scx_stats),
 * as scx_topo speaks it on its stats socket.
 *
 * One JSON object per line each way. Request:
 *   {"req":"stats","args":{"target":"top"}}   or   {"req":"stats_meta","args":{}}
 * Reply:
 *   {"errno":0,"args":{"resp":VALUE}}         errno != 0: VALUE is a message string
 * scx_topo adds one optional argument, "format": "json" (the default, the
 * --stats-json object), "text" (the --stats lines as one string) or
 * "openmetrics" (an OpenMetrics exposition as one string). Clients that do
 * not know it get what every scx_stats client expects.
 */
#ifndef SCX_TOPO_STATS_PROTO_H
#define SCX_TOPO_STATS_PROTO_H

#include <stddef.h>
#include <stdio.h>

/* Where scx schedulers serve the root scheduler's stats. */
#define STATS_SOCKET_PATH "/var/run/scx/root/stats"
#define STATS_LINE_MAX 4096

enum stats_format {
	STATS_FORMAT_JSON,
	STATS_FORMAT_TEXT,
	STATS_FORMAT_OPENMETRICS,
};

enum stats_req_kind {
	STATS_REQ_STATS,
	STATS_REQ_META,
};

struct stats_request {
	enum stats_req_kind kind;
	enum stats_format format;
};

/* Name of a format as the "format" argument spells it. */
const char *stats_format_name(enum stats_format format);
/* Parse a format name; -1 if unknown. */
int stats_format_parse(const char *name, enum stats_format *out);

/* Parse one request line. Returns 0, or an errno with a message in err. */
int stats_request_parse(const char *line, struct stats_request *req, char *err, size_t err_len);

/* The request line a client sends (with its newline). */
void stats_request_write(FILE *out, enum stats_req_kind kind, enum stats_format format);

/* Reply framing: stats_reply_begin, then VALUE, then stats_reply_end. */
void stats_reply_begin(FILE *out, int errno_value);
void stats_reply_end(FILE *out);
/* A whole reply whose value is the string s. */
void stats_reply_string(FILE *out, int errno_value, const char *s);

/*
 * Split a reply line: *errno_value, and the value's bounds [*value, *value_end).
 * Returns 0, or -1 if the line is not an scx_stats reply.
 */
int stats_reply_parse(const char *line, int *errno_value, const char **value,
		      const char **value_end);

#endif /* SCX_TOPO_STATS_PROTO_H */
