/* SPDX-License-Identifier: GPL-2.0 */
/*
 * idle.bpf.h - find an idle CPU near a waking task.
 *
 * Order, stopping at the first hit: the previous CPU if its whole core is
 * idle; for a synchronous wakeup the waker's own CPU if nothing else waits
 * for it, else an idle CPU of the waker's LLC; the start LLC (idle core,
 * then idle CPU); the other LLCs of the node in steal order; then other
 * nodes by NUMA distance (never under --numa-strict). Each step is a
 * cpumask operation, so the cost does not grow with the number of CPUs.
 *
 * On hybrid machines an idle fast CPU of the start LLC, then of its node,
 * comes before a slower previous CPU and before the rest of the LLC: a
 * cache-warm efficiency core loses to an idle performance core. Every later
 * step also tries the fastest kind first (claim.bpf.h).
 */
#ifndef SCX_TOPO_IDLE_BPF_H
#define SCX_TOPO_IDLE_BPF_H

#include "kinds.bpf.h"

static __always_inline s32 claim_idle_in_llc(const struct task_struct *p, u32 llc_id)
{
	return claim_idle_in(allowed_in(p, llc_cpus(llc_id)));
}

/* The previous CPU, if p may stay there and its whole core is idle. */
static __always_inline bool claim_prev_cpu(const struct task_struct *p, s32 prev_cpu)
{
	const struct cpumask *idle_smt;
	bool core_idle;

	if (!bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr))
		return false;
	if (cfg.smt_enabled) {
		idle_smt = scx_bpf_get_idle_smtmask();
		core_idle = bpf_cpumask_test_cpu(prev_cpu, idle_smt);
		scx_bpf_put_idle_cpumask(idle_smt);
		if (!core_idle)
			return false;
	}
	return scx_bpf_test_and_clear_cpu_idle(prev_cpu);
}

/* The other LLCs of llc_id's node, nearest first. */
static __always_inline s32 claim_idle_in_node_llcs(const struct task_struct *p, u32 llc_id,
						    const struct topo_llc_info *li)
{
	u32 k;
	s32 victim, cpu;

	bpf_for(k, 0, li->nr_steal_same_node) {
		victim = steal_victim_at(llc_id, k);
		if (victim < 0)
			break;
		cpu = claim_idle_in_llc(p, victim);
		if (cpu >= 0)
			return cpu;
	}
	return -1;
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
		cpu = claim_idle_in(allowed_in(p, node_cpus(node)));
		if (cpu >= 0)
			return cpu;
	}
	return -1;
}

/*
 * A synchronous waker (a pipe or socket partner) is about to sleep: its CPU,
 * with the partner's data still in cache, frees up at once. Take it when
 * nothing else waits for that CPU or its LLC, on a CPU of the fastest kind.
 */
static __always_inline bool waker_cpu_frees_up(const struct task_struct *p, s32 cpu, u32 llc_id)
{
	return bpf_cpumask_test_cpu(cpu, p->cpus_ptr) && cpu_is_fast(cpu) &&
	       !scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | cpu) && !scx_bpf_dsq_nr_queued(llc_id);
}

static __always_inline s32 pick_idle_cpu(struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	const struct topo_cpu_info *waker;
	const struct topo_llc_info *li;
	s32 bound = bound_node_of(p, task_ctx_of(p));
	s32 llc_id = home_llc_of(p, prev_cpu, bound);
	bool prev_in_llc;
	s32 cpu, self;

	if (llc_id < 0)
		return -1;
	prev_in_llc = llc_id == llc_of_cpu(prev_cpu);
	if (prev_in_llc && cpu_is_fast(prev_cpu) && claim_prev_cpu(p, prev_cpu))
		return prev_cpu;

	if (wake_flags & SCX_WAKE_SYNC) {
		self = bpf_get_smp_processor_id();
		waker = cpu_info_of(self);
		if (waker && (bound < 0 || waker->node_id == (u32)bound)) {
			if (waker_cpu_frees_up(p, self, waker->llc_id))
				return self;
			if (waker->llc_id != (u32)llc_id) {
				cpu = claim_idle_in_llc(p, waker->llc_id);
				if (cpu >= 0)
					return cpu;
			}
		}
	}

	li = llc_info_of(llc_id);
	if (!li)
		return -1;
	cpu = claim_fast_near(p, llc_id, li->node_id);
	if (cpu >= 0)
		return cpu;
	/* A slow previous CPU: no fast one idles nearby, so keep the warm cache. */
	if (prev_in_llc && !cpu_is_fast(prev_cpu) && claim_prev_cpu(p, prev_cpu))
		return prev_cpu;
	cpu = claim_idle_in_llc(p, llc_id);
	if (cpu >= 0)
		return cpu;
	cpu = claim_idle_in_node_llcs(p, llc_id, li);
	if (cpu >= 0 || bound >= 0)
		return cpu;
	return claim_idle_in_far_nodes(p, li->node_id);
}

#endif /* SCX_TOPO_IDLE_BPF_H */
