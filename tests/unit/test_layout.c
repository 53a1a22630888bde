// SPDX-License-Identifier: GPL-2.0
/* test_layout.c - what the loader writes into the BPF maps, from a model. */
#include <string.h>

#include "check.h"
#include "layout.h"
#include "match.h"

static struct topology *synthetic(const char *desc)
{
	struct topo_source src = { .kind = TOPO_SRC_SYNTHETIC, .arg = desc };
	struct topology *topo = NULL;
	char err[256];

	if (topo_discover(&src, &topo, err, sizeof(err)))
		fprintf(stderr, "synthetic '%s': %s\n", desc, err);
	return topo;
}

/* 2 packages x 1 node x 2 L3 x 4 cores: the test VM's 2n2l shape. */
#define TWO_NODES "package:2 numa:1 l3:2 core:4 pu:1"

static void test_two_nodes(void)
{
	struct topology *topo = synthetic(TWO_NODES);
	struct topo_layout l;
	char err[256];
	int cpu;

	CHECK(topo != NULL, "synthetic topology");
	if (!topo)
		return;
	CHECK_EQ(layout_build(topo, 16, &l, err, sizeof(err)), 0);
	CHECK_EQ(l.nr_llcs, 4);
	CHECK_EQ(l.nr_nodes, 2);
	for (cpu = 0; cpu < 16; cpu++) {
		CHECK_EQ(l.cpu_info[cpu].present, 1);
		CHECK_EQ(l.cpu_info[cpu].llc_id, cpu / 4);
		CHECK_EQ(l.cpu_info[cpu].node_id, cpu / 8);
	}
	/* LLC 0 steals from LLC 1 (same node) first, then node 1's LLCs. */
	CHECK_EQ(l.llc_info[0].nr_steal, 3);
	CHECK_EQ(l.llc_info[0].nr_steal_same_node, 1);
	CHECK_EQ(l.steal_order[0 * 4 + 0], 1);
	CHECK_EQ(l.llc_info[3].node_id, 1);
	CHECK_EQ(l.steal_order[3 * 4 + 0], 2);
	CHECK_EQ(l.node_order[0], 0);
	CHECK_EQ(l.node_order[1], 1);
	CHECK_EQ(l.node_order[2], 1);
	CHECK_EQ(l.node_order[3], 0);
	CHECK_EQ(l.node_info[1].first_llc, 2);
	CHECK_EQ(l.node_info[1].nr_cpus, 8);
	/* More kernel CPU ids than the model: extra ids are not scheduled. */
	layout_free(&l);
	CHECK_EQ(layout_build(topo, 32, &l, err, sizeof(err)), 0);
	CHECK_EQ(l.cpu_info[20].present, 0);
	layout_free(&l);
	/* Fewer: the model is of another machine. */
	CHECK_EQ(layout_build(topo, 8, &l, err, sizeof(err)), -1);
	CHECK(strstr(err, "another machine") != NULL, "message: %s", err);
	topo_free(topo);
}

static void test_compare(void)
{
	struct topology *a = synthetic(TWO_NODES);
	struct topology *b = synthetic("package:2 numa:1 l3:1 core:8 pu:1");
	struct topology *c = synthetic(TWO_NODES);
	char why[256];

	CHECK(a && b && c, "synthetic topologies");
	if (!a || !b || !c)
		return;
	CHECK_EQ(topo_compare(a, c, why, sizeof(why)), 0);
	CHECK_EQ(topo_compare(a, b, why, sizeof(why)), -1);
	CHECK(strstr(why, "LLCs") != NULL, "why: %s", why);
	topo_free(a);
	topo_free(b);
	topo_free(c);
}

static void test_limits(void)
{
	struct topology *topo = synthetic("package:1 numa:1 l3:1 core:4097 pu:1");
	struct topo_layout l;
	char err[256];

	if (!topo)
		return;	/* the library may refuse it itself, which is fine too */
	CHECK_EQ(layout_build(topo, 8192, &l, err, sizeof(err)), -1);
	CHECK(strstr(err, "4096") != NULL, "message: %s", err);
	topo_free(topo);
}

int main(void)
{
	test_two_nodes();
	test_compare();
	test_limits();
	return check_done("test_layout");
}
