// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_topology_synthetic - topo_discover() on an hwloc synthetic
 * description (what --topology-synthetic passes), then both dumps and
 * topo_free() on every model it builds.
 *
 * The input is the description itself, NUL-terminated here (an embedded
 * NUL just ends it early). Descriptions that would make hwloc build more
 * than FUZZ_MAX_PUS PUs are skipped: see fuzz_synthetic_too_big(); so
 * are those that crash or hog hwloc itself: see hwloc_probe.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "topology.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* hwloc reads these; the input alone must decide what happens. */
	unsetenv("HWLOC_SYNTHETIC_VERBOSE");
	unsetenv("HWLOC_XMLFILE");
	unsetenv("HWLOC_SYNTHETIC");
	unsetenv("HWLOC_COMPONENTS");
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	fuzz_quiet_stdio();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct topo_source src = { .kind = TOPO_SRC_SYNTHETIC };
	struct topology *topo = NULL;
	char err[512];
	char *desc;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	desc = fuzz_strndup(data, size);
	if (fuzz_synthetic_too_big(desc)) {
		free(desc);
		return -1;	/* not kept in the corpus */
	}
	src.arg = desc;
	if (!fuzz_hwloc_survives(&src)) {
		free(desc);
		return -1;	/* an hwloc crash or hog, not ours; not kept */
	}
	if (topo_discover(&src, &topo, err, sizeof(err)) == 0) {
		FUZZ_ASSERT(topo, "success without a model");
		fuzz_check_topology(topo);
		topo_dump_text(devnull, topo);
		topo_dump_json(devnull, topo);
		topo_free(topo);
	} else {
		FUZZ_ASSERT(!topo, "failure left a model behind");
		FUZZ_ASSERT(err[0], "failure without a message for '%s'", desc);
	}
	fuzz_hwloc_check_balanced();
	free(desc);
	return 0;
}
