/* SPDX-License-Identifier: GPL-2.0 */
/*
 * claim.bpf.h - take an idle CPU out of a mask, best kind first.
 *
 * On hybrid machines the fastest kind of core goes first, so single-threaded
 * work does not sit on an efficiency core while a performance core idles; on
 * SMT machines a whole idle core goes before an idle sibling. Claiming clears
 * the CPU's idle bit, so two wakers never pick the same CPU. Callers pass the
 * prebuilt fast part of a mask (ctx.bpf.h) instead of computing it.
 */
#ifndef SCX_TOPO_CLAIM_BPF_H
#define SCX_TOPO_CLAIM_BPF_H

#include "ctx.bpf.h"

/*
 * Whether any CPU idles now: one look at the kernel's idle mask. On a
 * saturated machine every pick of an idle CPU fails, and a wakeup or an
 * enqueue there would try three to six picks in a row, each a scan and a
 * claim: the cost that grows when the machine is busiest.
 */
static __always_inline bool any_cpu_idle(void)
{
	const struct cpumask *idle = scx_bpf_get_idle_cpumask();
	bool any = !bpf_cpumask_empty(idle);

	scx_bpf_put_idle_cpumask(idle);
	return any;
}

/* An idle CPU of mask, whole idle cores first on SMT machines, or -1. */
static __always_inline s32 claim_idle_core_first(const struct cpumask *mask)
{
	s32 cpu;

	if (!mask)
		return -1;
	if (cfg.smt_enabled) {
		cpu = scx_bpf_pick_idle_cpu(mask, SCX_PICK_IDLE_CORE);
		if (cpu >= 0)
			return cpu;
	}
	return scx_bpf_pick_idle_cpu(mask, 0);
}

/* An idle CPU of fast (hybrid machines only) that p may use, or -1. */
static __always_inline s32 claim_idle_fast(const struct task_struct *p,
					   const struct cpumask *fast)
{
	if (!cfg.prefer_fast || !fast)
		return -1;
	return claim_idle_core_first(allowed_in(p, fast));
}

/* An idle CPU of mask that p may use: of fast (its fastest part) first, or -1. */
static __always_inline s32 claim_idle_in(const struct task_struct *p, const struct cpumask *mask,
					 const struct cpumask *fast)
{
	s32 cpu = claim_idle_fast(p, fast);

	return cpu >= 0 ? cpu : claim_idle_core_first(allowed_in(p, mask));
}

static __always_inline s32 claim_idle_in_llc(const struct task_struct *p, u32 llc_id)
{
	struct llc_ctx *lc = llc_ctx_of(llc_id);

	if (!lc)
		return -1;
	return claim_idle_in(p, (const struct cpumask *)lc->cpus,
			     (const struct cpumask *)lc->fast_cpus);
}

static __always_inline s32 claim_idle_in_node(const struct task_struct *p, u32 node_id)
{
	struct node_ctx *nc = node_ctx_of(node_id);

	if (!nc)
		return -1;
	return claim_idle_in(p, (const struct cpumask *)nc->cpus,
			     (const struct cpumask *)nc->fast_cpus);
}

/* The other LLCs of lc's node, in one pick (their fast CPUs were tried first). */
static __always_inline s32 claim_idle_in_node_others(const struct task_struct *p,
						     const struct llc_ctx *lc)
{
	return claim_idle_core_first(allowed_in(p, (const struct cpumask *)lc->node_others));
}

/* Other nodes than node_id, by increasing distance. */
static __always_inline s32 claim_idle_in_far_nodes(const struct task_struct *p, u32 node_id)
{
	u32 k;
	s32 node, cpu;

	bpf_for(k, 1, cfg.nr_nodes) {
		node = node_at_distance_rank(node_id, k);
		if (node < 0)
			break;
		cpu = claim_idle_in_node(p, node);
		if (cpu >= 0)
			return cpu;
	}
	return -1;
}

#endif /* SCX_TOPO_CLAIM_BPF_H */
