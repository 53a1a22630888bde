/* SPDX-License-Identifier: GPL-2.0 */
/*
 * intf.h - the contract between the scx_topo loader and its BPF scheduler.
 *
 * Included by both sides so map layouts cannot drift. Limits are enum
 * constants so they survive into BTF. Fixed-width types only.
 */
#ifndef SCX_TOPO_INTF_H
#define SCX_TOPO_INTF_H

#ifndef __bpf__
#include <stdint.h>
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
#endif

enum topo_limits {
	TOPO_MAX_CPUS = 4096,
	TOPO_MAX_LLCS = 512,
	TOPO_MAX_NODES = 64,
	TOPO_EXIT_REASON_LEN = 128,
	TOPO_EXIT_MSG_LEN = 1024,
	TOPO_EXIT_DUMP_LEN = 32768,
	TOPO_MAX_PROCS = 65536,		/* processes with a home at once (proc_ctxs) */
	/* DSQ ids: an LLC's queue is its dense id; a CPU's own queue this base plus its id. */
	TOPO_CPU_DSQ_BASE = 0x10000,
};

/* Per-CPU facts, indexed by kernel CPU id; map sized to the machine's nr_cpu_ids. */
struct topo_cpu_info {
	u32 present;		/* 0 for ids the model does not schedule */
	u32 core_id;
	u32 llc_id;
	u32 node_id;		/* dense node id */
	u32 kind;		/* hybrid rank, higher = faster */
};

/* Per-LLC facts, indexed by dense LLC id. */
struct topo_llc_info {
	u32 node_id;
	u32 nr_cpus;
	u32 nr_steal;		/* valid entries in this LLC's row of steal_order */
	u32 nr_steal_same_node;	/* leading entries of that row on the same node */
};

/* Per-node facts, indexed by dense node id. */
struct topo_node_info {
	u32 os_index;		/* the kernel's node id, for page migration */
	u32 nr_cpus;
	u32 first_llc;		/* an LLC of this node, where homeless work starts */
};

/*
 * Tunables, written by the loader into .rodata before load. Grouped so the
 * loader's setup reads like a config file.
 */
struct topo_config {
	u64 slice_ns;			/* time slice */
	u64 max_sleep_credit_ns;	/* bound on a sleeper's banked vtime credit */
	u64 max_vtime_lead_ns;		/* bound on a task's vtime ahead of its queue's clock */
	u64 migrate_cooldown_ns;	/* a task that just moved LLC stays put this long */
	u32 nr_cpu_ids;
	u32 nr_llcs;
	u32 nr_nodes;
	u32 steal_min_queued;		/* victim queue length to steal within a node */
	u32 steal_min_queued_remote;	/* ... and across nodes */
	u32 steal_cross_node;		/* 0: never steal across nodes */
	u32 balance_min_gap;		/* queued-per-CPU gap that makes a busy LLC pull */
	u32 numa_strict;		/* tasks stay on their home node */
	u32 smt_enabled;		/* the machine has SMT siblings */
	u32 prefer_fast;		/* hybrid: idle search tries the fastest kind first */
	u32 fast_kind;			/* topo_cpu_info.kind of the fastest CPUs */
	u32 debug;			/* trace decisions to the trace pipe */
	u32 numa_homes;			/* processes get home nodes (machines of 2+ nodes) */
	u64 home_flush_ns;		/* run time a thread banks before adding it to its process */
	u64 home_mem_pages;		/* unbound: anon pages from which the home beats the waker */
};

/*
 * Process homes (machines of two or more nodes). A home node belongs to a
 * process (thread group); its threads share it. A process with more live
 * threads than its home node has CPUs spills the extra threads onto the
 * nearest nodes with room: those threads keep a home of their own.
 *
 * One record per process, keyed by tgid, in the proc_ctxs hash map. Only
 * the BPF side writes it; the loader reads it and moves homes through the
 * topo_rehome syscall program, so a home never changes under a half-written
 * record.
 */
struct topo_proc_info {
	s32 home_node;		/* dense node id its threads share */
	u32 nr_threads;		/* live threads known to the scheduler */
	u32 nr_spilled;		/* of those, homed on another node */
	u32 nr_rehomes;		/* times topo_rehome moved it */
	u64 runnable_ns;	/* time its threads ran or waited in an LLC queue, flushed in batches */
	u64 waited_ns;		/* of that, the time they waited */
	u64 rehomed_at_ns;	/* CLOCK_MONOTONIC ns of the last move, 0 never */
	s32 spill_node;		/* where its next thread beyond the home goes, -1 none yet */
	u32 spill_room;		/* how many more of its threads that node takes */
	u64 spill_filled;	/* bit n: node n took all the threads it had room for */
};

/* Context of the topo_rehome syscall program (BPF_PROG_TEST_RUN ctx_in/out). */
struct topo_rehome_args {
	u32 tgid;
	s32 node_id;		/* the new home */
	u32 adopt;		/* 1: first placement of a process that predates the scheduler */
	s32 result;		/* out: 0 moved, 1 already there, -2 no such process, -22 bad node */
};

