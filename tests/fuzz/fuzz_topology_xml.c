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
 * hwloc 2.12.0's own XML importer dereferences NULL on some malformed
 * files (e.g. the 21 bytes `<topologyversion="2.0`; upstream fixed a few
 * such cases after 2.12.0). hwloc is not instrumented and not ours to fix
 * here, and every fuzz run would stop at the first of them, so each input
 * is first loaded by hwloc alone (topo_open_source(), the library's exact
 * hwloc setup) in a child process; inputs that kill the child are skipped.
 * SCX_FUZZ_HWLOC_CRASHES=1 in the environment turns the probe off, to
 * hunt for those hwloc crashes instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "internal.h"	/* topo_open_source() */
#include "topology.h"

static FILE *devnull;
static int xml_fd = -1;
static char xml_path[64];
static bool probe_hwloc = true;

/*
 * The probe is a child forked once (and again after each hwloc crash),
 * so the common case costs two socket messages, not a fork: the parent
 * sends a byte once the memfd holds the input, the child loads it with
 * hwloc and answers. A dead child (signal, sanitizer exit, alarm) means
 * hwloc could not survive that input.
 *
 * The child also flags inputs that are merely expensive for hwloc: a PU
 * without os_index (0xffffffff to hwloc) makes hwloc 2.12.0 allocate a
 * 512 MiB bitmap and take seconds before scx_topo refuses the CPU id.
 * Such inputs say nothing about our code but slow the fuzzer to a crawl,
 * so they are skipped too (and the child starts afresh).
 */
#define PROBE_HEAVY_KB		(128 * 1024)	/* hwloc's own peak RSS growth */
#define PROBE_HEAVY_MS		1000
static int probe_sock = -1;
static pid_t probe_pid = -1;

static void __attribute__((noreturn)) probe_serve(int sock)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGALRM };
	struct topo_source src = { .kind = TOPO_SRC_XML, .arg = xml_path };
	char desc[128], err[256], c;
	hwloc_topology_t hw;
	size_t i;
	int null;

	/* Die quietly by the signal: no sanitizer or libFuzzer report. */
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], SIG_DFL);
	null = open("/dev/null", O_WRONLY);
	if (null >= 0)
		dup2(null, 2);
	while (recv(sock, &c, 1, 0) == 1) {
		struct timespec t0, t1;
		struct rusage ru0, ru1;
		long ms;

		getrusage(RUSAGE_SELF, &ru0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		alarm(10);
		if (topo_open_source(&src, &hw, desc, sizeof(desc), err, sizeof(err)) == 0)
			hwloc_topology_destroy(hw);
		alarm(0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		getrusage(RUSAGE_SELF, &ru1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		c = ru1.ru_maxrss - ru0.ru_maxrss > PROBE_HEAVY_KB || ms > PROBE_HEAVY_MS ?
		    'h' : 'k';
		if (send(sock, &c, 1, MSG_NOSIGNAL) != 1 || c == 'h')
			break;
	}
	_exit(0);	/* no atexit handlers, no leak check of the probe */
}

static void probe_start(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		perror("fuzz_topology_xml: socketpair");
		abort();
	}
	probe_pid = fork();
	if (probe_pid < 0) {
		perror("fuzz_topology_xml: fork");
		abort();
	}
	if (probe_pid == 0) {
		close(sv[0]);
		probe_serve(sv[1]);
	}
	close(sv[1]);
	probe_sock = sv[0];
}

/* Does hwloc alone load the current input, and cheaply? */
static bool hwloc_survives(void)
{
	char c = 'x';

	if (probe_pid < 0)
		probe_start();
	if (send(probe_sock, &c, 1, MSG_NOSIGNAL) == 1 && recv(probe_sock, &c, 1, 0) == 1 &&
	    c == 'k')
		return true;
	close(probe_sock);
	while (waitpid(probe_pid, NULL, 0) < 0)
		if (errno != EINTR)
			abort();
	probe_pid = -1;
	return false;
}

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
	probe_hwloc = !getenv("SCX_FUZZ_HWLOC_CRASHES");
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
	if (probe_hwloc && !hwloc_survives())
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
