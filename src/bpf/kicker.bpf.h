/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kicker.bpf.h - a safety net against stranded work.
 *
 * Queued work normally reaches a CPU through the kicks of enqueue and the
 * steals of idle CPUs. An idle CPU that found nothing it could take (all
 * candidates in their migration cooldown, or not allowed there) sleeps
 * without a tick, and nothing would wake it again. Every kick_interval_ns a
 * timer wakes an idle CPU for each non-empty LLC queue: of the LLC, else of
 * its node.
 */
#ifndef SCX_TOPO_KICKER_BPF_H
#define SCX_TOPO_KICKER_BPF_H

#include "queue.bpf.h"

#define TOPO_CLOCK_MONOTONIC 1

struct kicker {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct kicker);
} kicker SEC(".maps");

static int kick_stranded(void *map, int *key, struct bpf_timer *timer)
{
	struct llc_ctx *lc;
	u32 llc_id;
	s32 cpu;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		if (scx_bpf_dsq_nr_queued(llc_id) <= 0)
			continue;
		lc = llc_ctx_of(llc_id);
		if (!lc)
			break;
		cpu = claim_idle_core_first((const struct cpumask *)lc->cpus);
		if (cpu < 0)
			cpu = claim_idle_core_first((const struct cpumask *)lc->node_others);
		if (cpu >= 0) {
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
			stat_inc(TOPO_STAT_KICK);
		}
	}
	bpf_timer_start(timer, cfg.kick_interval_ns, 0);
	return 0;
}

static __always_inline s32 start_kicker(void)
{
	u32 zero = 0;
	struct kicker *k = bpf_map_lookup_elem(&kicker, &zero);

	if (!k)
		return -TOPO_ENOMEM;
	bpf_timer_init(&k->timer, &kicker, TOPO_CLOCK_MONOTONIC);
	bpf_timer_set_callback(&k->timer, kick_stranded);
	return bpf_timer_start(&k->timer, cfg.kick_interval_ns, 0);
}

#endif /* SCX_TOPO_KICKER_BPF_H */
