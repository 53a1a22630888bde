/* SPDX-License-Identifier: GPL-2.0 */
/*
 * setup.bpf.h - ops.init and ops.init_task: turn the loader's topology maps
 * into DSQs and cpumasks, and give new tasks a home node.
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
	struct llc_ctx *lc;
	u32 llc_id;
	s32 ret;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		ret = scx_bpf_create_dsq(llc_id, -1);
		if (ret) {
			topo_error("cannot create the DSQ of LLC %u: %d", llc_id, ret);
			return ret;
		}
		lc = llc_ctx_of(llc_id);
		if (!lc || install_mask(&lc->cpus))
			return -TOPO_ENOMEM;
	}
	return 0;
}

static __always_inline s32 setup_nodes_and_scratch(void)
{
	struct machine_ctx *mc = machine_ctx();
	struct node_ctx *nc;
	struct cpu_ctx *cc;
	u32 i;

	if (!mc || install_mask(&mc->fast_cpus))
		return -TOPO_ENOMEM;
	bpf_for(i, 0, cfg.nr_nodes) {
		nc = bpf_map_lookup_elem(&node_ctxs, &i);
		if (!nc || install_mask(&nc->cpus))
			return -TOPO_ENOMEM;
	}
	bpf_for(i, 0, cfg.nr_cpu_ids) {
		cc = bpf_map_lookup_elem(&cpu_ctxs, &i);
		if (!cc || install_mask(&cc->scratch) || install_mask(&cc->scratch_fast))
			return -TOPO_ENOMEM;
	}
	return 0;
}

/* Put each scheduled CPU into its LLC's and node's mask, and the fast mask. */
static __always_inline s32 fill_masks(void)
{
	struct machine_ctx *mc = machine_ctx();
	const struct topo_cpu_info *ci;
	struct bpf_cpumask *llc_mask, *node_mask, *fast_mask;
	struct llc_ctx *lc;
	struct node_ctx *nc;
	s32 ret = 0;
	u32 cpu;

	if (!mc)
		return -TOPO_ENOMEM;
	bpf_rcu_read_lock();
	fast_mask = mc->fast_cpus;
	bpf_for(cpu, 0, cfg.nr_cpu_ids) {
		ci = bpf_map_lookup_elem(&cpu_info, &cpu);
		if (!ci || !ci->present)
			continue;
		lc = bpf_map_lookup_elem(&llc_ctxs, &ci->llc_id);
		nc = bpf_map_lookup_elem(&node_ctxs, &ci->node_id);
		llc_mask = lc ? lc->cpus : NULL;
		node_mask = nc ? nc->cpus : NULL;
		if (!llc_mask || !node_mask) {
			topo_error("CPU %u names LLC %u / node %u beyond the model", cpu, ci->llc_id,
				   ci->node_id);
			ret = -22;
			break;
		}
		bpf_cpumask_set_cpu(cpu, llc_mask);
		bpf_cpumask_set_cpu(cpu, node_mask);
		if (fast_mask && ci->kind == cfg.fast_kind)
			bpf_cpumask_set_cpu(cpu, fast_mask);
	}
	bpf_rcu_read_unlock();
	return ret;
}

static __always_inline s32 setup_topology(void)
{
	s32 ret;

	ret = setup_llcs();
	if (!ret)
		ret = setup_nodes_and_scratch();
	if (!ret)
		ret = fill_masks();
	return ret;
}

static __always_inline s64 new_homed_on(u32 node_id)
{
	struct node_ctx *nc = bpf_map_lookup_elem(&node_ctxs, &node_id);

	return nc ? nc->nr_new_homed : 0;
}

static __always_inline u32 cpus_of_node(u32 node_id)
{
	const struct topo_node_info *ni = bpf_map_lookup_elem(&node_info, &node_id);

	return ni ? ni->nr_cpus : 0;
}

static __always_inline bool node_allows(u32 node_id, const struct task_struct *p)
{
	const struct cpumask *cpus = node_cpus(node_id);

	return cpus && bpf_cpumask_intersects(cpus, p->cpus_ptr);
}

/*
 * The node with the fewest homed tasks per CPU that p may use; the parent's
 * node on a tie, so related tasks stay together until a node fills up. Only
 * tasks forked since attach count: the daemons and kthreads that predate
 * the scheduler sit unevenly on the nodes (mostly asleep) and would skew a
 * burst of new threads towards one node. Nor is "runnable" a fit: new
 * threads often block at once (a start barrier), and would all look idle.
 */
static __always_inline s32 least_loaded_node(const struct task_struct *p, s32 parent_node)
{
	s32 best = node_allows(parent_node, p) ? parent_node : -1;
	u32 node;

	bpf_for(node, 0, cfg.nr_nodes) {
		if (!node_allows(node, p))
			continue;
		if (best < 0 ||
		    topo_node_less_loaded(new_homed_on(best), cpus_of_node(best),
					  new_homed_on(node), cpus_of_node(node)))
			best = node;
	}
	return best;
}

/* A task forked since attach was homed on node_id (+1), or exited (-1). */
static __always_inline void count_new_homed(s32 node_id, s64 delta)
{
	struct node_ctx *nc;
	u32 key = node_id;

	if (node_id < 0)
		return;
	nc = bpf_map_lookup_elem(&node_ctxs, &key);
	if (nc)
		__sync_fetch_and_add(&nc->nr_new_homed, delta);
}

/*
 * Home node, used by --numa-strict: a new task (thread or process) goes to
 * the least-loaded node it may use; a task that predates the scheduler
 * stays on the node it last ran on.
 */
static __always_inline s32 choose_home_node(struct task_struct *p, bool fork)
{
	const struct topo_cpu_info *ci;
	s32 home;

	if (!cfg.numa_strict)
		return -1;
	ci = cpu_info_of(scx_bpf_task_cpu(fork ? bpf_get_current_task_btf() : p));
	if (!ci)
		return -1;
	home = fork ? least_loaded_node(p, ci->node_id) : (s32)ci->node_id;
	return home;
}

#endif /* SCX_TOPO_SETUP_BPF_H */
