/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests.h - every test case; test_main.c maps ctest names onto them.
 */
#ifndef SCX_TOPO_TESTS_H
#define SCX_TOPO_TESTS_H

/* test_shapes.c */
void test_one_cpu(void);
void test_xml_pipe(void);
void test_xml_fifo(void);
void test_synthetic_huge(void);
void test_one_core_l3(void);
void test_intel_2s(void);
void test_epyc(void);
void test_arm_clusters(void);
void test_no_cache(void);
void test_private_l2(void);
void test_l3_spans_nodes(void);
void test_same_node_packages(void);
void test_no_cache_two_packages(void);
void test_no_core(void);
void test_cpus_4096(void);

/* test_fixtures.c */
void test_memoryless(void);
void test_no_node(void);
void test_offline(void);
void test_snc(void);
void test_unequal_llc(void);
void test_hybrid_intel(void);
void test_hybrid_arm(void);
void test_live(void);
void test_live_env_override(void);

/* test_steal.c */
void test_steal_order(void);
void test_node_order(void);

/* test_errors.c */
void test_bad_xml_missing(void);
void test_bad_xml_malformed(void);
void test_bad_xml_truncated(void);
void test_bad_xml_duplicate_cpu(void);
void test_bad_xml_hwloc_crash(void);
void test_too_many_cpus(void);
void test_cpu_id_too_high(void);
void test_too_many_llcs(void);
void test_too_many_nodes(void);
void test_bad_synthetic(void);
void test_bad_api_use(void);
void test_bad_input_quiet(void);

/* test_distance.c */
void test_distance_asym(void);
void test_distance_zero(void);
void test_distance_partial(void);
void test_distance_huge(void);

/* test_dump.c */
void test_json_escape(void);
void test_text_sizes(void);
int golden_check(const char *name);
int golden_regen(void);

#endif /* SCX_TOPO_TESTS_H */
