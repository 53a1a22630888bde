/* SPDX-License-Identifier: GPL-2.0 */
/*
 * homes.bpf.h - process home nodes (machines of two or more nodes).
 *
 * A home node belongs to a process: its threads share it, so threads that
 * share memory and wake each other meet on one node. A new process goes to
 * the node with the least load per CPU (policy/homing.h); its threads join
 * it while they fit the node's CPUs, and the ones beyond that spill onto the
 * nearest node with room, keeping a home of their own. A process that
 * predates the scheduler starts at the node it runs on; the loader then
 * adopts it to the node holding most of its memory, and its balancer moves
 * whole processes between nodes (topo_rehome). With --numa-strict the home
 * bounds where a task runs (placement.bpf.h); without it, it is where
 * wakeups look first.
 *
 * Threads cache their home in task_ctx. A rehome bumps homes_epoch, and a
 * thread re-reads its process's record only when the epoch moved: the hot
 * paths do no hash lookup while homes stay put.
 */
#ifndef SCX_TOPO_HOMES_BPF_H
#define SCX_TOPO_HOMES_BPF_H

#include "ctx.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, TOPO_MAX_PROCS);
	__type(key, u32);
	__type(value, struct topo_proc_info);
} proc_ctxs SEC(".maps");

/* Bumped by every rehome; read on every placement, so alone on its line. */
struct {
	u64 value;
	u64 pad[7];
} homes_epoch __attribute__((aligned(64)));

#define TOPO_PF_KTHREAD 0x00200000	/* PF_* are #defines, so not in BTF */

static __always_inline struct topo_node_stats *node_stats_of(s32 node_id)
{
	u32 key = node_id;

	return node_id >= 0 ? bpf_map_lookup_elem(&node_stats, &key) : NULL;
}

static __always_inline void count_node(s32 node_id, u32 field_offset, s64 delta)
{
	struct topo_node_stats *ns = node_stats_of(node_id);

	if (ns)
		__sync_fetch_and_add((s64 *)((char *)ns + field_offset), delta);
}

#define node_stat_add(node_id, field, delta) \
	count_node(node_id, __builtin_offsetof(struct topo_node_stats, field), delta)

/*
 * Load per CPU of node_id as a task placed now sees it (policy/homing.h);
 * *pending gets the homes handed out there in the last second that live.
 */
static __always_inline u64 node_load_now(u32 node_id, u32 nr_cpus, u64 *pending)
{
	struct topo_node_load *nl = bpf_map_lookup_elem(&node_load, &node_id);
	struct topo_node_stats *ns = node_stats_of(node_id);
	u64 handed, gone, gone_young;

	*pending = 0;
	if (!nl || !ns)
		return (u64)-1;
	handed = topo_count_since(ns->homes_assigned, nl->homes_at_publish);
	gone = topo_count_since(ns->homes_released, nl->released_at_publish);
	gone_young = topo_count_since(ns->homes_released_young, nl->released_young_at_publish);
	*pending = topo_pending_homes(handed, gone_young);
	return topo_node_load_now(nl->load_milli, *pending, gone, nr_cpus);
}

static __always_inline bool node_allows(const struct node_ctx *nc, const struct task_struct *p)
{
	const struct cpumask *cpus = (const struct cpumask *)nc->cpus;

	return cpus && bpf_cpumask_intersects(cpus, p->cpus_ptr);
}

/*
 * The node p may use with the least load per CPU, looking from near_node
 * outwards so that ties go to the nearest, from rank first_rank on (0:
 * near_node itself first, 1: other nodes only), or -1.
 */
static __always_inline s32 least_loaded_node(const struct task_struct *p, u32 near_node,
					     u32 first_rank)
{
	u64 load, pending, best_load = (u64)-1, best_pending = 0;
	struct node_ctx *nc;
	s32 node, best = -1;
	u32 k;

	bpf_for(k, first_rank, cfg.nr_nodes) {
		node = node_at_distance_rank(near_node, k);
		if (node < 0)
			break;
		nc = node_ctx_of(node);
		if (!nc || !node_allows(nc, p))
			continue;
		load = node_load_now(node, nc->nr_cpus, &pending);
		topo_trace("home? pid=%d node=%d load=%llu pending=%llu", p->pid, node, load, pending);
		if (topo_better_home(load, pending, best_load, best_pending, nc->nr_cpus)) {
			best = node;
			best_load = load;
			best_pending = pending;
		}
	}
	return best;
}

