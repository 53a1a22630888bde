// SPDX-License-Identifier: GPL-2.0
/*
 * package.c - dense package id of each CPU.
 */
#include <stdlib.h>

#include "internal.h"

/* CPUs without a Package ancestor (bare synthetic inputs) share one. */
int topo_assign_packages(struct topo_build *b)
{
	int nr_obj = hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_PACKAGE);
	struct topology *topo = b->topo;
	int *dense = topo_alloc_ids(b, nr_obj + 1);
	hwloc_obj_t pkg;
	int i, slot;

	if (!dense)
		return -1;
	for (i = 0; i < topo->nr_cpus; i++) {
		pkg = hwloc_get_ancestor_obj_by_type(b->hw, HWLOC_OBJ_PACKAGE, b->pu[i]);
		slot = pkg ? (int)pkg->logical_index : nr_obj;
		if (dense[slot] < 0)
			dense[slot] = topo->nr_packages++;
		topo->cpus[i].package_id = dense[slot];
	}
	free(dense);
	return 0;
}
