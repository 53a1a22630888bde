/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kinds.bpf.h - hybrid machines: busy work belongs on the fastest cores.
 *
 * A waking task takes an idle fast CPU near it before a slower one
 * (idle.bpf.h). A task that still ended up on a slower core (all fast ones
 * were busy when it woke, or it was preempted and re-queued) moves up at the
 * end of its slice once a fast CPU near it idles: dispatch then does not
 * extend its slice, the kernel hands it back with SCX_ENQ_LAST (the loader
 * sets SCX_OPS_ENQ_LAST on hybrid machines only), and enqueue moves it. Everything here is a no-op unless
 * cfg.prefer_fast.
 */
#ifndef SCX_TOPO_KINDS_BPF_H
#define SCX_TOPO_KINDS_BPF_H

#include "claim.bpf.h"

/*
 * An idle CPU of the fastest kind in llc_id, else anywhere in its node (on
 * parts whose fast cores have an LLC of their own, that is the way from a
 * slow LLC to a fast one), or -1.
 */
static __always_inline s32 claim_fast_near(const struct task_struct *p, const struct llc_ctx *lc)
{
	struct node_ctx *nc;
	s32 cpu;

	if (!cfg.prefer_fast)
		return -1;
	cpu = claim_idle_fast(p, (const struct cpumask *)lc->fast_cpus);
	if (cpu >= 0)
		return cpu;
	nc = node_ctx_of(lc->node_id);
	return nc ? claim_idle_fast(p, (const struct cpumask *)nc->fast_cpus) : -1;
}

/* Whether p, running on the slower CPU cpu, could move to an idle fast CPU of its node. */
static __always_inline bool fast_cpu_idles_for(const struct task_struct *p, s32 cpu)
{
	const struct cpumask *idle, *fast;
	struct cpu_ctx *cc;
	struct node_ctx *nc;
	bool found;

	if (!cfg.prefer_fast || !p)
		return false;
	cc = cpu_ctx_of(cpu);
	if (!cc || cc->fast)
		return false;
	nc = node_ctx_of(cc->info.node_id);
	fast = nc ? allowed_in(p, (const struct cpumask *)nc->fast_cpus) : NULL;
	if (!fast)
		return false;
	idle = scx_bpf_get_idle_cpumask();
	found = bpf_cpumask_intersects(idle, fast);
	scx_bpf_put_idle_cpumask(idle);
	return found;
}

/*
 * p is the last runnable task of its CPU (SCX_ENQ_LAST): move it to an idle
 * fast CPU near it if it runs on a slower one, else let it run on here.
 */
static __always_inline void move_last_task_up(struct task_struct *p, u64 enq_flags)
{
	s32 cpu = scx_bpf_task_cpu(p);
	struct cpu_ctx *cc = cpu_ctx_of(cpu);
	struct llc_ctx *lc;
	s32 fast = -1;

	if (cc && !cc->fast) {
		lc = llc_ctx_of(cc->info.llc_id);
		if (lc)
			fast = claim_fast_near(p, lc);
	}
	if (fast < 0) {
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, cfg.slice_ns, enq_flags);
		return;
	}
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | fast, cfg.slice_ns, enq_flags);
	scx_bpf_kick_cpu(fast, SCX_KICK_IDLE);
	stat_inc(TOPO_STAT_UPGRADE);
}

#endif /* SCX_TOPO_KINDS_BPF_H */
