// SPDX-License-Identifier: GPL-2.0
/*
 * cpus.c - which CPUs the model holds, and their final os_id order.
 */
#include <stdlib.h>

#include "internal.h"

/* Far above any kernel's NR_CPUS; guards cpu_index against absurd XML. */
#define TOPO_MAX_CPU_ID	(1 << 20)

static void init_cpu(struct topo_cpu *cpu, int os_id)
{
	cpu->os_id = os_id;
	cpu->core_id = -1;
	cpu->llc_id = -1;
	cpu->node_id = -1;
	cpu->package_id = -1;
	cpu->kind = 0;
	cpu->smt_index = 0;
}

/*
 * Usable CPUs are the PU objects (hwloc only creates them for online CPUs;
 * for files, for every PU the file lists) that are in the allowed cpuset.
 */
int topo_collect_cpus(struct topo_build *b)
{
	hwloc_const_cpuset_t allowed = hwloc_topology_get_allowed_cpuset(b->hw);
	int nr_pu = hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_PU);
	struct topology *topo = b->topo;
	hwloc_obj_t pu = NULL;
	int n = 0;

	/* hwloc counts -1 objects of a type it found at several depths (odd XML). */
	if (nr_pu < 0 || hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_CORE) < 0 ||
	    hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_PACKAGE) < 0) {
		topo_set_err(b->err, b->err_len, "%s has PUs, cores or packages at different depths of its tree; check the topology input", topo->source);
		return -1;
	}
	topo->cpus = topo_calloc(b, nr_pu, sizeof(*topo->cpus));
	b->pu = topo_calloc(b, nr_pu, sizeof(*b->pu));
	if (!topo->cpus || !b->pu)
		return -1;
	while ((pu = hwloc_get_next_obj_by_type(b->hw, HWLOC_OBJ_PU, pu))) {
		if (!hwloc_bitmap_isset(allowed, pu->os_index))
			continue;
		if (pu->os_index >= TOPO_MAX_CPU_ID) {
			topo_set_err(b->err, b->err_len,
				     "CPU id %u in %s is beyond the supported %d; check the topology input",
				     pu->os_index, topo->source, TOPO_MAX_CPU_ID - 1);
			return -1;
		}
		b->pu[n] = pu;
		init_cpu(&topo->cpus[n], (int)pu->os_index);
		n++;
	}
	topo->nr_cpus = n;
	if (!n) {
		topo_set_err(b->err, b->err_len,
			     "no usable CPUs in %s: every PU is offline or outside the allowed cpuset",
			     topo->source);
		return -1;
	}
	return 0;
}

static int cmp_os_id(const void *a, const void *b)
{
	const struct topo_cpu *x = a, *y = b;

	return (x->os_id > y->os_id) - (x->os_id < y->os_id);
}

/*
 * All ids are assigned by now, in hwloc logical order; from here on the
 * model is sorted by os_id as the header promises and hwloc PUs are gone.
 */
int topo_sort_cpus(struct topo_build *b)
{
	struct topology *topo = b->topo;
	int i;

	free(b->pu);
	b->pu = NULL;
	qsort(topo->cpus, topo->nr_cpus, sizeof(*topo->cpus), cmp_os_id);
	topo->max_cpu_id = topo->cpus[topo->nr_cpus - 1].os_id + 1;
	topo->cpu_index = topo_alloc_ids(b, topo->max_cpu_id);
	if (!topo->cpu_index)
		return -1;
	for (i = 0; i < topo->nr_cpus; i++)
		topo->cpu_index[topo->cpus[i].os_id] = i;
	return 0;
}
