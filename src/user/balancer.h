/* SPDX-License-Identifier: GPL-2.0 */
/*
 * balancer.h - the node balancer, a loader thread started after attach:
 * every 100 ms it measures each node's runnable load (topo_snapshot) and
 * publishes its average (node_load) for the BPF side's choice of a new
 * process's node; when a node stays out of balance with another for the
 * settle time, it rehomes whole processes (topo_rehome) to the nearest node
 * with room. At start it gives each process that predates the scheduler the
 * node holding most of its memory. With --numa-strict, memory follows
 * (memmove.h). Decisions: src/policy/balance.h.
 */
#ifndef SCX_TOPO_BALANCER_H
#define SCX_TOPO_BALANCER_H

#include "intf.h"
#include "memmove.h"
#include "options.h"
#include "topology.h"

struct balancer;
struct topo_sched;

/* Per node, what the balancer did (nr_nodes entries). */
struct balancer_node_stats {
	u64 moves_in, moves_out;	/* rehomes the balancer made */
	u64 adopted;			/* predating processes given this node by their memory */
};

/*
 * Start the thread for a scheduler that is attached. NULL (with a note under
 * --verbose) on single-node machines or BPF objects without process homes.
 */
struct balancer *balancer_start(const struct topo_sched *s, const struct topology *topo,
				const struct topo_options *opts);
void balancer_stop(struct balancer *b);

/* Copy the counters; zeros when b is NULL. */
void balancer_read_stats(struct balancer *b, struct balancer_node_stats *out,
			 struct memmove_node_stats *mem, int nr_nodes);

#endif /* SCX_TOPO_BALANCER_H */
