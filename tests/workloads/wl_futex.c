// SPDX-License-Identifier: GPL-2.0
/*
 * wl_futex - pairs of threads (or processes) handing a turn back and forth
 * through a futex word: FUTEX_WAIT / FUTEX_WAKE and nothing else, so the
 * wakeups carry no sync hint (unlike pipes and sockets).
 *
 * Before each wake the waker leaves its CPU and a timestamp next to the
 * word; the wakee, back from FUTEX_WAIT, takes sched_getcpu() and classifies
 * the wakeup against the waker's CPU by the sysfs topology: same CPU, same
 * LLC, same node, other node. Reports those shares, round trips per second,
 * wakeup latency (waker's stamp to the wakee running) and, per pair, the
 * nodes each of its two threads ran on.
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
#define WAIT_SLICE_NS (1 * NSEC_PER_SEC)	/* re-check the stop flag this often */

/* One side of a pair; written only by its own thread. */
struct fx_side {
	struct wl_wakes wakes;
	struct wl_mig mig;
	struct wl_cpuset used;
	uint64_t node_mask;
	uint64_t turns;
	pthread_t th;
	pid_t pid;
};

struct fx_pair {
	uint32_t turn __attribute__((aligned(64)));	/* futex word: 1 or 2, whose turn */
	uint32_t stop;
	struct wl_wake_stamp stamp;			/* from the last waker */
	uint64_t end_ns;				/* when side 0 stopped */
	struct fx_side side[2];
};

/* Shared with the workers; MAP_SHARED so processes see it too. */
struct fx_shared {
	pthread_barrier_t start;
	uint64_t t0_ns, end_ns;
	struct fx_pair pair[];
};

struct fx_arg {
	struct fx_pair *pp;
	int idx;		/* 0 or 1 */
};

static struct {
	int pairs;
	double seconds;
	bool procs;
	struct wl_topo topo;
	struct wl_cpuset allowed;
	struct fx_shared *sh;
	struct fx_arg *args;
} g;

