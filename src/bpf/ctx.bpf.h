/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctx.bpf.h - the scheduler's maps, its per-CPU, per-LLC and per-node
 * contexts, and their lookup helpers.
 *
 * The topology arrays (cpu_info, llc_info, node_info, steal_order,
 * node_order) are the loader's description of the machine, written after
 * load and before attach; the loader also sizes every array to the machine.
 * ops.init (setup.bpf.h) turns them into the *_ctx contexts once: every
 * fact and mask a hot path needs is then one lookup away, and no hot path
 * combines masks that never change.
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
TOPO_ARRAY(node_snapshot, struct topo_node_snapshot); /* nr_nodes, see topo_snapshot */
TOPO_ARRAY(node_load, struct topo_node_load);	/* nr_nodes, written by the loader */
TOPO_ARRAY(node_stats, struct topo_node_stats);	/* nr_nodes, atomics */

/*
 * A CPU's place in the machine, its scratch mask and its own-queue count.
 * Read-only after init but for the count.
 */
struct cpu_ctx {
	struct topo_cpu_info info;	/* the loader's entry, copied at init */
	bool fast;		/* of the fastest kind; every CPU when !cfg.prefer_fast */
	s32 llc_next;		/* the next CPU of this LLC (a ring, built at init) */
	/*
	 * Only this CPU's scheduler callbacks use it (allowed_in), and they run
	 * with interrupts off (rq or pi lock held): none can start on this CPU
	 * while another holds a result in it. Code running with interrupts on
	 * must not use it, or a wakeup from an interrupt (select_cpu) could
	 * overwrite it mid-use: the kicker's timer callback (softirq,
	 * kicker.bpf.h) and the syscall programs (topo_snapshot, topo_rehome)
	 * do not.
	 */
	struct bpf_cpumask __kptr *scratch;
	/*
	 * Tasks waiting in this CPU's own queue (queue.bpf.h), kept like the
	 * LLC's total below: a zero spares the hot paths a DSQ lookup by id (a
	 * hash lookup in the kernel). Written at every own-queue entry and
	 * exit: off the read-mostly line.
	 */
	s32 nr_own_queued __attribute__((aligned(64)));
};

struct llc_ctx {
	struct bpf_cpumask __kptr *cpus;
	struct bpf_cpumask __kptr *fast_cpus;	/* cpus of the fastest kind */
	struct bpf_cpumask __kptr *node_others;	/* the node's CPUs outside this LLC */
	u32 node_id;
	u32 nr_cpus;
	u32 nr_steal;		/* valid entries in this LLC's row of steal_order */
	u32 nr_steal_same_node;	/* leading entries of that row on the same node */
	s32 first_cpu;		/* where a walk of this LLC's ring of CPUs starts */
	s32 last_cpu;		/* init only: the highest CPU linked into the ring so far */
	/* Written on every context switch: keep it off the read-mostly line. */
	u64 vtime_now __attribute__((aligned(64)));
	/*
	 * Tasks waiting in the own queues of this LLC's CPUs (queue.bpf.h), so
	 * that steals and pulls see them without walking every CPU. Kept by
	 * atomic adds; a task that leaves the scheduler class while it waits
	 * there is not subtracted (rare; it only costs a walk that finds nothing).
	 */
	s32 nr_own_queued;
};

struct node_ctx {
	struct bpf_cpumask __kptr *cpus;
	struct bpf_cpumask __kptr *fast_cpus;
	u32 nr_cpus;
	u32 first_llc;		/* where work bound here starts when it ran elsewhere */
};

TOPO_ARRAY(cpu_ctxs, struct cpu_ctx);
TOPO_ARRAY(llc_ctxs, struct llc_ctx);
TOPO_ARRAY(node_ctxs, struct node_ctx);

