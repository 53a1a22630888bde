/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procscan.h - what /proc and the kernel say about another process: where its
 * pages are, whether it set its own memory policy, whether it is a kernel
 * thread, and which nodes its cpumask and cpuset allow.
 */
#ifndef SCX_TOPO_PROCSCAN_H
#define SCX_TOPO_PROCSCAN_H

#include <stdbool.h>
#include <sys/types.h>

#include "intf.h"
#include "topology.h"

/* A process's resident memory per kernel (OS) node, from /proc/PID/numa_maps. */
struct proc_mem {
	u64 kib[TOPO_MAX_NODES];	/* KiB resident, indexed by OS node number */
	u64 total_kib;
	bool own_policy;		/* a mapping (or the task) has a policy other than default */
};

/* Add one numa_maps line to m. Returns 0, or -1 for a line it cannot read. */
int procscan_add_numa_maps_line(const char *line, struct proc_mem *m);

/* Read /proc/PID/numa_maps. -1 (errno set) when the process is gone or unreadable. */
int procscan_memory(pid_t pid, struct proc_mem *m);

#define PROCSCAN_PF_KTHREAD 0x00200000	/* include/linux/sched.h */

/* From /proc/PID/stat. */
struct proc_stat {
	unsigned long flags;		/* PF_* */
	unsigned long long start_ticks;	/* start time, clock ticks after boot */
};

int procscan_stat(pid_t pid, struct proc_stat *out);

/* Now, in the unit of proc_stat.start_ticks. */
unsigned long long procscan_boot_ticks(void);

/* Kernel threads (PF_KTHREAD in /proc/PID/stat) own no memory and get no home. */
bool procscan_is_kthread(pid_t pid);

/* Dense node ids whose CPUs the process's cpumask allows (bit n = node n); 0 if gone. */
u64 procscan_allowed_nodes(pid_t pid, const struct topology *topo);

/*
 * Dense node ids its cpuset lets it allocate on (Mems_allowed_list of
 * /proc/PID/status), bit n = node n; all nodes if the field is missing.
 */
u64 procscan_mems_allowed(pid_t pid, const struct topology *topo);

/* Dense node id of an OS node number, -1 if the model has none. */
int procscan_dense_node(const struct topology *topo, int os_node);

/* Parse a kernel list such as "0-2,5" into bits; -1 on a malformed list. */
int procscan_parse_list(const char *list, u64 *bits);

#endif /* SCX_TOPO_PROCSCAN_H */
