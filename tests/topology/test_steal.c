// SPDX-License-Identifier: GPL-2.0
/*
 * test_steal.c - topo_steal_order() and topo_node_order() on hand-written arrays.
 */
#include <string.h>

#include "harness.h"
#include "steal_order.h"
#include "tests.h"

#define MAX_LLCS	16

struct steal_case {
	const char *name;
	int self;
	int nr_llcs;
	int node[MAX_LLCS];
	int package[MAX_LLCS];
	int nr_nodes;
	uint32_t distance[MAX_LLCS * MAX_LLCS];
	const char *expected;	/* "same-node part | other nodes part" */
};

static const struct steal_case cases[] = {
	{
		/* Local: own package first (2), then the other one (1). */
		/* Remote: nodes 2 and 3 at 20 before node 1 at 30. */
		.name = "packages and distances",
		.self = 0, .nr_llcs = 6,
		.node = { 0, 0, 0, 1, 2, 3 },
		.package = { 0, 1, 0, 0, 1, 1 },
		.nr_nodes = 4,
		.distance = { 10, 30, 20, 20,
			      30, 10, 20, 20,
			      20, 20, 10, 20,
			      20, 20, 20, 10 },
		.expected = "2,1 | 4-5,3",
	},
	{
		/* Equal distances: by node id, then LLC id within a node. */
		.name = "ties by node then llc",
		.self = 0, .nr_llcs = 5,
		.node = { 0, 2, 1, 1, 2 },
		.package = { 0, 0, 0, 0, 0 },
		.nr_nodes = 3,
		.distance = { 10, 20, 20,  20, 10, 20,  20, 20, 10 },
		.expected = " | 2-3,1,4",
	},
	{
		/* Only self's row counts, even if the matrix is asymmetric. */
		.name = "asymmetric matrix",
		.self = 2, .nr_llcs = 3,
		.node = { 0, 1, 2 },
		.package = { 0, 1, 2 },
		.nr_nodes = 3,
		.distance = { 10, 11, 40,  11, 10, 12,  30, 25, 10 },
		.expected = " | 1,0",
	},
	{
		/* Same-node LLCs never wait behind a nearer-looking remote. */
		.name = "local before remote",
		.self = 3, .nr_llcs = 5,
		.node = { 1, 0, 0, 1, 1 },
		.package = { 1, 0, 0, 0, 1 },
		.nr_nodes = 2,
		.distance = { 10, 11,  11, 10 },
		.expected = "0,4 | 1-2",
	},
	{
		.name = "single llc",
		.self = 0, .nr_llcs = 1,
		.node = { 0 }, .package = { 0 }, .nr_nodes = 1,
		.distance = { 10 },
		.expected = " | ",
	},
};

static void run_case(const struct steal_case *c)
{
	int order[MAX_LLCS], same = -1, n;
	char got[300], same_s[128], other_s[128];

	n = topo_steal_order(c->self, c->nr_llcs, c->node, c->package, c->nr_nodes,
			     c->distance, order, &same);
	if (n != c->nr_llcs - 1) {
		CHECK(0, "%s: returned %d, expected %d", c->name, n, c->nr_llcs - 1);
		return;
	}
	ids_to_str(same_s, sizeof(same_s), order, same);
	ids_to_str(other_s, sizeof(other_s), order + same, n - same);
	snprintf(got, sizeof(got), "%s | %s", same_s, other_s);
	if (strcmp(got, c->expected))
		CHECK(0, "%s: expected \"%s\", got \"%s\"", c->name, c->expected, got);
}

static void bad_arguments(void)
{
	int node[2] = { 0, 1 }, bad_node[2] = { 0, 5 }, pkg[2] = { 0, 0 };
	uint32_t dist[4] = { 10, 20, 20, 10 };
	int order[2], same;

	CHECK_INT(-1, topo_steal_order(2, 2, node, pkg, 2, dist, order, &same));
	CHECK_INT(-1, topo_steal_order(-1, 2, node, pkg, 2, dist, order, &same));
	CHECK_INT(-1, topo_steal_order(0, 0, node, pkg, 2, dist, order, &same));
	CHECK_INT(-1, topo_steal_order(0, 2, bad_node, pkg, 2, dist, order, &same));
	CHECK_INT(-1, topo_steal_order(0, 2, node, pkg, 2, NULL, order, &same));
	CHECK_INT(-1, topo_steal_order(0, 2, node, pkg, 2, dist, NULL, &same));
	/* nr_same_node is optional. */
	CHECK_INT(1, topo_steal_order(0, 2, node, pkg, 2, dist, order, NULL));
}

void test_steal_order(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	bad_arguments();
}

void test_node_order(void)
{
	/* Four nodes on a line: 0-1-2-3; from node 2 the order is 2, 1|3, 0. */
	uint32_t dist[16] = { 10, 20, 30, 40, 20, 10, 20, 30, 30, 20, 10, 20, 40, 30, 20, 10 };
	uint32_t order[4];

	CHECK_INT(4, topo_node_order(2, 4, dist, order));
	CHECK_INT(2, (int)order[0]);
	CHECK_INT(1, (int)order[1]);	/* tie with 3: lower id first */
	CHECK_INT(3, (int)order[2]);
	CHECK_INT(0, (int)order[3]);
	CHECK_INT(4, topo_node_order(0, 4, dist, order));
	CHECK(order[0] == 0 && order[1] == 1 && order[2] == 2 && order[3] == 3, "from node 0");
	CHECK_INT(-1, topo_node_order(4, 4, dist, order));
	CHECK_INT(-1, topo_node_order(0, 4, NULL, order));
}
