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

/* How far a counter moved since its reading a second ago; 0 after a stale reading. */
static inline u64 topo_count_since(u64 now, u64 then)
{
	return now > then ? now - then : 0;
}

/*
 * Homes handed out in the last second less those of them that already
 * exited (gone_young: homed less than a second before their exit): what
 * the average has not seen yet, as far as it still lives. Older tasks that
 * exit do not cancel new homes: after an 80-thread burst ends, a process
 * forked at once must still see the homes just handed out beside it.
 */
static inline u64 topo_pending_homes(u64 handed, u64 gone_young)
{
	return handed > gone_young ? handed - gone_young : 0;
}

/*
 * A node's load as a new task sees it, per CPU: the balancer's last average
 * (it lags about a second) less the homed tasks that exited in that second,
 * which it still counts, plus the pending homes (each a task that will want
 * a CPU). So a burst of forks does not all land on one node before the
 * average sees it, and the node of a burst that just ended (a benchmark's
 * 80 threads) does not look busy for another second.
 */
static inline u64 topo_node_load_now(u64 published_milli, u64 pending, u64 gone, u32 nr_cpus)
{
	u64 tasks_milli, gone_milli = gone * TOPO_LOAD_FULL;

	if (!nr_cpus)
		return (u64)-1;
	tasks_milli = published_milli * nr_cpus;
	tasks_milli = tasks_milli > gone_milli ? tasks_milli - gone_milli : 0;
	return (tasks_milli + pending * TOPO_LOAD_FULL) / nr_cpus;
}

/*
 * Whether a node at load_milli, with `pending` homes handed out in the last
 * second, is a better home for a new task than the best so far. Loads less
 * than one task of that node apart are a tie, broken by fewer pending homes:
 * a burst of forks then alternates between nodes instead of following a
 * stray task of background load, and since each new process soon starts
 * its threads, alternating is what keeps them even.
 */
static inline int topo_better_home(u64 load_milli, u64 pending, u64 best_milli, u64 best_pending,
				   u32 nr_cpus)
{
	u64 one_task = TOPO_LOAD_FULL / (nr_cpus ? nr_cpus : 1);

	if (load_milli == (u64)-1)
		return 0;	/* a node without CPUs */
	if (best_milli == (u64)-1 || load_milli + one_task <= best_milli)
		return 1;
	if (best_milli + one_task <= load_milli)
		return 0;
	return pending < best_pending;
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

/*
 * Without --numa-strict a home is a preference that a waker's pull beats,
 * except for a process whose memory outgrows a cache: its threads read
 * their data from memory, which is on the home node, not from the waker's
 * cache. The bar is the largest LLC, at least TOPO_HOME_MEM_MIN_BYTES (an
 * unknown cache size counts as 0); in pages, as the kernel counts RSS.
 */
enum { TOPO_HOME_MEM_MIN_BYTES = 8 << 20 };

static inline u64 topo_home_mem_pages(u64 llc_bytes, u64 page_bytes)
{
	u64 bar = llc_bytes > TOPO_HOME_MEM_MIN_BYTES ? llc_bytes : TOPO_HOME_MEM_MIN_BYTES;

	return page_bytes ? bar / page_bytes : bar;
}


#endif /* SCX_TOPO_POLICY_HOMING_H */