/* Idle CPUs of a node now (the kernel's idle mask). */
static __always_inline u32 node_idle_cpus(const struct node_ctx *nc)
{
	const struct cpumask *cpus = (const struct cpumask *)nc->cpus, *idle;
	struct bpf_cpumask *scratch = scratch_mask();

	if (!scratch || !cpus)
		return 0;
	idle = scx_bpf_get_idle_cpumask();
	bpf_cpumask_and(scratch, idle, cpus);
	scx_bpf_put_idle_cpumask(idle);
	return bpf_cpumask_weight((const struct cpumask *)scratch);
}

/*
 * The nearest node other than home that p may use, that proc has not
 * filled yet and that has an idle CPU now, or -1; *idle_cpus gets how many.
 */
static __always_inline s32 nearest_node_with_room(const struct task_struct *p,
						  const struct topo_proc_info *proc, u32 home,
						  u32 *idle_cpus)
{
	struct node_ctx *nc;
	s32 node;
	u32 k;

	bpf_for(k, 1, cfg.nr_nodes) {
		node = node_at_distance_rank(home, k);
		if (node < 0)
			break;
		nc = node_ctx_of(node);
		if (!nc || (proc->spill_filled & (1ULL << (node & 63))) || !node_allows(nc, p))
			continue;
		*idle_cpus = node_idle_cpus(nc);
		if (*idle_cpus > 0)
			return node;
	}
	return -1;
}

/*
 * Where a thread that does not fit its process's home goes: the node its
 * process spills to while that node has room left for it, else the nearest
 * other node with an idle CPU that the process has not filled, which takes
 * as many of its threads as it has idle CPUs now; else the least loaded
 * other node; never the full home itself (-1 only when p may use no other
 * node). Room is counted, not read from the loads: inside a fork burst
 * they lag a second, and threads waiting at a start barrier leave their
 * node's CPUs idle (design.md).
 */
static __always_inline s32 spill_node(const struct task_struct *p, struct topo_proc_info *proc,
				      u32 home)
{
	struct node_ctx *nc;
	u32 idle_cpus = 0;
	s32 node = proc->spill_node;

	nc = node >= 0 ? node_ctx_of(node) : NULL;
	if (nc && proc->spill_room > 0 && node_allows(nc, p)) {
		proc->spill_room--;
		return node;
	}
	if (node >= 0)
		proc->spill_filled |= 1ULL << (node & 63);
	node = nearest_node_with_room(p, proc, home, &idle_cpus);
	if (node < 0)
		return least_loaded_node(p, home, 1);
	proc->spill_node = node;
	proc->spill_room = idle_cpus - 1;
	return node;
}

/* The home of a process being created: near its parent's node, least loaded first. */
static __always_inline s32 new_process_home(const struct task_struct *p, bool fork)
{
	struct task_struct *parent = bpf_get_current_task_btf();
	struct task_ctx *parent_tctx;
	struct cpu_ctx *cc;

	cc = cpu_ctx_of(scx_bpf_task_cpu(fork ? parent : p));
	if (!cc)
		return -1;
	if (!fork)	/* predates the scheduler: the loader adopts it by its memory */
		return cc->info.node_id;
	parent_tctx = task_ctx_of(parent);
	if (parent_tctx && parent_tctx->home_node >= 0)
		return least_loaded_node(p, parent_tctx->home_node, 0);
	return least_loaded_node(p, cc->info.node_id, 0);
}

/* p's process record, created with home new_home if it is the first thread seen. */
static __always_inline struct topo_proc_info *process_of(const struct task_struct *p, s32 new_home)
{
	struct topo_proc_info fresh = { .home_node = new_home, .spill_node = -1 }, *proc;
	u32 tgid = p->tgid;

	proc = bpf_map_lookup_elem(&proc_ctxs, &tgid);
	if (proc || new_home < 0)
		return proc;
	if (bpf_map_update_elem(&proc_ctxs, &tgid, &fresh, BPF_NOEXIST) == 0)
		node_stat_add(new_home, nr_procs, 1);
	return bpf_map_lookup_elem(&proc_ctxs, &tgid);
}

static __always_inline bool has_home(const struct task_struct *p)
{
	/* Kernel threads have no memory of their own to be near. */
	return cfg.numa_homes && !(p->flags & TOPO_PF_KTHREAD) && p->mm;
}

