// SPDX-License-Identifier: GPL-2.0
/*
 * wl_wakelat - wakeup latency of periodic sleepers.
 *
 * Each sleeper waits for absolute CLOCK_MONOTONIC deadlines every interval
 * (phases spread over the interval, timer slack 1 ns) and records how late
 * it woke. Optional background hogs compete for the CPUs. Reports latency
 * percentiles, missed periods, the sleepers' migrations by level and the
 * hogs' CPU share.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "wl_common.h"

struct wk_sleeper {
	pthread_t th;
	int idx;
	struct wl_hist lat;
	uint64_t wakeups, missed;
	struct wl_mig mig;
	struct wl_cpuset used;
};

struct wk_hog {
	pthread_t th;
	struct wl_hog h;
};

static struct {
	int threads, hogs;
	double seconds;
	uint64_t interval_ns;
	struct wl_topo topo;
	struct wl_cpuset allowed;
	pthread_barrier_t start;
	uint64_t t0_ns, end_ns, chunk;
	struct wk_sleeper *sl;
	struct wk_hog *hog;
} g;

static void usage(void)
{
	printf("usage: %s -t THREADS -d SECONDS [-i INTERVAL_US] [-b HOGS]\n"
	       "Periodic sleepers measuring wakeup latency (actual - intended), with\n"
	       "optional CPU hogs competing.\n"
	       "  -t, --threads N       sleeper threads (1..%d)\n"
	       "  -d, --duration S      run time in seconds\n"
	       "  -i, --interval-us N   sleep period in microseconds (1000)\n"
	       "  -b, --hogs N          background busy threads (0)\n"
	       "  -h, --help\n"
	       "Exit: 0 ok, 1 error, 2 usage.\n",
	       wl_prog, WL_MAX_THREADS);
}

static void parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "threads", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'd' },
		{ "interval-us", required_argument, NULL, 'i' },
		{ "hogs", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	g.interval_ns = 1000 * NSEC_PER_USEC;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:d:i:b:h", lopts, NULL)) != -1) {
		switch (c) {
		case 't':
			g.threads = wl_parse_long(optarg, 1, WL_MAX_THREADS, "thread count");
			break;
		case 'd':
			g.seconds = wl_parse_seconds(optarg, 0.001, WL_MAX_SECONDS, "duration");
			break;
		case 'i':
			g.interval_ns =
				NSEC_PER_USEC * wl_parse_long(optarg, 10, 10000000, "interval");
			break;
		case 'b':
			g.hogs = wl_parse_long(optarg, 0, WL_MAX_THREADS, "hog count");
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

static void *sleeper_main(void *arg)
{
	struct wk_sleeper *s = arg;
	uint64_t next;
	int prev = -1;

	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	pthread_barrier_wait(&g.start);
	next = g.t0_ns + g.interval_ns + g.interval_ns * s->idx / g.threads;
	while (next < g.end_ns) {
		uint64_t now;
		int cpu;

		wl_sleep_until(next);
		now = wl_now_ns();
		wl_hist_add(&s->lat, now - next);
		s->wakeups++;
		cpu = sched_getcpu();
		wl_mig_note(&s->mig, &g.topo, prev, cpu);
		wl_cpuset_set(&s->used, cpu);
		prev = cpu;
		next += g.interval_ns;
		if (next <= now) {	/* overslept whole periods: skip them */
			uint64_t skip = (now - next) / g.interval_ns + 1;

			s->missed += skip;
			next += skip * g.interval_ns;
		}
	}
	return NULL;
}

static void *hog_main(void *arg)
{
	struct wk_hog *h = arg;

	pthread_barrier_wait(&g.start);
	wl_hog_run(&h->h, &g.topo, g.end_ns, g.chunk);
	return NULL;
}

