// SPDX-License-Identifier: GPL-2.0
/*
 * stats_doc.c - print the generated parts of the docs: "markdown", the
 * stats schema's field tables (docs/stats-json.md); "man", the counter list
 * of scx_topo(8). tests/check-stats-doc.sh keeps both files equal to it.
 */
#include <stdio.h>
#include <string.h>

#include "stats.h"
#include "stats_meta.h"

static void write_man_counters(FILE *out)
{
	int i;

	for (i = 0; i < TOPO_NR_STATS; i++)
		fprintf(out, ".TP\n.B %s\n%s\n", topo_stat_labels[i], topo_stat_help[i]);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "markdown"))
		stats_meta_write_markdown(stdout);
	else if (argc == 2 && !strcmp(argv[1], "man"))
		write_man_counters(stdout);
	else {
		fprintf(stderr, "usage: scx_topo_stats_doc markdown|man\n");
		return 2;
	}
	return fflush(stdout) ? 1 : 0;
}
