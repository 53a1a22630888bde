/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtime.bpf.h - weighted virtual time across the LLC queues.
 *
 * Each LLC queue has its own clock (llc_ctx.vtime_now), so a task's vtime
 * is measured against one LLC's clock (task_ctx.vtime_llc) and rebased when
 * it moves to another. At dispatch the previous task is compared with the
 * head of its LLC's queue, so the one further behind runs next.
 */
#ifndef SCX_TOPO_VTIME_BPF_H
#define SCX_TOPO_VTIME_BPF_H

#include "placement.bpf.h"

/* Measure tctx->vtime against llc_id's clock (policy.h: topo_rebase_vtime). */
static __always_inline void move_vtime_to_llc(struct task_ctx *tctx, s32 llc_id,
					      const struct llc_ctx *to)
{
	struct llc_ctx *from;

	if (tctx->vtime_llc == llc_id)
		return;
	from = tctx->vtime_llc >= 0 ? llc_ctx_of(tctx->vtime_llc) : NULL;
	if (from)
		tctx->vtime = topo_rebase_vtime(tctx->vtime, from->vtime_now, to->vtime_now,
						cfg.max_sleep_credit_ns, cfg.max_vtime_lead_ns);
	tctx->vtime_llc = llc_id;
}

/*
 * vtime of the task at the head of llc_id's queue; false if it is empty.
 * scx_bpf_dsq_peek (kernel 6.19) reads the head without setting up an
 * iterator, which matters on every dispatch under overload; older kernels
 * take the first step of an iterator instead.
 */
static __always_inline bool head_vtime(u64 dsq_id, u64 *vtime)
{
	struct task_struct *p;

	if (bpf_ksym_exists(scx_bpf_dsq_peek)) {
		p = scx_bpf_dsq_peek(dsq_id);
		if (!p)
			return false;
		*vtime = p->scx.dsq_vtime;
		return true;
	}
	bpf_for_each(scx_dsq, p, dsq_id, 0) {
		*vtime = p->scx.dsq_vtime;
		return true;
	}
	return false;
}

/*
 * The vtime of the first task waiting for cpu: the earlier head of its own
 * queue and its LLC's (both on the LLC's clock); false if neither waits.
 */
static __always_inline bool first_waiting_vtime(s32 cpu, const struct cpu_ctx *cc, u64 *vtime)
{
	bool in_llc = head_vtime(cc->info.llc_id, vtime);
	u64 own;

	if (!own_queue_used(cc) || !head_vtime(cpu_dsq(cpu), &own))
		return in_llc;
	if (!in_llc || own < *vtime)
		*vtime = own;
	return true;
}

static __always_inline bool prev_runnable(const struct task_struct *prev)
{
	return prev && (prev->scx.flags & SCX_TASK_QUEUED);
}

/* Whether prev may run on here at all: still allowed on cpu, and on its home node. */
static __always_inline bool prev_may_stay(struct task_struct *prev, struct task_ctx *tctx, s32 cpu,
					  const struct cpu_ctx *cc)
{
	s32 bound;

	/* An affinity change may have just taken this CPU away from prev. */
	if (!bpf_cpumask_test_cpu(cpu, prev->cpus_ptr))
		return false;
	/* Rehomed under --numa-strict: let it go, enqueue moves it home. */
	bound = bound_node_of(prev, tctx);
	return bound < 0 || (u32)bound == cc->info.node_id;
}

/*
 * The still-runnable (prev_runnable) previous task's context if it should run another
 * slice, else NULL: it should when nothing waits for its CPU (its own queue
 * or its LLC's), or when it is still behind the first waiter in vtime
 * (counting the slice it just ran).
 */
static __always_inline struct task_ctx *prev_keeps_cpu(struct task_struct *prev, s32 cpu,
						       const struct cpu_ctx *cc, u64 now)
{
	struct task_ctx *tctx;
	u64 head, vtime;

	tctx = task_ctx_of(prev);
	if (!tctx || !prev_may_stay(prev, tctx, cpu, cc))
		return NULL;
	if (!first_waiting_vtime(cpu, cc, &head))
		return tctx;
	vtime = tctx->vtime + topo_vtime_charge(now - tctx->run_start_ns, prev->scx.weight);
	return vtime <= head ? tctx : NULL;
}

/* The LLC's clock follows the vtime of the tasks it runs. */
static __always_inline void advance_clock(struct llc_ctx *lc, u64 vtime)
{
	if (vtime > lc->vtime_now)
		lc->vtime_now = vtime;
}

/*
 * Charge p for its run since run_start_ns: vtime, and runnable time for its
 * process. At every stop, and at every slice a task keeps its CPU: a task
 * that runs alone for seconds is charged as it goes, not in one lump that
 * would put it far ahead of the clock, and the balancer sees its demand.
 */
static __always_inline void charge_run(const struct task_struct *p, struct task_ctx *tctx, u64 now)
{
	u64 ran_ns = now - tctx->run_start_ns;

	tctx->vtime += topo_vtime_charge(ran_ns, p->scx.weight);
	bank_run_time(p, tctx, ran_ns);
	tctx->run_start_ns = now;
}

#endif /* SCX_TOPO_VTIME_BPF_H */