/*
 * Runnable load per node, published by the loader's balancer: new processes
 * go to the node with the least load per CPU. Homes handed out in the last
 * second are added on top (node_stats.homes_assigned minus
 * homes_at_publish, less the homed tasks that exited since), so a burst of
 * forks, or threads that wait on a start barrier, spread before the average
 * sees them.
 */
#define TOPO_HOMES_LAG_NS 1000000000ULL	/* "about a second before" */

struct topo_node_load {
	u64 load_milli;		/* runnable tasks per CPU x 1000, averaged */
	u64 homes_at_publish;	/* node_stats.homes_assigned about a second before */
	u64 released_at_publish; /* node_stats.homes_released then */
	u64 released_young_at_publish; /* node_stats.homes_released_young then */
};

/* Per-node counters, written by the BPF side with atomics. */
struct topo_node_stats {
	u64 homes_assigned;	/* tasks given this node as home, ever */
	s64 nr_procs;		/* processes homed here now */
	u64 rehomes_in;		/* processes moved here by topo_rehome */
	u64 rehomes_out;	/* processes moved away */
	u64 spilled_in;		/* threads homed here because their process's node was full */
	u64 homes_released;	/* homed tasks that exited last running here (the load saw them here) */
	u64 homes_released_young; /* tasks homed here that exited within TOPO_HOMES_LAG_NS of it */
	u64 pad[1];		/* one cache line per node */
};

/* Filled on demand by the topo_snapshot syscall program, per node. */
struct topo_node_snapshot {
	u32 nr_running;		/* its busy CPUs plus the tasks waiting in its LLCs' queues
				 * and its CPUs' own queues, the loader's threads left out */
	u32 nr_idle_cpus;	/* of its CPUs, those running their idle task or the loader */
};

/* How the scheduler ended, copied from struct scx_exit_info by ops.exit. */
struct topo_exit_info {
	s32 kind;
	s32 exit_cpu;
	s64 exit_code;
	char reason[TOPO_EXIT_REASON_LEN];
	char msg[TOPO_EXIT_MSG_LEN];
	char dump[TOPO_EXIT_DUMP_LEN];
};

/* Counters: one X-macro list generates the enum, labels and help text. */
#define TOPO_STAT_LIST(X)                                                            \
	X(DIRECT, "direct", "tasks inserted straight into an idle CPU's local queue") \
	X(ENQUEUE, "enqueue", "tasks queued on an LLC queue")                          \
	X(ENQUEUE_LOCAL, "enqueue_local", "pinned tasks queued on their CPU")          \
	X(ENQUEUE_CPU, "enqueue_cpu", "woken tasks with no idle CPU queued on their own CPU's queue") \
	X(DISPATCH_CPU, "dispatch_cpu", "dispatches from the CPU's own queue")        \
	X(STEAL_SIBLING, "steal_sibling", "tasks taken from another CPU's queue of the same LLC") \
	X(DISPATCH_LLC, "dispatch_llc", "dispatches from the CPU's own LLC queue")     \
	X(STEAL_NODE, "steal_node", "tasks stolen from another LLC of the same node")  \
	X(STEAL_REMOTE, "steal_remote", "tasks stolen from an LLC on another node")    \
	X(PULL, "pull", "tasks pulled from a busier LLC of the node under overload")   \
	X(AFFINE, "affine", "wakeups placed by the waker: an idle CPU of its LLC or node")  \
	X(HANDOVER, "handover", "partners handed their waker's CPU: it sleeps right after waking them") \
	X(KEEP_PREV, "keep_prev", "slices extended for the previous task")             \
	X(UPGRADE, "upgrade", "tasks moved from a slower kind of CPU to an idle fast one") \
	X(KICK, "kick", "idle CPUs kicked to pick up queued work")                      \
	X(ENABLE, "enable", "tasks that entered the scheduler")                        \
	X(MIGRATE_SMT, "migrate_smt", "task moved to an SMT sibling")                  \
	X(MIGRATE_LLC, "migrate_llc", "task moved to another core of its LLC")         \
	X(MIGRATE_NODE, "migrate_node", "task moved to another LLC of its node")       \
	X(MIGRATE_REMOTE, "migrate_remote", "task moved to another node")

#define TOPO_STAT_ENUM(id, label, help) TOPO_STAT_##id,
enum topo_stat_id { TOPO_STAT_LIST(TOPO_STAT_ENUM) TOPO_NR_STATS };
#undef TOPO_STAT_ENUM

struct topo_cpu_stats {
	u64 count[TOPO_NR_STATS];
};

/* Per-LLC steal counters, per CPU (the thief's), indexed by dense LLC id. */
struct topo_llc_stats {
	u64 steals_in;		/* tasks this LLC's CPUs took from other LLCs */
	u64 steals_out;		/* tasks other LLCs took from this LLC's queue */
};

/* Filled on demand by the topo_snapshot syscall program. */
struct topo_llc_snapshot {
	s32 queued;		/* tasks waiting in the LLC's queue and its CPUs' own queues */
	u32 pad;
};

#endif /* SCX_TOPO_INTF_H */
