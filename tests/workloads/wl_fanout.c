// SPDX-License-Identifier: GPL-2.0
/*
 * wl_fanout - one dispatcher waking N workers, round after round, like a
 * thread pool: each round the dispatcher wakes every worker through its own
 * futex word, each worker does a short burst of work and reports back, and
 * the last one done wakes the dispatcher.
 *
 * A worker notes its CPU when it wakes and when its burst ends. Reports the
 * distinct CPUs the workers used over the run and per round (the round's
 * concurrency: how many CPUs its N bursts ran on), round times, and where
 * the workers woke relative to the dispatcher's CPU (as wl_futex does).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl_common.h"

#define MAX_WORKERS 256
#define WAIT_SLICE_NS (1 * NSEC_PER_SEC)	/* re-check the stop flag this often */

struct fo_worker {
	uint32_t gen __attribute__((aligned(64)));	/* futex word: round to run */
	int32_t cpu_start, cpu_end;			/* this round's CPUs */
	pthread_t th;
	int idx;
	struct wl_wakes wakes;
	struct wl_cpuset used;
	uint64_t bursts, sink;
};

static struct {
	int workers;
	double seconds;
	uint64_t burst_us;
	struct wl_topo topo;
	struct wl_cpuset allowed;
	uint64_t chunk;				/* wl_work() iterations per burst */
	uint32_t pending __attribute__((aligned(64)));	/* futex word: workers still busy */
	uint32_t stop;
	struct wl_wake_stamp stamp;		/* the dispatcher's, for this round */
	struct fo_worker *w;
	pthread_barrier_t start;
} g;

static void usage(void)
{
	printf("usage: %s -w WORKERS -d SECONDS [-b BURST_US]\n"
	       "One dispatcher waking WORKERS threads every round, each for a burst of work;\n"
	       "reports the CPUs the workers used over the run and per round, round times\n"
	       "and where the workers woke relative to the dispatcher.\n"
	       "  -w, --workers N     workers (1..%d)\n"
	       "  -d, --duration S    run time in seconds\n"
	       "  -b, --burst-us N    work per worker and round, in microseconds (500)\n"
	       "  -h, --help\n"
	       "Exit: 0 ok, 1 error, 2 usage.\n",
	       wl_prog, MAX_WORKERS);
}

static void parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "workers", required_argument, NULL, 'w' },
		{ "duration", required_argument, NULL, 'd' },
		{ "burst-us", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	g.burst_us = 500;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:d:b:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			g.workers = wl_parse_long(optarg, 1, MAX_WORKERS, "worker count");
			break;
		case 'd':
			g.seconds = wl_parse_seconds(optarg, 0.001, WL_MAX_SECONDS, "duration");
			break;
		case 'b':
			g.burst_us = wl_parse_long(optarg, 1, 1000000, "burst");
			break;
		case 'h':
			usage();
			exit(WL_EXIT_OK);
		default:
			wl_getopt_error(c, argv);
		}
	}
	wl_no_extra_args(argc, argv);
	if (!g.workers)
		wl_usage_error("missing -w WORKERS (see --help)");
	if (!g.seconds)
		wl_usage_error("missing -d SECONDS (see --help)");
}

/* Sleep until *word != val; true when a FUTEX_WAIT really slept and was woken. */
static bool wait_change(uint32_t *word, uint32_t val)
{
	bool woken = false;

	while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == val)
		if (!wl_futex_wait(word, val, false, WAIT_SLICE_NS))
			woken = true;
	return woken;
}

static void *worker_main(void *arg)
{
	struct fo_worker *w = arg;
	uint32_t seen = 0;

	pthread_barrier_wait(&g.start);
	for (;;) {
		bool woken = wait_change(&w->gen, seen);
		uint64_t now = wl_now_ns();
		int cpu = sched_getcpu();

		seen = __atomic_load_n(&w->gen, __ATOMIC_ACQUIRE);
		if (g.stop)
			break;
		if (woken)
			wl_wakes_note(&w->wakes, &g.topo, &g.stamp, cpu, now);
		else
			w->wakes.nosleep++;
		w->cpu_start = cpu;
		w->sink = wl_work(w->sink + seen, g.chunk);
		w->cpu_end = sched_getcpu();
		wl_cpuset_set(&w->used, cpu);
		wl_cpuset_set(&w->used, w->cpu_end);
		w->bursts++;
		if (__atomic_sub_fetch(&g.pending, 1, __ATOMIC_ACQ_REL) == 0)
			wl_futex_wake(&g.pending, 1, false);
	}
	return NULL;
}

/* One round: wake every worker, wait for all of them. */
static void run_round(uint32_t gen)
{
	__atomic_store_n(&g.pending, g.workers, __ATOMIC_RELEASE);
	wl_stamp_take(&g.stamp);
	for (int i = 0; i < g.workers; i++) {
		__atomic_store_n(&g.w[i].gen, gen, __ATOMIC_RELEASE);
		wl_futex_wake(&g.w[i].gen, 1, false);
	}
	for (uint32_t left; (left = __atomic_load_n(&g.pending, __ATOMIC_ACQUIRE));)
		wl_futex_wait(&g.pending, left, false, WAIT_SLICE_NS);
}