/* ops.init_task: give p its home, joining its process or starting one. */
static __always_inline void join_process(struct task_struct *p, struct task_ctx *tctx, bool fork)
{
	struct topo_proc_info *proc;
	struct node_ctx *nc;
	s32 home = -1, spill;
	u32 threads;

	tctx->home_node = -1;
	if (!has_home(p))
		return;
	if (p->pid == p->tgid || !fork)
		home = new_process_home(p, fork);
	proc = process_of(p, home);
	if (!proc)
		return;
	threads = __sync_fetch_and_add(&proc->nr_threads, 1) + 1;
	home = proc->home_node;
	nc = node_ctx_of(home);
	if (fork && nc && topo_thread_spills(threads - 1 - proc->nr_spilled, nc->nr_cpus)) {
		spill = spill_node(p, proc, home);
		if (spill >= 0) {
			home = spill;
			tctx->spilled = true;
			__sync_fetch_and_add(&proc->nr_spilled, 1);
			node_stat_add(home, spilled_in, 1);
		}
	}
	tctx->home_node = home;
	tctx->homes_epoch = homes_epoch.value;
	tctx->homed_at_ns = bpf_ktime_get_ns();
	node_stat_add(home, homes_assigned, 1);
	topo_trace("home pid=%d tgid=%d node=%d spilled=%d", p->pid, p->tgid, home, tctx->spilled);
}

/* Add p's banked runnable time to its process, for the balancer. */
static __always_inline void flush_run_time(const struct task_struct *p, struct task_ctx *tctx)
{
	struct topo_proc_info *proc;
	u32 tgid = p->tgid;

	if (!tctx->unflushed_ns)
		return;
	proc = bpf_map_lookup_elem(&proc_ctxs, &tgid);
	if (proc) {
		__sync_fetch_and_add(&proc->runnable_ns, tctx->unflushed_ns);
		__sync_fetch_and_add(&proc->waited_ns, tctx->unflushed_wait_ns);
	}
	tctx->unflushed_ns = 0;
	tctx->unflushed_wait_ns = 0;
}

/*
 * ops.running: bank the time p waited in an LLC queue. With its run time it
 * makes the process's runnable time: how many CPUs it would keep busy,
 * which its CPU time alone understates on a crowded node. The wait alone
 * tells the balancer which processes an idle CPU elsewhere would help.
 */
static __always_inline void bank_wait_time(struct task_ctx *tctx, u64 now)
{
	u64 waited;

	if (!tctx->queued_at_ns)
		return;
	if (tctx->home_node >= 0 && now > tctx->queued_at_ns) {
		waited = now - tctx->queued_at_ns;
		tctx->unflushed_ns += waited;
		tctx->unflushed_wait_ns += waited;
	}
	tctx->queued_at_ns = 0;
}

/* ops.stopping: bank ran_ns; processes are summed in batches, not per switch. */
static __always_inline void bank_run_time(const struct task_struct *p, struct task_ctx *tctx,
					  u64 ran_ns)
{
	if (tctx->home_node < 0)
		return;
	tctx->unflushed_ns += ran_ns;
	if (tctx->unflushed_ns >= cfg.home_flush_ns)
		flush_run_time(p, tctx);
}

/*
 * Count p's exit against its home, once: at its last switch-out (ops.stopping
 * of a task past exit_notify), or at the latest in ops.exit_task. That one
 * comes only when the task struct is freed, an RCU grace period or more
 * later: a program started right after another ended would still see the
 * dead threads' node busy (homing.h).
 */
static __always_inline void release_home(const struct task_struct *p, struct task_ctx *tctx)
{
	struct cpu_ctx *cc;

	if (tctx->home_node < 0 || tctx->home_released)
		return;
	tctx->home_released = true;
	/* The node load counted it where it ran, which --numa-strict alone makes its home. */
	cc = cpu_ctx_of(scx_bpf_task_cpu(p));
	if (cc)
		node_stat_add(cc->info.node_id, homes_released, 1);
	if (bpf_ktime_get_ns() - tctx->homed_at_ns < TOPO_HOMES_LAG_NS)
		node_stat_add(tctx->home_node, homes_released_young, 1);
}

