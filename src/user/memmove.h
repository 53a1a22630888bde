/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memmove.h - memory follows the process (--numa-strict): a worker thread
 * moves a process's pages to its home node with migrate_pages(2) (libnuma),
 * within a budget in MB/s. Processes with their own memory policy, whose
 * cpuset forbids the node, and kernel threads are left alone. Failures are
 * counted, never fatal.
 */
#ifndef SCX_TOPO_MEMMOVE_H
#define SCX_TOPO_MEMMOVE_H

#include <stdbool.h>
#include <sys/types.h>

#include "intf.h"
#include "topology.h"

struct memmove;

/* Counters of one node, as moves to that node left them. */
struct memmove_node_stats {
	u64 kib_in;		/* KiB moved onto this node */
	u64 procs_moved;	/* processes whose pages were moved here */
	u64 skipped;		/* requests left alone: own policy, cpuset, kernel thread */
	u64 failures;		/* migrate_pages failed or moved nothing it should have */
};

/* Start the worker; mb_per_s 0 = never move memory (returns NULL, not an error). */
struct memmove *memmove_start(const struct topology *topo, u32 mb_per_s, bool verbose);
void memmove_stop(struct memmove *mm);

/*
 * Ask for pid's pages to go to dense node `node`. A newer request for pid
 * replaces an older one. `rehome`: the balancer moved the process (counted by
 * memmove_rehomes_pending), not a process adopted at attach.
 */
void memmove_request(struct memmove *mm, pid_t pid, int node, bool rehome);

/*
 * Rehomed processes whose pages are queued or moving now; 0 when mm is NULL.
 * While its pages move a process is blocked much of the time, so its node
 * looks lighter than it is.
 */
int memmove_rehomes_pending(struct memmove *mm);

/*
 * The node whose rehomed process's pages move now, -1 if none. That
 * process is blocked on its pages much of the time: its CPU there idles,
 * but it takes it back when its pages have moved.
 */
int memmove_moving_to(struct memmove *mm);

/* Copy the per-node counters (nr_nodes entries); zeros when mm is NULL. */
void memmove_read_stats(struct memmove *mm, struct memmove_node_stats *out, int nr_nodes);

#endif /* SCX_TOPO_MEMMOVE_H */