static void usage(void)
{
	printf("usage: %s -p PAIRS -d SECONDS [-P]\n"
	       "Pairs handing a turn back and forth through a futex; reports where each\n"
	       "wakee woke relative to its waker (same CPU/LLC/node, other node), round\n"
	       "trips/s, wakeup latency percentiles and the nodes of each pair's threads.\n"
	       "  -p, --pairs N       pairs (1..%d)\n"
	       "  -d, --duration S    run time in seconds\n"
	       "  -P, --processes     one process per side (shared futex) instead of threads\n"
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

/* Sleep until it is side me's turn; true when a FUTEX_WAIT really slept and was woken. */
static bool wait_turn(struct fx_pair *pp, uint32_t me)
{
	uint32_t other = 3 - me;
	bool woken = false;

	while (__atomic_load_n(&pp->turn, __ATOMIC_ACQUIRE) != me) {
		if (!wl_futex_wait(&pp->turn, other, g.procs, WAIT_SLICE_NS))
			woken = true;
	}
	return woken;
}

static void note_turn(struct fx_side *sd, bool woken, const struct wl_wake_stamp *stamp,
		      int *prev)
{
	uint64_t now = wl_now_ns();
	int cpu = sched_getcpu();

	if (woken)
		wl_wakes_note(&sd->wakes, &g.topo, stamp, cpu, now);
	else if (stamp->cpu >= 0)
		sd->wakes.nosleep++;
	wl_mig_note(&sd->mig, &g.topo, *prev, cpu);
	wl_cpuset_set(&sd->used, cpu);
	sd->node_mask |= wl_node_bit(&g.topo, cpu);
	*prev = cpu;
	sd->turns++;
}

static void *side_main(void *arg)
{
	struct fx_arg *a = arg;
	struct fx_pair *pp = a->pp;
	struct fx_side *sd = &pp->side[a->idx];
	uint32_t me = a->idx + 1, other = 2 - a->idx;
	int prev = -1;

	pthread_barrier_wait(&g.sh->start);
	for (;;) {
		bool woken = wait_turn(pp, me);

		if (pp->stop)
			break;
		note_turn(sd, woken, &pp->stamp, &prev);
		if (a->idx == 0 && wl_now_ns() >= g.sh->end_ns) {
			pp->stop = 1;
			pp->end_ns = wl_now_ns();
		}
		wl_stamp_take(&pp->stamp);
		__atomic_store_n(&pp->turn, other, __ATOMIC_RELEASE);
		wl_futex_wake(&pp->turn, 1, g.procs);
		if (pp->stop)
			break;
	}
	return NULL;
}

/* A failed fork leaves earlier workers waiting at the barrier: kill them. */
static void kill_workers(void)
{
	for (int i = 0; i < g.pairs; i++)
		for (int s = 0; s < 2; s++)
			if (g.sh->pair[i].side[s].pid > 0)
				kill(g.sh->pair[i].side[s].pid, SIGKILL);
}

static pid_t fork_side(struct fx_arg *a)
{
	pid_t pid = fork();

	if (pid < 0) {
		int err = errno;

		kill_workers();
		wl_fatal("fork: %s", strerror(err));
	}
	if (!pid) {
		side_main(a);
		_exit(0);
	}
	return pid;
}

static void start_pair(int i)
{
	struct fx_pair *pp = &g.sh->pair[i];

	pp->turn = 1;
	pp->stamp.cpu = -1;
	for (int s = 0; s < 2; s++) {
		struct fx_arg *a = &g.args[2 * i + s];

		*a = (struct fx_arg){ .pp = pp, .idx = s };
		wl_wakes_init(&pp->side[s].wakes);
		wl_cpuset_zero(&pp->side[s].used);
		if (g.procs)
			pp->side[s].pid = fork_side(a);
		else
			wl_spawn(&pp->side[s].th, side_main, a, s ? "wl_fx_b" : "wl_fx_a", i);
	}
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
	for (int s = 0; s < 2; s++) {
		if (g.procs)
			reap(g.sh->pair[i].side[s].pid);
		else
			wl_join(g.sh->pair[i].side[s].th);
	}
}

struct fx_summary {
	struct wl_wakes wakes;
	struct wl_mig mig;
	struct wl_cpuset used;
	uint64_t trips, masks[WL_MAX_THREADS];
	int split_pairs;	/* the pair's threads ran on more than one node between them */
	double elapsed;
};

static void sum_pair(struct fx_summary *sum, int i)
{
	struct fx_pair *pp = &g.sh->pair[i];
	struct wl_wakes pw;
	char cpus[256];
	uint64_t both = 0, n;

	wl_wakes_init(&pw);
	for (int s = 0; s < 2; s++) {
		struct fx_side *sd = &pp->side[s];

		wl_wakes_merge(&pw, &sd->wakes);
		wl_mig_add(&sum->mig, &sd->mig);
		wl_cpuset_or(&sum->used, &sd->used);
		sum->masks[2 * i + s] = sd->node_mask;
		both |= sd->node_mask;
	}
	wl_wakes_merge(&sum->wakes, &pw);
	sum->trips += pp->side[0].turns;
	sum->split_pairs += __builtin_popcountll(both) > 1;
	n = wl_wakes_total(&pw);
	printf("pair %d: %llu turns, nodes 0x%llx/0x%llx, wakeups same-llc %.3f other-node %.3f, "
	       "wake p99 %.1f us, cpus a %s",
	       i, (unsigned long long)(pp->side[0].turns + pp->side[1].turns),
	       (unsigned long long)pp->side[0].node_mask, (unsigned long long)pp->side[1].node_mask,
	       n ? (double)(pw.lvl[WL_LVL_SAME] + pw.lvl[WL_LVL_SMT] + pw.lvl[WL_LVL_LLC]) / n : 0,
	       n ? (double)pw.lvl[WL_LVL_XNODE] / n : 0, wl_hist_pct(&pw.lat, 99) / 1e3,
	       wl_cpulist_format(&pp->side[0].used, cpus, sizeof(cpus)));
	printf(" b %s\n", wl_cpulist_format(&pp->side[1].used, cpus, sizeof(cpus)));
}

static void report(void)
{
	static struct fx_summary sum;
	uint64_t last = g.sh->t0_ns;
	char buf[1024];

	wl_wakes_init(&sum.wakes);
	wl_cpuset_zero(&sum.used);
	for (int i = 0; i < g.pairs; i++) {
		sum_pair(&sum, i);
		if (g.sh->pair[i].end_ns > last)
			last = g.sh->pair[i].end_ns;
	}
	sum.elapsed = wl_ns_to_s(last - g.sh->t0_ns);

	wl_res_begin();
	wl_res_int("pairs", g.pairs);
	wl_res_s("mode", g.procs ? "processes" : "threads");
	wl_res_f("duration", sum.elapsed, 3);
	wl_res_int("cpus", wl_cpuset_count(&g.allowed));
	wl_res_u64("round_trips", sum.trips);
	wl_res_f("rtps", sum.elapsed > 0 ? (double)sum.trips / sum.elapsed : 0, 1);
	wl_res_wakes(&sum.wakes);
	wl_res_masks("pair_nodes", sum.masks, 2 * g.pairs);
	wl_res_int("split_pairs", sum.split_pairs);
	wl_res_mig(&sum.mig, sum.elapsed);
	wl_res_s("cpus_used", wl_cpulist_format(&sum.used, buf, sizeof(buf)));
	wl_res_end();
}

int main(int argc, char **argv)
{
	pthread_barrierattr_t attr;
	size_t size;

	wl_prog = "wl_futex";
	parse_args(argc, argv);
	wl_setup_topo(&g.topo, &g.allowed);

	size = sizeof(*g.sh) + g.pairs * sizeof(struct fx_pair);
	g.sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	g.args = calloc(2 * g.pairs, sizeof(*g.args));
	if (g.sh == MAP_FAILED || !g.args)
		wl_fatal("out of memory for %d pairs", g.pairs);
	pthread_barrierattr_init(&attr);
	pthread_barrierattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (pthread_barrier_init(&g.sh->start, &attr, 2 * g.pairs + 1))
		wl_fatal("pthread_barrier_init failed");
	printf("wl_futex: %d pairs of %s for %.3f s\n", g.pairs, g.procs ? "processes" : "threads",
	       g.seconds);
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
