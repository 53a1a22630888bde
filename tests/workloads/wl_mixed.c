// SPDX-License-Identifier: GPL-2.0
/*
 * wl_mixed - a mixed load: CPU hogs, threads alternating CPU bursts and
 * sleeps, and a fork/exit storm (batches of short-lived children, each
 * reaped and its exit code checked). Checks that every child was reaped
 * with the right status and that no child is left over.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl_common.h"

#define MAX_BATCH 64

struct mx_hog {
	pthread_t th;
	struct wl_hog h;
};

struct mx_burst {
	pthread_t th;
	uint64_t bursts;
	struct wl_hist wake;	/* lateness of the sleeps' ends */
	uint64_t sink;
	struct wl_mig mig;
	struct wl_cpuset used;
};

struct mx_forker {
	pthread_t th;
	int idx;
	uint64_t forks, reaped, fork_errors, child_bad;
};

static struct {
	double seconds;
	int hogs, bursty, forkers, batch;
	uint64_t burst_ns, sleep_ns, child_ns;
	struct wl_topo topo;
	struct wl_cpuset allowed;
	pthread_barrier_t start;
	uint64_t t0_ns, end_ns, chunk;
	struct mx_hog *hog;
	struct mx_burst *burst;
	struct mx_forker *fork;
} g;

static void usage(void)
{
	printf("usage: %s -d SECONDS [options]\n"
	       "Mixed load: CPU hogs, burst/sleep threads and a fork/exit storm; checks that\n"
	       "every child was reaped with its exit code.\n"
	       "  -d, --duration S      run time in seconds\n"
	       "  -c, --hogs N          CPU hogs (default: allowed CPUs / 4, at least 1)\n"
	       "  -b, --bursty N        burst/sleep threads (default: CPUs / 2, at least 1)\n"
	       "  -f, --forkers N       forking threads (default: CPUs / 8, at least 1)\n"
	       "      --burst-us N      CPU burst length (2000)\n"
	       "      --sleep-us N      sleep between bursts (3000)\n"
	       "      --batch N         children forked before reaping them (8, max %d)\n"
	       "      --child-us N      CPU time each child burns before exiting (100)\n"
	       "  -h, --help\n"
	       "Exit: 0 ok, 1 error, 2 usage, 3 a child was lost or exited wrongly.\n",
	       wl_prog, MAX_BATCH);
}

enum { OPT_BURST = 0x100, OPT_SLEEP, OPT_BATCH, OPT_CHILD };

static void parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "hogs", required_argument, NULL, 'c' },
		{ "bursty", required_argument, NULL, 'b' },
		{ "forkers", required_argument, NULL, 'f' },
		{ "burst-us", required_argument, NULL, OPT_BURST },
		{ "sleep-us", required_argument, NULL, OPT_SLEEP },
		{ "batch", required_argument, NULL, OPT_BATCH },
		{ "child-us", required_argument, NULL, OPT_CHILD },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	g.hogs = g.bursty = g.forkers = -1;
	g.batch = 8;
	g.burst_ns = 2000 * NSEC_PER_USEC;
	g.sleep_ns = 3000 * NSEC_PER_USEC;
	g.child_ns = 100 * NSEC_PER_USEC;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:c:b:f:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			g.seconds = wl_parse_seconds(optarg, 0.001, WL_MAX_SECONDS, "duration");
			break;
		case 'c':
			g.hogs = wl_parse_long(optarg, 0, WL_MAX_THREADS, "hog count");
			break;
		case 'b':
			g.bursty = wl_parse_long(optarg, 0, WL_MAX_THREADS, "bursty count");
			break;
		case 'f':
			g.forkers = wl_parse_long(optarg, 0, 64, "forker count");
			break;
		case OPT_BURST:
			g.burst_ns = NSEC_PER_USEC *
				     wl_parse_long(optarg, 1, 10000000, "--burst-us");
			break;
		case OPT_SLEEP:
			g.sleep_ns = NSEC_PER_USEC *
				     wl_parse_long(optarg, 1, 10000000, "--sleep-us");
			break;
		case OPT_BATCH:
			g.batch = wl_parse_long(optarg, 1, MAX_BATCH, "--batch");
			break;
		case OPT_CHILD:
			g.child_ns = NSEC_PER_USEC *
				     wl_parse_long(optarg, 0, 10000000, "--child-us");
			break;
		case 'h':
			usage();
			exit(WL_EXIT_OK);
		default:
			wl_getopt_error(c, argv);
		}
	}
	wl_no_extra_args(argc, argv);
	if (!g.seconds)
		wl_usage_error("missing -d SECONDS (see --help)");
}

