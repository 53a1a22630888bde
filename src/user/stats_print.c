// SPDX-License-Identifier: GPL-2.0
/* stats_print.c - --stats lines and --stats-json objects for one interval. */
#include "stats.h"

static double cpu_busy(const struct stats_sample *prev, const struct stats_sample *cur, int cpu)
{
	u64 all = cur->cpu_all[cpu] - prev->cpu_all[cpu];

	return all ? (double)(cur->cpu_busy[cpu] - prev->cpu_busy[cpu]) / all : 0.0;
}

static void add_cpus(struct domain_view *v, const struct topo_cpu_list *cpus,
		     const struct stats_sample *prev, const struct stats_sample *cur)
{
	int i;

	for (i = 0; i < cpus->nr; i++) {
		if (cpus->os_ids[i] < cur->nr_cpu_ids)
			v->busy_cpus += cpu_busy(prev, cur, cpus->os_ids[i]);
	}
	v->nr_cpus += cpus->nr;
}

static void add_llc(struct domain_view *v, const struct topology *topo, int llc_id,
		    const struct stats_sample *prev, const struct stats_sample *cur)
{
	add_cpus(v, &topo->llcs[llc_id].cpus, prev, cur);
	if (cur->queued[llc_id] < 0 || v->queued < 0)
		v->queued = -1;
	else
		v->queued += cur->queued[llc_id];
	v->steals_in += cur->llc[llc_id].steals_in - prev->llc[llc_id].steals_in;
	v->steals_out += cur->llc[llc_id].steals_out - prev->llc[llc_id].steals_out;
}

struct domain_view stats_llc_view(const struct topology *topo, int llc_id,
				   const struct stats_sample *prev, const struct stats_sample *cur)
{
	struct domain_view v = { 0 };

	add_llc(&v, topo, llc_id, prev, cur);
	return v;
}

struct domain_view stats_node_view(const struct topology *topo, int node_id,
				    const struct stats_sample *prev, const struct stats_sample *cur)
{
	struct domain_view v = { 0 };
	int i;

	for (i = 0; i < topo->nr_llcs; i++)
		if (topo->llcs[i].node_id == node_id)
			add_llc(&v, topo, i, prev, cur);
	return v;
}

static double per_s(u64 delta, double interval)
{
	return interval > 0 ? delta / interval : 0.0;
}

/* Share of scheduling decisions that went straight to an idle CPU. */
static double direct_share(const u64 *d)
{
	u64 all = d[TOPO_STAT_DIRECT] + d[TOPO_STAT_ENQUEUE] + d[TOPO_STAT_ENQUEUE_LOCAL];

	return all ? (double)d[TOPO_STAT_DIRECT] / all : 0.0;
}

static void deltas(const struct stats_sample *prev, const struct stats_sample *cur, u64 *d)
{
	int i;

	for (i = 0; i < TOPO_NR_STATS; i++)
		d[i] = cur->totals[i] - prev->totals[i];
}

static void print_view_text(FILE *out, const char *indent, const char *what, int id,
			    const struct domain_view *v)
{
	fprintf(out, "%s%s %d: busy %.1f/%d CPUs, queued %ld, steals in %llu out %llu", indent,
		what, id, v->busy_cpus, v->nr_cpus, v->queued, (unsigned long long)v->steals_in,
		(unsigned long long)v->steals_out);
}

/* ", procs 3, load 1.50/CPU, rehomes in 0 out 2, moved in 64.0 MB" (totals since attach). */
static void print_homes_text(FILE *out, const struct stats_sample *cur, int node_id)
{
	const struct stats_node_homes *h = &cur->homes[node_id];

	if (node_id >= cur->nr_home_nodes)
		return;
	fprintf(out, ", procs %lld, load %.2f/CPU, rehomes in %llu out %llu, spilled in %llu, moved in %.1f MB",
		(long long)h->nr_procs, h->load_milli / 1000.0, (unsigned long long)h->rehomes_in,
		(unsigned long long)h->rehomes_out, (unsigned long long)h->spilled_in,
		h->kib_moved_in / 1024.0);
	if (h->memory_failures)
		fprintf(out, " (%llu failed)", (unsigned long long)h->memory_failures);
}

static void print_events_text(FILE *out, const struct stats_sample *prev,
			      const struct stats_sample *cur)
{
	int i, shown = 0;

	for (i = 0; i < cur->nr_events; i++) {
		long long d = cur->event_value[i] - (i < prev->nr_events ? prev->event_value[i] : 0);

		if (!d)
			continue;
		fprintf(out, "%s%s=%lld", shown++ ? " " : "  kernel events: ", cur->event_name[i], d);
	}
	if (shown)
		fprintf(out, "\n");
}

