// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - physical cores (SMT sibling sets).
 */
#include <stdlib.h>

#include "internal.h"

static int new_core(struct topology *topo, const struct topo_cpu *cpu,
		    hwloc_obj_t obj)
{
	struct topo_core *core = &topo->cores[topo->nr_cores];

	core->llc_id = cpu->llc_id;
	core->node_id = cpu->node_id;
	core->package_id = cpu->package_id;
	core->os_index = obj ? (int)obj->os_index : -1;
	return topo->nr_cores++;
}

/*
 * A core is its hwloc Core object, or the PU alone when there is none.
 * Keyed by (Core, LLC) so that even a core whose siblings hwloc put on
 * different nodes stays inside one LLC: core < LLC < node always holds.
 */
static void number_cores(struct topo_build *b, int *head, int *next)
{
	struct topology *topo = b->topo;
	struct topo_cpu *cpu;
	hwloc_obj_t obj;
	int i, id;

	for (i = 0; i < topo->nr_cpus; i++) {
		cpu = &topo->cpus[i];
		obj = hwloc_get_ancestor_obj_by_type(b->hw, HWLOC_OBJ_CORE, b->pu[i]);
		id = obj ? head[obj->logical_index] : -1;
		while (id >= 0 && topo->cores[id].llc_id != cpu->llc_id)
			id = next[id];
		if (id < 0) {
			id = new_core(topo, cpu, obj);
			if (obj) {
				next[id] = head[obj->logical_index];
				head[obj->logical_index] = id;
			}
		}
		cpu->core_id = id;
	}
}

int topo_assign_cores(struct topo_build *b)
{
	int nr_obj = hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_CORE);
	struct topology *topo = b->topo;
	int *head, *next;
	int ret = -1;

	topo->cores = topo_calloc(b, topo->nr_cpus, sizeof(*topo->cores));
	head = topo_alloc_ids(b, nr_obj);
	next = topo_alloc_ids(b, topo->nr_cpus);
	if (topo->cores && head && next) {
		number_cores(b, head, next);
		ret = 0;
	}
	free(head);
	free(next);
	return ret;
}
