/* SPDX-License-Identifier: GPL-2.0 */
/*
 * steal.bpf.h - an idle CPU takes work from other LLCs, nearest first.
 *
 * Same node first: of the node's other LLCs the busier of two candidates
 * (pick-two; both when the node has just two), and only if its queue is
 * long enough that the task would otherwise wait a slice. Then other nodes
 * by distance, with a stricter threshold, unless crossing nodes is off.
 * A task that changed LLC within migrate_cooldown_ns is left where it is,
 * so the same task is not bounced between LLCs.
 */
#ifndef SCX_TOPO_STEAL_BPF_H
#define SCX_TOPO_STEAL_BPF_H

#include "ctx.bpf.h"

/* Move the first task of dsq_id that may run on cpu and may migrate now. */
static __always_inline bool steal_task_from(u32 dsq_id, s32 cpu)
{
	struct task_struct *p;
	struct task_ctx *tctx;
	u64 now = scx_bpf_now();

	bpf_for_each(scx_dsq, p, dsq_id, 0) {
		if (!bpf_cpumask_test_cpu(cpu, p->cpus_ptr))
			continue;
		tctx = task_ctx_of(p);
		if (tctx && !topo_may_migrate(tctx->last_move_ns, now, cfg.migrate_cooldown_ns))
			continue;
		if (scx_bpf_dsq_move(TOPO_DSQ_ITER, p, SCX_DSQ_LOCAL, 0))
			return true;
	}
	return false;
}

static __always_inline bool try_steal(s32 victim, s32 cpu, u32 llc_id, int remote)
{
	u32 min_queued = remote ? cfg.steal_min_queued_remote : cfg.steal_min_queued;

	if (victim < 0 || !topo_should_steal(scx_bpf_dsq_nr_queued(victim), min_queued))
		return false;
	if (!steal_task_from(victim, cpu))
		return false;
	stat_inc(remote ? TOPO_STAT_STEAL_REMOTE : TOPO_STAT_STEAL_NODE);
	count_steal(llc_id, victim);
	topo_trace("steal cpu=%d from llc=%d remote=%d", cpu, victim, remote);
	return true;
}

/* Pick-two among the entries [first, first + n) of llc_id's steal order. */
static __always_inline bool steal_pick_two(u32 llc_id, u32 first, u32 n, s32 cpu, int remote)
{
	s32 a, b;

	if (!n)
		return false;
	a = steal_victim_at(llc_id, first + bpf_get_prandom_u32() % n);
	b = steal_victim_at(llc_id, first + bpf_get_prandom_u32() % n);
	if (a >= 0 && b >= 0 && topo_pick_busier(scx_bpf_dsq_nr_queued(a), scx_bpf_dsq_nr_queued(b))) {
		s32 t = a;

		a = b;
		b = t;
	}
	return try_steal(a, cpu, llc_id, remote) || (b != a && try_steal(b, cpu, llc_id, remote));
}

/* Walk [first, first + n) of the steal order in order; the nearest victim wins. */
static __always_inline bool steal_in_order(u32 llc_id, u32 first, u32 n, s32 cpu, int remote)
{
	u32 k;

	bpf_for(k, first, first + n) {
		if (try_steal(steal_victim_at(llc_id, k), cpu, llc_id, remote))
			return true;
	}
	return false;
}

/*
 * Under overload no CPU idles, so idle stealing never evens out the LLCs: a
 * CPU whose slice ended compares its LLC with two candidates among entries
 * [first, first + n) of its steal order and pulls from the busier one when
 * that is clearly more loaded per CPU.
 */
static __always_inline bool pull_among(s32 cpu, u32 llc_id, const struct topo_llc_info *li,
				       u32 first, u32 n, u32 gap)
{
	const struct topo_llc_info *vi;
	s32 a, b, qa, qb, own;
	u32 victim;

	if (!n)
		return false;
	a = steal_victim_at(llc_id, first + bpf_get_prandom_u32() % n);
	b = steal_victim_at(llc_id, first + bpf_get_prandom_u32() % n);
	if (a < 0 || b < 0)
		return false;
	qa = scx_bpf_dsq_nr_queued(a);
	qb = scx_bpf_dsq_nr_queued(b);
	victim = topo_pick_busier(qa, qb) ? b : a;
	vi = llc_info_of(victim);
	own = scx_bpf_dsq_nr_queued(llc_id);
	if (!vi || !topo_should_pull(own, li->nr_cpus, victim == (u32)a ? qa : qb, vi->nr_cpus, gap))
		return false;
	if (!steal_task_from(victim, cpu))
		return false;
	stat_inc(TOPO_STAT_PULL);
	count_steal(llc_id, victim);
	return true;
}

/* Same node first; other nodes only with twice the gap, and never when strict. */
static __always_inline bool pull_from_busier(s32 cpu, u32 llc_id)
{
	const struct topo_llc_info *li = llc_info_of(llc_id);
	u32 gap = cfg.balance_min_gap;

	if (!gap || !li)
		return false;
	if (pull_among(cpu, llc_id, li, 0, li->nr_steal_same_node, gap))
		return true;
	if (!cfg.steal_cross_node)
		return false;
	return pull_among(cpu, llc_id, li, li->nr_steal_same_node,
			  li->nr_steal - li->nr_steal_same_node, gap * 2);
}

static __always_inline bool steal_work(s32 cpu, u32 llc_id)
{
	const struct topo_llc_info *li = llc_info_of(llc_id);
	u32 nr_remote;

	if (!li)
		return false;
	if (steal_pick_two(llc_id, 0, li->nr_steal_same_node, cpu, 0) ||
	    steal_in_order(llc_id, 0, li->nr_steal_same_node, cpu, 0))
		return true;
	if (cfg.numa_strict || !cfg.steal_cross_node)
		return false;
	nr_remote = li->nr_steal - li->nr_steal_same_node;
	return steal_in_order(llc_id, li->nr_steal_same_node, nr_remote, cpu, 1);
}

#endif /* SCX_TOPO_STEAL_BPF_H */
