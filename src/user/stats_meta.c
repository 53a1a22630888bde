// SPDX-License-Identifier: GPL-2.0
/* stats_meta.c - the stats schema as data (see stats_meta.h). */
#include "intf.h"
#include "json.h"
#include "stats_meta.h"

#define COUNTER_FIELD(id, label, help) { label, META_DATUM, META_U64, NULL, help },
static const struct meta_field counter_fields[] = { TOPO_STAT_LIST(COUNTER_FIELD) };
#undef COUNTER_FIELD

#define RATE_FIELD(id, label, help) { label, META_DATUM, META_FLOAT, NULL, help ", per second" },
static const struct meta_field rate_fields[] = { TOPO_STAT_LIST(RATE_FIELD) };
#undef RATE_FIELD

static const struct meta_field top_fields[] = {
	{ "schema_version", META_DATUM, META_U64, NULL,
	  "1; raised when a field changes meaning or goes away (new fields do not raise it)" },
	{ "elapsed_s", META_DATUM, META_FLOAT, NULL, "seconds since the scheduler attached" },
	{ "interval_s", META_DATUM, META_FLOAT, NULL,
	  "measured seconds between the two samples this object compares" },
	{ "direct_share", META_DATUM, META_FLOAT, NULL,
	  "share of placements in the interval that went straight to an idle CPU (direct / (direct + enqueue + enqueue_local))" },
	{ "totals", META_DATUM, META_STRUCT, "topo_counters", "counters since attach" },
	{ "per_second", META_DATUM, META_STRUCT, "topo_rates",
	  "the counters' growth over the interval, divided by interval_s" },
	{ "nodes", META_ARRAY, META_STRUCT, "topo_domain", "one entry per NUMA node, by dense id" },
	{ "llcs", META_ARRAY, META_STRUCT, "topo_domain", "one entry per LLC, by dense id" },
	{ "kernel_events", META_DICT, META_I64, NULL,
	  "growth over the interval of each counter in /sys/kernel/sched_ext/root/events" },
};

static const struct meta_field domain_fields[] = {
	{ "id", META_DATUM, META_U64, NULL, "dense node or LLC id, as in --dump-topology" },
	{ "node", META_DATUM, META_U64, NULL, "LLCs only: the dense id of the LLC's node" },
	{ "nr_cpus", META_DATUM, META_U64, NULL, "CPUs in the domain" },
	{ "busy_cpus", META_DATUM, META_FLOAT, NULL,
	  "CPUs' worth of busy time over the interval (/proc/stat: all but idle and iowait)" },
	{ "queued", META_DATUM, META_I64, NULL, "tasks waiting now in the domain's LLC queues and its CPUs' own queues; -1 if unknown" },
	{ "steals_in", META_DATUM, META_U64, NULL, "tasks the domain's CPUs stole from other LLCs in the interval" },
	{ "steals_out", META_DATUM, META_U64, NULL, "tasks other LLCs stole from the domain's queues in the interval" },
};

#define NR(a) ((int)(sizeof(a) / sizeof((a)[0])))

const struct meta_struct stats_meta_structs[] = {
	{ "topo_stats", "scx_topo statistics for one interval", 1, top_fields, NR(top_fields) },
	{ "topo_counters", "scheduler counters (TOPO_STAT_LIST)", 0, counter_fields, NR(counter_fields) },
	{ "topo_rates", "scheduler counters per second", 0, rate_fields, NR(rate_fields) },
	{ "topo_domain", "one NUMA node or LLC", 0, domain_fields, NR(domain_fields) },
};
const int stats_meta_nr_structs = NR(stats_meta_structs);

static const char *kind_name(enum meta_kind kind)
{
	static const char *const names[] = { "u64", "i64", "float", "struct" };

	return names[kind];
}

/* A kind the way scx_stats serializes it: "u64" or {"struct":"NAME"}. */
static void write_kind_json(FILE *out, const struct meta_field *f)
{
	if (f->kind == META_STRUCT)
		fprintf(out, "{\"struct\":\"%s\"}", f->struct_name);
	else
		fprintf(out, "\"%s\"", kind_name(f->kind));
}

static void write_field_json(FILE *out, const struct meta_field *f)
{
	fputc('{', out);
	if (f->shape == META_DICT) {
		fprintf(out, "\"dict\":{\"key\":\"string\",\"datum\":");
		write_kind_json(out, f);
		fputc('}', out);
	} else {
		fprintf(out, "\"%s\":", f->shape == META_ARRAY ? "array" : "datum");
		write_kind_json(out, f);
	}
	fprintf(out, ",\"desc\":");
	json_write_string(out, f->desc);
	fputc('}', out);
}

void stats_meta_write_json(FILE *out)
{
	int s, i;

	fputc('{', out);
	for (s = 0; s < stats_meta_nr_structs; s++) {
		const struct meta_struct *m = &stats_meta_structs[s];

		fprintf(out, "%s\"%s\":{\"name\":\"%s\",%s\"desc\":", s ? "," : "", m->name, m->name,
			m->top ? "\"top\":\"true\"," : "");
		json_write_string(out, m->desc);
		fprintf(out, ",\"fields\":{");
		for (i = 0; i < m->nr_fields; i++) {
			fprintf(out, "%s\"%s\":", i ? "," : "", m->fields[i].name);
			write_field_json(out, &m->fields[i]);
		}
		fprintf(out, "}}");
	}
	fputc('}', out);
}

static void write_type_markdown(FILE *out, const struct meta_field *f)
{
	const char *kind = f->kind == META_STRUCT ? f->struct_name : kind_name(f->kind);

	if (f->shape == META_ARRAY)
		fprintf(out, "[%s]", kind);
	else if (f->shape == META_DICT)
		fprintf(out, "{string: %s}", kind);
	else
		fprintf(out, "%s", kind);
}

void stats_meta_write_markdown(FILE *out)
{
	int s, i;

	for (s = 0; s < stats_meta_nr_structs; s++) {
		const struct meta_struct *m = &stats_meta_structs[s];

		fprintf(out, "%s### `%s`%s: %s\n\n| Field | Type | Meaning |\n|-------|------|---------|\n",
			s ? "\n" : "", m->name, m->top ? " (top)" : "", m->desc);
		for (i = 0; i < m->nr_fields; i++) {
			fprintf(out, "| `%s` | `", m->fields[i].name);
			write_type_markdown(out, &m->fields[i]);
			fprintf(out, "` | %s |\n", m->fields[i].desc);
		}
	}
}
