/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.bpf.h - per-CPU counters (see TOPO_STAT_LIST in intf.h).
 *
 * The hot paths only increment a per-CPU slot; the loader sums the CPUs.
 */
#ifndef SCX_TOPO_STATS_BPF_H
#define SCX_TOPO_STATS_BPF_H

#include "common.bpf.h"


struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct topo_cpu_stats);
} stats SEC(".maps");

static __always_inline void stat_inc(enum topo_stat_id id)
{
	u32 zero = 0;
	struct topo_cpu_stats *s = bpf_map_lookup_elem(&stats, &zero);

	if (s)
		s->count[id]++;
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);	/* nr_llcs, set by the loader */
	__type(key, u32);
	__type(value, struct topo_llc_stats);
} llc_stats SEC(".maps");

/* A steal by a CPU of thief_llc from victim_llc's queue. */
static __always_inline void count_steal(u32 thief_llc, u32 victim_llc)
{
	struct topo_llc_stats *s;

	s = bpf_map_lookup_elem(&llc_stats, &thief_llc);
	if (s)
		s->steals_in++;
	s = bpf_map_lookup_elem(&llc_stats, &victim_llc);
	if (s)
		s->steals_out++;
}

/* Count a task's move between CPUs by how far it went. */
static __always_inline void count_move(enum topo_level level)
{
	static const enum topo_stat_id stat_of_level[] = {
		[TOPO_LEVEL_SMT] = TOPO_STAT_MIGRATE_SMT,
		[TOPO_LEVEL_LLC] = TOPO_STAT_MIGRATE_LLC,
		[TOPO_LEVEL_NODE] = TOPO_STAT_MIGRATE_NODE,
		[TOPO_LEVEL_REMOTE] = TOPO_STAT_MIGRATE_REMOTE,
	};

	if (level != TOPO_LEVEL_SAME_CPU && level <= TOPO_LEVEL_REMOTE)
		stat_inc(stat_of_level[level]);
}

#endif /* SCX_TOPO_STATS_BPF_H */
