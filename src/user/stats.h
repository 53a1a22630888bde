/* SPDX-License-Identifier: GPL-2.0 */
/* stats.h - print the scheduler's counters. */
#ifndef SCX_TOPO_STATS_H
#define SCX_TOPO_STATS_H

#include <stdio.h>

#include "intf.h"

/* Labels and help of the counters, from TOPO_STAT_LIST. */
extern const char *const topo_stat_labels[TOPO_NR_STATS];
extern const char *const topo_stat_help[TOPO_NR_STATS];

/* One "label=value ..." line of totals. */
void stats_print_totals(FILE *out, const char *prefix, const u64 *totals);

/* The same as one JSON object on one line. */
void stats_print_json(FILE *out, double elapsed_s, const u64 *totals, const u64 *delta,
		      double interval_s);

#endif /* SCX_TOPO_STATS_H */