/* Distinct CPUs the workers' bursts ran on in the round just done. */
static int round_cpus(void)
{
	struct wl_cpuset s;

	wl_cpuset_zero(&s);
	for (int i = 0; i < g.workers; i++) {
		wl_cpuset_set(&s, g.w[i].cpu_start);
		wl_cpuset_set(&s, g.w[i].cpu_end);
	}
	return wl_cpuset_count(&s);
}

struct fo_summary {
	uint64_t rounds, full_rounds;		/* full: as many CPUs as workers */
	struct wl_hist conc;			/* CPUs per round */
	struct wl_hist round_ns;
	double elapsed;
};

static void dispatch(struct fo_summary *sum)
{
	uint64_t t0 = wl_now_ns(), end = t0 + (uint64_t)(g.seconds * NSEC_PER_SEC), now = t0;
	uint32_t gen = 0;

	while (now < end) {
		int n;

		run_round(++gen);
		n = round_cpus();
		wl_hist_add(&sum->conc, (uint64_t)n);
		sum->full_rounds += n >= g.workers;
		sum->rounds++;
		wl_hist_add(&sum->round_ns, wl_now_ns() - now);
		now = wl_now_ns();
	}
	sum->elapsed = wl_ns_to_s(now - t0);
	g.stop = 1;
	for (int i = 0; i < g.workers; i++) {
		__atomic_store_n(&g.w[i].gen, ++gen, __ATOMIC_RELEASE);
		wl_futex_wake(&g.w[i].gen, 1, false);
	}
}

static void report(const struct fo_summary *sum)
{
	static struct wl_wakes wakes;
	struct wl_cpuset used;
	char buf[1024];

	wl_wakes_init(&wakes);
	wl_cpuset_zero(&used);
	for (int i = 0; i < g.workers; i++) {
		wl_wakes_merge(&wakes, &g.w[i].wakes);
		wl_cpuset_or(&used, &g.w[i].used);
		printf("worker %d: %llu bursts, cpus %s\n", i, (unsigned long long)g.w[i].bursts,
		       wl_cpulist_format(&g.w[i].used, buf, sizeof(buf)));
	}
	wl_res_begin();
	wl_res_int("workers", g.workers);
	wl_res_u64("burst_us", g.burst_us);
	wl_res_f("duration", sum->elapsed, 3);
	wl_res_int("cpus", wl_cpuset_count(&g.allowed));
	wl_res_u64("rounds", sum->rounds);
	wl_res_f("rounds_per_sec", sum->elapsed > 0 ? (double)sum->rounds / sum->elapsed : 0, 1);
	wl_res_int("worker_cpus_used", wl_cpuset_count(&used));
	wl_res_s("cpus_used", wl_cpulist_format(&used, buf, sizeof(buf)));
	wl_res_f("round_cpus_avg", wl_hist_mean(&sum->conc), 2);
	wl_res_u64("round_cpus_p50", wl_hist_pct(&sum->conc, 50));
	wl_res_u64("round_cpus_min", sum->conc.count ? sum->conc.min : 0);
	wl_res_f("full_round_share",
		 sum->rounds ? (double)sum->full_rounds / (double)sum->rounds : 0, 4);
	wl_res_lat("round", &sum->round_ns);
	wl_res_wakes(&wakes);
	wl_res_end();
}

int main(int argc, char **argv)
{
	static struct fo_summary sum;

	wl_prog = "wl_fanout";
	parse_args(argc, argv);
	wl_setup_topo(&g.topo, &g.allowed);
	g.chunk = wl_calibrate(g.burst_us);
	g.w = calloc(g.workers, sizeof(*g.w));
	if (!g.w)
		wl_fatal("out of memory");
	wl_hist_init(&sum.conc);
	wl_hist_init(&sum.round_ns);
	g.stamp.cpu = -1;
	if (pthread_barrier_init(&g.start, NULL, g.workers + 1))
		wl_fatal("pthread_barrier_init failed");
	printf("wl_fanout: 1 dispatcher, %d workers, %llu us bursts, %.3f s\n", g.workers,
	       (unsigned long long)g.burst_us, g.seconds);
	for (int i = 0; i < g.workers; i++) {
		g.w[i].idx = i;
		wl_wakes_init(&g.w[i].wakes);
		wl_spawn(&g.w[i].th, worker_main, &g.w[i], "wl_fo", i);
	}
	pthread_barrier_wait(&g.start);
	dispatch(&sum);
	for (int i = 0; i < g.workers; i++)
		wl_join(g.w[i].th);
	report(&sum);
	return WL_EXIT_OK;
}