/* ops.exit_task: leave the process; the last thread out removes its record. */
static __always_inline void leave_process(const struct task_struct *p, struct task_ctx *tctx)
{
	struct topo_proc_info *proc;
	u32 tgid = p->tgid;

	if (tctx->home_node < 0)
		return;
	release_home(p, tctx);
	flush_run_time(p, tctx);
	proc = bpf_map_lookup_elem(&proc_ctxs, &tgid);
	if (!proc)
		return;
	if (tctx->spilled)
		__sync_fetch_and_sub(&proc->nr_spilled, 1);
	if (__sync_fetch_and_sub(&proc->nr_threads, 1) != 1)
		return;
	node_stat_add(proc->home_node, nr_procs, -1);
	bpf_map_delete_elem(&proc_ctxs, &tgid);
}

/* p's home node now (-1: none), re-read from its process after a rehome. */
static __always_inline s32 home_of(const struct task_struct *p, struct task_ctx *tctx)
{
	struct topo_proc_info *proc;
	u64 epoch = homes_epoch.value;
	u32 tgid;

	if (!tctx)
		return -1;
	if (tctx->homes_epoch == epoch || tctx->home_node < 0 || tctx->spilled)
		return tctx->home_node;
	tgid = p->tgid;
	proc = bpf_map_lookup_elem(&proc_ctxs, &tgid);
	if (proc)
		tctx->home_node = proc->home_node;
	tctx->homes_epoch = epoch;
	return tctx->home_node;
}

/*
 * Move proc's home to node_id; counted as a rehome unless it is a first
 * placement (adopt). Threads pick the new home up through the epoch.
 */
static __always_inline void move_process_home(struct topo_proc_info *proc, s32 node_id, bool adopt)
{
	s32 old = proc->home_node;

	proc->home_node = node_id;
	node_stat_add(old, nr_procs, -1);
	node_stat_add(node_id, nr_procs, 1);
	if (!adopt) {
		proc->nr_rehomes++;
		proc->rehomed_at_ns = bpf_ktime_get_ns();
		node_stat_add(old, rehomes_out, 1);
		node_stat_add(node_id, rehomes_in, 1);
	}
	__sync_fetch_and_add(&homes_epoch.value, 1);
}

/*
 * ops.set_cpumask: a thread whose new cpumask excludes its home gets one it
 * may use, the least loaded nearest its old home. A single-threaded process
 * takes it as the process's home (taskset and numactl set the mask between
 * fork and exec, after the process got its home); a thread of a larger one
 * keeps it as its own. Without this a later, wider cpumask would send the
 * task back to a node it was never meant for.
 */
static __always_inline void follow_cpumask(struct task_struct *p, struct task_ctx *tctx,
					   const struct cpumask *cpumask)
{
	struct topo_proc_info *proc;
	const struct cpumask *home_cpus;
	s32 home = home_of(p, tctx), node;
	u32 tgid = p->tgid;

	if (home < 0)
		return;
	home_cpus = node_cpus(home);
	if (!home_cpus || bpf_cpumask_intersects(home_cpus, cpumask))
		return;
	node = least_loaded_node(p, home, 0);
	if (node < 0)
		return;
	proc = bpf_map_lookup_elem(&proc_ctxs, &tgid);
	if (proc && !tctx->spilled && proc->nr_threads == 1 && proc->home_node == home) {
		move_process_home(proc, node, true);
		tctx->home_node = node;
		tctx->homes_epoch = homes_epoch.value;
		return;
	}
	if (proc && !tctx->spilled)
		__sync_fetch_and_add(&proc->nr_spilled, 1);
	tctx->spilled = true;
	tctx->home_node = node;
}

/*
 * The loader's balancer (and its adoption of processes that predate the
 * scheduler) moves a whole process's home here, so the record is written by
 * one side only. Spilled threads keep their own homes.
 */
SEC("syscall")
int topo_rehome(struct topo_rehome_args *args)
{
	struct topo_proc_info *proc;
	u32 tgid = args->tgid;

	if (args->node_id < 0 || (u32)args->node_id >= cfg.nr_nodes) {
		args->result = -22;
		return 0;
	}
	proc = bpf_map_lookup_elem(&proc_ctxs, &tgid);
	if (!proc) {
		args->result = -2;
		return 0;
	}
	if (proc->home_node == args->node_id) {
		args->result = 1;
		return 0;
	}
	move_process_home(proc, args->node_id, args->adopt);
	args->result = 0;
	return 0;
}

#endif /* SCX_TOPO_HOMES_BPF_H */
