// SPDX-License-Identifier: GPL-2.0
/*
 * bench_topology - how long topo_discover() takes and how much memory it
 * needs, for a small, a 384-CPU and a 4096-CPU synthetic machine.
 *
 *   bench_topology [ROUNDS]
 *
 * Each shape runs in its own child process so peak RSS (getrusage) is that
 * shape's alone; the child reports the RSS before its first discovery too,
 * so the table shows what discovery itself added. Time is the median of
 * ROUNDS (default 20) discover+free cycles, including hwloc's own load;
 * the "hwloc ms" column times a bare hwloc load of the same input, so the
 * difference is what building the model costs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hwloc.h>

#include "topology.h"

struct shape {
	const char *name;
	const char *desc;
};

static const struct shape shapes[] = {
	{ "16 cpus", "pack:1 [numa] l3:2 core:4 pu:2" },
	{ "384 cpus (EPYC-like)", "pack:2 [numa] l3:12 core:8 pu:2" },
	{ "4096 cpus, 512 LLCs", "pack:64 [numa] l3:8 core:4 pu:2" },
};

struct result {
	int ok;
	int nr_cpus, nr_llcs, nr_nodes;
	double median_ms, min_ms, hwloc_ms;
	long rss_before_kib, rss_peak_kib;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median time of a bare hwloc load+destroy, flags as topo_discover sets. */
static double hwloc_only_ms(const char *desc, int rounds)
{
	double *ms = calloc(rounds, sizeof(*ms)), median = -1;
	hwloc_topology_t hw;
	int i;

	for (i = 0; ms && i < rounds; i++) {
		double start = now_ms();

		hwloc_topology_init(&hw);
		hwloc_topology_set_flags(hw, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED |
					 HWLOC_TOPOLOGY_FLAG_NO_MEMATTRS);
		hwloc_topology_set_synthetic(hw, desc);
		hwloc_topology_load(hw);
		hwloc_topology_destroy(hw);
		ms[i] = now_ms() - start;
	}
	if (ms) {
		qsort(ms, rounds, sizeof(*ms), cmp_double);
		median = ms[rounds / 2];
	}
	free(ms);
	return median;
}

/* In the child: time `rounds` discoveries of one shape. */
static void measure(const struct shape *s, int rounds, struct result *r)
{
	struct topo_source src = { .kind = TOPO_SRC_SYNTHETIC, .arg = s->desc };
	double *ms = calloc(rounds, sizeof(*ms));
	struct topology *t;
	char err[256];
	int i;

	r->rss_before_kib = peak_rss_kib();
	for (i = 0; ms && i < rounds; i++) {
		double start = now_ms();

		if (topo_discover(&src, &t, err, sizeof(err))) {
			fprintf(stderr, "bench_topology: %s: %s\n", s->name, err);
			free(ms);
			return;
		}
		ms[i] = now_ms() - start;
		r->nr_cpus = t->nr_cpus;
		r->nr_llcs = t->nr_llcs;
		r->nr_nodes = t->nr_nodes;
		topo_free(t);
	}
	if (!ms)
		return;
	qsort(ms, rounds, sizeof(*ms), cmp_double);
	r->min_ms = ms[0];
	r->median_ms = ms[rounds / 2];
	r->rss_peak_kib = peak_rss_kib();
	r->hwloc_ms = hwloc_only_ms(s->desc, rounds);
	r->ok = 1;
	free(ms);
}

/* Fork, measure in the child, hand the result back through a pipe. */
static int run_shape(const struct shape *s, int rounds, struct result *r)
{
	int fd[2], status;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		close(fd[0]);
		measure(s, rounds, r);
		_exit(write(fd[1], r, sizeof(*r)) == sizeof(*r) ? 0 : 1);
	}
	close(fd[1]);
	if (read(fd[0], r, sizeof(*r)) != sizeof(*r))
		r->ok = 0;
	close(fd[0]);
	waitpid(pid, &status, 0);
	return r->ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	struct result r;
	size_t i;
	int ret = 0;

	if (rounds < 1)
		rounds = 1;
	printf("%-22s %6s %5s %5s %10s %9s %9s %13s %13s\n", "shape", "cpus", "llcs",
	       "nodes", "median ms", "min ms", "hwloc ms", "rss base KiB", "rss peak KiB");
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		if (run_shape(&shapes[i], rounds, &r)) {
			printf("%-22s failed\n", shapes[i].name);
			ret = 1;
			continue;
		}
		printf("%-22s %6d %5d %5d %10.3f %9.3f %9.3f %13ld %13ld\n", shapes[i].name,
		       r.nr_cpus, r.nr_llcs, r.nr_nodes, r.median_ms, r.min_ms, r.hwloc_ms,
		       r.rss_before_kib, r.rss_peak_kib);
	}
	printf("(%d rounds each; synthetic inputs, so hwloc's load is included but no sysfs reads)\n",
	       rounds);
	return ret;
}
