/* SPDX-License-Identifier: GPL-2.0 */
/*
 * queue.bpf.h - per-LLC vtime queues and waking a CPU to drain them.
 *
 * One DSQ per LLC (its id is the dense LLC id), ordered by weighted vtime.
 * Tasks allowed on a single CPU skip it: they go to that CPU's local DSQ,
 * because a shared queue that only one CPU may drain is how pinned
 * kthreads stall.
 */
#ifndef SCX_TOPO_QUEUE_BPF_H
#define SCX_TOPO_QUEUE_BPF_H

#include "claim.bpf.h"
#include "placement.bpf.h"

static __always_inline bool is_pinned(const struct task_struct *p)
{
	return p->nr_cpus_allowed == 1;
}

static __always_inline void queue_pinned(struct task_struct *p, u64 enq_flags)
{
	s32 cpu = bpf_cpumask_first(p->cpus_ptr);

	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, cfg.slice_ns, enq_flags);
	scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	stat_inc(TOPO_STAT_ENQUEUE_LOCAL);
}

/* Claim and wake an idle CPU of mask (of fast first); true if one was found. */
static __always_inline bool kick_idle_in(const struct task_struct *p, const struct cpumask *mask,
					 const struct cpumask *fast)
{
	s32 cpu = claim_idle_in(p, mask, fast);

	if (cpu < 0)
		return false;
	scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	stat_inc(TOPO_STAT_KICK);
	return true;
}

/* Wake an idle CPU p may use on the nearest other node that has one. */
static __always_inline void kick_idle_far(const struct task_struct *p, u32 node_id)
{
	struct node_ctx *nc;
	s32 node;
	u32 k;

	bpf_for(k, 1, cfg.nr_nodes) {
		node = node_at_distance_rank(node_id, k);
		nc = node >= 0 ? node_ctx_of(node) : NULL;
		if (!nc)
			break;
		if (kick_idle_in(p, (const struct cpumask *)nc->cpus,
				 (const struct cpumask *)nc->fast_cpus))
			return;
	}
}

/*
 * Make sure some CPU will look at llc_id's queue soon: an idle CPU of the
 * LLC, else (when the queue is long enough to be worth stealing from) an
 * idle CPU of the node, else, when the whole node is busy and crossing is
 * allowed, one of the nearest node with an idle CPU: work must not wait
 * on a full node while another idles (steal.bpf.h takes it from there).
 */
static __always_inline void kick_for_llc(const struct task_struct *p, u32 llc_id,
					 const struct llc_ctx *lc, s32 bound)
{
	if (kick_idle_in(p, (const struct cpumask *)lc->cpus, (const struct cpumask *)lc->fast_cpus))
		return;
	if (!topo_should_steal(scx_bpf_dsq_nr_queued(llc_id), cfg.steal_min_queued))
		return;
	if (kick_idle_in(p, (const struct cpumask *)lc->node_others, NULL))
		return;
	if (bound < 0 && cfg.steal_cross_node)
		kick_idle_far(p, lc->node_id);
}

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
						cfg.max_sleep_credit_ns);
	tctx->vtime_llc = llc_id;
}

static __always_inline void queue_on_llc(struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *tctx = task_ctx_of(p);
	struct cpu_ctx *cc = cpu_ctx_of(scx_bpf_task_cpu(p));
	struct llc_ctx *lc;
	s32 bound, llc_id;
	u64 vtime;

	if (!tctx || !cc)
		return;
	bound = bound_node_of(p, tctx);
	llc_id = start_llc_of(p, cc, bound);
	lc = llc_id >= 0 ? llc_ctx_of(llc_id) : NULL;
	if (!lc)
		return;
	move_vtime_to_llc(tctx, llc_id, lc);
	/* Keep the clamped value: the credit is spent once, not on every enqueue. */
	vtime = topo_queued_vtime(tctx->vtime, lc->vtime_now, cfg.max_sleep_credit_ns);
	tctx->vtime = vtime;
	scx_bpf_dsq_insert_vtime(p, llc_id, cfg.slice_ns, vtime, enq_flags);
	stat_inc(TOPO_STAT_ENQUEUE);
	topo_trace("enqueue pid=%d llc=%d vtime=%llu", p->pid, llc_id, vtime);
	kick_for_llc(p, llc_id, lc, bound);
}

/*
 * vtime of the task at the head of llc_id's queue; false if it is empty.
 * scx_bpf_dsq_peek (kernel 7.3) reads the head without setting up an
 * iterator, which matters on every dispatch under overload; older kernels
 * take the first step of an iterator instead.
 */
static __always_inline bool head_vtime(u32 llc_id, u64 *vtime)
{
	struct task_struct *p;

	if (bpf_ksym_exists(scx_bpf_dsq_peek)) {
		p = scx_bpf_dsq_peek(llc_id);
		if (!p)
			return false;
		*vtime = p->scx.dsq_vtime;
		return true;
	}
	bpf_for_each(scx_dsq, p, llc_id, 0) {
		*vtime = p->scx.dsq_vtime;
		return true;
	}
	return false;
}

static __always_inline bool prev_runnable(const struct task_struct *prev)
{
	return prev && (prev->scx.flags & SCX_TASK_QUEUED);
}

/*
 * Whether the still-runnable previous task should run another slice: yes
 * when nothing waits on its LLC, or when it is still behind the first
 * waiter in vtime (counting the slice it just ran).
 */
static __always_inline bool prev_keeps_cpu(struct task_struct *prev, s32 cpu,
					   const struct cpu_ctx *cc)
{
	struct task_ctx *tctx;
	u64 head, vtime;
	s32 bound;

	/* An affinity change may have just taken this CPU away from prev. */
	if (!prev_runnable(prev) || !bpf_cpumask_test_cpu(cpu, prev->cpus_ptr))
		return false;
	tctx = task_ctx_of(prev);
	if (!tctx)
		return false;
	/* Rehomed under --numa-strict: let it go, enqueue moves it home. */
	bound = bound_node_of(prev, tctx);
	if (bound >= 0 && (u32)bound != cc->info.node_id)
		return false;
	if (!head_vtime(cc->info.llc_id, &head))
		return true;
	vtime = tctx->vtime + topo_vtime_charge(scx_bpf_now() - tctx->run_start_ns, prev->scx.weight);
	return vtime <= head;
}

#endif /* SCX_TOPO_QUEUE_BPF_H */
