/* SPDX-License-Identifier: GPL-2.0 */
/*
 * steal.bpf.h - moving queued work between CPUs and LLCs.
 *
 * Sibling steal (steal_from_siblings): a CPU with nothing of its own takes
 * from the own queues of its LLC's other CPUs. An LLC's queued work is its
 * queue plus its CPUs' own queues (llc_queued), for every rule below.
 *
 * Idle steal (steal_work): a CPU whose own LLC queue is empty takes work
 * from the node's other LLCs: the busier of two random candidates first
 * (pick-two), then the rest in steal order, skipping the two just tried;
 * only from a queue long enough that the task would otherwise wait a slice.
 * Then other nodes by distance, when crossing nodes is allowed
 * (cfg.steal_cross_node, never under --numa-strict), from a queue of at
 * least the remote threshold, or of any length when every CPU of the
 * victim's node is busy (the task would wait there while this CPU idles).
 *
 * Overload pull (pull_from_busier): when no CPU idles, a CPU whose slice
 * ended pulls from an LLC with clearly more queued per CPU: same node
 * first, other nodes only at twice the gap.
 *
 * A task that changed LLC within migrate_cooldown_ns is left where it is,
 * so the same task is not bounced between LLCs.
 */
#ifndef SCX_TOPO_STEAL_BPF_H
#define SCX_TOPO_STEAL_BPF_H

#include "ctx.bpf.h"

/* Move the first task of dsq_id that may run on cpu and may migrate now. */
static __always_inline bool steal_task_from(u64 dsq_id, s32 cpu)
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

/*
 * A CPU with nothing of its own takes from the own queues of its LLC's other
 * CPUs (busy ones: a woken task waits there when no CPU idled) before it
 * looks at other LLCs. No cooldown: the task stays in its LLC.
 */
static __always_inline bool steal_from_siblings(s32 cpu, const struct cpu_ctx *cc,
						const struct llc_ctx *lc)
{
	s32 sibling = cc->llc_next;
	struct cpu_ctx *sc;
	u32 k;

	if (lc->nr_own_queued <= 0)
		return false;
	bpf_for(k, 1, lc->nr_cpus) {
		if (sibling < 0 || sibling == cpu)
			break;
		sc = cpu_ctx_of(sibling);
		if (!sc)
			break;
		if (own_queue_used(sc) && move_to_local(cpu_dsq(sibling), 0)) {
			stat_inc(TOPO_STAT_STEAL_SIBLING);
			return true;
		}
		sibling = sc->llc_next;
	}
	return false;
}

/* Whether every CPU of node_id is busy. */
static __always_inline bool node_is_full(u32 node_id)
{
	const struct cpumask *idle, *cpus = node_cpus(node_id);
	bool full;

	if (!cpus)
		return false;
	idle = scx_bpf_get_idle_cpumask();
	full = !bpf_cpumask_intersects(idle, cpus);
	scx_bpf_put_idle_cpumask(idle);
	return full;
}

static __always_inline bool worth_stealing(const struct llc_ctx *vc, s32 queued, bool remote)
{
	if (!remote)
		return topo_should_steal(queued, cfg.steal_min_queued);
	if (topo_should_steal(queued, cfg.steal_min_queued_remote))
		return true;
	return queued > 0 && node_is_full(vc->node_id);
}

/* A task of the victim LLC for cpu: from its queue, else from its CPUs' own queues. */
static __always_inline bool steal_from_llc(u32 victim, const struct llc_ctx *vc, s32 cpu)
{
	s32 owner = vc->first_cpu;
	struct cpu_ctx *oc;
	u32 k;

	if (steal_task_from(victim, cpu))
		return true;
	if (vc->nr_own_queued <= 0)
		return false;
	bpf_for(k, 0, vc->nr_cpus) {
		if (owner < 0)
			break;
		oc = cpu_ctx_of(owner);
		if (!oc)
			break;
		if (own_queue_used(oc) && steal_task_from(cpu_dsq(owner), cpu))
			return true;
		owner = oc->llc_next;
	}
	return false;
}

static __always_inline bool try_steal(s32 victim, s32 cpu, u32 llc_id, bool remote)
{
	struct llc_ctx *vc = victim >= 0 ? llc_ctx_of(victim) : NULL;

	if (!vc || !worth_stealing(vc, llc_queued(victim, vc), remote))
		return false;
	if (!steal_from_llc(victim, vc, cpu))
		return false;
	stat_inc(remote ? TOPO_STAT_STEAL_REMOTE : TOPO_STAT_STEAL_NODE);
	count_steal(llc_id, victim);
	topo_trace("steal cpu=%d from llc=%d remote=%d", cpu, victim, remote);
	return true;
}

