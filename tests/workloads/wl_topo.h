/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wl_topo.h - CPU sets, cpulist strings and the machine topology as the
 * workloads see it (read from sysfs), plus the migration classifier.
 */
#ifndef WL_TOPO_H
#define WL_TOPO_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WL_MAX_CPUS 1024
#define WL_MAX_NODES 64		/* node masks are one uint64_t */

struct wl_cpuset {
	uint64_t w[WL_MAX_CPUS / 64];
};

void wl_cpuset_zero(struct wl_cpuset *s);
void wl_cpuset_set(struct wl_cpuset *s, int cpu);
bool wl_cpuset_test(const struct wl_cpuset *s, int cpu);
int wl_cpuset_count(const struct wl_cpuset *s);
/* Next member >= cpu, or -1. Iterate: for (c = next(s, 0); c >= 0; c = next(s, c + 1)) */
int wl_cpuset_next(const struct wl_cpuset *s, int cpu);
void wl_cpuset_and(struct wl_cpuset *dst, const struct wl_cpuset *a, const struct wl_cpuset *b);
void wl_cpuset_or(struct wl_cpuset *dst, const struct wl_cpuset *src);
void wl_cpuset_to_sys(const struct wl_cpuset *s, cpu_set_t *out);
void wl_cpuset_from_sys(struct wl_cpuset *s, const cpu_set_t *in);

/*
 * Parse a kernel cpulist ("0-3,8,10-11", optional trailing whitespace).
 * An empty (or all-blank) string is the empty set. Returns 0, -EINVAL for
 * bad syntax or a reversed range, -ERANGE for a CPU >= WL_MAX_CPUS.
 */
int wl_cpulist_parse(const char *str, struct wl_cpuset *s);
/* Format as a cpulist; "none" for the empty set. Truncates safely. */
char *wl_cpulist_format(const struct wl_cpuset *s, char *buf, size_t len);

/* Migration levels, from the closest to the farthest. */
enum wl_level {
	WL_LVL_SAME,	/* not a migration */
	WL_LVL_SMT,	/* SMT sibling of the same core */
	WL_LVL_LLC,	/* same LLC, other core */
	WL_LVL_NODE,	/* same node, other LLC */
	WL_LVL_XNODE,	/* other node */
	WL_LVL_NR,
};

extern const char *const wl_level_name[WL_LVL_NR];

/*
 * Ids are the lowest CPU of the group (core, LLC) or the sysfs node number;
 * -1 for CPUs that are not online.
 */
struct wl_topo {
	struct wl_cpuset online;
	int nr_cpu_ids;		/* highest online CPU + 1 */
	int nr_cpus, nr_cores, nr_llcs, nr_nodes;
	int llc_level;		/* cache level used as LLC; 0 = no cache info (fallback) */
	int core[WL_MAX_CPUS];
	int llc[WL_MAX_CPUS];
	int node[WL_MAX_CPUS];
};

/*
 * Read the topology below sysfs_root (normally "/sys"). Missing NUMA info
 * puts every CPU on node 0; missing cache info uses the package, then the
 * node, as the LLC; missing sibling info makes every CPU its own core.
 * Returns 0, or -1 with a message in err.
 */
int wl_topo_load(struct wl_topo *t, const char *sysfs_root, char *err, size_t errlen);
void wl_topo_print(const struct wl_topo *t, FILE *f);
enum wl_level wl_classify(const struct wl_topo *t, int from, int to);
/* Bit of cpu's node in a node mask (0 when the node is >= WL_MAX_NODES). */
uint64_t wl_node_bit(const struct wl_topo *t, int cpu);

/* Migration counters by level; n[WL_LVL_SAME] stays 0. */
struct wl_mig {
	uint64_t n[WL_LVL_NR];
};

static inline void wl_mig_note(struct wl_mig *m, const struct wl_topo *t, int from, int to)
{
	if (from >= 0 && to >= 0 && from != to)
		m->n[wl_classify(t, from, to)]++;
}

void wl_mig_add(struct wl_mig *dst, const struct wl_mig *src);
uint64_t wl_mig_total(const struct wl_mig *m);
/* "smt=1 llc=2 node=0 xnode=0" */
char *wl_mig_format(const struct wl_mig *m, char *buf, size_t len);

#endif /* WL_TOPO_H */
