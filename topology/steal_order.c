// SPDX-License-Identifier: GPL-2.0
/*
 * steal_order.c - per-LLC order of the other LLCs to steal work from, and
 * per-node order of the nodes to look at for idle CPUs and work.
 *
 * Nearest first: an idle CPU should pull from a cache that is cheap to
 * migrate from before crossing to a remote node's memory.
 */
#include <stdlib.h>

#include "internal.h"
#include "steal_order.h"

/* Sort key of one candidate LLC; compared field by field. */
struct steal_key {
	int remote;		/* 0: on self's node */
	uint32_t distance;	/* to the candidate's node; 0 when local */
	int node;
	int other_package;	/* only breaks ties on the local node */
	int id;
};

static int cmp_long(long a, long b)
{
	return (a > b) - (a < b);
}

static int cmp_key(const void *pa, const void *pb)
{
	const struct steal_key *a = pa, *b = pb;

	if (a->remote != b->remote)
		return cmp_long(a->remote, b->remote);
	if (a->distance != b->distance)
		return cmp_long(a->distance, b->distance);
	if (a->node != b->node)
		return cmp_long(a->node, b->node);
	if (a->other_package != b->other_package)
		return cmp_long(a->other_package, b->other_package);
	return cmp_long(a->id, b->id);
}

static int args_ok(int self, int nr_llcs, const int *llc_node,
		   const int *llc_package, int nr_nodes, const uint32_t *distance)
{
	int i;

	if (nr_llcs < 1 || self < 0 || self >= nr_llcs || nr_nodes < 1 ||
	    !llc_node || !llc_package || !distance)
		return 0;
	for (i = 0; i < nr_llcs; i++)
		if (llc_node[i] < 0 || llc_node[i] >= nr_nodes)
			return 0;
	return 1;
}

int topo_steal_order(int self, int nr_llcs, const int *llc_node,
		     const int *llc_package, int nr_nodes,
		     const uint32_t *distance, int *order, int *nr_same_node)
{
	int home, i, n = 0, same = 0;
	struct steal_key *keys;

	if (!args_ok(self, nr_llcs, llc_node, llc_package, nr_nodes, distance) ||
	    (nr_llcs > 1 && !order))
		return -1;
	keys = calloc(nr_llcs, sizeof(*keys));
	if (!keys)
		return -1;
	home = llc_node[self];
	for (i = 0; i < nr_llcs; i++) {
		if (i == self)
			continue;
		keys[n].remote = llc_node[i] != home;
		keys[n].distance = keys[n].remote ?
				   distance[home * nr_nodes + llc_node[i]] : 0;
		keys[n].node = llc_node[i];
		keys[n].other_package = !keys[n].remote &&
					llc_package[i] != llc_package[self];
		keys[n].id = i;
		same += !keys[n].remote;
		n++;
	}
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (i = 0; i < n; i++)
		order[i] = keys[i].id;
	free(keys);
	if (nr_same_node)
		*nr_same_node = same;
	return n;
}

int topo_build_steal_orders(struct topo_build *b)
{
	struct topology *topo = b->topo;
	int *node = topo_calloc(b, topo->nr_llcs, sizeof(*node));
	int *pkg = topo_calloc(b, topo->nr_llcs, sizeof(*pkg));
	struct topo_llc *llc;
	int i, ret = -1;

	if (!node || !pkg)
		goto out;
	for (i = 0; i < topo->nr_llcs; i++) {
		node[i] = topo->llcs[i].node_id;
		pkg[i] = topo->llcs[i].package_id;
	}
	for (i = 0; i < topo->nr_llcs; i++) {
		llc = &topo->llcs[i];
		llc->steal_order = topo_calloc(b, topo->nr_llcs - 1, sizeof(int));
		if (!llc->steal_order)
			goto out;
		llc->nr_steal = topo_steal_order(i, topo->nr_llcs, node, pkg,
						 topo->nr_nodes, topo->distance,
						 llc->steal_order,
						 &llc->nr_steal_same_node);
		if (llc->nr_steal < 0) {
			topo_set_err(b->err, b->err_len,
				     "out of memory while ordering LLCs for stealing");
			goto out;
		}
	}
	ret = 0;
out:
	free(node);
	free(pkg);
	return ret;
}

/* Sort key of node against self: 0 for self itself, else its distance + 1. */
static uint64_t node_rank(int self, int node, int nr_nodes, const uint32_t *distance)
{
	return node == self ? 0 : (uint64_t)distance[self * nr_nodes + node] + 1;
}

int topo_node_order(int self, int nr_nodes, const uint32_t *distance, uint32_t *order)
{
	int i, j;

	if (nr_nodes < 1 || self < 0 || self >= nr_nodes || !distance || !order)
		return -1;
	for (i = 0; i < nr_nodes; i++)
		order[i] = i;
	/* Insertion sort: nr_nodes <= TOPO_MAX_NODES, and it keeps ties in id order. */
	for (i = 1; i < nr_nodes; i++) {
		uint32_t cur = order[i];
		uint64_t rank = node_rank(self, cur, nr_nodes, distance);

		for (j = i - 1; j >= 0 && node_rank(self, order[j], nr_nodes, distance) > rank; j--)
			order[j + 1] = order[j];
		order[j + 1] = cur;
	}
	return nr_nodes;
}
