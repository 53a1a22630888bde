/* SPDX-License-Identifier: GPL-2.0 */
/*
 * affinity.bpf.h - tasks that wake each other belong together.
 *
 * ops.select_cpu runs in the waker's context, so the waker is the current
 * task. Each wakeup updates the waker's record of whom it woke; the counts
 * of both sides say whether the pair works together (policy/affinity.h).
 * Such a wakee goes to an idle CPU of the waker's LLC, then of its node,
 * and, for partners, when nothing idles there, queues beside the waker:
 * the fair class's wake_affine, without waiting for a sync flag that futex
 * wakeups never carry. A waker that sleeps right after waking its partner
 * hands it its own CPU (policy/affinity.h, hand-offs).
 */
#ifndef SCX_TOPO_AFFINITY_BPF_H
#define SCX_TOPO_AFFINITY_BPF_H

#include "homes.bpf.h"

static __always_inline u32 decayed_flips(struct task_ctx *tctx, u64 now)
{
	tctx->wakee_flips = topo_decay_flips(tctx->wakee_flips, tctx->flips_decay_ns, now,
					     &tctx->flips_decay_ns);
	return tctx->wakee_flips;
}

/*
 * Note that the current task woke p; how p should be placed relative to
 * the waker, whose LLC has waker_llc_cpus CPUs (policy/affinity.h).
 */
static __always_inline enum topo_wake_kind wake_kind(const struct task_struct *p,
						     struct task_ctx *tctx, u64 wake_flags,
						     u32 waker_llc_cpus)
{
	struct task_struct *waker;
	struct task_ctx *wtctx;
	enum topo_wake_kind kind;
	u64 now;

	if (!(wake_flags & SCX_WAKE_TTWU) || !tctx)
		return TOPO_WAKE_WIDE;
	waker = bpf_get_current_task_btf();
	/* A kernel thread waking a task is a dispatcher, or an interrupt's proxy. */
	if (waker->flags & TOPO_PF_KTHREAD)
		return TOPO_WAKE_WIDE;
	wtctx = task_ctx_of(waker);
	if (!wtctx)
		return TOPO_WAKE_WIDE;
	now = scx_bpf_now();
	wtctx->wakee_flips = topo_count_flip(decayed_flips(wtctx, now), wtctx->last_wakee, p->pid);
	wtctx->last_wakee = p->pid;
	kind = topo_wake_kind(wtctx->wakee_flips, decayed_flips(tctx, now), waker_llc_cpus);
	if (kind != TOPO_WAKE_PARTNER)
		return kind;
	wtctx->woke_partner_ns = now;
	return topo_handover_kind(kind, wtctx->handovers);
}

/* p stops running (runnable: only preempted): was that a hand-off to the partner it woke? */
static __always_inline void note_stop_after_wake(struct task_ctx *tctx, u64 now, bool runnable)
{
	if (!tctx->woke_partner_ns)
		return;
	tctx->handovers = topo_count_handover(tctx->handovers, now - tctx->woke_partner_ns, !runnable);
	tctx->woke_partner_ns = 0;
}

#endif /* SCX_TOPO_AFFINITY_BPF_H */
