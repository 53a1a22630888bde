// SPDX-License-Identifier: GPL-2.0
/*
 * dump_text.c - the model as a tree for humans: node -> LLC -> core -> CPUs.
 *
 * Dense ids come first; the OS / hwloc number follows as P# (or L# for
 * hwloc caches) only where it can differ, as lstopo does. CPUs are always
 * OS ids.
 */
#include "internal.h"

/* "s" unless there is exactly one. */
static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

static void header(FILE *out, const struct topology *topo)
{
	fprintf(out, "topology: %d cpu%s, %d core%s, %d llc%s, %d node%s, %d package%s, smt %d, kinds %d, source %s\n",
		topo->nr_cpus, plural(topo->nr_cpus), topo->nr_cores, plural(topo->nr_cores),
		topo->nr_llcs, plural(topo->nr_llcs), topo->nr_nodes, plural(topo->nr_nodes),
		topo->nr_packages, plural(topo->nr_packages), topo->smt_width, topo->nr_kinds,
		topo->source);
	if (topo->distance_from_hwloc)
		fputs("distances: from hwloc\n", out);
	else if (topo->distance_note[0])
		fprintf(out, "distances: using 10 local / 20 remote; %s\n", topo->distance_note);
	else
		fputs("distances: none from hwloc, using 10 local / 20 remote\n", out);
}

static void kinds(FILE *out, const struct topology *topo)
{
	const struct topo_kind *k;
	int i;

	if (topo->nr_kinds < 2)
		return;
	fputs(topo_kinds_ranked(topo) ? "cpu kinds (0 = most energy-efficient):\n" :
				       "cpu kinds (hwloc could not rank them by efficiency):\n", out);
	for (i = 0; i < topo->nr_kinds; i++) {
		k = &topo->kinds[i];
		fprintf(out, "  kind %d (%s, efficiency %d): cpus ", i,
			k->name[0] ? k->name : "unnamed", k->efficiency);
		topo_print_ranges(out, k->cpus.os_ids, k->cpus.nr);
		fputc('\n', out);
	}
}

static void node_line(FILE *out, const struct topology *topo, int id)
{
	const struct topo_node *n = &topo->nodes[id];
	int j;

	fprintf(out, "node %d", id);
	if (n->os_index < 0)
		fputs(" (no NUMA node from hwloc)", out);
	else if (n->os_index != id)
		fprintf(out, " (P#%d)", n->os_index);
	fputs(": memory ", out);
	topo_print_size(out, n->memory);
	if (!n->memory && n->os_index >= 0)
		fputs(" (memoryless)", out);
	fputs(", cpus ", out);
	if (n->cpus.nr)
		topo_print_ranges(out, n->cpus.os_ids, n->cpus.nr);
	else
		fputs("none (memory only)", out);
	fputs(", distances", out);
	for (j = 0; j < topo->nr_nodes; j++)
		fprintf(out, " %u", topo_distance(topo, id, j));
	fputc('\n', out);
}

static void steal_line(FILE *out, const struct topo_llc *l)
{
	int same = l->nr_steal_same_node;

	fputs("    steal: same node ", out);
	if (same)
		topo_print_ranges(out, l->steal_order, same);
	else
		fputc('-', out);
	fputs("; other nodes ", out);
	if (l->nr_steal > same)
		topo_print_ranges(out, l->steal_order + same, l->nr_steal - same);
	else
		fputc('-', out);
	fputc('\n', out);
}

static void llc_line(FILE *out, const struct topo_llc *l, int id)
{
	fprintf(out, "  llc %d (", id);
	if (l->cache_level) {
		fprintf(out, "L%d L#%d, ", l->cache_level, l->hwloc_index);
		topo_print_size(out, l->cache_size);
	} else {
		fputs("no shared cache, one per node", out);
	}
	fprintf(out, ", package %d): %d core%s, cpus ", l->package_id, l->nr_cores, plural(l->nr_cores));
	topo_print_ranges(out, l->cpus.os_ids, l->cpus.nr);
	fputc('\n', out);
	steal_line(out, l);
}

static void core_line(FILE *out, const struct topology *topo, int id)
{
	const struct topo_core *c = &topo->cores[id];

	fprintf(out, "    core %d", id);
	if (c->os_index != id)
		fprintf(out, c->os_index < 0 ? " (no hwloc core)" : " (P#%d)", c->os_index);
	fputs(": cpus ", out);
	topo_print_ranges(out, c->cpus.os_ids, c->cpus.nr);
	if (topo->nr_kinds > 1)
		fprintf(out, ", kind %d",
			topo->cpus[topo->cpu_index[c->cpus.os_ids[0]]].kind);
	fputc('\n', out);
}

/* Children are found by scanning: fine for a one-off dump of <= 4096 CPUs. */
static void llc_tree(FILE *out, const struct topology *topo, int llc)
{
	int i;

	llc_line(out, &topo->llcs[llc], llc);
	for (i = 0; i < topo->nr_cores; i++)
		if (topo->cores[i].llc_id == llc)
			core_line(out, topo, i);
}

void topo_dump_text(FILE *out, const struct topology *topo)
{
	int n, i;

	header(out, topo);
	kinds(out, topo);
	for (n = 0; n < topo->nr_nodes; n++) {
		node_line(out, topo, n);
		for (i = 0; i < topo->nr_llcs; i++)
			if (topo->llcs[i].node_id == n)
				llc_tree(out, topo, i);
	}
}
