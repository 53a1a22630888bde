// SPDX-License-Identifier: GPL-2.0
/*
 * test_fixtures.c - machines only XML can describe; see fixtures/ and
 * fixtures/make-fixtures.sh for how each file was made.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tests.h"

/* Node P#1 has CPUs and no memory; node P#2 has memory and no CPUs. */
void test_memoryless(void)
{
	struct topology *t = load_xml("fixtures/memoryless.xml");

	if (!t)
		return;
	CHECK_INT(16, t->nr_cpus);
	CHECK_INT(3, t->nr_nodes);
	CHECK_INT(1, t->nodes[1].os_index);
	CHECK_INT(0, t->nodes[1].memory);
	CHECK_LIST("8-15", t->nodes[1].cpus);
	CHECK_INT(1, t->nodes[1].nr_llcs);
	/* The machine-wide node is in every PU's nodeset but is nobody's home. */
	CHECK_INT(2, t->nodes[2].os_index);
	CHECK_INT(64 * GIB, t->nodes[2].memory);
	CHECK_INT(0, t->nodes[2].cpus.nr);
	CHECK_INT(0, t->nodes[2].nr_llcs);
	CHECK_INT(1, cpu_of(t, 8)->node_id);
	CHECK_INT(0, cpu_of(t, 7)->node_id);
	CHECK_INT(1, t->distance_from_hwloc);
	CHECK_INT(21, topo_distance(t, 0, 1));
	CHECK_INT(24, topo_distance(t, 1, 2));
	CHECK_STEAL(" | 1", t, 0);
	topo_free(t);
}

/* Package 1 has no NUMA node: its CPUs get a NUMA_NO_NODE node, far away. */
void test_no_node(void)
{
	struct topology *t = load_xml("fixtures/no-node.xml");

	if (!t)
		return;
	CHECK_INT(2, t->nr_nodes);
	CHECK_INT(0, t->nodes[0].os_index);
	CHECK_INT(-1, t->nodes[1].os_index);
	CHECK_LIST("4-7", t->nodes[1].cpus);
	CHECK_INT(1, cpu_of(t, 5)->node_id);
	CHECK_INT(20, topo_distance(t, 0, 1));
	CHECK_INT(20, topo_distance(t, 1, 0));
	CHECK_INT(10, topo_distance(t, 1, 1));
	CHECK_INT(2, t->nr_llcs);
	topo_free(t);
}

/* CPU 3 is offline, CPU 5 outside the allowed cpuset: both left out. */
void test_offline(void)
{
	struct topology *t = load_xml("fixtures/offline.xml");

	if (!t)
		return;
	CHECK_INT(6, t->nr_cpus);
	CHECK_INT(8, t->max_cpu_id);
	CHECK_INT(-1, t->cpu_index[3]);
	CHECK_INT(-1, t->cpu_index[5]);
	CHECK_INT(4, t->cpu_index[6]);
	CHECK_LIST("0-2", t->nodes[0].cpus);
	CHECK_LIST("4,6-7", t->llcs[1].cpus);
	CHECK_LIST("2", t->cores[1].cpus);
	CHECK_LIST("4", t->cores[2].cpus);
	CHECK_INT(0, cpu_of(t, 4)->smt_index);
	CHECK_INT(1, cpu_of(t, 7)->smt_index);
	CHECK_INT(2, t->smt_width);
	CHECK_INT(4, t->nr_cores);
	topo_free(t);
}

/* Sub-NUMA clustering: each package-wide L3 is split between two nodes. */
void test_snc(void)
{
	struct topology *t = load_xml("fixtures/snc.xml");

	if (!t)
		return;
	CHECK_INT(32, t->nr_cpus);
	CHECK_INT(4, t->nr_nodes);
	CHECK_INT(2, t->nr_packages);
	CHECK_INT(4, t->nr_llcs);
	CHECK_LIST("4-7,20-23", t->llcs[1].cpus);
	CHECK_INT(0, t->llcs[1].hwloc_index);
	CHECK_INT(1, t->llcs[2].hwloc_index);
	CHECK_INT(60 * MIB, t->llcs[3].cache_size);
	CHECK_INT(1, t->distance_from_hwloc);
	CHECK_INT(11, topo_distance(t, 2, 3));
	/* The sibling cluster (distance 11) before the other socket (21). */
	CHECK_STEAL(" | 1-3", t, 0);
	CHECK_STEAL(" | 3,0-1", t, 2);
	CHECK_STEAL(" | 2,0-1", t, 3);
	topo_free(t);
}

