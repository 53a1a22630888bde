/* SPDX-License-Identifier: GPL-2.0 */
/*
 * claim.bpf.h - take an idle CPU out of a mask, best kind first.
 *
 * On hybrid machines the fastest kind of core goes first, so single-threaded
 * work does not sit on an efficiency core while a performance core idles; on
 * SMT machines a whole idle core goes before an idle sibling. Claiming clears
 * the CPU's idle bit, so two wakers never pick the same CPU.
 */
#ifndef SCX_TOPO_CLAIM_BPF_H
#define SCX_TOPO_CLAIM_BPF_H

#include "ctx.bpf.h"

/* An idle CPU of mask, whole idle cores first on SMT machines, or -1. */
static __always_inline s32 claim_idle_any_in(const struct cpumask *mask)
{
	s32 cpu;

	if (!mask)
		return -1;
	if (cfg.smt_enabled) {
		cpu = scx_bpf_pick_idle_cpu(mask, SCX_PICK_IDLE_CORE);
		if (cpu >= 0)
			return cpu;
	}
	return scx_bpf_pick_idle_cpu(mask, 0);
}

/* An idle CPU of the fastest kind in mask (hybrid machines only), or -1. */
static __always_inline s32 claim_idle_fast_in(const struct cpumask *mask)
{
	return claim_idle_any_in(fast_in(mask));
}

/* An idle CPU of mask: the fastest kind first, then any, or -1. */
static __always_inline s32 claim_idle_in(const struct cpumask *mask)
{
	s32 cpu = claim_idle_fast_in(mask);

	return cpu >= 0 ? cpu : claim_idle_any_in(mask);
}

#endif /* SCX_TOPO_CLAIM_BPF_H */
