/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctx.bpf.h - the scheduler's maps and their lookup helpers.
 *
 * The topology arrays (cpu_info, llc_info, node_info, steal_order,
 * node_order) are written by the loader after load and before attach; the
 * loader also sizes every array to the machine. The *_ctx maps hold what
 * the BPF side builds or changes at run time.
 */
#ifndef SCX_TOPO_CTX_BPF_H
#define SCX_TOPO_CTX_BPF_H

#include "common.bpf.h"
#include "stats.bpf.h"

#define TOPO_ARRAY(name, value_type)              \
	struct {                                  \
		__uint(type, BPF_MAP_TYPE_ARRAY); \
		__uint(max_entries, 1);           \
		__type(key, u32);                 \
		__type(value, value_type);        \
	} name SEC(".maps")

TOPO_ARRAY(cpu_info, struct topo_cpu_info);	/* nr_cpu_ids entries */
TOPO_ARRAY(llc_info, struct topo_llc_info);	/* nr_llcs */
TOPO_ARRAY(node_info, struct topo_node_info);	/* nr_nodes */
TOPO_ARRAY(steal_order, u32);			/* nr_llcs rows of nr_llcs LLC ids */
TOPO_ARRAY(node_order, u32);			/* nr_nodes rows: nodes by distance */
TOPO_ARRAY(llc_snapshot, struct topo_llc_snapshot); /* nr_llcs, see topo_snapshot */

struct llc_ctx {
	struct bpf_cpumask __kptr *cpus;
	/* Written on every context switch: keep it off the read-mostly line. */
	u64 vtime_now __attribute__((aligned(64)));
};

struct node_ctx {
	struct bpf_cpumask __kptr *cpus;
	s64 nr_new_homed;	/* live tasks forked since attach homed here (--numa-strict) */
};

/* Per-CPU scratch masks; callbacks run with preemption off, so no sharing. */
struct cpu_ctx {
	struct bpf_cpumask __kptr *scratch;		/* allowed_in() */
	struct bpf_cpumask __kptr *scratch_fast;	/* fast_in() */
};

/* Machine-wide masks; one entry. */
struct machine_ctx {
	struct bpf_cpumask __kptr *fast_cpus;	/* CPUs of kind cfg.fast_kind (hybrid) */
};

TOPO_ARRAY(llc_ctxs, struct llc_ctx);
TOPO_ARRAY(node_ctxs, struct node_ctx);
TOPO_ARRAY(cpu_ctxs, struct cpu_ctx);
TOPO_ARRAY(machine_ctxs, struct machine_ctx);

struct task_ctx {
	u64 vtime;		/* weighted run time, the queue's sort key */
	s32 vtime_llc;		/* the LLC whose clock vtime is measured against */
	u64 run_start_ns;
	u64 last_move_ns;	/* when it last changed LLC */
	s32 last_cpu;
	s32 home_node;		/* dense node id; used by --numa-strict */
	bool home_counted;	/* counted in its home's nr_new_homed */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

/* Lookups that cannot miss for a valid id: a miss is a bug, so say so. */
static __always_inline const struct topo_cpu_info *cpu_info_of(s32 cpu)
{
	u32 key = cpu;
	const struct topo_cpu_info *ci = bpf_map_lookup_elem(&cpu_info, &key);

	if (!ci)
		topo_error("no cpu_info for CPU %d", cpu);
	return ci;
}

static __always_inline const struct topo_llc_info *llc_info_of(u32 llc_id)
{
	const struct topo_llc_info *li = bpf_map_lookup_elem(&llc_info, &llc_id);

	if (!li)
		topo_error("no llc_info for LLC %u", llc_id);
	return li;
}

static __always_inline struct llc_ctx *llc_ctx_of(u32 llc_id)
{
	struct llc_ctx *lc = bpf_map_lookup_elem(&llc_ctxs, &llc_id);

	if (!lc)
		topo_error("no llc_ctx for LLC %u", llc_id);
	return lc;
}

static __always_inline const struct cpumask *llc_cpus(u32 llc_id)
{
	struct llc_ctx *lc = llc_ctx_of(llc_id);

	return lc ? (const struct cpumask *)lc->cpus : NULL;
}

static __always_inline const struct cpumask *node_cpus(u32 node_id)
{
	struct node_ctx *nc = bpf_map_lookup_elem(&node_ctxs, &node_id);

	return nc ? (const struct cpumask *)nc->cpus : NULL;
}

static __always_inline struct machine_ctx *machine_ctx(void)
{
	u32 zero = 0;

	return bpf_map_lookup_elem(&machine_ctxs, &zero);
}

static __always_inline struct cpu_ctx *this_cpu_ctx(void)
{
	u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&cpu_ctxs, &cpu);
}

static __always_inline struct bpf_cpumask *scratch_mask(void)
{
	struct cpu_ctx *cc = this_cpu_ctx();

	return cc ? cc->scratch : NULL;
}

static __always_inline struct task_ctx *task_ctx_of(struct task_struct *p)
{
	return bpf_task_storage_get(&task_ctxs, p, NULL, 0);
}

/* Entry k of an LLC's steal order, or -1. */
static __always_inline s32 steal_victim_at(u32 llc_id, u32 k)
{
	u32 key = llc_id * cfg.nr_llcs + k;
	u32 *victim = bpf_map_lookup_elem(&steal_order, &key);

	return victim ? (s32)*victim : -1;
}

/* The k-th nearest node to node_id (k = 0 is node_id itself), or -1. */
static __always_inline s32 node_at_distance_rank(u32 node_id, u32 k)
{
	u32 key = node_id * cfg.nr_nodes + k;
	u32 *node = bpf_map_lookup_elem(&node_order, &key);

	return node ? (s32)*node : -1;
}

static __always_inline bool task_runs_anywhere(const struct task_struct *p)
{
	return p->nr_cpus_allowed >= cfg.nr_cpu_ids;
}

/*
 * mask limited to what p may use. Returns mask itself when p may run
 * anywhere (the common case: no copy), else the CPU's scratch mask.
 */
static __always_inline const struct cpumask *allowed_in(const struct task_struct *p,
							 const struct cpumask *mask)
{
	struct bpf_cpumask *scratch;

	if (!mask || task_runs_anywhere(p))
		return mask;
	scratch = scratch_mask();
	if (!scratch)
		return NULL;
	bpf_cpumask_and(scratch, mask, p->cpus_ptr);
	return (const struct cpumask *)scratch;
}

/* Whether cpu is of the fastest kind; every CPU is on a homogeneous machine. */
static __always_inline bool cpu_is_fast(s32 cpu)
{
	const struct topo_cpu_info *ci;

	if (!cfg.prefer_fast)
		return true;
	ci = cpu_info_of(cpu);
	return ci && ci->kind == cfg.fast_kind;
}

/* The fastest CPUs of mask (hybrid machines only), or NULL. */
static __always_inline const struct cpumask *fast_in(const struct cpumask *mask)
{
	struct machine_ctx *mc;
	struct cpu_ctx *cc;
	struct bpf_cpumask *fast;

	if (!cfg.prefer_fast || !mask)
		return NULL;
	mc = machine_ctx();
	cc = this_cpu_ctx();
	fast = cc ? cc->scratch_fast : NULL;
	if (!mc || !mc->fast_cpus || !fast)
		return NULL;
	if (!bpf_cpumask_and(fast, mask, (const struct cpumask *)mc->fast_cpus))
		return NULL;	/* empty */
	return (const struct cpumask *)fast;
}

#endif /* SCX_TOPO_CTX_BPF_H */
