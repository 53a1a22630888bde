/* SPDX-License-Identifier: GPL-2.0 */
/*
 * setup.bpf.h - ops.init: turn the loader's topology maps into DSQs and the
 * per-CPU, per-LLC and per-node contexts (ctx.bpf.h), masks included, so
 * that the hot paths find everything prebuilt.
 */
#ifndef SCX_TOPO_SETUP_BPF_H
#define SCX_TOPO_SETUP_BPF_H

#include "ctx.bpf.h"

/* Store a fresh, empty cpumask in *slot. */
static __always_inline s32 install_mask(struct bpf_cpumask __kptr **slot)
{
	struct bpf_cpumask *mask = bpf_cpumask_create(), *old;

	if (!mask)
		return -TOPO_ENOMEM;
	old = bpf_kptr_xchg(slot, mask);
	if (old)
		bpf_cpumask_release(old);
	return 0;
}

static __always_inline s32 setup_llcs(void)
{
	const struct topo_llc_info *li;
	struct llc_ctx *lc;
	u32 llc_id;
	s32 ret;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		ret = scx_bpf_create_dsq(llc_id, -1);
		if (ret) {
			topo_error("cannot create the DSQ of LLC %u: %d", llc_id, ret);
			return ret;
		}
		li = bpf_map_lookup_elem(&llc_info, &llc_id);
		lc = llc_ctx_of(llc_id);
		if (!li || !lc) {
			topo_error("no llc_info or llc_ctx for LLC %u", llc_id);
			return -TOPO_EINVAL;
		}
		lc->node_id = li->node_id;
		lc->nr_cpus = li->nr_cpus;
		lc->nr_steal = li->nr_steal;
		lc->nr_steal_same_node = li->nr_steal_same_node;
		lc->first_cpu = -1;
		lc->last_cpu = -1;
		if (install_mask(&lc->cpus) || install_mask(&lc->fast_cpus) ||
		    install_mask(&lc->node_others)) {
			topo_error("no memory for the cpumasks of LLC %u", llc_id);
			return -TOPO_ENOMEM;
		}
	}
	return 0;
}

static __always_inline s32 setup_nodes(void)
{
	const struct topo_node_info *ni;
	struct node_ctx *nc;
	u32 node_id;

	bpf_for(node_id, 0, cfg.nr_nodes) {
		ni = bpf_map_lookup_elem(&node_info, &node_id);
		nc = node_ctx_of(node_id);
		if (!ni || !nc) {
			topo_error("no node_info or node_ctx for node %u", node_id);
			return -TOPO_EINVAL;
		}
		nc->nr_cpus = ni->nr_cpus;
		nc->first_llc = ni->first_llc;
		if (install_mask(&nc->cpus) || install_mask(&nc->fast_cpus)) {
			topo_error("no memory for the cpumasks of node %u", node_id);
			return -TOPO_ENOMEM;
		}
	}
	return 0;
}

/*
 * A CPU's own queue (every CPU id has one, so that no id can name a missing
 * DSQ), and a scheduled CPU's place in its LLC's ring: CPUs are linked in id
 * order and the last one back to the first (close_llc_rings).
 */
static __always_inline s32 setup_cpu_queue(u32 cpu, struct cpu_ctx *cc)
{
	struct llc_ctx *lc;
	struct cpu_ctx *last;
	s32 ret;

	ret = scx_bpf_create_dsq(cpu_dsq(cpu), -1);
	if (ret) {
		topo_error("cannot create the DSQ of CPU %u: %d", cpu, ret);
		return ret;
	}
	cc->llc_next = cpu;
	if (!cc->info.present)
		return 0;
	lc = llc_ctx_of(cc->info.llc_id);
	if (!lc)
		return -TOPO_EINVAL;
	last = lc->last_cpu >= 0 ? cpu_ctx_of(lc->last_cpu) : NULL;
	if (last)
		last->llc_next = cpu;
	else
		lc->first_cpu = cpu;
	lc->last_cpu = cpu;
	return 0;
}

static __always_inline void close_llc_rings(void)
{
	struct llc_ctx *lc;
	struct cpu_ctx *last;
	u32 llc_id;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		lc = llc_ctx_of(llc_id);
		last = lc && lc->last_cpu >= 0 ? cpu_ctx_of(lc->last_cpu) : NULL;
		if (last)
			last->llc_next = lc->first_cpu;
	}
}