static int at_least_one(int n)
{
	return n > 0 ? n : 1;
}

static void *hog_main(void *arg)
{
	struct mx_hog *h = arg;

	pthread_barrier_wait(&g.start);
	wl_hog_run(&h->h, &g.topo, g.end_ns, g.chunk);
	return NULL;
}

static void *burst_main(void *arg)
{
	struct mx_burst *b = arg;
	uint64_t now, x = (uintptr_t)b;
	int prev = -1;

	pthread_barrier_wait(&g.start);
	now = wl_now_ns();
	while (now < g.end_ns) {
		uint64_t until = now + g.burst_ns;
		int cpu = sched_getcpu();

		wl_mig_note(&b->mig, &g.topo, prev, cpu);
		wl_cpuset_set(&b->used, cpu);
		prev = cpu;
		while (now < until && now < g.end_ns) {
			x = wl_work(x, g.chunk);
			now = wl_now_ns();
		}
		b->bursts++;
		if (now >= g.end_ns)
			break;
		until = now + g.sleep_ns;
		wl_sleep_until(until);
		now = wl_now_ns();
		wl_hist_add(&b->wake, now - until);
	}
	b->sink = x;
	return NULL;
}

static volatile uint64_t child_sink;	/* keeps the child's loop */

static noreturn void child_main(int code)
{
	uint64_t until = wl_now_ns() + g.child_ns;
	uint64_t x = (uint64_t)code;

	while (wl_now_ns() < until)
		x = wl_work(x, 64);
	child_sink = x;
	_exit(code);
}

static void *forker_main(void *arg)
{
	struct mx_forker *f = arg;
	pid_t pid[MAX_BATCH];
	int code[MAX_BATCH];
	uint64_t seq = 0;

	pthread_barrier_wait(&g.start);
	while (wl_now_ns() < g.end_ns) {
		int n = 0;

		for (; n < g.batch; n++) {
			code[n] = 1 + (int)((f->idx * 37 + seq++) % 250);
			pid[n] = fork();
			if (pid[n] == 0)
				child_main(code[n]);
			if (pid[n] < 0) {
				f->fork_errors++;
				break;
			}
			f->forks++;
		}
		for (int i = 0; i < n; i++) {
			int st;

			while (waitpid(pid[i], &st, 0) < 0) {
				if (errno != EINTR)
					wl_fatal("waitpid(%d): %s", (int)pid[i], strerror(errno));
			}
			f->reaped++;
			if (!WIFEXITED(st) || WEXITSTATUS(st) != code[i])
				f->child_bad++;
		}
		if (n < g.batch)	/* fork failed (EAGAIN?): back off a little */
			wl_sleep_until(wl_now_ns() + NSEC_PER_MSEC);
	}
	return NULL;
}

static void spawn_all(void)
{
	g.hog = calloc(at_least_one(g.hogs), sizeof(*g.hog));
	g.burst = calloc(at_least_one(g.bursty), sizeof(*g.burst));
	g.fork = calloc(at_least_one(g.forkers), sizeof(*g.fork));
	if (!g.hog || !g.burst || !g.fork)
		wl_fatal("out of memory");
	if (pthread_barrier_init(&g.start, NULL, g.hogs + g.bursty + g.forkers + 1))
		wl_fatal("pthread_barrier_init failed");
	for (int i = 0; i < g.hogs; i++)
		wl_spawn(&g.hog[i].th, hog_main, &g.hog[i], "wl_hog", i);
	for (int i = 0; i < g.bursty; i++) {
		wl_hist_init(&g.burst[i].wake);
		wl_spawn(&g.burst[i].th, burst_main, &g.burst[i], "wl_burst", i);
	}
	for (int i = 0; i < g.forkers; i++) {
		g.fork[i].idx = i;
		wl_spawn(&g.fork[i].th, forker_main, &g.fork[i], "wl_fork", i);
	}
}

/* Children nobody waited for (there must be none); reaps them. */
static uint64_t reap_leftovers(void)
{
	uint64_t n = 0;
	pid_t pid;
	int st;

	/* blocking is fine: a child only burns --child-us before exiting */
	while ((pid = waitpid(-1, &st, 0)) > 0 || (pid < 0 && errno == EINTR))
		if (pid > 0)
			n++;
	return n;
}

