/* SPDX-License-Identifier: GPL-2.0 */
/*
 * placement.bpf.h - which node and LLC a task belongs on.
 */
#ifndef SCX_TOPO_PLACEMENT_BPF_H
#define SCX_TOPO_PLACEMENT_BPF_H

#include "ctx.bpf.h"

/*
 * The node p must stay on under --numa-strict, or -1 when it may roam. A
 * task whose cpumask excludes its home node runs where it may: never a stall.
 */
static __always_inline s32 bound_node_of(const struct task_struct *p, const struct task_ctx *tctx)
{
	const struct cpumask *home_cpus;

	if (!cfg.numa_strict || !tctx || tctx->home_node < 0)
		return -1;
	home_cpus = node_cpus(tctx->home_node);
	if (!home_cpus || !bpf_cpumask_intersects(home_cpus, p->cpus_ptr))
		return -1;
	return tctx->home_node;
}

static __always_inline s32 llc_of_cpu(s32 cpu)
{
	const struct topo_cpu_info *ci = cpu_info_of(cpu);

	return ci ? (s32)ci->llc_id : -1;
}

/*
 * The LLC whose queue p joins when it last ran on cpu: that CPU's LLC,
 * moved to the bound node if it is elsewhere, and moved again to an LLC
 * p's cpumask allows if it allows none of the first choice.
 */
static __always_inline s32 home_llc_of(const struct task_struct *p, s32 cpu, s32 bound)
{
	const struct topo_cpu_info *ci = cpu_info_of(cpu);
	const struct topo_node_info *ni;
	const struct cpumask *cpus, *where;
	u32 node;
	s32 llc_id;

	if (!ci)
		return -1;
	llc_id = ci->llc_id;
	if (bound >= 0 && (u32)bound != ci->node_id) {
		node = bound;
		ni = bpf_map_lookup_elem(&node_info, &node);
		if (!ni)
			return -1;
		llc_id = ni->first_llc;
	}
	if (task_runs_anywhere(p))
		return llc_id;
	cpus = llc_cpus(llc_id);
	if (cpus && bpf_cpumask_intersects(cpus, p->cpus_ptr))
		return llc_id;
	where = bound >= 0 ? allowed_in(p, node_cpus(bound)) : p->cpus_ptr;
	if (!where)
		return -1;
	return llc_of_cpu(bpf_cpumask_any_distribute(where));
}

#endif /* SCX_TOPO_PLACEMENT_BPF_H */
