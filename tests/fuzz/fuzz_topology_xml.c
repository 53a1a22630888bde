// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_topology_xml - topo_discover() on an hwloc XML file (what
 * --topology-xml passes), then both dumps and topo_free().
 *
 * The library takes only a path, so each input is written to one
 * memfd and passed as /proc/self/fd/N: nothing touches the file system
 * and nothing is left behind when the fuzzer dies. (hwloc opens the path
 * afresh, so it reads from offset 0.)
 *
 * Inputs that crash or hog hwloc itself are skipped: see hwloc_probe.c.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "topology.h"

static FILE *devnull;
static int xml_fd = -1;
static char xml_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* hwloc reads these; the input alone must decide what happens. */
	unsetenv("HWLOC_XML_VERBOSE");
	unsetenv("HWLOC_XMLFILE");
	unsetenv("HWLOC_SYNTHETIC");
	unsetenv("HWLOC_COMPONENTS");
	unsetenv("HWLOC_LIBXML");
	unsetenv("HWLOC_LIBXML_IMPORT");
	xml_fd = memfd_create("fuzz_topology_xml", MFD_CLOEXEC);
	if (xml_fd < 0) {
		perror("fuzz_topology_xml: memfd_create");
		abort();
	}
	snprintf(xml_path, sizeof(xml_path), "/proc/self/fd/%d", xml_fd);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	fuzz_quiet_stdio();
	return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
	size_t done = 0;
	ssize_t n;

	if (ftruncate(xml_fd, 0))
		abort();
	while (done < size) {
		n = pwrite(xml_fd, data + done, size - done, (off_t)done);
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct topo_source src = { .kind = TOPO_SRC_XML, .arg = xml_path };
	struct topology *topo = NULL;
	char err[512];

	if (size > FUZZ_MAX_INPUT)
		return -1;
	write_input(data, size);
	if (!fuzz_hwloc_survives(&src))
		return -1;	/* an hwloc crash or hog, not ours; not kept */
	if (topo_discover(&src, &topo, err, sizeof(err)) == 0) {
		FUZZ_ASSERT(topo, "success without a model");
		fuzz_check_topology(topo);
		topo_dump_text(devnull, topo);
		topo_dump_json(devnull, topo);
		topo_free(topo);
	} else {
		FUZZ_ASSERT(!topo, "failure left a model behind");
		FUZZ_ASSERT(err[0], "failure without a message");
	}
	fuzz_hwloc_check_balanced();
	return 0;
}
