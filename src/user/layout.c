// SPDX-License-Identifier: GPL-2.0
/* layout.c - turn the machine model into the arrays the BPF maps hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "steal_order.h"

static int check_limits(const struct topology *topo, u32 nr_cpu_ids, char *err, size_t err_len)
{
	if (topo->nr_cpus > TOPO_MAX_CPUS || topo->max_cpu_id > TOPO_MAX_CPUS) {
		snprintf(err, err_len, "the topology has %d CPUs (highest id %d), more than the %d scx_topo supports",
			 topo->nr_cpus, topo->max_cpu_id - 1, TOPO_MAX_CPUS);
		return -1;
	}
	if (topo->nr_llcs > TOPO_MAX_LLCS || topo->nr_nodes > TOPO_MAX_NODES) {
		snprintf(err, err_len, "the topology has %d LLCs and %d nodes; scx_topo supports at most %d and %d",
			 topo->nr_llcs, topo->nr_nodes, TOPO_MAX_LLCS, TOPO_MAX_NODES);
		return -1;
	}
	if ((u32)topo->max_cpu_id > nr_cpu_ids) {
		snprintf(err, err_len, "the topology names CPU %d but this kernel has CPU ids 0..%u: it describes another machine",
			 topo->max_cpu_id - 1, nr_cpu_ids - 1);
		return -1;
	}
	return 0;
}

static void fill_cpus(const struct topology *topo, struct topo_layout *l)
{
	int i;

	for (i = 0; i < topo->nr_cpus; i++) {
		const struct topo_cpu *c = &topo->cpus[i];
		struct topo_cpu_info *ci = &l->cpu_info[c->os_id];

		ci->present = 1;
		ci->core_id = c->core_id;
		ci->llc_id = c->llc_id;
		ci->node_id = c->node_id;
		ci->kind = c->kind;
	}
}

static void fill_llcs(const struct topology *topo, struct topo_layout *l)
{
	int i, k;

	for (i = 0; i < topo->nr_llcs; i++) {
		const struct topo_llc *llc = &topo->llcs[i];
		struct topo_llc_info *li = &l->llc_info[i];

		li->node_id = llc->node_id;
		li->nr_cpus = llc->cpus.nr;
		li->nr_steal = llc->nr_steal;
		li->nr_steal_same_node = llc->nr_steal_same_node;
		for (k = 0; k < llc->nr_steal; k++)
			l->steal_order[i * l->nr_llcs + k] = llc->steal_order[k];
	}
}

static void fill_nodes(const struct topology *topo, struct topo_layout *l)
{
	int n, i;

	for (n = 0; n < topo->nr_nodes; n++) {
		struct topo_node_info *ni = &l->node_info[n];

		ni->os_index = topo->nodes[n].os_index;
		ni->nr_cpus = topo->nodes[n].cpus.nr;
		ni->first_llc = 0;
		for (i = topo->nr_llcs - 1; i >= 0; i--)
			if (topo->llcs[i].node_id == n)
				ni->first_llc = i;
		topo_node_order(n, topo->nr_nodes, topo->distance, &l->node_order[n * l->nr_nodes]);
	}
}

int layout_build(const struct topology *topo, u32 nr_cpu_ids, struct topo_layout *l,
		 char *err, size_t err_len)
{
	memset(l, 0, sizeof(*l));
	if (check_limits(topo, nr_cpu_ids, err, err_len))
		return -1;
	l->nr_cpu_ids = nr_cpu_ids;
	l->nr_llcs = topo->nr_llcs;
	l->nr_nodes = topo->nr_nodes;
	l->cpu_info = calloc(nr_cpu_ids, sizeof(*l->cpu_info));
	l->llc_info = calloc(l->nr_llcs, sizeof(*l->llc_info));
	l->node_info = calloc(l->nr_nodes, sizeof(*l->node_info));
	l->steal_order = calloc((size_t)l->nr_llcs * l->nr_llcs, sizeof(u32));
	l->node_order = calloc((size_t)l->nr_nodes * l->nr_nodes, sizeof(u32));
	if (!l->cpu_info || !l->llc_info || !l->node_info || !l->steal_order || !l->node_order) {
		layout_free(l);
		snprintf(err, err_len, "out of memory building the BPF layout");
		return -1;
	}
	fill_cpus(topo, l);
	fill_llcs(topo, l);
	fill_nodes(topo, l);
	return 0;
}

void layout_free(struct topo_layout *l)
{
	free(l->cpu_info);
	free(l->llc_info);
	free(l->node_info);
	free(l->steal_order);
	free(l->node_order);
	memset(l, 0, sizeof(*l));
}
