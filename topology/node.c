// SPDX-License-Identifier: GPL-2.0
/*
 * node.c - NUMA node of each CPU, and which nodes the model lists.
 *
 * In hwloc 2 NUMA nodes are memory children hanging off some CPU-side
 * object, so tree depth says nothing; a PU's nodeset names the nodes local
 * to it, and that is what we use.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "internal.h"

/*
 * Is a more local than b? A PU's nodeset also holds nodes attached higher
 * up (a machine-wide CXL node, HBM next to DRAM), so the node with the
 * smallest cpuset wins, then hwloc's order (DRAM before HBM on KNL-likes).
 */
static bool more_local(hwloc_obj_t a, hwloc_obj_t b)
{
	int wa = hwloc_bitmap_weight(a->cpuset);
	int wb = hwloc_bitmap_weight(b->cpuset);

	if (wa != wb)
		return wa < wb;
	return a->logical_index < b->logical_index;
}

/* NULL when hwloc gave the PU no node at all (hand-edited XML can). */
static hwloc_obj_t local_node(hwloc_topology_t hw, hwloc_obj_t pu)
{
	hwloc_obj_t best = NULL, node;
	unsigned int idx;

	if (!pu->nodeset)
		return NULL;
	hwloc_bitmap_foreach_begin(idx, pu->nodeset) {
		node = hwloc_get_numanode_obj_by_os_index(hw, idx);
		if (node && node->cpuset && (!best || more_local(node, best)))
			best = node;
	} hwloc_bitmap_foreach_end();
	return best;
}

static void init_node(struct topo_node *n, hwloc_obj_t obj)
{
	n->os_index = obj ? (int)obj->os_index : -1;
	n->memory = obj ? obj->attr->numanode.local_memory : 0;
	n->nr_llcs = 0;
}

/*
 * Dense ids in hwloc order for nodes that hold one of our CPUs or memory
 * we may use (memory-only nodes stay visible, a node with neither is of no
 * use), plus one NUMA_NO_NODE entry at the end if some CPU had no node.
 */
static int number_nodes(struct topo_build *b, const bool *used, bool no_node,
			int *dense)
{
	hwloc_const_nodeset_t allowed = hwloc_topology_get_allowed_nodeset(b->hw);
	int nr_obj = hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_NUMANODE);
	struct topology *topo = b->topo;
	hwloc_obj_t obj;
	int i;

	topo->nodes = topo_calloc(b, nr_obj + 1, sizeof(*topo->nodes));
	b->node_obj = topo_calloc(b, nr_obj + 1, sizeof(*b->node_obj));
	if (!topo->nodes || !b->node_obj)
		return -1;
	for (i = 0; i < nr_obj; i++) {
		obj = hwloc_get_obj_by_type(b->hw, HWLOC_OBJ_NUMANODE, i);
		if (!used[i] && !(hwloc_bitmap_isset(allowed, obj->os_index) &&
				  obj->attr->numanode.local_memory))
			continue;
		dense[i] = topo->nr_nodes;
		b->node_obj[topo->nr_nodes] = obj;
		init_node(&topo->nodes[topo->nr_nodes++], obj);
	}
	if (no_node)
		init_node(&topo->nodes[topo->nr_nodes++], NULL);
	return 0;
}

int topo_assign_nodes(struct topo_build *b)
{
	int nr_obj = hwloc_get_nbobjs_by_type(b->hw, HWLOC_OBJ_NUMANODE);
	struct topology *topo = b->topo;
	hwloc_obj_t *local = topo_calloc(b, topo->nr_cpus, sizeof(*local));
	bool *used = topo_calloc(b, nr_obj, sizeof(*used));
	int *dense = topo_alloc_ids(b, nr_obj);
	bool no_node = false;
	int i, ret = -1;

	if (!local || !used || !dense)
		goto out;
	for (i = 0; i < topo->nr_cpus; i++) {
		local[i] = local_node(b->hw, b->pu[i]);
		if (local[i])
			used[local[i]->logical_index] = true;
		else
			no_node = true;
	}
	if (number_nodes(b, used, no_node, dense) ||
	    TOPO_CHECK_LIMIT(b, topo->nr_nodes, "NUMA nodes", TOPO_MAX_NODES))
		goto out;
	for (i = 0; i < topo->nr_cpus; i++)
		topo->cpus[i].node_id = local[i] ? dense[local[i]->logical_index] :
						    topo->nr_nodes - 1;
	ret = 0;
out:
	free(local);
	free(used);
	free(dense);
	return ret;
}
