/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness.h - checks and helpers shared by the topology tests.
 *
 * CHECK* macros record a failure with file:line and the values involved,
 * then carry on so one run shows every broken expectation.
 */
#ifndef SCX_TOPO_TEST_HARNESS_H
#define SCX_TOPO_TEST_HARNESS_H

#include <stdio.h>

#include "topology.h"

extern int test_failures;

#define CHECK(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: FAILED %s: ", __FILE__,	\
				__LINE__, #cond);				\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			test_failures++;					\
		}								\
	} while (0)

#define CHECK_INT(expected, actual)						\
	do {									\
		long long e_ = (expected), a_ = (actual);			\
		if (e_ != a_) {							\
			fprintf(stderr, "%s:%d: FAILED %s: expected %lld, got %lld\n", \
				__FILE__, __LINE__, #actual, e_, a_);		\
			test_failures++;					\
		}								\
	} while (0)

#define CHECK_STR(expected, actual)						\
	do {									\
		const char *e_ = (expected), *a_ = (actual);			\
		if (strcmp(e_, a_)) {						\
			fprintf(stderr, "%s:%d: FAILED %s: expected \"%s\", got \"%s\"\n", \
				__FILE__, __LINE__, #actual, e_, a_);		\
			test_failures++;					\
		}								\
	} while (0)

/* A list of ids in "0-3,8-11" form, as the checks below compare them. */
#define CHECK_IDS(expected, ids, nr)						\
	do {									\
		char buf_[8192];						\
		ids_to_str(buf_, sizeof(buf_), (ids), (nr));			\
		CHECK_STR((expected), buf_);					\
	} while (0)

#define CHECK_LIST(expected, list)	CHECK_IDS((expected), (list).os_ids, (list).nr)

/* Steal order split as "same-node part | other nodes part". */
#define CHECK_STEAL(expected, topo, llc)					\
	do {									\
		char buf_[16384];						\
		steal_to_str(buf_, sizeof(buf_), &(topo)->llcs[(llc)]);		\
		CHECK_STR((expected), buf_);					\
	} while (0)

void ids_to_str(char *buf, size_t len, const int *ids, int nr);
void steal_to_str(char *buf, size_t len, const struct topo_llc *llc);

/* Discover or record a failure (and return NULL). Checks invariants. */
struct topology *load_synthetic(const char *desc);
struct topology *load_xml(const char *path);

/* Structural invariants every model must satisfy, whatever the input. */
void check_invariants(const struct topology *topo);

/* Index of a CPU in topo->cpus; records a failure when absent. */
const struct topo_cpu *cpu_of(const struct topology *topo, int os_id);

#define GIB	(1024ULL * 1024 * 1024)
#define MIB	(1024ULL * 1024)

#endif /* SCX_TOPO_TEST_HARNESS_H */
