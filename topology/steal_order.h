/* SPDX-License-Identifier: GPL-2.0 */
/*
 * steal_order.h - the orders in which an idle LLC looks at the other LLCs,
 * and a node at the other nodes.
 *
 * Kept free of hwloc and of struct topology so it can be tested with
 * hand-written arrays.
 */
#ifndef SCX_TOPO_STEAL_ORDER_H
#define SCX_TOPO_STEAL_ORDER_H

#include <stdint.h>

/*
 * Write every LLC id except self into order[] (room for nr_llcs - 1):
 *   1. LLCs on self's node: same package first, then by id;
 *   2. LLCs on other nodes: by distance[self_node][node] ascending,
 *      then by node id, then by LLC id.
 * llc_node[i] / llc_package[i] are dense ids; distance is the row-major
 * nr_nodes x nr_nodes matrix. Stores the length of part 1 in
 * *nr_same_node and returns the number of entries written (nr_llcs - 1),
 * or -1 on bad arguments or allocation failure.
 */
int topo_steal_order(int self, int nr_llcs, const int *llc_node,
		     const int *llc_package, int nr_nodes,
		     const uint32_t *distance, int *order, int *nr_same_node);

/*
 * Write every node id into order[] (room for nr_nodes): self first, then
 * by distance[self][node] ascending, ties by node id. distance is the
 * row-major nr_nodes x nr_nodes matrix. Returns nr_nodes, or -1 on bad
 * arguments.
 */
int topo_node_order(int self, int nr_nodes, const uint32_t *distance, uint32_t *order);

#endif /* SCX_TOPO_STEAL_ORDER_H */
