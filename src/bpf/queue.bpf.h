/* SPDX-License-Identifier: GPL-2.0 */
/*
 * queue.bpf.h - per-LLC vtime queues and waking a CPU to drain them.
 *
 * One DSQ per LLC (its id is the dense LLC id), ordered by weighted vtime.
 * Tasks allowed on a single CPU, or with migration disabled, skip it: they
 * go to that CPU's local DSQ, because a shared queue that only one CPU may
 * drain is how pinned kthreads stall.
 */
#ifndef SCX_TOPO_QUEUE_BPF_H
#define SCX_TOPO_QUEUE_BPF_H

#include "claim.bpf.h"
#include "placement.bpf.h"
#include "vtime.bpf.h"

/*
 * Whether p is inside migrate_disable() and so may only run where it is.
 * The BPF prolog itself disables migration of the running task once on
 * PREEMPT_RCU kernels, so a count of 1 for the running task is ours. Without
 * SCX_OPS_ENQ_MIGRATION_DISABLED (not set) the 7.3 kernel puts such tasks
 * on their CPU's local DSQ without calling enqueue: this is for kernels
 * and flags that do send them here.
 */
static __always_inline bool migration_disabled(const struct task_struct *p)
{
	u32 count = p->migration_disabled;

	if (count == 1 && p == bpf_get_current_task_btf())
		return false;
	return count > 0;
}

static __always_inline bool is_pinned(const struct task_struct *p)
{
	return p->nr_cpus_allowed == 1 || migration_disabled(p);
}

/* The one CPU a pinned task may run on: its current one while migration is disabled. */
static __always_inline s32 pinned_cpu(const struct task_struct *p)
{
	if (p->nr_cpus_allowed == 1)
		return bpf_cpumask_first(p->cpus_ptr);
	return scx_bpf_task_cpu(p);
}

/*
 * No kick: the kernel reschedules an idle CPU when a task lands in its local
 * DSQ (local_dsq_post_enq), and a kick would cost an irq_work on this CPU
 * for every pinned enqueue (a kworker's, say) even when the target is busy.
 */
static __always_inline void queue_pinned(struct task_struct *p, u64 enq_flags)
{
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | pinned_cpu(p), cfg.slice_ns, enq_flags);
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
	s32 cpu = claim_idle_in_far_nodes(p, node_id);

	if (cpu < 0)
		return;
	scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	stat_inc(TOPO_STAT_KICK);
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
	if (!any_cpu_idle())
		return;
	if (kick_idle_in(p, (const struct cpumask *)lc->cpus, (const struct cpumask *)lc->fast_cpus))
		return;
	/* The same count steal.bpf.h judges a victim by, own queues included. */
	if (!topo_should_steal(llc_queued(llc_id, lc), cfg.steal_min_queued))
		return;
	if (kick_idle_in(p, (const struct cpumask *)lc->node_others, NULL))
		return;
	if (bound < 0 && cfg.steal_cross_node)
		kick_idle_far(p, lc->node_id);
}

/*
 * At most this many woken tasks wait in one CPU's own queue; the next go to
 * the LLC queue. Two did as well as no bound in hackbench (2n2l guest) and
 * keeps what one busy CPU can hold back to about two slices.
 */
#define TOPO_OWN_QUEUE_MAX 2

/*
 * A wakeup whose select_cpu found every CPU it may use busy waits on the CPU
 * it is on (select_cpu's choice) when that CPU lies in its queue's LLC:
 * taken from there by that CPU it needs no move between run queues, which
 * under overload cost more than anything else dispatch does (design.md).
 */
static __always_inline bool waits_on_own_cpu(const struct task_struct *p,
					     const struct task_ctx *tctx, s32 cpu,
					     const struct cpu_ctx *cc, s32 llc_id, u64 enq_flags)
{
	return tctx->saw_no_idle && (enq_flags & SCX_ENQ_WAKEUP) && cc->info.present &&
	       cc->info.llc_id == (u32)llc_id && bpf_cpumask_test_cpu(cpu, p->cpus_ptr) &&
	       cc->nr_own_queued < TOPO_OWN_QUEUE_MAX;
}

static __always_inline void queue_on_llc(struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *tctx = task_ctx_of(p);
	s32 cpu = scx_bpf_task_cpu(p);
	struct cpu_ctx *cc = cpu_ctx_of(cpu);
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
	vtime = topo_queued_vtime(tctx->vtime, lc->vtime_now, cfg.max_sleep_credit_ns,
				  cfg.max_vtime_lead_ns);
	tctx->vtime = vtime;
	/* For the balancer's runnable time (homes.bpf.h): only tasks with a home count. */
	if (tctx->home_node >= 0)
		tctx->queued_at_ns = scx_bpf_now();
	if (waits_on_own_cpu(p, tctx, cpu, cc, llc_id, enq_flags)) {
		tctx->saw_no_idle = false;
		enter_own_queue(tctx, cpu, cc, lc);
		scx_bpf_dsq_insert_vtime(p, cpu_dsq(cpu), cfg.slice_ns, vtime, enq_flags);
		/*
		 * Wake it only if it went idle since select_cpu looked (rare): every
		 * kick costs an irq_work on this CPU, even for a busy target.
		 */
		if (scx_bpf_test_and_clear_cpu_idle(cpu))
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		stat_inc(TOPO_STAT_ENQUEUE_CPU);
		return;
	}
	scx_bpf_dsq_insert_vtime(p, llc_id, cfg.slice_ns, vtime, enq_flags);
	stat_inc(TOPO_STAT_ENQUEUE);
	topo_trace("enqueue pid=%d llc=%d vtime=%llu", p->pid, llc_id, vtime);
	/*
	 * A wakeup whose select_cpu just found every CPU it may use busy: a
	 * CPU that frees up since looks at this queue before it idles.
	 */
	if (!(tctx->saw_no_idle && (enq_flags & SCX_ENQ_WAKEUP)))
		kick_for_llc(p, llc_id, lc, bound);
	tctx->saw_no_idle = false;
}

#endif /* SCX_TOPO_QUEUE_BPF_H */
