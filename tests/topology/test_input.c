// SPDX-License-Identifier: GPL-2.0
/*
 * test_input.c - topology input that is not a plain file or a small
 * description: an XML file through a pipe or FIFO, read once; a synthetic
 * machine far beyond the limits, refused before hwloc builds it.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "tests.h"

#define PIPE_FIXTURE "fixtures/snc.xml"

/* In a child: copy the fixture into fd (path: open it for writing first), then exit. */
static void __attribute__((noreturn)) feed(int fd, const char *path)
{
	char buf[4096];
	size_t n;
	FILE *in;

	if (path)
		fd = open(path, O_WRONLY);	/* a FIFO: blocks until the reader opens it */
	in = fopen(PIPE_FIXTURE, "r");
	while (in && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (write(fd, buf, n) != (ssize_t)n)
			break;
	_exit(0);
}

static void expect_same_as_file(const char *via, const struct topology *topo)
{
	struct topo_source file = { TOPO_SRC_XML, PIPE_FIXTURE };
	struct topology *want;
	char err[512];

	if (topo_discover(&file, &want, err, sizeof(err))) {
		CHECK(0, "fixture %s: %s", PIPE_FIXTURE, err);
		return;
	}
	CHECK_INT(want->nr_cpus, topo->nr_cpus);
	CHECK_INT(want->nr_llcs, topo->nr_llcs);
	CHECK_INT(want->nr_nodes, topo->nr_nodes);
	CHECK(strstr(topo->source, via) != NULL, "source '%s' does not name %s", topo->source, via);
	topo_free(want);
}

static void discover_from(const char *path, pid_t writer)
{
	struct topo_source src = { TOPO_SRC_XML, path };
	struct topology *topo;
	char err[512];
	int status;

	if (topo_discover(&src, &topo, err, sizeof(err))) {
		CHECK(0, "%s: %s", path, err);
	} else {
		expect_same_as_file(path, topo);
		topo_free(topo);
	}
	kill(writer, SIGKILL);
	waitpid(writer, &status, 0);
}

/* `--topology-xml <(lstopo --of xml)`: the path is /dev/fd/N of a pipe. */
void test_xml_pipe(void)
{
	char path[64];
	int fds[2];
	pid_t writer;

	if (pipe(fds)) {
		CHECK(0, "pipe failed");
		return;
	}
	writer = fork();
	if (!writer)
		feed(fds[1], NULL);
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	discover_from(path, writer);
	close(fds[0]);
}

void test_xml_fifo(void)
{
	char path[] = "/tmp/scx-topo-fifo-XXXXXX";
	char fifo[64];
	pid_t writer;

	if (!mkdtemp(path)) {
		CHECK(0, "mkdtemp failed");
		return;
	}
	snprintf(fifo, sizeof(fifo), "%s/xml", path);
	CHECK_INT(0, mkfifo(fifo, 0600));
	writer = fork();
	if (!writer)
		feed(-1, fifo);
	discover_from(fifo, writer);
	unlink(fifo);
	rmdir(path);
}

/* A billion PUs: refused at once, naming the limit, not after hwloc built them. */
void test_synthetic_huge(void)
{
	struct topo_source src = { TOPO_SRC_SYNTHETIC, "pack:1000 core:1000 pu:1000" };
	struct topology *topo = NULL;
	struct timespec t0, t1;
	char err[512];
	double secs;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(-1, topo_discover(&src, &topo, err, sizeof(err)));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(secs < 1.0, "took %.1f s: the limit was checked after hwloc built it", secs);
	CHECK(strstr(err, "at least") && strstr(err, "TOPO_MAX_CPUS"), "message: %s", err);
	/* Memory levels and attributes do not multiply: this one is small. */
	src.arg = "pack:2 [numa(memory=1GB)] l3:2 core:4(indexes=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15) pu:2";
	CHECK_INT(32, topo_synthetic_leaves(src.arg));
}
