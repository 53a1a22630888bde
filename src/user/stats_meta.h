/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats_meta.h - the schema of the stats object (--stats-json, the stats
 * socket), once: the server's "stats_meta" reply and the field list of
 * docs/stats-json.md are both written from it. Counter fields come from
 * TOPO_STAT_LIST, so a new counter appears everywhere by itself.
 */
#ifndef SCX_TOPO_STATS_META_H
#define SCX_TOPO_STATS_META_H

#include <stdio.h>

enum meta_kind { META_U64, META_I64, META_FLOAT, META_STRUCT };
enum meta_shape { META_DATUM, META_ARRAY, META_DICT };	/* DICT: string keys */

struct meta_field {
	const char *name;
	enum meta_shape shape;
	enum meta_kind kind;
	const char *struct_name;	/* META_STRUCT only */
	const char *desc;
};

struct meta_struct {
	const char *name;
	const char *desc;
	int top;			/* the object a "stats" request returns */
	const struct meta_field *fields;
	int nr_fields;
};

extern const struct meta_struct stats_meta_structs[];
extern const int stats_meta_nr_structs;

/* The value of a "stats_meta" reply: {NAME: {"name", "top"?, "desc", "fields"}, ...}. */
void stats_meta_write_json(FILE *out);
/* One Markdown table per struct, for docs/stats-json.md. */
void stats_meta_write_markdown(FILE *out);

#endif /* SCX_TOPO_STATS_META_H */
