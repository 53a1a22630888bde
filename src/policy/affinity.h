/* SPDX-License-Identifier: GPL-2.0 */
/*
 * affinity.h - which wakeups keep the wakee near its waker (plain C, see
 * policy.h).
 *
 * Each task counts how often the task it wakes changes ("wakee flips",
 * halved every second), as the fair class does. Two tasks that wake each
 * other flip rarely: they share data, so the wakee belongs near the waker.
 * The fair class's wake_wide rule decides when that stops: the side that
 * flips less must flip at least as often as the LLC has CPUs, and the other
 * that many times more. A 1:N fan-out, or hackbench's senders and
 * receivers, stay affine by that rule: the wakee looks for an idle CPU by
 * its waker first. Only partners, both flipping rarely, go further and
 * queue beside the waker when nothing idles near it; a waker with many
 * wakees would get them all waiting in its LLC's queue (the fair class
 * spreads them with its periodic load balancing, which scx_topo lacks).
 */
#ifndef SCX_TOPO_POLICY_AFFINITY_H
#define SCX_TOPO_POLICY_AFFINITY_H

#include "intf.h"

enum { TOPO_FLIPS_DECAY_NS = 1000000000 };

enum topo_wake_kind {
	TOPO_WAKE_WIDE,		/* placed on its own, from its previous CPU */
	TOPO_WAKE_AFFINE,	/* an idle CPU by its waker first */
	TOPO_WAKE_PARTNER,	/* ... and queued beside the waker if none idles */
};

static inline u32 topo_flip_factor(u32 llc_cpus)
{
	return llc_cpus > 1 ? llc_cpus : 2;
}

/* How a wakeup between these two tasks is placed. */
static inline enum topo_wake_kind topo_wake_kind(u32 waker_flips, u32 wakee_flips, u32 llc_cpus)
{
	u32 factor = topo_flip_factor(llc_cpus);
	u32 more = waker_flips > wakee_flips ? waker_flips : wakee_flips;
	u32 less = waker_flips > wakee_flips ? wakee_flips : waker_flips;

	if (more < factor)
		return TOPO_WAKE_PARTNER;
	if (less < factor || more < less * factor)
		return TOPO_WAKE_AFFINE;
	return TOPO_WAKE_WIDE;
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
