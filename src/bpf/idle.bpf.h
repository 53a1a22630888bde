/* SPDX-License-Identifier: GPL-2.0 */
/*
 * idle.bpf.h - find an idle CPU for a waking task.
 *
 * Order, stopping at the first hit:
 *  0. a partner whose waker sleeps right after waking it (affinity.bpf.h):
 *     the waker's CPU, if nothing else waits for it;
 *  1. the previous CPU if its whole core is idle and, for a task anchored
 *     to its home node (bound to it, or holding more memory than a cache:
 *     placement.bpf.h), it lies in the start LLC (the home node's, or the
 *     previous one) and, for a wakee placed by its waker, in the waker's
 *     LLC (a partner) or node (a dispatcher's worker);
 *  2. for a wakee placed by its waker (affinity.bpf.h; an anchored task
 *     only by a waker on its home node): for a synchronous
 *     wakeup the waker's own CPU if nothing else waits for it, then an
 *     idle CPU of the waker's LLC, then of its node;
 *  3. the start LLC (idle core, then idle CPU), then the rest of its node in
 *     one pick;
 *  4. other nodes by NUMA distance (never under --numa-strict).
 * Each step is one cpumask operation on a mask built at init, so the cost
 * does not grow with the number of CPUs; when no CPU idles at all, one look
 * at the idle mask skips the picks after step 1 (claim.bpf.h any_cpu_idle).
 * A partner of its waker that found no idle CPU in the waker's node is
 * queued beside the waker (it skips steps 3 and 4); anything else that
 * found none queues near its previous CPU.
 *
 * On hybrid machines an idle fast CPU of the start LLC, then of its node,
 * comes before a slower previous CPU and before the rest of the LLC: a
 * cache-warm efficiency core loses to an idle performance core.
 */
#ifndef SCX_TOPO_IDLE_BPF_H
#define SCX_TOPO_IDLE_BPF_H

#include "affinity.bpf.h"
#include "kinds.bpf.h"
#include "placement.bpf.h"
#include "vtime.bpf.h"

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

/*
 * A synchronous waker (a pipe or socket partner) is about to sleep: its CPU,
 * with the partner's data still in cache, frees up at once. Take it, on a
 * CPU of the fastest kind, when nothing else waits for that CPU and p would
 * not overtake the LLC queue's head: the queue is empty, or p's vtime on
 * this LLC's clock is not after the head's (it would run first anyway).
 */
static __always_inline bool waker_cpu_frees_up(const struct task_struct *p,
					       const struct task_ctx *tctx, s32 cpu,
					       const struct cpu_ctx *waker,
					       const struct llc_ctx *waker_lc)
{
	u64 head;

	if (!bpf_cpumask_test_cpu(cpu, p->cpus_ptr) || !waker->fast ||
	    own_queue_used(waker) || scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | cpu))
		return false;
	if (!head_vtime(waker->info.llc_id, &head))
		return true;
	return tctx && tctx->vtime_llc == (s32)waker->info.llc_id &&
	       topo_queued_vtime(tctx->vtime, waker_lc->vtime_now, cfg.max_sleep_credit_ns,
					  cfg.max_vtime_lead_ns) <= head;
}

/*
 * Whether the previous CPU is near enough to the waker for step 1: in its
 * LLC for a partner; in its node for another affine wakee, so that a
 * dispatcher's workers keep their own CPUs (the waker's LLC alone cannot
 * hold them) instead of taking turns on the ones nearest the waker.
 */
static __always_inline bool prev_near_waker(enum topo_wake_kind kind, const struct cpu_ctx *prev,
					    const struct cpu_ctx *waker)
{
	if (kind >= TOPO_WAKE_PARTNER)
		return prev->info.llc_id == waker->info.llc_id;
	if (kind == TOPO_WAKE_AFFINE)
		return prev->info.node_id == waker->info.node_id;
	return true;
}

/* Step 2: a CPU beside the waker (running on self), or -1; any_idle: any_cpu_idle(). */
static __always_inline s32 claim_beside_waker(const struct task_struct *p,
					      const struct task_ctx *tctx, s32 self,
					      const struct cpu_ctx *waker,
					      const struct llc_ctx *waker_lc, bool sync, bool any_idle)
{
	s32 cpu;

	if (sync && waker_cpu_frees_up(p, tctx, self, waker, waker_lc))
		return self;
	if (!any_idle)
		return -1;
	cpu = claim_idle_in_llc(p, waker->info.llc_id);
	if (cpu >= 0)
		return cpu;
	return claim_idle_in_node_others(p, waker_lc);
}

