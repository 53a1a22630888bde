// SPDX-License-Identifier: GPL-2.0
/*
 * free.c - release a model, including one a failed build left half-made.
 */
#include <stdlib.h>

#include "topology.h"

void topo_free(struct topology *topo)
{
	int i;

	if (!topo)
		return;
	for (i = 0; topo->cores && i < topo->nr_cores; i++)
		free(topo->cores[i].cpus.os_ids);
	for (i = 0; topo->llcs && i < topo->nr_llcs; i++) {
		free(topo->llcs[i].cpus.os_ids);
		free(topo->llcs[i].steal_order);
	}
	for (i = 0; topo->nodes && i < topo->nr_nodes; i++)
		free(topo->nodes[i].cpus.os_ids);
	for (i = 0; topo->kinds && i < topo->nr_kinds; i++)
		free(topo->kinds[i].cpus.os_ids);
	free(topo->cpus);
	free(topo->cpu_index);
	free(topo->cores);
	free(topo->llcs);
	free(topo->nodes);
	free(topo->kinds);
	free(topo->distance);
	free(topo);
}
