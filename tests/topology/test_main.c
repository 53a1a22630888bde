// SPDX-License-Identifier: GPL-2.0
/*
 * test_main.c - run one named topology test case (one ctest each).
 *
 *   test_topology CASE            run a case, exit 1 on any failed check
 *   test_topology golden-NAME     compare golden/NAME.{txt,json}
 *   test_topology --list          print the case names
 *   test_topology --regen-golden  rewrite golden/ (run in tests/topology)
 *   test_topology --expect A B..  fail unless A B.. are exactly the cases
 *                                 (keeps CMakeLists.txt and this table in step)
 *
 * Paths are relative: ctest runs this in tests/topology.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "tests.h"

struct test_case {
	const char *name;
	void (*fn)(void);
};

static const struct test_case cases[] = {
	{ "one-cpu", test_one_cpu },
	{ "one-core-l3", test_one_core_l3 },
	{ "intel-2s", test_intel_2s },
	{ "epyc-384", test_epyc },
	{ "arm-clusters", test_arm_clusters },
	{ "no-cache", test_no_cache },
	{ "private-l2", test_private_l2 },
	{ "l3-spans-nodes", test_l3_spans_nodes },
	{ "same-node-packages", test_same_node_packages },
	{ "no-cache-two-packages", test_no_cache_two_packages },
	{ "no-core", test_no_core },
	{ "cpus-4096", test_cpus_4096 },
	{ "memoryless", test_memoryless },
	{ "no-node", test_no_node },
	{ "offline", test_offline },
	{ "snc", test_snc },
	{ "unequal-llc", test_unequal_llc },
	{ "hybrid-intel", test_hybrid_intel },
	{ "hybrid-arm", test_hybrid_arm },
	{ "live", test_live },
	{ "live-env-override", test_live_env_override },
	{ "steal-order", test_steal_order },
	{ "node-order", test_node_order },
	{ "bad-xml-missing", test_bad_xml_missing },
	{ "bad-xml-malformed", test_bad_xml_malformed },
	{ "bad-xml-truncated", test_bad_xml_truncated },
	{ "bad-xml-duplicate-cpu", test_bad_xml_duplicate_cpu },
	{ "bad-xml-hwloc-crash", test_bad_xml_hwloc_crash },
	{ "too-many-cpus", test_too_many_cpus },
	{ "cpu-id-too-high", test_cpu_id_too_high },
	{ "too-many-llcs", test_too_many_llcs },
	{ "too-many-nodes", test_too_many_nodes },
	{ "bad-synthetic", test_bad_synthetic },
	{ "xml-pipe", test_xml_pipe },
	{ "xml-fifo", test_xml_fifo },
	{ "synthetic-huge", test_synthetic_huge },
	{ "bad-api-use", test_bad_api_use },
	{ "bad-input-quiet", test_bad_input_quiet },
	{ "distance-asym", test_distance_asym },
	{ "distance-zero", test_distance_zero },
	{ "distance-partial", test_distance_partial },
	{ "distance-huge", test_distance_huge },
	{ "json-escape", test_json_escape },
	{ "text-sizes", test_text_sizes },
};

#define NR_CASES	(int)(sizeof(cases) / sizeof(cases[0]))

static int run(const char *name)
{
	int i;

	if (!strncmp(name, "golden-", 7)) {
		if (golden_check(name + 7)) {
			fprintf(stderr, "no golden case '%s'\n", name + 7);
			return 2;
		}
	} else {
		for (i = 0; i < NR_CASES && strcmp(cases[i].name, name); i++)
			;
		if (i == NR_CASES) {
			fprintf(stderr, "no test case '%s' (try --list)\n", name);
			return 2;
		}
		cases[i].fn();
	}
	if (test_failures) {
		fprintf(stderr, "%s: %d check(s) failed\n", name, test_failures);
		return 1;
	}
	printf("%s: ok\n", name);
	return 0;
}

static int expect_cases(int nr, char **names)
{
	int i, j, bad = 0;

	for (i = 0; i < NR_CASES; i++) {
		for (j = 0; j < nr && strcmp(names[j], cases[i].name); j++)
			;
		if (j == nr) {
			fprintf(stderr, "case '%s' is not registered with ctest\n", cases[i].name);
			bad = 1;
		}
	}
	if (nr != NR_CASES) {
		fprintf(stderr, "ctest lists %d cases, test_topology has %d\n", nr, NR_CASES);
		bad = 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	int i;

	if (argc > 1 && !strcmp(argv[1], "--expect"))
		return expect_cases(argc - 2, argv + 2);
	if (argc != 2) {
		fprintf(stderr, "usage: test_topology CASE | golden-NAME | --list | --regen-golden\n");
		return 2;
	}
	if (!strcmp(argv[1], "--list")) {
		for (i = 0; i < NR_CASES; i++)
			printf("%s\n", cases[i].name);
		return 0;
	}
	if (!strcmp(argv[1], "--regen-golden"))
		return golden_regen() ? 1 : 0;
	return run(argv[1]);
}
