// SPDX-License-Identifier: GPL-2.0
/*
 * lists.c - CPU lists of cores, LLCs, nodes and kinds, plus the counts
 * derived from them (cores per LLC, LLCs per node, SMT width).
 */
#include <stdlib.h>

#include "internal.h"

/*
 * Fill lists[g] with the CPUs whose group_of[] is g. CPUs are walked in
 * os_id order, so every list comes out sorted.
 */
static int group_cpus(struct topo_build *b, int nr_groups, const int *group_of,
		      struct topo_cpu_list **lists)
{
	struct topology *topo = b->topo;
	int i, g;

	for (i = 0; i < topo->nr_cpus; i++)
		lists[group_of[i]]->nr++;
	for (g = 0; g < nr_groups; g++) {
		lists[g]->os_ids = topo_calloc(b, lists[g]->nr, sizeof(int));
		if (!lists[g]->os_ids)
			return -1;
		lists[g]->nr = 0;
	}
	for (i = 0; i < topo->nr_cpus; i++) {
		g = group_of[i];
		lists[g]->os_ids[lists[g]->nr++] = topo->cpus[i].os_id;
	}
	return 0;
}

/* Which field of topo_cpu names the group, and where each group's list is. */
enum group_by { BY_CORE, BY_LLC, BY_NODE, BY_KIND };

static int group_of_cpu(const struct topo_cpu *cpu, enum group_by by)
{
	switch (by) {
	case BY_CORE:
		return cpu->core_id;
	case BY_LLC:
		return cpu->llc_id;
	case BY_NODE:
		return cpu->node_id;
	default:
		return cpu->kind;
	}
}

static struct topo_cpu_list *list_of(struct topology *topo, enum group_by by, int g)
{
	switch (by) {
	case BY_CORE:
		return &topo->cores[g].cpus;
	case BY_LLC:
		return &topo->llcs[g].cpus;
	case BY_NODE:
		return &topo->nodes[g].cpus;
	default:
		return &topo->kinds[g].cpus;
	}
}

static int build_group(struct topo_build *b, enum group_by by, int nr_groups)
{
	struct topology *topo = b->topo;
	struct topo_cpu_list **lists = topo_calloc(b, nr_groups, sizeof(*lists));
	int *group_of = topo_calloc(b, topo->nr_cpus, sizeof(*group_of));
	int i, ret = -1;

	if (lists && group_of) {
		for (i = 0; i < nr_groups; i++)
			lists[i] = list_of(topo, by, i);
		for (i = 0; i < topo->nr_cpus; i++)
			group_of[i] = group_of_cpu(&topo->cpus[i], by);
		ret = group_cpus(b, nr_groups, group_of, lists);
	}
	free(lists);
	free(group_of);
	return ret;
}

static void count_members(struct topology *topo)
{
	int i;

	for (i = 0; i < topo->nr_cores; i++)
		topo->llcs[topo->cores[i].llc_id].nr_cores++;
	for (i = 0; i < topo->nr_llcs; i++)
		topo->nodes[topo->llcs[i].node_id].nr_llcs++;
	topo->smt_width = 0;
	for (i = 0; i < topo->nr_cores; i++)
		if (topo->cores[i].cpus.nr > topo->smt_width)
			topo->smt_width = topo->cores[i].cpus.nr;
}

/* smt_index: position of the CPU in its core's sorted sibling list. */
static int number_siblings(struct topo_build *b)
{
	struct topology *topo = b->topo;
	int *next = topo_calloc(b, topo->nr_cores, sizeof(*next));
	int i;

	if (!next)
		return -1;
	for (i = 0; i < topo->nr_cpus; i++)
		topo->cpus[i].smt_index = next[topo->cpus[i].core_id]++;
	free(next);
	return 0;
}

int topo_build_lists(struct topo_build *b)
{
	struct topology *topo = b->topo;

	if (build_group(b, BY_CORE, topo->nr_cores) ||
	    build_group(b, BY_LLC, topo->nr_llcs) ||
	    build_group(b, BY_NODE, topo->nr_nodes) ||
	    build_group(b, BY_KIND, topo->nr_kinds))
		return -1;
	count_members(topo);
	return number_siblings(b);
}
