/* SPDX-License-Identifier: GPL-2.0 */
/*
 * homing.h - rules for process home nodes (plain C, see policy.h).
 *
 * Loads are runnable tasks per CPU in thousandths ("milli"), so nodes of
 * different sizes compare without division in the callers.
 */
#ifndef SCX_TOPO_POLICY_HOMING_H
#define SCX_TOPO_POLICY_HOMING_H

#include "intf.h"

enum { TOPO_LOAD_FULL = 1000 };	/* one runnable task per CPU */

/*
 * A node's load as a new task sees it: the balancer's last average plus
 * the homes handed out since (each a task that will want a CPU), so a
 * burst of forks between two averages does not all land on one node.
 */
static inline u64 topo_node_load_now(u64 published_milli, u64 homes_assigned,
				     u64 homes_at_publish, u32 nr_cpus)
{
	u64 pending = homes_assigned > homes_at_publish ? homes_assigned - homes_at_publish : 0;

	if (!nr_cpus)
		return (u64)-1;
	return published_milli + pending * TOPO_LOAD_FULL / nr_cpus;
}

/*
 * A process keeps its threads on its home node while they fit: the thread
 * being created spills when the threads already homed there (the leader
 * not counted: it mostly waits for the threads it starts) fill the node's
 * CPUs.
 */
static inline int topo_thread_spills(u32 threads_on_home, u32 home_cpus)
{
	u32 workers = threads_on_home > 0 ? threads_on_home - 1 : 0;

	return workers >= home_cpus;
}

/* Whether a node at load_milli still has an idle CPU's worth of room. */
static inline int topo_node_has_room(u64 load_milli)
{
	return load_milli + TOPO_LOAD_FULL / 2 <= TOPO_LOAD_FULL;
}

#endif /* SCX_TOPO_POLICY_HOMING_H */
