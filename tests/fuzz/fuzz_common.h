/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_common.h - helpers shared by the libFuzzer harnesses in tests/fuzz.
 */
#ifndef SCX_TOPO_FUZZ_COMMON_H
#define SCX_TOPO_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "topology.h"

/*
 * Inputs bigger than this are rejected before the code under test runs:
 * every real topology XML of <= 4096 CPUs and every command line is far
 * smaller, and huge inputs only slow the fuzzer down.
 */
#define FUZZ_MAX_INPUT		(256 * 1024)

/*
 * Caps on what a synthetic description may ask hwloc to build; see
 * fuzz_synthetic_too_big().
 */
#define FUZZ_MAX_PUS		8192		/* 2x TOPO_MAX_CPUS (src/include/intf.h) */
#define FUZZ_MAX_ARITY		128		/* children of one object (hwloc: quadratic) */
#define FUZZ_MAX_LEVEL_WIDTH	1024		/* objects on any level above the PUs */
#define FUZZ_MAX_NODES		256		/* NUMA nodes, 4x TOPO_MAX_NODES */
#define FUZZ_MAX_OBJECTS	65536		/* all levels plus attached NUMA nodes */
#define FUZZ_MAX_INDEX		(1u << 21)	/* bitmap cost; the library refuses ids >= 4096 */

/*
 * Send what the code under test prints through stdio to /dev/null.
 * libFuzzer prints through its own FILE (captured from stderr before main)
 * and the sanitizers write to fd 2 directly, so their reports still show.
 */
void fuzz_quiet_stdio(void);

/* A copy of data with a NUL appended (embedded NULs end the string early). */
char *fuzz_strndup(const uint8_t *data, size_t size);

/*
 * True when an hwloc synthetic description would make hwloc build more
 * than FUZZ_MAX_PUS PUs, FUZZ_MAX_ARITY children of one object,
 * FUZZ_MAX_LEVEL_WIDTH objects on a level above the PUs, FUZZ_MAX_NODES
 * NUMA nodes, FUZZ_MAX_OBJECTS objects in all, or a bitmap for an os
 * index above FUZZ_MAX_INDEX. Mirrors the level grammar of hwloc's
 * topology-synthetic.c closely enough to count what it would allocate;
 * anything it cannot parse, hwloc rejects before building objects.
 */
bool fuzz_synthetic_too_big(const char *desc);

/*
 * abort() with a message unless the model satisfies the invariants the
 * loader relies on when it indexes arrays with these ids (topology.h),
 * stays within the scheduler's limits (intf.h), and has a distance matrix
 * in which every node is strictly nearest to itself.
 */
void fuzz_check_topology(const struct topology *topo);

/* hwloc_probe.c: false when hwloc alone crashes on src or is very slow. */
bool fuzz_hwloc_survives(const struct topo_source *src);

/* hwloc_guard.c: abort unless every hwloc topology and distance matrix
 * the library took since the start has been given back. */
void fuzz_hwloc_check_balanced(void);

#define FUZZ_ASSERT(cond, ...)							\
	do {									\
		if (!(cond))							\
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);	\
	} while (0)

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

#endif /* SCX_TOPO_FUZZ_COMMON_H */
