/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sched.h - one life of the BPF scheduler: open, configure, load, describe
 * the machine to it, attach, and let go.
 */
#ifndef SCX_TOPO_SCHED_H
#define SCX_TOPO_SCHED_H

#include <stdbool.h>

#include "intf.h"
#include "layout.h"
#include "options.h"
#include "topology.h"

struct scx_topo;
struct bpf_link;
struct balancer;

struct topo_sched {
	struct scx_topo *skel;
	struct bpf_link *link;
	struct topo_layout layout;
	struct balancer *balancer;	/* node balancer thread, NULL without one */
	u64 attach_ticks;		/* boot clock ticks (/proc/PID/stat's unit) when attach began */
};

/* Whether idle search prefers the fastest CPU kind (hybrid, ranked, not turned off). */
bool sched_prefers_fast(const struct topo_options *opts, const struct topology *topo);

/*
 * Load the scheduler for topo, discovered after the kernel's hotplug_seq was
 * read. One-line error on stderr and -1 on failure.
 */
int sched_load(struct topo_sched *s, const struct topo_options *opts, const struct topology *topo,
	       u64 hotplug_seq);

/* Attach; after this the kernel schedules every task (or every SCHED_EXT task) through it. */
int sched_attach(struct topo_sched *s);

/* Whether the kernel has ended the scheduler (error, sysrq, hotplug, ...). */
bool sched_exited(const struct topo_sched *s);

/* Let go of the kernel: every task returns to the default scheduler. */
void sched_detach(struct topo_sched *s);

/* Detach (if attached) and free everything; safe to call twice. */
void sched_destroy(struct topo_sched *s);

const struct topo_exit_info *sched_exit_info(const struct topo_sched *s);

/* Sum the per-CPU counters into totals[TOPO_NR_STATS]. */
int sched_read_stats(const struct topo_sched *s, u64 *totals);

/* Sum the per-CPU steal counters of nr_llcs LLCs into out. */
int sched_read_llc_stats(const struct topo_sched *s, struct topo_llc_stats *out, int nr_llcs);

/* Queue length of every LLC, through the topo_snapshot program. */
int sched_snapshot_queues(const struct topo_sched *s, s32 *queued, int nr_llcs);

/* Route libbpf's messages: warnings always, the rest with --verbose. */
void sched_set_libbpf_verbose(bool verbose);

#endif /* SCX_TOPO_SCHED_H */