int main(int argc, char **argv)
{
	uint64_t forks = 0, reaped = 0, errors = 0, bad = 0, bursts = 0, unreaped, hog_iters = 0;
	static struct wl_hist wake;
	struct wl_mig mig = { 0 };
	struct wl_acc share;
	char buf[1024];
	bool ok;
	int n;

	wl_prog = "wl_mixed";
	parse_args(argc, argv);
	wl_setup_topo(&g.topo, &g.allowed);
	n = wl_cpuset_count(&g.allowed);
	if (g.hogs < 0)
		g.hogs = at_least_one(n / 4);
	if (g.bursty < 0)
		g.bursty = at_least_one(n / 2);
	if (g.forkers < 0)
		g.forkers = at_least_one(n / 8);
	g.chunk = wl_calibrate(10);
	printf("wl_mixed: %d hogs, %d bursty (%llu us on, %llu us off), %d forkers "
	       "(batch %d, child %llu us), %.3f s\n",
	       g.hogs, g.bursty, (unsigned long long)(g.burst_ns / NSEC_PER_USEC),
	       (unsigned long long)(g.sleep_ns / NSEC_PER_USEC), g.forkers, g.batch,
	       (unsigned long long)(g.child_ns / NSEC_PER_USEC), g.seconds);
	fflush(stdout);	/* before fork, or children could repeat buffered output */

	spawn_all();
	g.t0_ns = wl_now_ns();
	g.end_ns = g.t0_ns + (uint64_t)(g.seconds * NSEC_PER_SEC);
	pthread_barrier_wait(&g.start);
	for (int i = 0; i < g.hogs; i++)
		wl_join(g.hog[i].th);
	for (int i = 0; i < g.bursty; i++)
		wl_join(g.burst[i].th);
	for (int i = 0; i < g.forkers; i++)
		wl_join(g.fork[i].th);
	unreaped = reap_leftovers();

	wl_hist_init(&wake);
	wl_acc_init(&share);
	for (int i = 0; i < g.hogs; i++) {
		hog_iters += g.hog[i].h.iters;
		wl_acc_add(&share, wl_hog_share(&g.hog[i].h));
		wl_mig_add(&mig, &g.hog[i].h.mig);
		printf("hog %d: share %.3f cpus %s\n", i, wl_hog_share(&g.hog[i].h),
		       wl_cpulist_format(&g.hog[i].h.used, buf, sizeof(buf)));
	}
	for (int i = 0; i < g.bursty; i++) {
		bursts += g.burst[i].bursts;
		wl_hist_merge(&wake, &g.burst[i].wake);
		wl_mig_add(&mig, &g.burst[i].mig);
		printf("bursty %d: %llu bursts, wake p99 %.1f us, cpus %s\n", i,
		       (unsigned long long)g.burst[i].bursts,
		       wl_hist_pct(&g.burst[i].wake, 99) / 1e3,
		       wl_cpulist_format(&g.burst[i].used, buf, sizeof(buf)));
	}
	for (int i = 0; i < g.forkers; i++) {
		struct mx_forker *f = &g.fork[i];

		forks += f->forks;
		reaped += f->reaped;
		errors += f->fork_errors;
		bad += f->child_bad;
		printf("forker %d: %llu forks, %llu reaped, %llu fork errors, %llu bad exits\n", i,
		       (unsigned long long)f->forks, (unsigned long long)f->reaped,
		       (unsigned long long)f->fork_errors, (unsigned long long)f->child_bad);
	}
	ok = forks == reaped && !bad && !unreaped && (forks || !g.forkers);
	if (!ok)
		printf("CHECK FAILED: forks %llu reaped %llu bad %llu leftover %llu\n",
		       (unsigned long long)forks, (unsigned long long)reaped,
		       (unsigned long long)bad, (unsigned long long)unreaped);

	wl_res_begin();
	wl_res_f("duration", g.seconds, 3);
	wl_res_int("cpus", n);
	wl_res_int("hogs", g.hogs);
	wl_res_int("bursty", g.bursty);
	wl_res_int("forkers", g.forkers);
	wl_res_u64("forks", forks);
	wl_res_u64("reaped", reaped);
	wl_res_u64("fork_errors", errors);
	wl_res_u64("child_bad", bad);
	wl_res_u64("unreaped", unreaped);
	wl_res_f("forks_per_sec", forks / g.seconds, 1);
	wl_res_u64("bursts", bursts);
	wl_res_f("hog_work_per_sec", (double)hog_iters / g.seconds, 0);
	wl_res_lat("burst_wake", &wake);
	if (g.hogs) {
		wl_res_f("hog_min_share", share.min, 3);
		wl_res_f("hog_avg_share", wl_acc_avg(&share), 3);
	}
	wl_res_mig(&mig, g.seconds);
	wl_res_int("ok", ok);
	wl_res_end();
	return ok ? WL_EXIT_OK : WL_EXIT_CHECK;
}
