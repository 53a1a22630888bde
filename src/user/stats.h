/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - what --stats shows: the scheduler's counters (BPF maps), queue
 * lengths (topo_snapshot), how busy each CPU was (/proc/stat) and the
 * kernel's own sched_ext event counters.
 */
#ifndef SCX_TOPO_STATS_H
#define SCX_TOPO_STATS_H

#include <stdio.h>

#include "intf.h"
#include "topology.h"

struct topo_sched;

#define STATS_MAX_EVENTS 32

/* Process homes of one node: BPF node_stats / node_load, and what the loader moved. */
struct stats_node_homes {
	s64 nr_procs;		/* processes homed here now */
	u64 load_milli;		/* averaged runnable tasks per CPU x 1000 (the balancer's) */
	u64 rehomes_in, rehomes_out;	/* whole-process moves, since attach */
	u64 spilled_in;		/* threads homed here because their process's node was full */
	u64 kib_moved_in;	/* memory moved onto this node (--numa-strict) */
	u64 memory_failures;	/* page moves that failed */
};

struct stats_sample {
	double time_s;				/* CLOCK_MONOTONIC */
	u64 totals[TOPO_NR_STATS];		/* summed over CPUs */
	int nr_llcs;
	struct topo_llc_stats *llc;		/* nr_llcs, summed over CPUs */
	s32 *queued;				/* nr_llcs; -1 if unknown */
	int nr_cpu_ids;
	u64 *cpu_busy, *cpu_all;		/* /proc/stat ticks, by CPU id */
	int nr_events;
	char event_name[STATS_MAX_EVENTS][48];
	long long event_value[STATS_MAX_EVENTS];
	int nr_home_nodes;			/* 0: no process homes in this scheduler */
	struct stats_node_homes homes[TOPO_MAX_NODES];
};

/* One node or LLC over an interval. */
struct domain_view {
	double busy_cpus;	/* CPUs' worth of busy time over the interval */
	int nr_cpus;
	long queued;		/* -1 if unknown */
	u64 steals_in, steals_out;	/* over the interval */
};

struct domain_view stats_llc_view(const struct topology *topo, int llc_id,
				  const struct stats_sample *prev, const struct stats_sample *cur);
struct domain_view stats_node_view(const struct topology *topo, int node_id,
				   const struct stats_sample *prev, const struct stats_sample *cur);

/* Labels and help of the counters, from TOPO_STAT_LIST. */
extern const char *const topo_stat_labels[TOPO_NR_STATS];
extern const char *const topo_stat_help[TOPO_NR_STATS];

int stats_sample_init(struct stats_sample *s, int nr_llcs, int nr_cpu_ids);
void stats_sample_free(struct stats_sample *s);
/* Fill s now. Missing sources leave zeros (or -1 queues); never fails hard. */
void stats_sample_take(struct stats_sample *s, const struct topo_sched *sched);

/* Readable lines for the interval prev -> cur, per node and LLC. */
void stats_print_text(FILE *out, const struct topology *topo, const struct stats_sample *prev,
		      const struct stats_sample *cur, double start_s);
/* The same as one JSON object on one line (docs/stats-json.md). */
void stats_print_json(FILE *out, const struct topology *topo, const struct stats_sample *prev,
		      const struct stats_sample *cur, double start_s);
/* An OpenMetrics exposition (counters since attach, gauges over the interval), ending in "# EOF". */
void stats_print_openmetrics(FILE *out, const struct topology *topo, const struct stats_sample *prev,
			     const struct stats_sample *cur, double start_s);
/* One "label=value ..." line of totals. */
void stats_print_totals(FILE *out, const char *prefix, const u64 *totals);

#endif /* SCX_TOPO_STATS_H */
