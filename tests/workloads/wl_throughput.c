// SPDX-License-Identifier: GPL-2.0
/*
 * wl_throughput - N busy threads each repeating a fixed arithmetic work
 * unit until told to stop; reports work units per second (for comparing
 * schedulers), per-thread spread, CPU share and migrations by level.
 * The main thread sets a stop flag at the end; the loop reads the clock
 * only every 16 units, as a backstop.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_common.h"

struct tp_thread {
	pthread_t th;
	uint64_t units, start_ns, end_ns, cpu_ns, sink;
	struct wl_mig mig;
	struct wl_cpuset used;
};

static struct {
	int threads;
	double seconds;
	uint64_t unit_iters;
	struct wl_topo topo;
	struct wl_cpuset allowed;
	pthread_barrier_t start;
	atomic_int stop;
	uint64_t t0_ns, end_ns;
	struct tp_thread *th;
} g;

static void usage(void)
{
	printf("usage: %s -t THREADS -d SECONDS [-u UNIT_ITERS]\n"
	       "Busy threads repeating a fixed work unit; reports work units per second.\n"
	       "  -t, --threads N       threads (1..%d)\n"
	       "  -d, --duration S      run time in seconds\n"
	       "  -u, --unit-iters N    iterations of the arithmetic kernel per unit (20000)\n"
	       "  -h, --help\n"
	       "Exit: 0 ok, 1 error, 2 usage.\n",
	       wl_prog, WL_MAX_THREADS);
}

static void parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "threads", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'd' },
		{ "unit-iters", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	g.unit_iters = 20000;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:d:u:h", lopts, NULL)) != -1) {
		switch (c) {
		case 't':
			g.threads = wl_parse_long(optarg, 1, WL_MAX_THREADS, "thread count");
			break;
		case 'd':
			g.seconds = wl_parse_seconds(optarg, 0.001, WL_MAX_SECONDS, "duration");
			break;
		case 'u':
			g.unit_iters = wl_parse_long(optarg, 1, 1000000000, "unit iterations");
			break;
		case 'h':
			usage();
			exit(WL_EXIT_OK);
		default:
			wl_getopt_error(c, argv);
		}
	}
	wl_no_extra_args(argc, argv);
	if (!g.threads)
		wl_usage_error("missing -t THREADS (see --help)");
	if (!g.seconds)
		wl_usage_error("missing -d SECONDS (see --help)");
}

static void *tp_main(void *arg)
{
	struct tp_thread *t = arg;
	uint64_t x = (uintptr_t)t, cpu0;
	int prev = -1;

	pthread_barrier_wait(&g.start);
	t->start_ns = wl_now_ns();
	cpu0 = wl_thread_cpu_ns();	/* nested in the wall interval */
	while (!atomic_load_explicit(&g.stop, memory_order_relaxed)) {
		int cpu;

		x = wl_work(x, g.unit_iters);
		t->units++;
		/* backstop in case the main thread is kept off-CPU past the end */
		if (!(t->units % 16) && wl_now_ns() >= g.end_ns)
			break;
		cpu = sched_getcpu();
		if (cpu != prev) {
			wl_mig_note(&t->mig, &g.topo, prev, cpu);
			wl_cpuset_set(&t->used, cpu);
			prev = cpu;
		}
	}
	t->cpu_ns = wl_thread_cpu_ns() - cpu0;
	t->end_ns = wl_now_ns();
	t->sink = x;
	return NULL;
}

static void report(void)
{
	struct wl_mig mig = { 0 };
	struct wl_cpuset used;
	struct wl_acc share, units;
	uint64_t total = 0, last = g.t0_ns, sink = 0;
	double elapsed;
	char buf[1024], mbuf[128];

	wl_cpuset_zero(&used);
	wl_acc_init(&share);
	wl_acc_init(&units);
	for (int i = 0; i < g.threads; i++) {
		struct tp_thread *t = &g.th[i];
		uint64_t wall = t->end_ns - t->start_ns;
		double s = wall ? (double)t->cpu_ns / (double)wall : 0;

		total += t->units;
		sink ^= t->sink;
		wl_acc_add(&units, (double)t->units);
		wl_acc_add(&share, s);
		wl_mig_add(&mig, &t->mig);
		wl_cpuset_or(&used, &t->used);
		if (t->end_ns > last)
			last = t->end_ns;
		printf("thread %d: %llu units, share %.3f, cpus %s, mig %s\n", i,
		       (unsigned long long)t->units, s,
		       wl_cpulist_format(&t->used, buf, sizeof(buf)),
		       wl_mig_format(&t->mig, mbuf, sizeof(mbuf)));
	}
	elapsed = wl_ns_to_s(last - g.t0_ns);
	printf("checksum 0x%016llx\n", (unsigned long long)sink);

	wl_res_begin();
	wl_res_int("threads", g.threads);
	wl_res_f("duration", elapsed, 3);
	wl_res_int("cpus", wl_cpuset_count(&g.allowed));
	wl_res_u64("unit_iters", g.unit_iters);
	wl_res_u64("units", total);
	wl_res_f("units_per_sec", elapsed > 0 ? (double)total / elapsed : 0, 1);
	wl_res_f("units_per_sec_thread", elapsed > 0 ? (double)total / elapsed / g.threads : 0, 1);
	wl_res_u64("thread_units_min", (uint64_t)units.min);
	wl_res_u64("thread_units_max", (uint64_t)units.max);
	wl_res_f("fairness", units.max > 0 ? units.min / units.max : 0, 3);
	wl_res_f("min_share", share.min, 3);
	wl_res_f("avg_share", wl_acc_avg(&share), 3);
	wl_res_mig(&mig, elapsed);
	wl_res_s("cpus_used", wl_cpulist_format(&used, buf, sizeof(buf)));
	wl_res_end();
}

int main(int argc, char **argv)
{
	wl_prog = "wl_throughput";
	parse_args(argc, argv);
	wl_setup_topo(&g.topo, &g.allowed);
	g.th = calloc(g.threads, sizeof(*g.th));
	if (!g.th)
		wl_fatal("out of memory");
	printf("wl_throughput: %d threads, %llu iterations per unit, %.3f s\n", g.threads,
	       (unsigned long long)g.unit_iters, g.seconds);
	fflush(stdout);

	if (pthread_barrier_init(&g.start, NULL, g.threads + 1))
		wl_fatal("pthread_barrier_init failed");
	for (int i = 0; i < g.threads; i++)
		wl_spawn(&g.th[i].th, tp_main, &g.th[i], "wl_tp", i);
	g.t0_ns = wl_now_ns();
	g.end_ns = g.t0_ns + (uint64_t)(g.seconds * NSEC_PER_SEC);
	pthread_barrier_wait(&g.start);
	wl_sleep_until(g.end_ns);
	atomic_store(&g.stop, 1);
	for (int i = 0; i < g.threads; i++)
		wl_join(g.th[i].th);
	report();
	return WL_EXIT_OK;
}