/* Two CCDs: 8 cores / 96 MiB and 6 cores / 32 MiB. */
void test_unequal_llc(void)
{
	struct topology *t = load_xml("fixtures/unequal-llc.xml");

	if (!t)
		return;
	CHECK_INT(28, t->nr_cpus);
	CHECK_INT(2, t->nr_llcs);
	CHECK_INT(8, t->llcs[0].nr_cores);
	CHECK_INT(6, t->llcs[1].nr_cores);
	CHECK_INT(96 * MIB, t->llcs[0].cache_size);
	CHECK_INT(32 * MIB, t->llcs[1].cache_size);
	CHECK_LIST("16-27", t->llcs[1].cpus);
	CHECK_STEAL("1 | ", t, 0);
	CHECK_STEAL("0 | ", t, 1);
	topo_free(t);
}

/*
 * P-cores with SMT and E-core modules sharing an L2: kinds come from
 * hwloc, and the E-cores' shared L2 must not win over the L3.
 */
void test_hybrid_intel(void)
{
	struct topology *t = load_xml("fixtures/hybrid-intel.xml");

	if (!t)
		return;
	CHECK_INT(12, t->nr_cpus);
	CHECK_INT(10, t->nr_cores);
	CHECK_INT(1, t->nr_llcs);
	CHECK_INT(3, t->llcs[0].cache_level);
	CHECK_INT(2, t->smt_width);
	CHECK_INT(2, t->nr_kinds);
	CHECK_STR("IntelAtom", t->kinds[0].name);
	CHECK_STR("IntelCore", t->kinds[1].name);
	CHECK_LIST("4-11", t->kinds[0].cpus);
	CHECK_LIST("0-3", t->kinds[1].cpus);
	CHECK_INT(1, cpu_of(t, 1)->kind);
	CHECK_INT(0, cpu_of(t, 4)->kind);
	CHECK_INT(4, t->cores[1].os_index);
	topo_free(t);
}

/* Three unnamed kinds, registered fastest first: ranks follow efficiency. */
void test_hybrid_arm(void)
{
	struct topology *t = load_xml("fixtures/hybrid-arm.xml");

	if (!t)
		return;
	CHECK_INT(3, t->nr_kinds);
	CHECK_INT(0, cpu_of(t, 0)->kind);
	CHECK_INT(1, cpu_of(t, 5)->kind);
	CHECK_INT(2, cpu_of(t, 7)->kind);
	CHECK_LIST("4-6", t->kinds[1].cpus);
	CHECK_STR("", t->kinds[2].name);
	topo_free(t);
}

/* Whatever this machine is, the model must be self-consistent. */
void test_live(void)
{
	struct topo_source src = { .kind = TOPO_SRC_LIVE };
	struct topology *t = NULL;
	char err[512];

	if (topo_discover(&src, &t, err, sizeof(err))) {
		CHECK(0, "live discovery failed: %s", err);
		return;
	}
	check_invariants(t);
	CHECK_STR("live", t->source);
	CHECK(t->nr_cpus <= sysconf(_SC_NPROCESSORS_ONLN),
	      "%d CPUs in the model, %ld online", t->nr_cpus,
	      sysconf(_SC_NPROCESSORS_ONLN));
	topo_free(t);
}

/* hwloc's environment overrides must not pass for this machine. */
void test_live_env_override(void)
{
	struct topo_source src = { .kind = TOPO_SRC_LIVE };
	struct topology *t = NULL;
	char err[512] = "";

	setenv("HWLOC_SYNTHETIC", "pack:3 core:1 pu:1", 1);
	CHECK_INT(-1, topo_discover(&src, &t, err, sizeof(err)));
	CHECK(strstr(err, "HWLOC_SYNTHETIC") != NULL, "message: %s", err);
	unsetenv("HWLOC_SYNTHETIC");
	/* Explicit sources are not affected by it. */
	setenv("HWLOC_XMLFILE", "fixtures/snc.xml", 1);
	t = load_synthetic("pack:3 core:1 pu:1");
	CHECK(t && t->nr_cpus == 3, "synthetic source overridden by HWLOC_XMLFILE");
	topo_free(t);
	unsetenv("HWLOC_XMLFILE");
}
