// SPDX-License-Identifier: GPL-2.0
/*
 * test_shapes.c - machines described as hwloc synthetic strings.
 *
 * pu:N(indexes=2*C:1*N) numbers SMT siblings C apart, as Linux does on
 * Intel and AMD servers (CPU i and i + nr_cores share a core).
 */
#include <string.h>

#include "harness.h"
#include "tests.h"

/* No package, core, cache or NUMA level at all: every default kicks in. */
void test_one_cpu(void)
{
	struct topology *t = load_synthetic("pu:1");

	if (!t)
		return;
	CHECK_INT(1, t->nr_cpus);
	CHECK_INT(1, t->max_cpu_id);
	CHECK_INT(1, t->nr_cores);
	CHECK_INT(-1, t->cores[0].os_index);
	CHECK_INT(1, t->nr_llcs);
	CHECK_INT(0, t->llcs[0].cache_level);
	CHECK_INT(0, t->llcs[0].nr_steal);
	CHECK_INT(1, t->nr_nodes);
	CHECK_INT(0, t->nodes[0].os_index);
	CHECK_INT(1, t->nr_packages);
	CHECK_INT(1, t->smt_width);
	CHECK_INT(1, t->nr_kinds);
	CHECK_INT(10, topo_distance(t, 0, 0));
	CHECK_INT(0, t->distance_from_hwloc);
	CHECK_STR("synthetic:pu:1", t->source);
	topo_free(t);
}

/* One core with its L3: a private cache is still this machine's LLC. */
void test_one_core_l3(void)
{
	struct topology *t = load_synthetic("pack:1 [numa] l3:1(size=8MiB) core:1 pu:1");

	if (!t)
		return;
	CHECK_INT(1, t->nr_llcs);
	CHECK_INT(3, t->llcs[0].cache_level);
	CHECK_INT(8 * MIB, t->llcs[0].cache_size);
	topo_free(t);
}

void test_intel_2s(void)
{
	struct topology *t = load_synthetic(
		"pack:2 [numa(memory=64GiB)] l3:1(size=30MiB) core:8 pu:2(indexes=2*16:1*2)");

	if (!t)
		return;
	CHECK_INT(32, t->nr_cpus);
	CHECK_INT(16, t->nr_cores);
	CHECK_INT(2, t->nr_llcs);
	CHECK_INT(2, t->nr_nodes);
	CHECK_INT(2, t->nr_packages);
	CHECK_INT(2, t->smt_width);
	CHECK_LIST("0,16", t->cores[0].cpus);
	CHECK_LIST("15,31", t->cores[15].cpus);
	CHECK_INT(0, cpu_of(t, 16)->core_id);
	CHECK_INT(1, cpu_of(t, 16)->smt_index);
	CHECK_INT(0, cpu_of(t, 0)->smt_index);
	CHECK_INT(1, cpu_of(t, 24)->node_id);
	CHECK_LIST("0-7,16-23", t->llcs[0].cpus);
	CHECK_LIST("8-15,24-31", t->nodes[1].cpus);
	CHECK_INT(3, t->llcs[1].cache_level);
	CHECK_INT(30 * MIB, t->llcs[1].cache_size);
	CHECK_INT(8, t->llcs[1].nr_cores);
	CHECK_INT(64 * GIB, t->nodes[0].memory);
	CHECK_INT(20, topo_distance(t, 0, 1));
	CHECK_STEAL(" | 1", t, 0);
	CHECK_STEAL(" | 0", t, 1);
	topo_free(t);
}

/* 2 sockets x 12 CCXs x 8 cores x 2 threads, one node per socket. */
void test_epyc(void)
{
	struct topology *t = load_synthetic(
		"pack:2 [numa] l3:12(size=32MiB) core:8 pu:2(indexes=2*192:1*2)");

	if (!t)
		return;
	CHECK_INT(384, t->nr_cpus);
	CHECK_INT(192, t->nr_cores);
	CHECK_INT(24, t->nr_llcs);
	CHECK_INT(2, t->nr_nodes);
	CHECK_INT(12, t->nodes[1].nr_llcs);
	CHECK_LIST("0-7,192-199", t->llcs[0].cpus);
	CHECK_LIST("104-111,296-303", t->llcs[13].cpus);
	CHECK_LIST("96-191,288-383", t->nodes[1].cpus);
	CHECK_INT(13, cpu_of(t, 300)->llc_id);
	CHECK_INT(108, cpu_of(t, 300)->core_id);
	CHECK_STEAL("1-11 | 12-23", t, 0);
	CHECK_STEAL("12,14-23 | 0-11", t, 13);
	CHECK_INT(11, t->llcs[23].nr_steal_same_node);
	topo_free(t);
}

