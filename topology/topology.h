/* SPDX-License-Identifier: GPL-2.0 */
/*
 * topology.h - the machine model scx_topo schedules by.
 *
 * Built from hwloc (live machine, an lstopo XML, or a synthetic description)
 * into plain arrays with dense ids, so the loader, the dump and the tests
 * never touch hwloc objects directly.
 *
 * Dense ids: cores, LLCs, nodes and packages are numbered 0..nr-1 in the
 * order hwloc enumerates them (logical order). CPUs keep their OS ids.
 * An LLC never spans two nodes; hwloc caches that do are split per node.
 */
#ifndef SCX_TOPO_TOPOLOGY_H
#define SCX_TOPO_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum topo_source_kind {
	TOPO_SRC_LIVE,		/* this machine, via hwloc's native backends */
	TOPO_SRC_XML,		/* arg: path of an `lstopo --of xml` file */
	TOPO_SRC_SYNTHETIC,	/* arg: hwloc synthetic string (testing aid) */
};

struct topo_source {
	enum topo_source_kind kind;
	const char *arg;
};

struct topo_cpu {
	int os_id;		/* kernel CPU number */
	int core_id;		/* dense */
	int llc_id;		/* dense */
	int node_id;		/* dense */
	int package_id;		/* dense */
	int kind;		/* cpukind rank: 0 = most efficient ... nr_kinds-1 = fastest */
	int smt_index;		/* position among its core's siblings, 0-based */
};

/* A set of CPUs, always as sorted OS ids. */
struct topo_cpu_list {
	int nr;
	int *os_ids;
};

struct topo_core {
	int llc_id;
	int node_id;
	struct topo_cpu_list cpus;	/* SMT siblings */
	int package_id;		/* dense */
	int os_index;		/* hwloc Core P#, -1 when hwloc had no core object */
};

struct topo_llc {
	int node_id;
	int cache_level;	/* 3 for L3, 2 for L2, 0 when no cache is shared (one LLC per node) */
	uint64_t cache_size;	/* bytes, 0 if unknown */
	int nr_cores;
	struct topo_cpu_list cpus;
	int *steal_order;	/* other LLC ids in steal order: same node, then by distance */
	int nr_steal_same_node;	/* how many leading entries of steal_order are on this node */
	int nr_steal;		/* entries in steal_order (nr_llcs - 1) */
	int package_id;		/* dense */
	int hwloc_index;	/* logical index (L#) of the hwloc cache, -1 without one */
};

struct topo_node {
	int os_index;		/* kernel node number; -1 (NUMA_NO_NODE) groups CPUs hwloc gave no node */
	uint64_t memory;	/* bytes of local memory, 0 for a CPU-only node */
	int nr_llcs;
	struct topo_cpu_list cpus;	/* empty for a memory-only node */
};

/* One kind of core on hybrid machines; index = rank, see topo_cpu.kind. */
struct topo_kind {
	char name[32];		/* hwloc "CoreType" info (e.g. "IntelAtom"), "" if unknown */
	int efficiency;		/* hwloc efficiency value, -1 if hwloc could not rank kinds */
	struct topo_cpu_list cpus;
};

struct topology {
	int nr_cpus;		/* online CPUs in the model */
	int max_cpu_id;		/* highest OS CPU id + 1 */
	struct topo_cpu *cpus;	/* nr_cpus entries, sorted by os_id */
	int *cpu_index;		/* max_cpu_id entries: os_id -> index in cpus, or -1 */

	int nr_cores;
	struct topo_core *cores;
	int nr_llcs;
	struct topo_llc *llcs;
	int nr_nodes;
	struct topo_node *nodes;
	int nr_packages;
	int nr_kinds;		/* hybrid CPU kinds (1 on homogeneous machines) */
	struct topo_kind *kinds;	/* nr_kinds entries, by rank */
	int smt_width;		/* max threads per core */

	/* nr_nodes * nr_nodes, row-major, dense node ids; 10 local / 20 remote by default */
	uint32_t *distance;
	int distance_from_hwloc;	/* 0 when the defaults above were used */
	char distance_note[192];	/* why hwloc's matrix was not used; "" if it was, or had none */

	char source[128];	/* e.g. "live", "xml:/path", "synthetic:..." */
};

/*
 * Build the model. Returns 0, or -1 with a one-line, user-facing message in
 * err (naming the offending input and what to do).
 */
int topo_discover(const struct topo_source *src, struct topology **out,
		  char *err, size_t err_len);
void topo_free(struct topology *topo);

static inline uint32_t topo_distance(const struct topology *topo, int from, int to)
{
	return topo->distance[from * topo->nr_nodes + to];
}

/*
 * Whether the machine is hybrid and hwloc ranked its kinds, so that the
 * last kind is known to be the fastest.
 */
static inline int topo_kinds_ranked(const struct topology *topo)
{
	int k;

	if (topo->nr_kinds < 2)
		return 0;
	for (k = 0; k < topo->nr_kinds; k++)
		if (topo->kinds[k].efficiency < 0)
			return 0;
	return 1;
}

/* --dump-topology output. */
void topo_dump_text(FILE *out, const struct topology *topo);
void topo_dump_json(FILE *out, const struct topology *topo);

#endif /* SCX_TOPO_TOPOLOGY_H */
