// SPDX-License-Identifier: GPL-2.0
/*
 * wl_pingpong - pairs of threads (or processes) bouncing a word over two
 * pipes. The "ping" side sends its CPU, the "pong" side answers with its
 * own; ping times each round trip. Reports round trips per second, the
 * round-trip latency distribution, where the partners ran relative to each
 * other (same CPU, SMT sibling, LLC, node, remote) and migrations by level.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl_common.h"

#define MAX_PAIRS (WL_MAX_THREADS / 2)

struct pp_pair {
	int a2b[2], b2a[2];
	pthread_t ping_th, pong_th;
	pid_t ping_pid, pong_pid;
	/* results, written by the workers */
	struct wl_hist lat;
	uint64_t trips, end_ns;
	uint64_t rel[WL_LVL_NR];	/* partner placement per round trip */
	struct wl_mig mig;		/* both sides */
	struct wl_cpuset used;
	int err;			/* errno of a failed read/write */
};

/* Shared with the workers; MAP_SHARED so processes see it too. */
struct pp_shared {
	pthread_barrier_t start;
	uint64_t t0_ns, end_ns;
	struct pp_pair pair[];
};

static struct {
	int pairs;
	double seconds;
	bool procs;
	struct wl_topo topo;
	struct wl_cpuset allowed;
	struct pp_shared *sh;
} g;

static void usage(void)
{
	printf("usage: %s -p PAIRS -d SECONDS [-P]\n"
	       "Pairs bouncing a word over pipes; reports round trips/s, round-trip latency\n"
	       "percentiles, partner placement and migrations by topology level.\n"
	       "  -p, --pairs N       pairs (1..%d)\n"
	       "  -d, --duration S    run time in seconds\n"
	       "  -P, --processes     one process per side instead of threads\n"
	       "  -h, --help\n"
	       "Exit: 0 ok, 1 error, 2 usage.\n",
	       wl_prog, MAX_PAIRS);
}

static void parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "pairs", required_argument, NULL, 'p' },
		{ "duration", required_argument, NULL, 'd' },
		{ "processes", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:d:Ph", lopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			g.pairs = wl_parse_long(optarg, 1, MAX_PAIRS, "pair count");
			break;
		case 'd':
			g.seconds = wl_parse_seconds(optarg, 0.001, WL_MAX_SECONDS, "duration");
			break;
		case 'P':
			g.procs = true;
			break;
		case 'h':
			usage();
			exit(WL_EXIT_OK);
		default:
			wl_getopt_error(c, argv);
		}
	}
	wl_no_extra_args(argc, argv);
	if (!g.pairs)
		wl_usage_error("missing -p PAIRS (see --help)");
	if (!g.seconds)
		wl_usage_error("missing -d SECONDS (see --help)");
}