/* ARM-like: no L3, each 4-core cluster shares an L2. */
void test_arm_clusters(void)
{
	struct topology *t = load_synthetic("pack:1 [numa] l2:4(size=2MiB) core:4 pu:1");

	if (!t)
		return;
	CHECK_INT(16, t->nr_cpus);
	CHECK_INT(4, t->nr_llcs);
	CHECK_INT(2, t->llcs[2].cache_level);
	CHECK_INT(2 * MIB, t->llcs[2].cache_size);
	CHECK_INT(2, t->llcs[2].hwloc_index);
	CHECK_LIST("8-11", t->llcs[2].cpus);
	CHECK_INT(4, t->llcs[2].nr_cores);
	CHECK_INT(1, t->smt_width);
	CHECK_STEAL("0-1,3 | ", t, 2);
	topo_free(t);
}

/* No cache objects at all: one LLC per node. */
void test_no_cache(void)
{
	struct topology *t = load_synthetic("pack:2 [numa] core:4 pu:2");

	if (!t)
		return;
	CHECK_INT(2, t->nr_llcs);
	CHECK_INT(0, t->llcs[0].cache_level);
	CHECK_INT(0, t->llcs[0].cache_size);
	CHECK_INT(-1, t->llcs[1].hwloc_index);
	CHECK_LIST("8-15", t->llcs[1].cpus);
	CHECK_INT(4, t->llcs[1].nr_cores);
	CHECK_INT(1, t->llcs[1].node_id);
	topo_free(t);
}

/* Per-core L2 only is no shared domain: also one LLC per node. */
void test_private_l2(void)
{
	struct topology *t = load_synthetic("pack:2 [numa] l2:4 core:1 pu:2");

	if (!t)
		return;
	CHECK_INT(2, t->nr_llcs);
	CHECK_INT(0, t->llcs[0].cache_level);
	CHECK_LIST("0-7", t->llcs[0].cpus);
	topo_free(t);
}

/* A VM: one L3 across two NUMA nodes must become two LLCs. */
void test_l3_spans_nodes(void)
{
	struct topology *t = load_synthetic("pack:1 l3:1 numa:2 core:4 pu:1");

	if (!t)
		return;
	CHECK_INT(2, t->nr_nodes);
	CHECK_INT(2, t->nr_llcs);
	CHECK_LIST("0-3", t->llcs[0].cpus);
	CHECK_LIST("4-7", t->llcs[1].cpus);
	CHECK_INT(0, t->llcs[0].node_id);
	CHECK_INT(1, t->llcs[1].node_id);
	/* Both halves name the same hwloc cache and keep its level. */
	CHECK_INT(0, t->llcs[0].hwloc_index);
	CHECK_INT(0, t->llcs[1].hwloc_index);
	CHECK_INT(3, t->llcs[1].cache_level);
	CHECK_INT(1, t->nodes[1].nr_llcs);
	CHECK_STEAL(" | 0", t, 1);
	topo_free(t);
}

/*
 * One machine-wide node over two packages: LLCs of the own package come
 * first, then the other package's, all before any other node.
 */
void test_same_node_packages(void)
{
	struct topology *t = load_synthetic("pack:2 l3:2 core:2 pu:1");

	if (!t)
		return;
	CHECK_INT(1, t->nr_nodes);
	CHECK_INT(4, t->nr_llcs);
	CHECK_INT(1, t->llcs[2].package_id);
	CHECK_STEAL("3,0-1 | ", t, 2);
	CHECK_STEAL("1-3 | ", t, 0);
	topo_free(t);
}

/* Same without caches: the per-node fallback still never spans packages. */
void test_no_cache_two_packages(void)
{
	struct topology *t = load_synthetic("pack:2 core:2 pu:1");

	if (!t)
		return;
	CHECK_INT(1, t->nr_nodes);
	CHECK_INT(2, t->nr_llcs);
	CHECK_LIST("2-3", t->llcs[1].cpus);
	CHECK_INT(1, t->llcs[1].package_id);
	topo_free(t);
}

/* No Core level: every PU is its own core. */
void test_no_core(void)
{
	struct topology *t = load_synthetic("pack:2 l3:1 pu:4");

	if (!t)
		return;
	CHECK_INT(8, t->nr_cores);
	CHECK_INT(1, t->smt_width);
	CHECK_INT(-1, t->cores[5].os_index);
	CHECK_LIST("5", t->cores[5].cpus);
	CHECK_INT(4, t->llcs[1].nr_cores);
	topo_free(t);
}

/* The stated limits: 4096 CPUs, 512 LLCs, 64 nodes in one model. */
void test_cpus_4096(void)
{
	struct topology *t = load_synthetic("pack:64 [numa] l3:8 core:4 pu:2");

	if (!t)
		return;
	CHECK_INT(4096, t->nr_cpus);
	CHECK_INT(2048, t->nr_cores);
	CHECK_INT(512, t->nr_llcs);
	CHECK_INT(64, t->nr_nodes);
	CHECK_INT(64, t->nr_packages);
	CHECK_LIST("4088-4095", t->llcs[511].cpus);
	CHECK_INT(63, cpu_of(t, 4095)->node_id);
	CHECK_STEAL("1-7 | 8-511", t, 0);
	CHECK_STEAL("96-99,101-103 | 0-95,104-511", t, 100);
	topo_free(t);
}
