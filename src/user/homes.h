/* SPDX-License-Identifier: GPL-2.0 */
/*
 * homes.h - the loader's handles on the BPF side of process homes: the
 * proc_ctxs, node_load, node_stats and node_snapshot maps and the
 * topo_rehome and topo_snapshot programs (contract: intf.h). Found by name,
 * so a BPF object without homes leaves them absent instead of failing.
 */
#ifndef SCX_TOPO_HOMES_H
#define SCX_TOPO_HOMES_H

#include <stdbool.h>

#include "intf.h"

struct bpf_object;
struct topo_sched;

struct homes {
	int proc_ctxs_fd, node_load_fd, node_stats_fd, node_snapshot_fd;
	int rehome_fd, snapshot_fd;
	int nr_nodes;
};

/* Find the maps and programs of a loaded scheduler. -1 if the object has no homes. */
int homes_open(struct homes *h, const struct topo_sched *s);

/* Run topo_snapshot and read every node's idle CPUs and queued tasks. */
int homes_snapshot(const struct homes *h, struct topo_node_snapshot *out);

int homes_read_node_stats(const struct homes *h, struct topo_node_stats *out);
int homes_read_node_load(const struct homes *h, struct topo_node_load *out);
int homes_publish_load(const struct homes *h, int node, const struct topo_node_load *load);

/*
 * Move a process's home through topo_rehome. Returns the program's result
 * (0 moved, 1 already there, -2 no such process, -22 bad node), or -errno
 * when the program could not run.
 */
int homes_rehome(const struct homes *h, u32 tgid, int node, bool adopt);

/*
 * Walk proc_ctxs: start with *have_key false; each call fills the next tgid
 * and its record. Returns 0, or -1 at the end. Entries that vanish between
 * the key and the lookup are skipped.
 */
int homes_next_proc(const struct homes *h, u32 *tgid, bool *have_key, struct topo_proc_info *out);

#endif /* SCX_TOPO_HOMES_H */
