// SPDX-License-Identifier: GPL-2.0
/*
 * test_distance.c - NUMA distance matrices from XML that are unusual or
 * malformed. All four fixtures are 3 packages, one node and one LLC each.
 *
 * An asymmetric matrix is kept (ACPI allows one); a malformed one is not
 * used at all: the model has the defaults, distance_from_hwloc 0, and
 * distance_note saying which matrix was dropped and why.
 */
#include <string.h>

#include "harness.h"
#include "tests.h"

/* The defaults everywhere, and a note that contains `why`. */
static void check_defaults(const char *path, const char *why)
{
	struct topology *t = load_xml(path);
	int i, j;

	if (!t)
		return;
	CHECK_INT(3, t->nr_nodes);
	CHECK_INT(0, t->distance_from_hwloc);
	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++)
			CHECK_INT(i == j ? 10 : 20, topo_distance(t, i, j));
	CHECK(strstr(t->distance_note, "hwloc distance matrix 'NUMALatency' not used") != NULL,
	      "%s: note \"%s\"", path, t->distance_note);
	CHECK(strstr(t->distance_note, why) != NULL, "%s: note \"%s\" lacks \"%s\"", path,
	      t->distance_note, why);
	CHECK_STEAL(" | 1-2", t, 0);
	CHECK_STEAL(" | 0-1", t, 2);
	topo_free(t);
}

/* Rows 10 20 30 / 30 10 20 / 20 30 10: each node orders by its own row. */
void test_distance_asym(void)
{
	struct topology *t = load_xml("fixtures/dist-asym.xml");

	if (!t)
		return;
	CHECK_INT(1, t->distance_from_hwloc);
	CHECK_STR("", t->distance_note);
	CHECK_INT(30, topo_distance(t, 0, 2));
	CHECK_INT(20, topo_distance(t, 2, 0));
	CHECK_INT(10, topo_distance(t, 1, 1));
	CHECK_STEAL(" | 1-2", t, 0);
	CHECK_STEAL(" | 2,0", t, 1);
	CHECK_STEAL(" | 0-1", t, 2);
	topo_free(t);
}

/* A remote distance of 0 would make node 1 nearer to node 0 than node 0 itself. */
void test_distance_zero(void)
{
	check_defaults("fixtures/dist-zero.xml",
		       "node P#0 is not nearer to itself (10) than to node P#1 (0)");
}

/* Mixing hwloc's values for two nodes with our defaults for the third means nothing. */
void test_distance_partial(void)
{
	check_defaults("fixtures/dist-partial.xml", "it has no entries for node P#2");
}

/* 2^33 would wrap in 32 bits (and in the users' +1s). */
void test_distance_huge(void)
{
	check_defaults("fixtures/dist-huge.xml",
		       "its distance from node P#1 to P#2, 8589934592, is out of range");
}
