// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - the loader's life cycle: discover, load, attach, watch, report,
 * and start over when the kernel asks for it (CPU hotplug) or on SIGHUP.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exit_report.h"
#include "match.h"
#include "run.h"
#include "sched.h"
#include "stats.h"
#include "sysfs.h"

enum run_outcome {
	RUN_STOP,		/* SIGINT / SIGTERM */
	RUN_RELOAD,		/* SIGHUP */
	RUN_KERNEL_EXIT,	/* the kernel ended the scheduler */
};

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;

static void on_stop(int sig)
{
	stop_requested = 1;
}

static void on_reload(int sig)
{
	reload_requested = 1;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_reload;
	sigaction(SIGHUP, &sa, NULL);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_stats(const struct topo_options *opts, const struct topo_sched *s,
			double start, double interval, u64 *prev)
{
	u64 totals[TOPO_NR_STATS], delta[TOPO_NR_STATS];
	int i;

	if (sched_read_stats(s, totals))
		return;
	for (i = 0; i < TOPO_NR_STATS; i++)
		delta[i] = totals[i] - prev[i];
	if (opts->stats_json)
		stats_print_json(stdout, now_s() - start, totals, delta, interval);
	else
		stats_print_totals(stdout, "scx_topo: stats:", totals);
	fflush(stdout);
	memcpy(prev, totals, sizeof(totals));
}

/* Wait for a signal or the kernel's exit, printing stats on the way. */
static enum run_outcome watch(const struct topo_options *opts, const struct topo_sched *s)
{
	double start = now_s(), next = start + opts->stats_interval;
	u64 prev[TOPO_NR_STATS] = { 0 };

	while (!stop_requested && !reload_requested && !sched_exited(s)) {
		usleep(50 * 1000);
		if (opts->stats_interval > 0 && now_s() >= next) {
			print_stats(opts, s, start, opts->stats_interval, prev);
			next += opts->stats_interval;
		}
	}
	if (sched_exited(s))
		return RUN_KERNEL_EXIT;
	return stop_requested ? RUN_STOP : RUN_RELOAD;
}

static void announce(const struct topology *topo, const struct topo_options *opts)
{
	char state[32] = "?", ops[160] = "?";

	sched_ext_state(state, sizeof(state));
	sched_ext_root_ops(ops, sizeof(ops));
	printf("scx_topo: attached: %d CPUs, %d cores, %d LLCs, %d nodes%s%s; sched_ext %s, ops '%s'\n",
	       topo->nr_cpus, topo->nr_cores, topo->nr_llcs, topo->nr_nodes,
	       opts->numa_strict ? ", numa-strict" : "", opts->partial ? ", partial" : "", state, ops);
	fflush(stdout);
}

/* One attach-to-detach life. Returns the outcome, or -1 if it never attached. */
static int run_once(const struct topo_options *opts, const struct topology *topo,
		    int *exit_status)
{
	struct topo_sched s;
	u64 totals[TOPO_NR_STATS];
	enum run_outcome outcome;

	if (sched_load(&s, opts, topo))
		return -1;
	if (sched_attach(&s)) {
		sched_destroy(&s);
		return -1;
	}
	announce(topo, opts);
	outcome = watch(opts, &s);
	sched_detach(&s);
	if (!sched_read_stats(&s, totals))
		stats_print_totals(stdout, "scx_topo: totals:", totals);
	fflush(stdout);
	exit_report_print(stderr, sched_exit_info(&s));
	if (outcome == RUN_KERNEL_EXIT && exit_wants_restart(sched_exit_info(&s)))
		*exit_status = TOPO_EXIT_RESTART;
	else if (outcome == RUN_KERNEL_EXIT)
		*exit_status = exit_is_error(sched_exit_info(&s)) ? TOPO_EXIT_ERROR : TOPO_EXIT_STOPPED;
	else
		*exit_status = TOPO_EXIT_STOPPED;
	sched_destroy(&s);
	return outcome;
}

int run_scheduler(const struct topo_options *opts)
{
	struct topology *topo;
	int outcome, status = TOPO_EXIT_ERROR;

	install_signals();
	for (;;) {
		topo = match_discover_for_attach(opts);
		if (!topo)
			return TOPO_EXIT_ERROR;
		outcome = run_once(opts, topo, &status);
		topo_free(topo);
		if (outcome < 0)
			return TOPO_EXIT_ERROR;
		if (outcome == RUN_RELOAD) {
			reload_requested = 0;
			fprintf(stderr, "scx_topo: SIGHUP: reloading with the same options\n");
			continue;
		}
		if (status == TOPO_EXIT_RESTART && !opts->no_restart && !stop_requested) {
			fprintf(stderr, "scx_topo: the kernel asked for a restart (CPU hotplug?): re-discovering the topology\n");
			continue;
		}
		return status;
	}
}
