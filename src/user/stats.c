// SPDX-License-Identifier: GPL-2.0
/* stats.c - counters as text lines and JSON lines. */
#include "stats.h"

#define TOPO_STAT_LABEL(id, label, help) [TOPO_STAT_##id] = label,
const char *const topo_stat_labels[TOPO_NR_STATS] = { TOPO_STAT_LIST(TOPO_STAT_LABEL) };
#undef TOPO_STAT_LABEL

#define TOPO_STAT_HELP(id, label, help) [TOPO_STAT_##id] = help,
const char *const topo_stat_help[TOPO_NR_STATS] = { TOPO_STAT_LIST(TOPO_STAT_HELP) };
#undef TOPO_STAT_HELP

void stats_print_totals(FILE *out, const char *prefix, const u64 *totals)
{
	int i;

	fprintf(out, "%s", prefix);
	for (i = 0; i < TOPO_NR_STATS; i++)
		fprintf(out, " %s=%llu", topo_stat_labels[i], (unsigned long long)totals[i]);
	fprintf(out, "\n");
}

void stats_print_json(FILE *out, double elapsed_s, const u64 *totals, const u64 *delta,
		      double interval_s)
{
	int i;

	fprintf(out, "{\"schema_version\":1,\"elapsed_s\":%.3f,\"totals\":{", elapsed_s);
	for (i = 0; i < TOPO_NR_STATS; i++)
		fprintf(out, "%s\"%s\":%llu", i ? "," : "", topo_stat_labels[i],
			(unsigned long long)totals[i]);
	fprintf(out, "},\"per_second\":{");
	for (i = 0; i < TOPO_NR_STATS; i++)
		fprintf(out, "%s\"%s\":%.1f", i ? "," : "", topo_stat_labels[i],
			interval_s > 0 ? (double)delta[i] / interval_s : 0.0);
	fprintf(out, "}}\n");
	fflush(out);
}
