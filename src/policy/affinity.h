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
 *
 * A partner whose waker goes to sleep right after waking it (a futex
 * hand-off: wake the other side, then wait) is handed the waker's own CPU,
 * as a sync wakeup is: no idle CPU to wake, and the data is in that CPU's
 * cache. A futex wakeup carries no sync hint, so each task learns it: it
 * counts the times it slept within the kernel's migration cost (0.5 ms,
 * sysctl_sched_migration_cost, the fair class's old avg_overlap bar) of
 * waking a partner, and halves the count when it ran on longer.
 */
#ifndef SCX_TOPO_POLICY_AFFINITY_H
#define SCX_TOPO_POLICY_AFFINITY_H

#include "intf.h"

enum { TOPO_FLIPS_DECAY_NS = 1000000000 };

enum topo_wake_kind {
	TOPO_WAKE_WIDE,		/* placed on its own, from its previous CPU */
	TOPO_WAKE_AFFINE,	/* an idle CPU by its waker first */
	TOPO_WAKE_PARTNER,	/* ... and queued beside the waker if none idles */
	TOPO_WAKE_HANDOVER,	/* a partner given the waker's CPU, which it leaves at once */
};

enum {
	TOPO_HANDOVER_WINDOW_NS = 500000,	/* wake-to-sleep gap that counts as a hand-off */
	TOPO_HANDOVER_MIN = 4,			/* hand-offs in a row before the CPU is handed over */
	TOPO_HANDOVER_MAX = 8,
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

/*
 * A waker's hand-off count after it stopped gap_ns after waking a partner:
 * asleep within the window counts up, anything else halves it, so one long
 * run after a wakeup takes the CPU hand-over away.
 */
static inline u32 topo_count_handover(u32 handovers, u64 gap_ns, int slept)
{
	if (!slept || gap_ns >= TOPO_HANDOVER_WINDOW_NS)
		return handovers / 2;
	return handovers < TOPO_HANDOVER_MAX ? handovers + 1 : handovers;
}

/* A partner's wakeup hands over the waker's CPU when the waker has kept to hand-offs. */
static inline enum topo_wake_kind topo_handover_kind(enum topo_wake_kind kind, u32 handovers)
{
	return kind == TOPO_WAKE_PARTNER && handovers >= TOPO_HANDOVER_MIN ? TOPO_WAKE_HANDOVER :
									       kind;
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
