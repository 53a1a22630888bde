// SPDX-License-Identifier: GPL-2.0
/*
 * hwloc_guard.c - for the fuzzers that drive hwloc: leak suppressions
 * (LSAN_OPTIONS in the environment still adds its own), and a count of
 * the hwloc handles the library takes, which must all go back.
 *
 * hwloc 2.12.0 leaks what it allocated when it rejects an input: a
 * truncated or malformed XML file in hwloc_topology_load() (also seen by
 * tests/topology, see lsan-hwloc.supp), and the parsed levels of an
 * invalid synthetic string in hwloc_topology_set_synthetic(). hwloc is
 * built without frame pointers, so ASan's fast unwinder stops inside it
 * and those leaks can only be told apart by the library they come from.
 * (Unwinding the slow way would reach hwloc_topology_load, but makes a
 * 4096-CPU synthetic input 5x slower: seconds per run under ASan.)
 *
 * A suppressed block also hides everything it points to, so a topology or
 * distance matrix the library forgot to give back would go unreported.
 * Hence the wrappers below: the executable's definitions of these hwloc
 * functions take the library's calls, count them and pass them on to
 * libhwloc; fuzz_hwloc_check_balanced() runs after every input. (hwloc
 * bitmaps cannot be counted this way: hwloc allocates and frees its own
 * through the same exported functions. topology/kinds.c is their only
 * user in the library.)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

#include <hwloc.h>
#include <hwloc/distances.h>

#include "fuzz_common.h"

const char *__lsan_default_suppressions(void);

const char *__lsan_default_suppressions(void)
{
	return "leak:libhwloc.so\n";
}

static int live_topologies, live_distances;

static void *real(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (!fn)
		fuzz_fail(__FILE__, __LINE__, "dlsym", "no %s in libhwloc", name);
	return fn;
}

int hwloc_topology_init(hwloc_topology_t *topology)
{
	static int (*fn)(hwloc_topology_t *);
	int ret;

	if (!fn)
		fn = real("hwloc_topology_init");
	ret = fn(topology);
	live_topologies += !ret;
	return ret;
}

void hwloc_topology_destroy(hwloc_topology_t topology)
{
	static void (*fn)(hwloc_topology_t);

	if (!fn)
		fn = real("hwloc_topology_destroy");
	fn(topology);
	live_topologies--;
}

int hwloc_distances_get_by_type(hwloc_topology_t topology, hwloc_obj_type_t type,
				unsigned *nr, struct hwloc_distances_s **distances,
				unsigned long kind, unsigned long flags)
{
	static int (*fn)(hwloc_topology_t, hwloc_obj_type_t, unsigned *,
			 struct hwloc_distances_s **, unsigned long, unsigned long);
	unsigned room = *nr;
	int ret;

	if (!fn)
		fn = real("hwloc_distances_get_by_type");
	ret = fn(topology, type, nr, distances, kind, flags);
	if (!ret && distances)
		live_distances += *nr < room ? *nr : room;
	return ret;
}

void hwloc_distances_release(hwloc_topology_t topology, struct hwloc_distances_s *distances)
{
	static void (*fn)(hwloc_topology_t, struct hwloc_distances_s *);

	if (!fn)
		fn = real("hwloc_distances_release");
	fn(topology, distances);
	live_distances--;
}

void fuzz_hwloc_check_balanced(void)
{
	FUZZ_ASSERT(live_topologies == 0 && live_distances == 0,
		    "%d hwloc topologies and %d distance matrices not given back",
		    live_topologies, live_distances);
}