struct task_ctx {
	u64 vtime;		/* weighted run time, the queue's sort key */
	s32 vtime_llc;		/* the LLC whose clock vtime is measured against */
	s32 last_cpu;
	u64 run_start_ns;
	u64 queued_at_ns;	/* when it entered an LLC queue, 0 when not waiting in one */
	s32 own_queue_cpu;	/* the CPU whose own queue it waits in, or -1 */
	u64 last_move_ns;	/* when it last changed LLC */
	/* Process home (homes.bpf.h). */
	s32 home_node;		/* -1: none (kthreads, one-node machines) */
	bool spilled;		/* homed off its process's node: keeps its own home */
	bool home_released;	/* its exit is counted in homes_released */
	bool saw_no_idle;	/* its select_cpu searched all it may use and found no idle CPU */
	u64 homed_at_ns;	/* when it got its home */
	u64 homes_epoch;	/* homes_epoch when home_node was last read */
	u64 unflushed_ns;	/* runnable time not yet added to its process */
	u64 unflushed_wait_ns;	/* of that, the time it waited */
	/* Who it wakes (affinity.bpf.h). */
	s32 last_wakee;		/* pid */
	u32 wakee_flips;	/* changes of wakee, halved every second */
	u64 flips_decay_ns;
	u64 woke_partner_ns;	/* when it last woke a partner, 0 once it stopped since */
	u32 handovers;		/* hand-offs: slept right after waking a partner */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

/* Lookups that cannot miss for a valid id: a miss is a bug, so say so. */
static __always_inline struct cpu_ctx *cpu_ctx_of(s32 cpu)
{
	u32 key = cpu;
	struct cpu_ctx *cc = bpf_map_lookup_elem(&cpu_ctxs, &key);

	if (!cc)
		topo_error("no cpu_ctx for CPU %d", cpu);
	return cc;
}

static __always_inline struct llc_ctx *llc_ctx_of(u32 llc_id)
{
	struct llc_ctx *lc = bpf_map_lookup_elem(&llc_ctxs, &llc_id);

	if (!lc)
		topo_error("no llc_ctx for LLC %u", llc_id);
	return lc;
}

static __always_inline struct node_ctx *node_ctx_of(u32 node_id)
{
	struct node_ctx *nc = bpf_map_lookup_elem(&node_ctxs, &node_id);

	if (!nc)
		topo_error("no node_ctx for node %u", node_id);
	return nc;
}

static __always_inline const struct cpumask *llc_cpus(u32 llc_id)
{
	struct llc_ctx *lc = llc_ctx_of(llc_id);

	return lc ? (const struct cpumask *)lc->cpus : NULL;
}

static __always_inline const struct cpumask *node_cpus(u32 node_id)
{
	struct node_ctx *nc = node_ctx_of(node_id);

	return nc ? (const struct cpumask *)nc->cpus : NULL;
}

static __always_inline s32 llc_of_cpu(s32 cpu)
{
	struct cpu_ctx *cc = cpu_ctx_of(cpu);

	return cc ? (s32)cc->info.llc_id : -1;
}

/* The node of a CPU the machine has, or -1 (not present). */
static __always_inline s32 node_of_cpu(s32 cpu)
{
	struct cpu_ctx *cc = cpu_ctx_of(cpu);

	return cc && cc->info.present ? (s32)cc->info.node_id : -1;
}

static __always_inline struct bpf_cpumask *scratch_mask(void)
{
	u32 cpu = bpf_get_smp_processor_id();
	struct cpu_ctx *cc = bpf_map_lookup_elem(&cpu_ctxs, &cpu);

	return cc ? cc->scratch : NULL;
}

/* The DSQ of cpu's own queue (intf.h). */
static __always_inline u64 cpu_dsq(s32 cpu)
{
	return TOPO_CPU_DSQ_BASE + (u64)cpu;
}

/* Stop counting the task (context tctx) in the own-queue totals of its CPU and that CPU's LLC. */
static __always_inline void leave_own_queue(struct task_ctx *tctx)
{
	struct cpu_ctx *cc;
	struct llc_ctx *lc;
	s32 cpu = tctx->own_queue_cpu;

	if (cpu < 0)
		return;
	tctx->own_queue_cpu = -1;
	cc = cpu_ctx_of(cpu);
	if (!cc)
		return;
	__sync_fetch_and_sub(&cc->nr_own_queued, 1);
	lc = llc_ctx_of(cc->info.llc_id);
	if (lc)
		__sync_fetch_and_sub(&lc->nr_own_queued, 1);
}

/*
 * Count the task in the own-queue totals of cpu (cc) and its LLC (lc) until
 * it runs. Requeued elsewhere before it ran (an affinity change), it moves.
 */
static __always_inline void enter_own_queue(struct task_ctx *tctx, s32 cpu, struct cpu_ctx *cc,
					    struct llc_ctx *lc)
{
	if (tctx->own_queue_cpu == cpu)
		return;
	leave_own_queue(tctx);
	tctx->own_queue_cpu = cpu;
	__sync_fetch_and_add(&cc->nr_own_queued, 1);
	__sync_fetch_and_add(&lc->nr_own_queued, 1);
}

/* Whether anything waits in cpu's own queue (cc): a stale count only costs a look. */
static __always_inline bool own_queue_used(const struct cpu_ctx *cc)
{
	return cc->nr_own_queued > 0;
}

/* Everything waiting on an LLC: its queue and its CPUs' own queues. */
static __always_inline s32 llc_queued(u32 llc_id, const struct llc_ctx *lc)
{
	s32 own = lc->nr_own_queued;

	return scx_bpf_dsq_nr_queued(llc_id) + (own > 0 ? own : 0);
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
	struct cpu_ctx *cc;

	if (!cfg.prefer_fast)
		return true;
	cc = cpu_ctx_of(cpu);
	return cc && cc->fast;
}

#endif /* SCX_TOPO_CTX_BPF_H */