static __always_inline s32 setup_cpus(void)
{
	const struct topo_cpu_info *ci;
	struct cpu_ctx *cc;
	u32 cpu;
	s32 ret;

	bpf_for(cpu, 0, cfg.nr_cpu_ids) {
		ci = bpf_map_lookup_elem(&cpu_info, &cpu);
		cc = cpu_ctx_of(cpu);
		if (!ci || !cc)
			return -TOPO_EINVAL;
		cc->info = *ci;
		cc->fast = !cfg.prefer_fast || ci->kind == cfg.fast_kind;
		if (install_mask(&cc->scratch)) {
			topo_error("no memory for the scratch cpumask of CPU %u", cpu);
			return -TOPO_ENOMEM;
		}
		ret = setup_cpu_queue(cpu, cc);
		if (ret)
			return ret;
	}
	close_llc_rings();
	return 0;
}

/* Put a scheduled CPU into its LLC's and node's masks (and their fast parts). */
static __always_inline s32 add_cpu_to_masks(u32 cpu, const struct cpu_ctx *cc)
{
	struct llc_ctx *lc = bpf_map_lookup_elem(&llc_ctxs, &cc->info.llc_id);
	struct node_ctx *nc = bpf_map_lookup_elem(&node_ctxs, &cc->info.node_id);
	struct bpf_cpumask *llc_mask, *llc_fast, *node_mask, *node_fast;

	llc_mask = lc ? lc->cpus : NULL;
	llc_fast = lc ? lc->fast_cpus : NULL;
	node_mask = nc ? nc->cpus : NULL;
	node_fast = nc ? nc->fast_cpus : NULL;
	if (!llc_mask || !llc_fast || !node_mask || !node_fast) {
		topo_error("CPU %u names LLC %u / node %u beyond the model", cpu, cc->info.llc_id,
			   cc->info.node_id);
		return -TOPO_EINVAL;
	}
	bpf_cpumask_set_cpu(cpu, llc_mask);
	bpf_cpumask_set_cpu(cpu, node_mask);
	if (cfg.prefer_fast && cc->fast) {
		bpf_cpumask_set_cpu(cpu, llc_fast);
		bpf_cpumask_set_cpu(cpu, node_fast);
	}
	return 0;
}

/* Every LLC's node_others: its node's CPUs minus its own. */
static __always_inline s32 fill_node_others(void)
{
	struct bpf_cpumask *llc_mask, *others, *node_mask;
	struct llc_ctx *lc;
	struct node_ctx *nc;
	u32 llc_id;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		lc = bpf_map_lookup_elem(&llc_ctxs, &llc_id);
		nc = lc ? bpf_map_lookup_elem(&node_ctxs, &lc->node_id) : NULL;
		llc_mask = lc ? lc->cpus : NULL;
		others = lc ? lc->node_others : NULL;
		node_mask = nc ? nc->cpus : NULL;
		if (!llc_mask || !others || !node_mask) {
			topo_error("LLC %u names a node beyond the model", llc_id);
			return -TOPO_EINVAL;
		}
		/* The LLC lies inside its node, so "node minus LLC" is their xor. */
		bpf_cpumask_xor(others, (const struct cpumask *)node_mask,
				(const struct cpumask *)llc_mask);
	}
	return 0;
}

static __always_inline s32 fill_masks(void)
{
	struct cpu_ctx *cc;
	s32 ret = 0;
	u32 cpu;

	bpf_rcu_read_lock();
	bpf_for(cpu, 0, cfg.nr_cpu_ids) {
		cc = bpf_map_lookup_elem(&cpu_ctxs, &cpu);
		if (!cc || !cc->info.present)
			continue;
		ret = add_cpu_to_masks(cpu, cc);
		if (ret)
			break;
	}
	if (!ret)
		ret = fill_node_others();
	bpf_rcu_read_unlock();
	return ret;
}

static __always_inline s32 setup_topology(void)
{
	s32 ret;

	ret = setup_llcs();
	if (!ret)
		ret = setup_nodes();
	if (!ret)
		ret = setup_cpus();
	if (!ret)
		ret = fill_masks();
	return ret;
}

#endif /* SCX_TOPO_SETUP_BPF_H */