/* 0, or the errno; EOF is -1. */
static int xfer(int fd, int32_t *v, bool wr)
{
	char *p = (char *)v;
	size_t done = 0;

	while (done < sizeof(*v)) {
		ssize_t n = wr ? write(fd, p + done, sizeof(*v) - done) :
				 read(fd, p + done, sizeof(*v) - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			return -1;
		done += n;
	}
	return 0;
}

static void *ping_main(void *arg)
{
	struct pp_pair *pp = arg;
	int prev = -1, err = 0;
	int32_t msg, reply;

	pthread_barrier_wait(&g.sh->start);
	msg = sched_getcpu();
	for (;;) {
		uint64_t t1 = wl_now_ns(), t2;

		if (t1 >= g.sh->end_ns)
			break;
		err = xfer(pp->a2b[1], &msg, true);
		if (!err)
			err = xfer(pp->b2a[0], &reply, false);
		if (err)
			break;
		t2 = wl_now_ns();
		wl_hist_add(&pp->lat, t2 - t1);
		pp->trips++;
		msg = sched_getcpu();
		wl_mig_note(&pp->mig, &g.topo, prev, msg);
		wl_cpuset_set(&pp->used, msg);
		prev = msg;
		pp->rel[wl_classify(&g.topo, msg, reply)]++;
	}
	pp->end_ns = wl_now_ns();
	if (err)
		pp->err = err < 0 ? EPIPE : err;
	close(pp->a2b[1]);	/* pong sees EOF */
	return NULL;
}

static void *pong_main(void *arg)
{
	struct pp_pair *pp = arg;
	struct wl_mig mig = { 0 };
	struct wl_cpuset used;
	int prev = -1;
	int32_t v;

	wl_cpuset_zero(&used);
	pthread_barrier_wait(&g.sh->start);
	while (!xfer(pp->a2b[0], &v, false)) {
		v = sched_getcpu();
		wl_mig_note(&mig, &g.topo, prev, v);
		wl_cpuset_set(&used, v);
		prev = v;
		if (xfer(pp->b2a[1], &v, true))
			break;
	}
	/* ping has stopped touching these by now: it closed a2b after its last write */
	wl_mig_add(&pp->mig, &mig);
	wl_cpuset_or(&pp->used, &used);
	return NULL;
}

/* A failed fork leaves earlier workers waiting at the barrier: kill them. */
static void kill_workers(void)
{
	for (int i = 0; i < g.pairs; i++) {
		if (g.sh->pair[i].ping_pid > 0)
			kill(g.sh->pair[i].ping_pid, SIGKILL);
		if (g.sh->pair[i].pong_pid > 0)
			kill(g.sh->pair[i].pong_pid, SIGKILL);
	}
}

static pid_t fork_worker(void *(*fn)(void *), struct pp_pair *pp, bool ping)
{
	pid_t pid = fork();

	if (pid < 0) {
		int err = errno;

		kill_workers();
		wl_fatal("fork: %s", strerror(err));
	}
	if (pid)
		return pid;
	/* keep only this side's ends, so EOF propagates */
	close(ping ? pp->a2b[0] : pp->a2b[1]);
	close(ping ? pp->b2a[1] : pp->b2a[0]);
	fn(pp);
	_exit(0);
}

static void start_pair(int i)
{
	struct pp_pair *pp = &g.sh->pair[i];

	wl_hist_init(&pp->lat);
	if (pipe(pp->a2b) || pipe(pp->b2a))
		wl_fatal("pipe: %s", strerror(errno));
	if (!g.procs) {
		wl_spawn(&pp->ping_th, ping_main, pp, "wl_ping", i);
		wl_spawn(&pp->pong_th, pong_main, pp, "wl_pong", i);
		return;
	}
	pp->ping_pid = fork_worker(ping_main, pp, true);
	pp->pong_pid = fork_worker(pong_main, pp, false);
	/* the parent keeps none, so later pairs do not inherit them */
	close(pp->a2b[0]);
	close(pp->a2b[1]);
	close(pp->b2a[0]);
	close(pp->b2a[1]);
}

static void reap(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			wl_fatal("waitpid: %s", strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		wl_fatal("worker %d failed (status 0x%x)", (int)pid, st);
}

static void finish_pair(int i)
{
	struct pp_pair *pp = &g.sh->pair[i];

	if (g.procs) {
		reap(pp->ping_pid);
		reap(pp->pong_pid);
		return;
	}
	wl_join(pp->ping_th);
	wl_join(pp->pong_th);
	close(pp->a2b[0]);
	close(pp->b2a[0]);
	close(pp->b2a[1]);
}

static void report(void)
{
	static struct wl_hist lat;
	struct wl_mig mig = { 0 };
	struct wl_cpuset used;
	uint64_t trips = 0, rel[WL_LVL_NR] = { 0 }, last = g.sh->t0_ns;
	double elapsed, rmin = 0, rmax = 0;
	char buf[1024], mbuf[128], key[32];

	wl_hist_init(&lat);
	wl_cpuset_zero(&used);
	for (int i = 0; i < g.pairs; i++) {
		struct pp_pair *pp = &g.sh->pair[i];
		double run = wl_ns_to_s(pp->end_ns - g.sh->t0_ns);
		double r = run > 0 ? (double)pp->trips / run : 0;

		if (pp->err)
			wl_fatal("pair %d: pipe transfer failed: %s", i, strerror(pp->err));
		if (!i || r < rmin)
			rmin = r;
		if (!i || r > rmax)
			rmax = r;
		if (pp->end_ns > last)
			last = pp->end_ns;
		wl_hist_merge(&lat, &pp->lat);
		wl_mig_add(&mig, &pp->mig);
		wl_cpuset_or(&used, &pp->used);
		trips += pp->trips;
		for (int l = 0; l < WL_LVL_NR; l++)
			rel[l] += pp->rel[l];
		printf("pair %d: %llu round trips (%.0f/s) p50 %.1f us p99 %.1f us, "
		       "cpus %s, mig %s\n",
		       i, (unsigned long long)pp->trips, r, wl_hist_pct(&pp->lat, 50) / 1e3,
		       wl_hist_pct(&pp->lat, 99) / 1e3,
		       wl_cpulist_format(&pp->used, buf, sizeof(buf)),
		       wl_mig_format(&pp->mig, mbuf, sizeof(mbuf)));
	}
	elapsed = wl_ns_to_s(last - g.sh->t0_ns);

	wl_res_begin();
	wl_res_int("pairs", g.pairs);
	wl_res_s("mode", g.procs ? "processes" : "threads");
	wl_res_f("duration", elapsed, 3);
	wl_res_int("cpus", wl_cpuset_count(&g.allowed));
	wl_res_u64("round_trips", trips);
	wl_res_f("rtps", elapsed > 0 ? (double)trips / elapsed : 0, 1);
	wl_res_f("rtps_pair_min", rmin, 1);
	wl_res_f("rtps_pair_max", rmax, 1);
	wl_res_lat("lat", &lat);
	for (int l = 0; l < WL_LVL_NR; l++) {
		snprintf(key, sizeof(key), "pair_%s", wl_level_name[l]);
		wl_res_f(key, trips ? (double)rel[l] / (double)trips : 0, 4);
	}
	wl_res_mig(&mig, elapsed);
	wl_res_s("cpus_used", wl_cpulist_format(&used, buf, sizeof(buf)));
	wl_res_end();
}

int main(int argc, char **argv)
{
	pthread_barrierattr_t attr;
	size_t size;

	wl_prog = "wl_pingpong";
	parse_args(argc, argv);
	wl_setup_topo(&g.topo, &g.allowed);
	signal(SIGPIPE, SIG_IGN);

	size = sizeof(*g.sh) + g.pairs * sizeof(struct pp_pair);
	g.sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g.sh == MAP_FAILED)
		wl_fatal("mmap: %s", strerror(errno));
	pthread_barrierattr_init(&attr);
	pthread_barrierattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (pthread_barrier_init(&g.sh->start, &attr, 2 * g.pairs + 1))
		wl_fatal("pthread_barrier_init failed");
	printf("wl_pingpong: %d pairs of %s for %.3f s\n", g.pairs,
	       g.procs ? "processes" : "threads", g.seconds);
	fflush(stdout);	/* before fork, or children would repeat buffered output */

	for (int i = 0; i < g.pairs; i++)
		start_pair(i);
	g.sh->t0_ns = wl_now_ns();
	g.sh->end_ns = g.sh->t0_ns + (uint64_t)(g.seconds * NSEC_PER_SEC);
	pthread_barrier_wait(&g.sh->start);
	for (int i = 0; i < g.pairs; i++)
		finish_pair(i);
	report();
	return WL_EXIT_OK;
}