void stats_print_text(FILE *out, const struct topology *topo, const struct stats_sample *prev,
		      const struct stats_sample *cur, double start_s)
{
	double dt = cur->time_s - prev->time_s;
	u64 d[TOPO_NR_STATS];
	int n, l;

	deltas(prev, cur, d);
	fprintf(out, "scx_topo: %.1fs direct %.0f%%, migrations/s smt %.1f llc %.1f node %.1f remote %.1f, "
		     "steals/s node %.1f remote %.1f, kicks/s %.1f\n",
		cur->time_s - start_s, 100 * direct_share(d), per_s(d[TOPO_STAT_MIGRATE_SMT], dt),
		per_s(d[TOPO_STAT_MIGRATE_LLC], dt), per_s(d[TOPO_STAT_MIGRATE_NODE], dt),
		per_s(d[TOPO_STAT_MIGRATE_REMOTE], dt), per_s(d[TOPO_STAT_STEAL_NODE], dt),
		per_s(d[TOPO_STAT_STEAL_REMOTE], dt), per_s(d[TOPO_STAT_KICK], dt));
	for (n = 0; n < topo->nr_nodes; n++) {
		struct domain_view nv = stats_node_view(topo, n, prev, cur);

		print_view_text(out, "  ", "node", n, &nv);
		print_homes_text(out, cur, n);
		fprintf(out, "\n");
		for (l = 0; l < topo->nr_llcs; l++) {
			struct domain_view lv;

			if (topo->llcs[l].node_id != n)
				continue;
			lv = stats_llc_view(topo, l, prev, cur);
			print_view_text(out, "    ", "llc", l, &lv);
			fprintf(out, "\n");
		}
	}
	print_events_text(out, prev, cur);
	fflush(out);
}

static void print_view_json(FILE *out, int id, int node_id, const struct domain_view *v)
{
	fprintf(out, "{\"id\":%d,", id);
	if (node_id >= 0)
		fprintf(out, "\"node\":%d,", node_id);
	fprintf(out, "\"nr_cpus\":%d,\"busy_cpus\":%.2f,\"queued\":%ld,\"steals_in\":%llu,\"steals_out\":%llu",
		v->nr_cpus, v->busy_cpus, v->queued, (unsigned long long)v->steals_in,
		(unsigned long long)v->steals_out);
}

static void print_homes_json(FILE *out, const struct stats_sample *cur, int node_id)
{
	const struct stats_node_homes *h = &cur->homes[node_id];

	if (node_id >= cur->nr_home_nodes)
		return;
	fprintf(out, ",\"procs\":%lld,\"load_per_cpu\":%.3f,\"rehomes_in\":%llu,\"rehomes_out\":%llu,"
		     "\"spilled_in\":%llu,\"mb_moved_in\":%.1f,\"memory_failures\":%llu",
		(long long)h->nr_procs, h->load_milli / 1000.0, (unsigned long long)h->rehomes_in,
		(unsigned long long)h->rehomes_out, (unsigned long long)h->spilled_in,
		h->kib_moved_in / 1024.0, (unsigned long long)h->memory_failures);
}

static void print_counters_json(FILE *out, const u64 *totals, const u64 *d, double dt)
{
	int i;

	fprintf(out, "\"totals\":{");
	for (i = 0; i < TOPO_NR_STATS; i++)
		fprintf(out, "%s\"%s\":%llu", i ? "," : "", topo_stat_labels[i],
			(unsigned long long)totals[i]);
	fprintf(out, "},\"per_second\":{");
	for (i = 0; i < TOPO_NR_STATS; i++)
		fprintf(out, "%s\"%s\":%.2f", i ? "," : "", topo_stat_labels[i], per_s(d[i], dt));
	fprintf(out, "}");
}

static void print_events_json(FILE *out, const struct stats_sample *prev,
			      const struct stats_sample *cur)
{
	int i;

	fprintf(out, "\"kernel_events\":{");
	for (i = 0; i < cur->nr_events; i++)
		fprintf(out, "%s\"%s\":%lld", i ? "," : "", cur->event_name[i],
			cur->event_value[i] - (i < prev->nr_events ? prev->event_value[i] : 0));
	fprintf(out, "}");
}

void stats_print_json(FILE *out, const struct topology *topo, const struct stats_sample *prev,
		      const struct stats_sample *cur, double start_s)
{
	double dt = cur->time_s - prev->time_s;
	u64 d[TOPO_NR_STATS];
	int i;

	deltas(prev, cur, d);
	fprintf(out, "{\"schema_version\":1,\"elapsed_s\":%.3f,\"interval_s\":%.3f,\"direct_share\":%.4f,",
		cur->time_s - start_s, dt, direct_share(d));
	print_counters_json(out, cur->totals, d, dt);
	fprintf(out, ",\"nodes\":[");
	for (i = 0; i < topo->nr_nodes; i++) {
		struct domain_view v = stats_node_view(topo, i, prev, cur);

		fprintf(out, "%s", i ? "," : "");
		print_view_json(out, i, -1, &v);
		print_homes_json(out, cur, i);
		fprintf(out, "}");
	}
	fprintf(out, "],\"llcs\":[");
	for (i = 0; i < topo->nr_llcs; i++) {
		struct domain_view v = stats_llc_view(topo, i, prev, cur);

		fprintf(out, "%s", i ? "," : "");
		print_view_json(out, i, topo->llcs[i].node_id, &v);
		fprintf(out, "}");
	}
	fprintf(out, "],");
	print_events_json(out, prev, cur);
	fprintf(out, "}\n");
	fflush(out);
}

void stats_print_totals(FILE *out, const char *prefix, const u64 *totals)
{
	int i;

	fprintf(out, "%s", prefix);
	for (i = 0; i < TOPO_NR_STATS; i++)
		fprintf(out, " %s=%llu", topo_stat_labels[i], (unsigned long long)totals[i]);
	fprintf(out, "\n");
}
