/* SPDX-License-Identifier: GPL-2.0 */
/*
 * placement.bpf.h - which node and LLC a task belongs on.
 */
#ifndef SCX_TOPO_PLACEMENT_BPF_H
#define SCX_TOPO_PLACEMENT_BPF_H

#include "homes.bpf.h"

/*
 * The node p prefers (its home, homes.bpf.h), or -1. A task whose cpumask
 * excludes its home runs where it may: never a stall.
 */
static __always_inline s32 preferred_node_of(const struct task_struct *p, struct task_ctx *tctx)
{
	s32 home = home_of(p, tctx);
	const struct cpumask *home_cpus;

	if (home < 0 || task_runs_anywhere(p))
		return home;
	home_cpus = node_cpus(home);
	if (!home_cpus || !bpf_cpumask_intersects(home_cpus, p->cpus_ptr))
		return -1;
	return home;
}

/* The node p must stay on: its preferred node under --numa-strict, else -1. */
static __always_inline s32 bound_node_of(const struct task_struct *p, struct task_ctx *tctx)
{
	return cfg.numa_strict ? preferred_node_of(p, tctx) : -1;
}

/* Anonymous pages of p's process (the kernel's approximate RSS counter). */
static __always_inline u64 anon_pages_of(const struct task_struct *p)
{
	struct mm_struct *mm = p->mm;
	s64 pages;

	if (!mm)
		return 0;
	pages = mm->rss_stat[MM_ANONPAGES].count;
	return pages > 0 ? pages : 0;
}

/*
 * The node a wakeup of p keeps to before looking near its waker or its
 * previous CPU, or -1: the home it is bound to under --numa-strict;
 * without it, the preferred node pref when p's process holds more memory
 * than a cache (policy/homing.h): that memory was touched on the home.
 */
static __always_inline s32 anchor_node_of(const struct task_struct *p, s32 pref)
{
	if (cfg.numa_strict || pref < 0)
		return pref;
	return anon_pages_of(p) >= cfg.home_mem_pages ? pref : -1;
}

/*
 * The LLC to queue p on, or to start its idle search from, when it last ran
 * on cpu (described by cc): that CPU's LLC, moved to node_id if it is
 * elsewhere, and moved again to an LLC p's cpumask allows if it allows none
 * of the first choice.
 */
static __always_inline s32 start_llc_of(const struct task_struct *p, const struct cpu_ctx *cc,
					s32 node_id)
{
	const struct cpumask *cpus, *where;
	struct node_ctx *nc;
	s32 llc_id = cc->info.llc_id;

	if (node_id >= 0 && (u32)node_id != cc->info.node_id) {
		nc = node_ctx_of(node_id);
		if (!nc)
			return -1;
		llc_id = nc->first_llc;
	}
	if (task_runs_anywhere(p))
		return llc_id;
	cpus = llc_cpus(llc_id);
	if (cpus && bpf_cpumask_intersects(cpus, p->cpus_ptr))
		return llc_id;
	where = node_id >= 0 ? allowed_in(p, node_cpus(node_id)) : p->cpus_ptr;
	if (!where)
		return -1;
	return llc_of_cpu(bpf_cpumask_any_distribute(where));
}

#endif /* SCX_TOPO_PLACEMENT_BPF_H */
