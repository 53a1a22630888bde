// SPDX-License-Identifier: GPL-2.0
/*
 * cpus.c - which CPUs the model holds, and their final os_id order.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "internal.h"

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
 * hwloc accepts an XML file that lists one PU twice, and the model would
 * then hold that CPU twice. Ids the scheduler cannot index are refused
 * after the count (see check_ids), so seen[] only covers those it can.
 */
static int check_new(struct topo_build *b, unsigned int os_id, bool *seen)
{
	if (os_id >= TOPO_MAX_CPUS)
		return 0;
	if (seen[os_id]) {
		topo_set_err(b->err, b->err_len,
			     "CPU %u appears twice in %s (two PU objects with os_index %u); fix the file, or write it again with `lstopo --of xml FILE`",
			     os_id, b->topo->source, os_id);
		return -1;
	}
	seen[os_id] = true;
	return 0;
}

/*
 * The count first, which says more about a machine too big for us; then
 * the ids, which index cpu_index here and the BPF side's per-CPU arrays.
 */
static int check_ids(struct topo_build *b, int n, unsigned int max_id)
{
	if (TOPO_CHECK_LIMIT(b, n, "CPUs", TOPO_MAX_CPUS))
		return -1;
	if (max_id >= TOPO_MAX_CPUS) {
		topo_set_err(b->err, b->err_len,
			     "CPU id %u in %s is above %d, the highest scx_topo supports; to schedule it, rebuild scx_topo with a larger TOPO_MAX_CPUS (src/include/intf.h)",
			     max_id, b->topo->source, TOPO_MAX_CPUS - 1);
		return -1;
	}
	return 0;
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
	unsigned int max_id = 0;
	hwloc_obj_t pu = NULL;
	bool *seen = NULL;
	int n = 0, ret = -1;

	/* hwloc counts -1 objects of a type it found at several depths (odd XML). */
	if (nr_pu < 0 || hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_CORE) < 0 ||
	    hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_PACKAGE) < 0) {
		topo_set_err(b->err, b->err_len, "%s has PUs, cores or packages at different depths of its tree; check the topology input", topo->source);
		return -1;
	}
	topo->cpus = topo_calloc(b, nr_pu, sizeof(*topo->cpus));
	b->pu = topo_calloc(b, nr_pu, sizeof(*b->pu));
	seen = topo_calloc(b, TOPO_MAX_CPUS, sizeof(*seen));
	if (!topo->cpus || !b->pu || !seen)
		goto out;
	while ((pu = hwloc_get_next_obj_by_type(b->hw, HWLOC_OBJ_PU, pu))) {
		if (!hwloc_bitmap_isset(allowed, pu->os_index))
			continue;
		if (check_new(b, pu->os_index, seen))
			goto out;
		if (pu->os_index > max_id)
			max_id = pu->os_index;
		b->pu[n] = pu;
		init_cpu(&topo->cpus[n], (int)pu->os_index);	/* refused below if too big */
		n++;
	}
	topo->nr_cpus = n;
	if (!n) {
		topo_set_err(b->err, b->err_len,
			     "no usable CPUs in %s: every PU is offline or outside the allowed cpuset",
			     topo->source);
		goto out;
	}
	ret = check_ids(b, n, max_id);
out:
	free(seen);
	return ret;
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
