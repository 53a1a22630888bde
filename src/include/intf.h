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
	u32 os_index;
	u32 nr_cpus;
	u32 nr_llcs;
	u32 first_llc;		/* an LLC of this node, where homeless work starts */
};

/*
 * Tunables, written by the loader into .rodata before load. Grouped so the
 * loader's setup reads like a config file.
 */
struct topo_config {
	u64 slice_ns;			/* time slice */
	u64 max_sleep_credit_ns;	/* bound on a sleeper's banked vtime credit */
	u64 migrate_cooldown_ns;	/* a task that just moved LLC stays put this long */
	u64 kick_interval_ns;		/* period of the stranded-work safety net */
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
	X(DISPATCH_LLC, "dispatch_llc", "dispatches from the CPU's own LLC queue")     \
	X(STEAL_NODE, "steal_node", "tasks stolen from another LLC of the same node")  \
	X(STEAL_REMOTE, "steal_remote", "tasks stolen from an LLC on another node")    \
	X(PULL, "pull", "tasks pulled from a busier LLC of the node under overload")   \
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
	s32 queued;		/* tasks waiting in the LLC's queue */
	u32 pad;
};

#endif /* SCX_TOPO_INTF_H */