/* Two random entries of [first, first + n) of llc_id's steal order, busier first. */
static __always_inline void pick_two(u32 llc_id, u32 first, u32 n, s32 *busier, s32 *other)
{
	s32 a = steal_victim_at(llc_id, first + bpf_get_prandom_u32() % n);
	s32 b = steal_victim_at(llc_id, first + bpf_get_prandom_u32() % n);
	struct llc_ctx *ac = a >= 0 ? llc_ctx_of(a) : NULL, *bc = b >= 0 ? llc_ctx_of(b) : NULL;

	if (ac && bc && topo_pick_busier(llc_queued(a, ac), llc_queued(b, bc))) {
		*busier = b;
		*other = a;
	} else {
		*busier = a;
		*other = b;
	}
}

/* Walk [first, first + n) of the steal order in order, but for skip_a and skip_b. */
static __always_inline bool steal_in_order(u32 llc_id, u32 first, u32 n, s32 cpu, bool remote,
					   s32 skip_a, s32 skip_b)
{
	s32 victim;
	u32 k;

	bpf_for(k, first, first + n) {
		victim = steal_victim_at(llc_id, k);
		if (victim == skip_a || victim == skip_b)
			continue;
		if (try_steal(victim, cpu, llc_id, remote))
			return true;
	}
	return false;
}

/* Same node: pick-two, then the others in order; a lone other LLC directly. */
static __always_inline bool steal_in_node(s32 cpu, u32 llc_id, const struct llc_ctx *lc)
{
	u32 n = lc->nr_steal_same_node;
	s32 a, b;

	if (!n)
		return false;
	if (n == 1)
		return try_steal(steal_victim_at(llc_id, 0), cpu, llc_id, false);
	pick_two(llc_id, 0, n, &a, &b);
	if (try_steal(a, cpu, llc_id, false) || (b != a && try_steal(b, cpu, llc_id, false)))
		return true;
	return steal_in_order(llc_id, 0, n, cpu, false, a, b);
}

static __always_inline bool steal_work(s32 cpu, u32 llc_id, const struct llc_ctx *lc)
{
	if (steal_in_node(cpu, llc_id, lc))
		return true;
	if (!cfg.steal_cross_node)
		return false;
	return steal_in_order(llc_id, lc->nr_steal_same_node, lc->nr_steal - lc->nr_steal_same_node,
			      cpu, true, -1, -1);
}

/*
 * Under overload no CPU idles, so idle stealing never evens out the LLCs: a
 * CPU whose slice ended compares its LLC with the busier of two candidates
 * among entries [first, first + n) of its steal order and pulls from it
 * when that is clearly more loaded per CPU.
 */
static __always_inline bool pull_among(s32 cpu, u32 llc_id, const struct llc_ctx *lc, u32 first,
				       u32 n, u32 gap)
{
	struct llc_ctx *vc;
	s32 victim, other;

	if (!n)
		return false;
	pick_two(llc_id, first, n, &victim, &other);
	vc = victim >= 0 ? llc_ctx_of(victim) : NULL;
	if (!vc || !topo_should_pull(llc_queued(llc_id, lc), lc->nr_cpus, llc_queued(victim, vc),
				     vc->nr_cpus, gap))
		return false;
	if (!steal_from_llc(victim, vc, cpu))
		return false;
	stat_inc(TOPO_STAT_PULL);
	count_steal(llc_id, victim);
	return true;
}

/* Same node first; other nodes at twice the gap, when crossing nodes is allowed. */
static __always_inline bool pull_from_busier(s32 cpu, u32 llc_id, const struct llc_ctx *lc)
{
	u32 gap = cfg.balance_min_gap;

	if (!gap)
		return false;
	if (pull_among(cpu, llc_id, lc, 0, lc->nr_steal_same_node, gap))
		return true;
	if (!cfg.steal_cross_node)
		return false;
	return pull_among(cpu, llc_id, lc, lc->nr_steal_same_node,
			  lc->nr_steal - lc->nr_steal_same_node, gap * 2);
}

#endif /* SCX_TOPO_STEAL_BPF_H */
