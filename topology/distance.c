// SPDX-License-Identifier: GPL-2.0
/*
 * distance.c - NUMA distance matrix between the model's nodes.
 *
 * Values are the kernel's (ACPI SLIT) scale when hwloc has a latency-like
 * matrix (NUMALatency on Linux). Without one we use the kernel's own
 * defaults, 10 local and 20 remote, so the steal order still puts the
 * local node first.
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE	20
#define MAX_MATRICES	16

/*
 * Latency first; a matrix that is neither latency nor bandwidth (e.g.
 * hops, user-given) is still "smaller is closer"; bandwidth is not.
 */
static struct hwloc_distances_s *pick_matrix(struct hwloc_distances_s **all, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (all[i]->kind & HWLOC_DISTANCES_KIND_MEANS_LATENCY)
			return all[i];
	for (i = 0; i < nr; i++)
		if (!(all[i]->kind & HWLOC_DISTANCES_KIND_MEANS_BANDWIDTH))
			return all[i];
	return NULL;
}

static int dense_node(const struct topo_build *b, hwloc_obj_t obj)
{
	int i;

	for (i = 0; i < b->topo->nr_nodes; i++)
		if (b->node_obj[i] == obj)
			return i;
	return -1;
}

/* Copy the hwloc values for the pairs of our nodes the matrix covers. */
static int copy_matrix(struct topo_build *b, const struct hwloc_distances_s *m)
{
	struct topology *topo = b->topo;
	int n = topo->nr_nodes, copied = 0, from, to;
	unsigned int i, j;
	uint64_t v;

	for (i = 0; i < m->nbobjs; i++) {
		from = dense_node(b, m->objs[i]);
		for (j = 0; j < m->nbobjs && from >= 0; j++) {
			to = dense_node(b, m->objs[j]);
			if (to < 0 || to == from)
				continue;
			v = m->values[i * m->nbobjs + j];
			topo->distance[from * n + to] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
			copied++;
		}
	}
	return copied;
}

static void from_hwloc(struct topo_build *b)
{
	struct hwloc_distances_s *all[MAX_MATRICES], *m;
	unsigned int nr = MAX_MATRICES, i;

	if (hwloc_distances_get_by_type(b->hw, HWLOC_OBJ_NUMANODE, &nr, all, 0, 0))
		return;
	if (nr > MAX_MATRICES)
		nr = MAX_MATRICES;
	m = pick_matrix(all, nr);
	if (m && copy_matrix(b, m))
		b->topo->distance_from_hwloc = 1;
	for (i = 0; i < nr; i++)
		hwloc_distances_release(b->hw, all[i]);
}

/* CPUs hwloc gave no node are treated as far from everything. */
static void place_no_node(struct topology *topo, const struct topo_build *b)
{
	int n = topo->nr_nodes, i, j;
	uint32_t far = REMOTE_DISTANCE;

	for (i = 0; i < n * n; i++)
		if (topo->distance[i] > far)
			far = topo->distance[i];
	for (i = 0; i < n; i++) {
		if (b->node_obj[i])
			continue;
		for (j = 0; j < n; j++) {
			if (j == i)
				continue;
			topo->distance[i * n + j] = far;
			topo->distance[j * n + i] = far;
		}
	}
}

int topo_build_distances(struct topo_build *b)
{
	struct topology *topo = b->topo;
	int n = topo->nr_nodes, i, j;

	topo->distance = topo_calloc(b, (size_t)n * n, sizeof(*topo->distance));
	if (!topo->distance)
		return -1;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			topo->distance[i * n + j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	from_hwloc(b);
	place_no_node(topo, b);
	return 0;
}
