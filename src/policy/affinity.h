/* SPDX-License-Identifier: GPL-2.0 */
/*
 * affinity.h - which wakeups keep the wakee near its waker (plain C, see
 * policy.h).
 *
 * Each task counts how often the task it wakes changes ("wakee flips",
 * halved every second), as the fair class does. Two tasks that wake each
 * other flip rarely: they share data, so the wakee belongs near the waker.
 * A task that wakes many others (a dispatcher, a thread pool's feeder)
 * flips at least as often as its LLC has CPUs: pulling all its wakees next
 * to it would stack them, so they are placed on their own. The fair class
 * only calls a wakeup wide when both sides flip often and relies on its
 * periodic load balancing to spread a 1:N fan-out; there is none here, so
 * either side flipping often is enough.
 */
#ifndef SCX_TOPO_POLICY_AFFINITY_H
#define SCX_TOPO_POLICY_AFFINITY_H

#include "intf.h"

enum { TOPO_FLIPS_DECAY_NS = 1000000000 };

/* Whether a wakeup between these two tasks is wide (spread, not pulled). */
static inline int topo_wake_wide(u32 waker_flips, u32 wakee_flips, u32 llc_cpus)
{
	u32 factor = llc_cpus > 1 ? llc_cpus : 2;

	return waker_flips >= factor || wakee_flips >= factor;
}

/* A waker's flip count after waking wakee_pid, given its last wakee. */
static inline u32 topo_count_flip(u32 flips, s32 last_wakee, s32 wakee_pid)
{
	return last_wakee == wakee_pid ? flips : flips + 1;
}

/* Flips after halving once per elapsed decay period (at most 32 halvings). */
static inline u32 topo_decay_flips(u32 flips, u64 last_decay_ns, u64 now_ns, u64 *new_decay_ns)
{
	u64 periods;

	*new_decay_ns = last_decay_ns;
	if (now_ns < last_decay_ns + TOPO_FLIPS_DECAY_NS)
		return flips;
	periods = (now_ns - last_decay_ns) / TOPO_FLIPS_DECAY_NS;
	*new_decay_ns = now_ns;
	return periods >= 32 ? 0 : flips >> periods;
}

#endif /* SCX_TOPO_POLICY_AFFINITY_H */
