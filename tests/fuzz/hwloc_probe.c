// SPDX-License-Identifier: GPL-2.0
/*
 * hwloc_probe.c - does hwloc alone survive an input, and cheaply?
 *
 * hwloc 2.12.0 has bugs of its own that malformed inputs reach:
 *  - its XML importer dereferences NULL, e.g. on the 21 bytes
 *    `<topologyversion="2.0` (a topology tag without its '>') or an object
 *    without complete_cpuset (upstream fixed several after 2.12.0);
 *  - its synthetic parser reads uninitialised memory for an interleaved
 *    "indexes=" attribute on the root, "(indexes=pu)2", and then fails an
 *    assert under ASan's malloc fill pattern (valgrind shows it plain).
 * hwloc is not instrumented and not ours to fix here, and every fuzz run
 * would stop at the first of them. So each input is first given to hwloc
 * alone, through topo_open_source() (the library's exact hwloc setup), in
 * a child process; inputs that kill the child are skipped, not reported.
 * XML crashes no longer get that far: topo_open_source() itself parses an
 * XML file in a child first (topology/xml_probe.c) and turns a crash into
 * an error, which the fuzzer then checks like any other.
 * Inputs that are merely expensive for hwloc are skipped too: a PU with
 * no os_index (0xffffffff to hwloc) makes it allocate a 512 MiB bitmap
 * and take seconds before scx_topo refuses that CPU id.
 *
 * The child is forked once (and again after each skip), so the common
 * case costs a few socket messages, not a fork. SCX_FUZZ_HWLOC_CRASHES=1
 * in the environment turns the probe off, to hunt for those hwloc bugs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "internal.h"	/* topo_open_source() */

#define PROBE_HEAVY_KB		(128 * 1024)	/* hwloc's own peak RSS growth */
#define PROBE_HEAVY_MS		1000
#define PROBE_ALARM_S		10

static int probe_sock = -1;
static pid_t probe_pid = -1;
static int probe_off = -1;	/* unknown until the first call */

static bool send_all(int sock, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = send(sock, p, len, MSG_NOSIGNAL);
		if (n <= 0 && errno != EINTR)
			return false;
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	return true;
}

static bool recv_all(int sock, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		n = recv(sock, p, len, 0);
		if (n == 0 || (n < 0 && errno != EINTR))
			return false;
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	return true;
}

/* One request: the source kind, the argument's length, the argument. */
struct probe_req {
	uint32_t kind;
	uint32_t len;
};

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void __attribute__((noreturn)) probe_serve(int sock)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGALRM };
	char desc[128], err[256], reply;
	struct rusage ru0, ru1;
	struct topo_source src;
	struct probe_req req;
	struct timespec t0;
	hwloc_topology_t hw;
	char *arg;
	size_t i;
	int null;

	/* Die quietly by the signal: no sanitizer or libFuzzer report. */
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], SIG_DFL);
	null = open("/dev/null", O_WRONLY);
	if (null >= 0)
		dup2(null, 2);
	while (recv_all(sock, &req, sizeof(req))) {
		arg = malloc((size_t)req.len + 1);
		if (!arg || !recv_all(sock, arg, req.len))
			break;
		arg[req.len] = '\0';
		src.kind = (enum topo_source_kind)req.kind;
		src.arg = arg;

		getrusage(RUSAGE_SELF, &ru0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		alarm(PROBE_ALARM_S);
		if (topo_open_source(&src, &hw, desc, sizeof(desc), err, sizeof(err)) == 0)
			hwloc_topology_destroy(hw);
		alarm(0);
		getrusage(RUSAGE_SELF, &ru1);
		free(arg);

		reply = ru1.ru_maxrss - ru0.ru_maxrss > PROBE_HEAVY_KB ||
			elapsed_ms(&t0) > PROBE_HEAVY_MS ? 'h' : 'k';
		if (!send_all(sock, &reply, 1) || reply == 'h')
			break;	/* a fresh child gives the memory back */
	}
	_exit(0);	/* no atexit handlers, no leak check of the probe */
}

static void probe_start(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		perror("hwloc_probe: socketpair");
		abort();
	}
	probe_pid = fork();
	if (probe_pid < 0) {
		perror("hwloc_probe: fork");
		abort();
	}
	if (probe_pid == 0) {
		close(sv[0]);
		probe_serve(sv[1]);
	}
	close(sv[1]);
	probe_sock = sv[0];
}

static void probe_reap(void)
{
	close(probe_sock);
	probe_sock = -1;
	while (waitpid(probe_pid, NULL, 0) < 0)
		if (errno != EINTR)
			abort();
	probe_pid = -1;
}

bool fuzz_hwloc_survives(const struct topo_source *src)
{
	struct probe_req req = { .kind = (uint32_t)src->kind };
	char reply = 0;

	if (probe_off < 0)
		probe_off = getenv("SCX_FUZZ_HWLOC_CRASHES") != NULL;
	if (probe_off)
		return true;
	req.len = src->arg ? (uint32_t)strlen(src->arg) : 0;
	if (probe_pid < 0)
		probe_start();
	if (send_all(probe_sock, &req, sizeof(req)) &&
	    send_all(probe_sock, src->arg ? src->arg : "", req.len) &&
	    recv_all(probe_sock, &reply, 1) && reply == 'k')
		return true;
	probe_reap();
	return false;
}
