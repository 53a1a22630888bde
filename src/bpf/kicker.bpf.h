/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kicker.bpf.h - a safety net against stranded work.
 *
 * Queued work normally reaches a CPU through the kicks of enqueue and the
 * steals of idle CPUs. An idle CPU that found nothing it could take (all
 * candidates in their migration cooldown, or not allowed there) sleeps
 * without a tick, and nothing would wake it again. Every
 * TOPO_KICK_INTERVAL_NS a timer wakes an idle CPU for each LLC with work
 * waiting (its queue or its CPUs' own queues): of the LLC, else of its node.
 */
#ifndef SCX_TOPO_KICKER_BPF_H
#define SCX_TOPO_KICKER_BPF_H

#include "queue.bpf.h"

#define TOPO_CLOCK_MONOTONIC 1

/*
 * Period of the safety net. Not a tunable: it only bounds how long stranded
 * work waits (a normal kick or steal comes first), and a shorter period
 * costs a walk over every LLC queue on one CPU each time.
 */
#define TOPO_KICK_INTERVAL_NS (10ULL * 1000 * 1000)

struct kicker {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct kicker);
} kicker SEC(".maps");

/* Runs in softirq context: whole masks only, never allowed_in's scratch mask. */
static int kick_stranded(void *map, int *key, struct bpf_timer *timer)
{
	struct llc_ctx *lc;
	u32 llc_id;
	s32 cpu;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		lc = llc_ctx_of(llc_id);
		if (!lc)
			break;
		if (llc_queued(llc_id, lc) <= 0)
			continue;
		cpu = claim_idle_core_first((const struct cpumask *)lc->cpus);
		if (cpu < 0)
			cpu = claim_idle_core_first((const struct cpumask *)lc->node_others);
		if (cpu >= 0) {
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
			stat_inc(TOPO_STAT_KICK);
		}
	}
	bpf_timer_start(timer, TOPO_KICK_INTERVAL_NS, 0);
	return 0;
}

static __always_inline s32 start_kicker(void)
{
	u32 zero = 0;
	struct kicker *k = bpf_map_lookup_elem(&kicker, &zero);

	if (!k) {
		topo_error("no kicker timer");
		return -TOPO_ENOMEM;
	}
	bpf_timer_init(&k->timer, &kicker, TOPO_CLOCK_MONOTONIC);
	bpf_timer_set_callback(&k->timer, kick_stranded);
	return bpf_timer_start(&k->timer, TOPO_KICK_INTERVAL_NS, 0);
}

#endif /* SCX_TOPO_KICKER_BPF_H */