/* Steps 3 and 4, from the start LLC lc. */
static __always_inline s32 claim_idle_from(const struct task_struct *p, u32 llc_id,
					   const struct llc_ctx *lc, s32 prev_cpu,
					   const struct cpu_ctx *prev, s32 bound)
{
	s32 cpu = claim_fast_near(p, lc);

	if (cpu >= 0)
		return cpu;
	/* A slow previous CPU: no fast one idles nearby, so keep the warm cache. */
	if (prev->info.llc_id == llc_id && !prev->fast && claim_prev_cpu(p, prev_cpu))
		return prev_cpu;
	cpu = claim_idle_in_llc(p, llc_id);
	if (cpu < 0)
		cpu = claim_idle_in_node_others(p, lc);
	if (cpu >= 0 || bound >= 0)
		return cpu;
	return claim_idle_in_far_nodes(p, lc->node_id);
}

/*
 * Remember a search that found nothing: the enqueue that follows it would
 * search the same CPUs again (queue.bpf.h kick_for_llc), microseconds later.
 */
static __always_inline s32 note_no_idle(struct task_ctx *tctx, s32 cpu)
{
	if (tctx)
		tctx->saw_no_idle = cpu < 0;
	return cpu;
}

/*
 * An idle CPU for p, claimed, or -1; then *queue_cpu says where p should
 * queue instead (its LLC's queue is where enqueue puts it).
 */
static __always_inline s32 pick_idle_cpu(struct task_struct *p, struct task_ctx *tctx,
					 s32 prev_cpu, u64 wake_flags, s32 *queue_cpu)
{
	s32 self = bpf_get_smp_processor_id(), pref, anchor, bound, llc_id, cpu;
	struct cpu_ctx *prev = cpu_ctx_of(prev_cpu), *waker = cpu_ctx_of(self);
	struct llc_ctx *lc, *waker_lc;
	enum topo_wake_kind kind = TOPO_WAKE_WIDE;
	bool affine, sync, near_waker, any_idle;

	*queue_cpu = prev_cpu;
	if (!prev || !waker)
		return -1;
	pref = preferred_node_of(p, tctx);
	bound = cfg.numa_strict ? pref : -1;
	/* Only a waker or previous CPU off the home makes the anchor matter. */
	anchor = pref >= 0 && (waker->info.node_id != (u32)pref || prev->info.node_id != (u32)pref) ?
		 anchor_node_of(p, pref) : pref;
	llc_id = start_llc_of(p, prev, pref);
	lc = llc_id >= 0 ? llc_ctx_of(llc_id) : NULL;
	waker_lc = llc_ctx_of(waker->info.llc_id);
	if (!lc || !waker_lc)
		return -1;
	near_waker = anchor < 0 || waker->info.node_id == (u32)anchor;
	if (near_waker)
		kind = wake_kind(p, tctx, wake_flags, waker_lc->nr_cpus);
	affine = kind != TOPO_WAKE_WIDE;
	/* Its waker sleeps right away: that CPU beats even an idle previous one. */
	if (kind == TOPO_WAKE_HANDOVER && waker_cpu_frees_up(p, tctx, self, waker, waker_lc)) {
		stat_inc(TOPO_STAT_HANDOVER);
		return self;
	}
	/*
	 * Many wakers that feed many wakees do not sleep after a sync wakeup:
	 * they go on writing. As in the fair class, the hint counts only for
	 * a wakeup that is not wide.
	 */
	sync = affine && kind != TOPO_WAKE_HANDOVER && (wake_flags & SCX_WAKE_SYNC);

	/* Unanchored, a warm previous CPU beats the home node: the home is a preference. */
	if ((prev->info.llc_id == llc_id || anchor < 0) && prev->fast &&
	    prev_near_waker(kind, prev, waker) && claim_prev_cpu(p, prev_cpu))
		return prev_cpu;
	any_idle = any_cpu_idle();
	if (affine) {
		cpu = claim_beside_waker(p, tctx, self, waker, waker_lc, sync, any_idle);
		if (cpu >= 0) {
			stat_inc(TOPO_STAT_AFFINE);
			return cpu;
		}
	}
	/*
	 * The waker's LLC and node are full: queue a partner beside its waker
	 * rather than across nodes (a full node kicks a remote idle CPU, which
	 * steals it if it waits). A waker's many wakees queue near their own
	 * previous CPUs instead, not all in the waker's LLC queue.
	 */
	if (kind >= TOPO_WAKE_PARTNER && bpf_cpumask_test_cpu(self, p->cpus_ptr)) {
		*queue_cpu = self;
		return note_no_idle(tctx, -1);
	}
	cpu = any_idle ? claim_idle_from(p, llc_id, lc, prev_cpu, prev, bound) : -1;
	return note_no_idle(tctx, cpu);
}

#endif /* SCX_TOPO_IDLE_BPF_H */