static void report(void)
{
	static struct wl_hist lat;
	struct wl_mig mig = { 0 };
	struct wl_cpuset used;
	struct wl_acc share;
	uint64_t wakeups = 0, missed = 0, worst_p99 = 0;
	char buf[1024], mbuf[128];

	wl_hist_init(&lat);
	wl_cpuset_zero(&used);
	wl_acc_init(&share);
	for (int i = 0; i < g.threads; i++) {
		struct wk_sleeper *s = &g.sl[i];
		uint64_t p99 = wl_hist_pct(&s->lat, 99);

		wl_hist_merge(&lat, &s->lat);
		wl_mig_add(&mig, &s->mig);
		wl_cpuset_or(&used, &s->used);
		wakeups += s->wakeups;
		missed += s->missed;
		if (p99 > worst_p99)
			worst_p99 = p99;
		printf("sleeper %d: %llu wakeups, %llu missed, p50 %.1f us p99 %.1f us "
		       "max %.1f us, cpus %s, mig %s\n",
		       i, (unsigned long long)s->wakeups, (unsigned long long)s->missed,
		       wl_hist_pct(&s->lat, 50) / 1e3, p99 / 1e3,
		       s->lat.count ? s->lat.max / 1e3 : 0,
		       wl_cpulist_format(&s->used, buf, sizeof(buf)),
		       wl_mig_format(&s->mig, mbuf, sizeof(mbuf)));
	}
	for (int i = 0; i < g.hogs; i++) {
		wl_acc_add(&share, wl_hog_share(&g.hog[i].h));
		printf("hog %d: share %.3f cpus %s\n", i, wl_hog_share(&g.hog[i].h),
		       wl_cpulist_format(&g.hog[i].h.used, buf, sizeof(buf)));
	}

	wl_res_begin();
	wl_res_int("threads", g.threads);
	wl_res_int("hogs", g.hogs);
	wl_res_u64("interval_us", g.interval_ns / NSEC_PER_USEC);
	wl_res_f("duration", g.seconds, 3);
	wl_res_int("cpus", wl_cpuset_count(&g.allowed));
	wl_res_u64("wakeups", wakeups);
	wl_res_u64("missed", missed);
	wl_res_lat("lat", &lat);
	wl_res_f("lat_thread_p99_max_us", worst_p99 / 1e3, 1);
	wl_res_mig(&mig, g.seconds);
	wl_res_s("cpus_used", wl_cpulist_format(&used, buf, sizeof(buf)));
	if (g.hogs) {
		wl_res_f("hog_min_share", share.min, 3);
		wl_res_f("hog_avg_share", wl_acc_avg(&share), 3);
	}
	wl_res_end();
}

int main(int argc, char **argv)
{
	wl_prog = "wl_wakelat";
	parse_args(argc, argv);
	wl_setup_topo(&g.topo, &g.allowed);
	g.chunk = wl_calibrate(10);
	g.sl = calloc(g.threads, sizeof(*g.sl));
	g.hog = calloc(g.hogs ? g.hogs : 1, sizeof(*g.hog));
	if (!g.sl || !g.hog)
		wl_fatal("out of memory");
	printf("wl_wakelat: %d sleepers every %llu us, %d hogs, %.3f s\n", g.threads,
	       (unsigned long long)(g.interval_ns / NSEC_PER_USEC), g.hogs, g.seconds);
	fflush(stdout);

	if (pthread_barrier_init(&g.start, NULL, g.threads + g.hogs + 1))
		wl_fatal("pthread_barrier_init failed");
	for (int i = 0; i < g.threads; i++) {
		g.sl[i].idx = i;
		wl_hist_init(&g.sl[i].lat);
		wl_spawn(&g.sl[i].th, sleeper_main, &g.sl[i], "wl_sleep", i);
	}
	for (int i = 0; i < g.hogs; i++)
		wl_spawn(&g.hog[i].th, hog_main, &g.hog[i], "wl_hog", i);
	g.t0_ns = wl_now_ns();
	g.end_ns = g.t0_ns + (uint64_t)(g.seconds * NSEC_PER_SEC);
	pthread_barrier_wait(&g.start);
	for (int i = 0; i < g.threads; i++)
		wl_join(g.sl[i].th);
	for (int i = 0; i < g.hogs; i++)
		wl_join(g.hog[i].th);
	report();
	return WL_EXIT_OK;
}
