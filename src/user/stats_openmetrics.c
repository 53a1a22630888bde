// SPDX-License-Identifier: GPL-2.0
/*
 * stats_openmetrics.c - the stats as an OpenMetrics text exposition, for
 * Prometheus (scx_topo --monitor --format=openmetrics). Counters are the
 * totals since attach; busy CPUs are over the interval the sample covers.
 */
#include "stats.h"

#define PREFIX "scx_topo_"

static void family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# TYPE " PREFIX "%s %s\n# HELP " PREFIX "%s %s\n", name, type, name, help);
}

static void counters(FILE *out, const struct stats_sample *cur)
{
	int i;

	for (i = 0; i < TOPO_NR_STATS; i++) {
		family(out, topo_stat_labels[i], "counter", topo_stat_help[i]);
		fprintf(out, PREFIX "%s_total %llu\n", topo_stat_labels[i],
			(unsigned long long)cur->totals[i]);
	}
}

static void node_gauges(FILE *out, const struct topology *topo, const struct stats_sample *prev,
			const struct stats_sample *cur)
{
	int n;

	family(out, "node_cpus", "gauge", "CPUs of the NUMA node");
	for (n = 0; n < topo->nr_nodes; n++)
		fprintf(out, PREFIX "node_cpus{node=\"%d\"} %d\n", n, topo->nodes[n].cpus.nr);
	family(out, "node_busy_cpus", "gauge", "CPUs' worth of busy time of the node over the interval");
	for (n = 0; n < topo->nr_nodes; n++)
		fprintf(out, PREFIX "node_busy_cpus{node=\"%d\"} %.3f\n", n,
			stats_node_view(topo, n, prev, cur).busy_cpus);
}

static void llc_metrics(FILE *out, const struct topology *topo, const struct stats_sample *prev,
			const struct stats_sample *cur)
{
	int l;

	family(out, "llc_busy_cpus", "gauge", "CPUs' worth of busy time of the LLC over the interval");
	for (l = 0; l < topo->nr_llcs; l++)
		fprintf(out, PREFIX "llc_busy_cpus{llc=\"%d\",node=\"%d\"} %.3f\n", l,
			topo->llcs[l].node_id, stats_llc_view(topo, l, prev, cur).busy_cpus);
	family(out, "llc_queued", "gauge", "tasks waiting in the LLC's queue (-1: unknown)");
	for (l = 0; l < topo->nr_llcs; l++)
		fprintf(out, PREFIX "llc_queued{llc=\"%d\",node=\"%d\"} %d\n", l, topo->llcs[l].node_id,
			(int)cur->queued[l]);
	family(out, "llc_steals_in", "counter", "tasks the LLC's CPUs stole from other LLCs");
	for (l = 0; l < topo->nr_llcs; l++)
		fprintf(out, PREFIX "llc_steals_in_total{llc=\"%d\",node=\"%d\"} %llu\n", l,
			topo->llcs[l].node_id, (unsigned long long)cur->llc[l].steals_in);
	family(out, "llc_steals_out", "counter", "tasks other LLCs stole from the LLC's queue");
	for (l = 0; l < topo->nr_llcs; l++)
		fprintf(out, PREFIX "llc_steals_out_total{llc=\"%d\",node=\"%d\"} %llu\n", l,
			topo->llcs[l].node_id, (unsigned long long)cur->llc[l].steals_out);
}

static void kernel_events(FILE *out, const struct stats_sample *cur)
{
	int i;

	if (!cur->nr_events)
		return;
	family(out, "kernel_events", "counter", "the kernel's sched_ext event counters (sysfs root/events)");
	for (i = 0; i < cur->nr_events; i++)
		fprintf(out, PREFIX "kernel_events_total{event=\"%s\"} %lld\n", cur->event_name[i],
			cur->event_value[i]);
}

void stats_print_openmetrics(FILE *out, const struct topology *topo, const struct stats_sample *prev,
			     const struct stats_sample *cur, double start_s)
{
	family(out, "attached_seconds", "gauge", "seconds since the scheduler attached");
	fprintf(out, PREFIX "attached_seconds %.3f\n", cur->time_s - start_s);
	counters(out, cur);
	node_gauges(out, topo, prev, cur);
	llc_metrics(out, topo, prev, cur);
	kernel_events(out, cur);
	fprintf(out, "# EOF\n");
	fflush(out);
}
