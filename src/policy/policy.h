/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policy.h - scheduling decisions that need no kernel helper.
 *
 * Plain C compiled into the BPF scheduler and into host unit tests
 * (tests/unit/test_policy.c), so the rules are tested where they are cheap
 * to test. Everything here is static inline and free of loops over
 * unbounded data.
 */
#ifndef SCX_TOPO_POLICY_H
#define SCX_TOPO_POLICY_H

#include "intf.h"

enum topo_level {
	TOPO_LEVEL_SAME_CPU,
	TOPO_LEVEL_SMT,		/* sibling of the same core */
	TOPO_LEVEL_LLC,		/* another core of the same LLC */
	TOPO_LEVEL_NODE,	/* another LLC of the same node */
	TOPO_LEVEL_REMOTE,	/* another node */
};

/* How far a task travelled going from one CPU to another. */
static inline enum topo_level topo_move_level(u32 from_cpu, const struct topo_cpu_info *from,
					      u32 to_cpu, const struct topo_cpu_info *to)
{
	if (from_cpu == to_cpu)
		return TOPO_LEVEL_SAME_CPU;
	if (from->node_id != to->node_id)
		return TOPO_LEVEL_REMOTE;
	if (from->llc_id != to->llc_id)
		return TOPO_LEVEL_NODE;
	if (from->core_id != to->core_id)
		return TOPO_LEVEL_LLC;
	return TOPO_LEVEL_SMT;
}

/*
 * Steal only when the victim has more waiting than its own CPUs will pick up
 * soon: a queue of min_queued or more means a task would wait a whole slice.
 * Remote nodes pass their own, stricter threshold.
 */
static inline int topo_should_steal(s32 victim_queued, u32 min_queued)
{
	if (min_queued < 1)
		min_queued = 1;
	return victim_queued >= (s32)min_queued;
}

/*
 * Overload balancing between two busy LLCs: pull when the victim has at
 * least min_gap more queued tasks per CPU than this LLC. Compared as
 * cross products so LLCs of different sizes need no division.
 */
static inline int topo_should_pull(s32 own_queued, u32 own_cpus, s32 victim_queued,
				   u32 victim_cpus, u32 min_gap)
{
	if (own_queued < 0 || victim_queued <= 0 || !own_cpus || !victim_cpus)
		return 0;
	return (u64)victim_queued * own_cpus >= ((u64)own_queued + min_gap) * victim_cpus;
}

/*
 * Pick-two: of two candidate victims, take the longer queue; on a tie keep the
 * first (nearer in steal order). Returns 0 for a, 1 for b.
 */
static inline int topo_pick_busier(s32 queued_a, s32 queued_b)
{
	return queued_b > queued_a;
}

/*
 * A task's vtime when it is queued: a sleeper may bank at most
 * max_credit of vtime below the queue's clock, so it cannot starve others
 * after a long sleep; and it is at most max_lead ahead of the clock, so a
 * low-weight task that ran long (nice 19 is charged 100x its run time)
 * waits at most about max_lead x the queue's tasks per CPU, not past the
 * watchdog.
 */
static inline u64 topo_queued_vtime(u64 task_vtime, u64 queue_vtime, u64 max_credit,
				    u64 max_lead)
{
	u64 floor = queue_vtime > max_credit ? queue_vtime - max_credit : 0;

	if (task_vtime < floor)
		return floor;
	if (task_vtime - queue_vtime > max_lead && task_vtime > queue_vtime)
		return queue_vtime + max_lead;
	return task_vtime;
}

/*
 * The largest lead a task may keep over its queue's clock: 100 slices (a
 * nice-19 task's charge for one slice), and at most an eighth of the
 * watchdog timeout, so that a task at the bound outwaits it only with more
 * than eight runnable tasks per CPU at nice 0.
 */
static inline u64 topo_max_vtime_lead(u64 slice_ns, u64 watchdog_ns)
{
	u64 lead = 100 * slice_ns, cap = watchdog_ns / 8;

	return lead < cap ? lead : cap;
}

/*
 * Each LLC queue has its own clock, and clocks of busy and quiet LLCs drift
 * apart. A task that moves from the LLC whose clock is from_now to one whose
 * clock is to_now keeps its place relative to the clock: its lead up to
 * max_lead, its lag up to max_credit (the bounds of topo_queued_vtime).
 */
static inline u64 topo_rebase_vtime(u64 vtime, u64 from_now, u64 to_now, u64 max_credit,
					   u64 max_lead)
{
	u64 behind, ahead;

	if (vtime >= from_now) {
		ahead = vtime - from_now;
		return to_now + (ahead < max_lead ? ahead : max_lead);
	}
	behind = from_now - vtime;
	if (behind > max_credit)
		behind = max_credit;
	return to_now > behind ? to_now - behind : 0;
}

/* vtime charged for running ran_ns at a weight (100 = nice 0). */
static inline u64 topo_vtime_charge(u64 ran_ns, u32 weight)
{
	if (!weight)
		weight = 1;
	return ran_ns * 100 / weight;
}

/*
 * Home-node choice for --numa-strict: whether node b (homed_b tasks on
 * cpus_b CPUs) is less loaded than node a.
 */
static inline int topo_node_less_loaded(s64 homed_a, u32 cpus_a, s64 homed_b, u32 cpus_b)
{
	if (!cpus_b)
		return 0;
	if (!cpus_a)
		return 1;
	return (homed_b < 0 ? 0 : homed_b) * (s64)cpus_a < (homed_a < 0 ? 0 : homed_a) * (s64)cpus_b;
}

/* Whether a task that moved LLC at last_move_ns may move again at now_ns. */
static inline int topo_may_migrate(u64 last_move_ns, u64 now_ns, u64 cooldown_ns)
{
	return now_ns - last_move_ns >= cooldown_ns;
}

#endif /* SCX_TOPO_POLICY_H */
