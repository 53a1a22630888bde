// SPDX-License-Identifier: GPL-2.0
/*
 * distance.c - NUMA distance matrix between the model's nodes.
 *
 * Values are the kernel's (ACPI SLIT) scale when hwloc has a latency-like
 * matrix (NUMALatency on Linux). Without a usable one we use the kernel's
 * own defaults, 10 local and 20 remote, so the steal order still puts the
 * local node first.
 *
 * A matrix read from an XML file can hold anything. Like the kernel with
 * a bad SLIT, we take it whole or not at all: it must have a row and a
 * column for each of our nodes, each node must be strictly nearer to
 * itself than to any other (which rules out zeros off the diagonal), and
 * values must stay far below 2^32. Otherwise the model keeps the defaults
 * (distance_from_hwloc 0) and distance_note says why. An asymmetric matrix
 * is kept, as ACPI allows it: every user reads the row of the node it
 * starts from (steal orders, node orders).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE	20
#define MAX_MATRICES	16
/* Real values are SLIT bytes or nanoseconds; users add to them (layout.c). */
#define MAX_DISTANCE	(UINT32_MAX / 2)

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

	for (i = 0; obj && i < b->topo->nr_nodes; i++)
		if (b->node_obj[i] == obj)
			return i;
	return -1;
}

/* One matrix, seen through our dense node ids. */
struct matrix {
	const struct hwloc_distances_s *m;
	int *at;		/* [nr_nodes]: row/column of each node in m, -1 if none */
	char *why;		/* what is wrong with it, for distance_note */
	size_t why_len;
};

static uint64_t value(const struct matrix *mx, int from, int to)
{
	return mx->m->values[(size_t)mx->at[from] * mx->m->nbobjs + (size_t)mx->at[to]];
}

static unsigned int os_index(const struct topo_build *b, int node)
{
	return b->node_obj[node]->os_index;
}

/*
 * Find each of our nodes in the matrix. Nodes without an hwloc object
 * (NUMA_NO_NODE) are never in it; place_no_node() handles them.
 */
static int locate_nodes(const struct topo_build *b, struct matrix *mx)
{
	unsigned int i;
	int d;

	for (i = 0; i < mx->m->nbobjs; i++) {
		d = dense_node(b, mx->m->objs[i]);
		if (d < 0)
			continue;
		if (mx->at[d] >= 0) {
			snprintf(mx->why, mx->why_len, "it lists node P#%u twice", os_index(b, d));
			return -1;
		}
		mx->at[d] = (int)i;
	}
	for (d = 0; d < b->topo->nr_nodes; d++) {
		if (b->node_obj[d] && mx->at[d] < 0) {
			snprintf(mx->why, mx->why_len, "it has no entries for node P#%u",
				 os_index(b, d));
			return -1;
		}
	}
	return 0;
}

static int check_row(const struct topo_build *b, const struct matrix *mx, int from)
{
	uint64_t self = value(mx, from, from), v;
	int to;

	for (to = 0; to < b->topo->nr_nodes; to++) {
		if (!b->node_obj[to])
			continue;
		v = value(mx, from, to);
		if (v > MAX_DISTANCE) {
			snprintf(mx->why, mx->why_len,
				 "its distance from node P#%u to P#%u, %" PRIu64 ", is out of range",
				 os_index(b, from), os_index(b, to), v);
			return -1;
		}
		if (to != from && v <= self) {
			snprintf(mx->why, mx->why_len,
				 "node P#%u is not nearer to itself (%" PRIu64 ") than to node P#%u (%" PRIu64 ")",
				 os_index(b, from), self, os_index(b, to), v);
			return -1;
		}
	}
	return 0;
}

/* 1 if m was copied into the model; 0 with mx->why set, or empty if m has nothing for us. */
static int take_matrix(struct topo_build *b, struct matrix *mx)
{
	struct topology *topo = b->topo;
	int n = topo->nr_nodes, from, to, nr_ours = 0;

	for (from = 0; from < n; from++)
		nr_ours += b->node_obj[from] != NULL;
	/* With one node there is no distance to take. */
	if (nr_ours < 2 || locate_nodes(b, mx))
		return 0;
	for (from = 0; from < n; from++)
		if (b->node_obj[from] && check_row(b, mx, from))
			return 0;
	for (from = 0; from < n; from++)
		for (to = 0; to < n && b->node_obj[from]; to++)
			if (b->node_obj[to])
				topo->distance[from * n + to] = (uint32_t)value(mx, from, to);
	return 1;
}

static int from_hwloc(struct topo_build *b)
{
	struct hwloc_distances_s *all[MAX_MATRICES], *m;
	struct topology *topo = b->topo;
	unsigned int nr = MAX_MATRICES, i;
	char why[128] = "", name[32];
	const char *name_of;
	struct matrix mx = { .why = why, .why_len = sizeof(why) };
	int ret = 0;

	if (hwloc_distances_get_by_type(b->hw, HWLOC_OBJ_NUMANODE, &nr, all, 0, 0))
		return 0;
	if (nr > MAX_MATRICES)
		nr = MAX_MATRICES;
	m = pick_matrix(all, nr);
	if (m) {
		mx.m = m;
		mx.at = topo_alloc_ids(b, topo->nr_nodes);
		if (!mx.at)
			ret = -1;
		else
			topo->distance_from_hwloc = take_matrix(b, &mx);
		free(mx.at);
	}
	if (why[0]) {
		name_of = hwloc_distances_get_name(b->hw, m);
		topo_copy_printable(name, sizeof(name), name_of ? name_of : "unnamed");
		snprintf(topo->distance_note, sizeof(topo->distance_note),
			 "hwloc distance matrix '%s' not used: %s", name, why);
	}
	for (i = 0; i < nr; i++)
		hwloc_distances_release(b->hw, all[i]);
	return ret;
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
	if (from_hwloc(b))
		return -1;
	place_no_node(topo, b);
	return 0;
}
