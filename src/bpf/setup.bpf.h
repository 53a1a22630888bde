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
	struct node_ctx *nc;
	struct cpu_ctx *cc;
	u32 i;

	bpf_for(i, 0, cfg.nr_nodes) {
		nc = bpf_map_lookup_elem(&node_ctxs, &i);
		if (!nc || install_mask(&nc->cpus))
			return -TOPO_ENOMEM;
	}
	bpf_for(i, 0, cfg.nr_cpu_ids) {
		cc = bpf_map_lookup_elem(&cpu_ctxs, &i);
		if (!cc || install_mask(&cc->scratch))
			return -TOPO_ENOMEM;
	}
	return 0;
}

/* Put each scheduled CPU into its LLC's and node's mask. */
static __always_inline s32 fill_masks(void)
{
	const struct topo_cpu_info *ci;
	struct bpf_cpumask *llc_mask, *node_mask;
	struct llc_ctx *lc;
	struct node_ctx *nc;
	s32 ret = 0;
	u32 cpu;

	bpf_rcu_read_lock();
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

static __always_inline u32 idle_cpus_in_node(u32 node_id, const struct task_struct *p,
					     const struct cpumask *idle, struct bpf_cpumask *tmp)
{
	const struct cpumask *cpus = node_cpus(node_id);

	if (!cpus)
		return 0;
	bpf_cpumask_and(tmp, cpus, idle);
	bpf_cpumask_and(tmp, (const struct cpumask *)tmp, p->cpus_ptr);
	return bpf_cpumask_weight((const struct cpumask *)tmp);
}

/* The node with the most idle CPUs p may use; the parent's node on a tie. */
static __always_inline s32 least_loaded_node(const struct task_struct *p, s32 parent_node)
{
	const struct cpumask *idle;
	struct bpf_cpumask *tmp = bpf_cpumask_create();
	u32 node, nr_idle, best_idle;
	s32 best = parent_node;

	if (!tmp)
		return parent_node;
	idle = scx_bpf_get_idle_cpumask();
	best_idle = idle_cpus_in_node(parent_node, p, idle, tmp);
	bpf_for(node, 0, cfg.nr_nodes) {
		nr_idle = idle_cpus_in_node(node, p, idle, tmp);
		if (nr_idle > best_idle) {
			best = node;
			best_idle = nr_idle;
		}
	}
	scx_bpf_put_idle_cpumask(idle);
	bpf_cpumask_release(tmp);
	return best;
}

/*
 * Home node, used by --numa-strict: a thread shares its process's memory, so
 * it inherits the creating thread's home; a new process goes to the
 * least-loaded node it may use; a task that predates the scheduler stays on
 * the node it last ran on.
 */
static __always_inline s32 choose_home_node(struct task_struct *p, bool fork)
{
	struct task_struct *parent = bpf_get_current_task_btf();
	const struct topo_cpu_info *ci;
	struct task_ctx *parent_ctx;
	s32 parent_node;

	if (!cfg.numa_strict)
		return -1;
	ci = cpu_info_of(scx_bpf_task_cpu(fork ? parent : p));
	if (!ci)
		return -1;
	if (!fork)
		return ci->node_id;
	parent_ctx = bpf_task_storage_get(&task_ctxs, parent, NULL, 0);
	parent_node = parent_ctx && parent_ctx->home_node >= 0 ? parent_ctx->home_node : ci->node_id;
	if (p->tgid == parent->tgid)
		return parent_node;
	return least_loaded_node(p, parent_node);
}

#endif /* SCX_TOPO_SETUP_BPF_H */
