/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - state shared by the steps that turn hwloc into a topology.
 *
 * topo_discover() runs the steps in order; each one fills some fields of
 * the model and may rely on the ones before it:
 *
 *   collect_cpus -> assign_nodes -> assign_packages -> assign_llcs ->
 *   assign_cores -> assign_kinds -> sort_cpus -> build_lists ->
 *   build_distances -> build_steal_orders
 *
 * The scheduler's limits (TOPO_MAX_* in intf.h) are checked as soon as a
 * step knows the count: CPUs in collect_cpus, nodes in assign_nodes, LLCs
 * in assign_llcs. All of that is linear in the input; only the last two
 * steps are quadratic (in nodes and LLCs), so an oversized model is
 * refused before it gets expensive.
 *
 * Until sort_cpus, topo->cpus[i] is the i-th usable PU in hwloc logical
 * order and b->pu[i] its hwloc object, so dense ids come out in logical
 * order. Nothing outside this directory sees hwloc.
 */
#ifndef SCX_TOPO_INTERNAL_H
#define SCX_TOPO_INTERNAL_H

#include <hwloc.h>

#include "intf.h"
#include "topology.h"

struct topo_build {
	hwloc_topology_t hw;
	struct topology *topo;
	hwloc_obj_t *pu;		/* [topo->nr_cpus], until sort_cpus */
	hwloc_obj_t *node_obj;		/* [topo->nr_nodes], NULL for NUMA_NO_NODE */
	char *err;
	size_t err_len;
};

/* source.c: a loaded hwloc topology for src, or -1 with err set. */
int topo_open_source(const struct topo_source *src, hwloc_topology_t *out,
		     char *desc, size_t desc_len, char *err, size_t err_len);
/* source.c: the hwloc flags and filters every load uses. 0 or -1. */
int topo_configure_hwloc(hwloc_topology_t hw);

/*
 * xml_probe.c: 0 if hwloc can parse the XML file at path without dying,
 * tried in a child process; -1 with err set if it crashed or hung there.
 * A file hwloc merely rejects passes: the real load reports that.
 */
int topo_probe_xml(const char *path, const char *buf, size_t len, char *err, size_t err_len);

/* xml_read.c: the whole file (or pipe) at path, NUL-terminated, in *buf (free it). */
int topo_read_xml(const char *path, char **buf, size_t *len, char *err, size_t err_len);

/* synthetic_size.c: PUs a synthetic description asks for (saturating), and its check. */
unsigned long long topo_synthetic_leaves(const char *desc);
int topo_check_synthetic_size(const char *desc, char *err, size_t err_len);

/* The steps, in the order topo_discover() runs them. 0 or -1 with err. */
int topo_collect_cpus(struct topo_build *b);
int topo_assign_nodes(struct topo_build *b);
int topo_assign_packages(struct topo_build *b);
int topo_assign_llcs(struct topo_build *b);
int topo_assign_cores(struct topo_build *b);
int topo_assign_kinds(struct topo_build *b);
int topo_sort_cpus(struct topo_build *b);
int topo_build_lists(struct topo_build *b);
int topo_build_distances(struct topo_build *b);
int topo_build_steal_orders(struct topo_build *b);

/* util.c */
void topo_set_err(char *err, size_t err_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void *topo_calloc(struct topo_build *b, size_t nmemb, size_t size);
int *topo_alloc_ids(struct topo_build *b, size_t nr);	/* all -1 */

/* Copy s into buf with control characters replaced, so it stays one line. */
void topo_copy_printable(char *buf, size_t len, const char *s);

/*
 * -1 with err set if the model has more than max of what (a plural noun);
 * limit names the constant, for the message. Use TOPO_CHECK_LIMIT.
 */
int topo_check_limit(struct topo_build *b, int nr, int max, const char *what, const char *limit);
#define TOPO_CHECK_LIMIT(b, nr, what, max)	topo_check_limit((b), (nr), (max), (what), #max)

/* cpulist.c: "0-3,8-11" for ascending runs of ids; "" when nr == 0. */
void topo_print_ranges(FILE *out, const int *ids, int nr);

/* Human sizes for the text dump: "16 MiB", "1280 KiB", "0". */
void topo_print_size(FILE *out, uint64_t bytes);

#endif /* SCX_TOPO_INTERNAL_H */
