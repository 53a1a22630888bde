// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - the loader's life cycle: discover, load, attach, watch, report,
 * and start over when the kernel asks for it (CPU hotplug) or on SIGHUP.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "balancer.h"
#include "exit_report.h"
#include "match.h"
#include "notify.h"
#include "run.h"
#include "sched.h"
#include "stats.h"
#include "stats_proto.h"
#include "stats_server.h"
#include "sysfs.h"

/* How long the kernel may take to report a fresh attach as "enabled". */
#define ENABLE_WAIT_S 10

enum run_outcome {
	RUN_STOP,		/* SIGINT / SIGTERM */
	RUN_RELOAD,		/* SIGHUP */
	RUN_KERNEL_EXIT,	/* the kernel ended the scheduler */
};

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;
/* The stats socket, across scheduler lives; NULL if it could not be set up. */
static struct stats_server *stats_srv;

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

/* Where lines for people go: stderr when stdout carries JSON for machines. */
static FILE *human_out(const struct topo_options *opts)
{
	return opts->stats_json ? stderr : stdout;
}

static void print_interval(const struct topo_options *opts, const struct topology *topo,
			   const struct stats_sample *prev, const struct stats_sample *cur,
			   double start)
{
	if (opts->stats_json)
		stats_print_json(stdout, topo, prev, cur, start);
	else
		stats_print_text(stdout, topo, prev, cur, start);
}

/* Wait for a signal or the kernel's exit, printing stats on the way. */
static enum run_outcome watch(const struct topo_options *opts, const struct topology *topo,
			      const struct topo_sched *s)
{
	struct stats_sample samples[2];
	int cur = 0, have_stats = 0;
	double start = 0, next = 0;

	if (opts->stats_interval > 0 &&
	    !stats_sample_init(&samples[0], topo->nr_llcs, s->layout.nr_cpu_ids) &&
	    !stats_sample_init(&samples[1], topo->nr_llcs, s->layout.nr_cpu_ids)) {
		have_stats = 1;
		stats_sample_take(&samples[0], s);
		start = samples[0].time_s;
		next = start + opts->stats_interval;
	}
	while (!stop_requested && !reload_requested && !sched_exited(s)) {
		usleep(50 * 1000);
		if (!have_stats || now_s() < next)
			continue;
		stats_sample_take(&samples[!cur], s);
		cur = !cur;
		print_interval(opts, topo, &samples[!cur], &samples[cur], start);
		next += opts->stats_interval;
	}
	if (have_stats) {
		stats_sample_free(&samples[0]);
		stats_sample_free(&samples[1]);
	}
	if (sched_exited(s))
		return RUN_KERNEL_EXIT;
	return stop_requested ? RUN_STOP : RUN_RELOAD;
}

/*
 * Until attach, the machine runs on the kernel's default scheduler, and
 * after a hotplug restart it may be fully loaded: discover and load (BPF
 * verification) at the highest priority so the gap stays short, then go back.
 */
static int boost_priority(void)
{
	int old;

	errno = 0;
	old = getpriority(PRIO_PROCESS, 0);
	if (errno || setpriority(PRIO_PROCESS, 0, -20))
		return PRIO_MAX + 1;	/* nothing to restore */
	return old;
}

static void restore_priority(int old)
{
	if (old <= PRIO_MAX)
		setpriority(PRIO_PROCESS, 0, old);
}

/* Poll until the kernel reports state "enabled"; state gets the last reading. */
static int wait_enabled(char *state, size_t len)
{
	int tries;

	for (tries = 0; tries < ENABLE_WAIT_S * 20; tries++) {
		if (!sched_ext_state(state, len) && !strcmp(state, "enabled"))
			return 0;
		usleep(50 * 1000);
	}
	return -1;
}

/* The attach line, also systemd's STATUS=: what was attached, and how long it took. */
static void attach_summary(char *buf, size_t len, const struct topology *topo,
			   const struct topo_options *opts, const char *state, double ready_s)
{
	char ops[160] = "?", kinds[64] = "";

	sched_ext_root_ops(ops, sizeof(ops));
	if (topo->nr_kinds > 1)
		snprintf(kinds, sizeof(kinds), ", %d CPU kinds (%s)", topo->nr_kinds,
			 sched_prefers_fast(opts, topo) ? "fastest first" : "all alike");
	snprintf(buf, len, "attached: %d CPUs, %d cores, %d LLCs, %d nodes%s%s%s; sched_ext %s, ops '%s' (%.1f s to attach)",
		 topo->nr_cpus, topo->nr_cores, topo->nr_llcs, topo->nr_nodes, kinds,
		 opts->numa_strict ? ", numa-strict" : "", opts->partial ? ", partial" : "", state, ops,
		 ready_s);
}

static void announce(const struct topology *topo, const struct topo_options *opts,
		     double t0)
{
	char state[32] = "?", summary[512];
	int enabled = !wait_enabled(state, sizeof(state));

	attach_summary(summary, sizeof(summary), topo, opts, state, now_s() - t0);
	fprintf(human_out(opts), "scx_topo: %s\n", summary);
	fflush(human_out(opts));
	if (enabled)
		notify_ready(summary);
	else
		notify_status(summary);
}

/* The start of one attach: when discovery began, and the priority to return to. */
struct attach_start {
	double t0;
	int prio;
	u64 hotplug_seq;
};

/* scx_topo's exit status after a life that ended with outcome. */
static int exit_status_of(enum run_outcome outcome, const struct topo_exit_info *ei)
{
	if (outcome != RUN_KERNEL_EXIT)
		return TOPO_EXIT_STOPPED;
	if (exit_wants_restart(ei))
		return TOPO_EXIT_RESTART;
	return exit_is_error(ei) ? TOPO_EXIT_ERROR : TOPO_EXIT_STOPPED;
}

/* One attach-to-detach life. Returns the outcome, or -1 if it never attached. */
static int run_once(const struct topo_options *opts, const struct topology *topo,
		    const struct attach_start *start, int *exit_status)
{
	struct topo_sched s;
	u64 totals[TOPO_NR_STATS];
	enum run_outcome outcome;

	if (sched_load(&s, opts, topo, start->hotplug_seq)) {
		restore_priority(start->prio);
		*exit_status = TOPO_EXIT_ERROR;
		return -1;
	}
	if (sched_attach(&s)) {
		restore_priority(start->prio);
		sched_destroy(&s);
		return -1;
	}
	restore_priority(start->prio);
	announce(topo, opts, start->t0);
	stats_server_attach(stats_srv, topo, &s);
	s.balancer = balancer_start(&s, topo, opts);
	outcome = watch(opts, topo, &s);
	balancer_stop(s.balancer);
	s.balancer = NULL;
	stats_server_detach(stats_srv);
	if (outcome == RUN_STOP)
		notify_stopping();
	else if (outcome == RUN_RELOAD)
		notify_status("reloading (SIGHUP): detaching, re-discovering the topology");
	else
		notify_status("the kernel ended the scheduler");
	sched_detach(&s);
	if (!sched_read_stats(&s, totals))
		stats_print_totals(human_out(opts), "scx_topo: totals:", totals);
	fflush(human_out(opts));
	exit_report_print(stderr, sched_exit_info(&s));
	*exit_status = exit_status_of(outcome, sched_exit_info(&s));
	sched_destroy(&s);
	return outcome;
}

/* CPUs in a but not in b, as "1,5,7" (at most len bytes). */
static void cpus_missing(const struct topology *a, const struct topology *b, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < a->nr_cpus && used + 12 < len; i++) {
		int id = a->cpus[i].os_id;

		if (id < b->max_cpu_id && b->cpu_index[id] >= 0)
			continue;
		used += snprintf(buf + used, len - used, "%s%d", used ? "," : "", id);
	}
}

/* After a restart: say what the new model changed. */
static void report_change(const struct topology *old, const struct topology *now)
{
	char gone[256], added[256];

	cpus_missing(old, now, gone, sizeof(gone));
	cpus_missing(now, old, added, sizeof(added));
	fprintf(stderr, "scx_topo: topology now %d CPUs (was %d), %d LLCs (was %d), %d nodes (was %d)%s%s%s%s\n",
		now->nr_cpus, old->nr_cpus, now->nr_llcs, old->nr_llcs, now->nr_nodes, old->nr_nodes,
		gone[0] ? "; gone: " : "", gone, added[0] ? "; new: " : "", added);
}

static void verbose_model(const struct topo_options *opts, const struct topology *topo)
{
	if (!opts->verbose)
		return;
	fprintf(stderr, "scx_topo: model from %s: %d CPUs, %d cores (SMT width %d), %d LLCs, %d nodes, %d packages, %d CPU kinds\n",
		topo->source, topo->nr_cpus, topo->nr_cores, topo->smt_width, topo->nr_llcs,
		topo->nr_nodes, topo->nr_packages, topo->nr_kinds);
}

int run_scheduler(const struct topo_options *opts)
{
	struct topology *topo, *last = NULL;
	int outcome, status = TOPO_EXIT_ERROR;
	struct attach_start start;

	char err[256];

	install_signals();
	stats_srv = stats_server_start(STATS_SOCKET_PATH, err, sizeof(err));
	if (!stats_srv)
		fprintf(stderr, "scx_topo: %s\n", err);
	for (;;) {
		start.t0 = now_s();
		start.prio = boost_priority();
		/* Before discovery, so a hotplug during it is caught at attach. */
		start.hotplug_seq = sched_ext_hotplug_seq();
		topo = match_discover_for_attach(opts);
		if (!topo) {
			restore_priority(start.prio);
			break;
		}
		verbose_model(opts, topo);
		if (last)
			report_change(last, topo);
		outcome = run_once(opts, topo, &start, &status);
		topo_free(last);
		last = topo;
		if (outcome < 0) {
			status = TOPO_EXIT_ERROR;
			break;
		}
		if (outcome == RUN_RELOAD) {
			reload_requested = 0;
			fprintf(stderr, "scx_topo: SIGHUP: reloading with the same options\n");
			continue;
		}
		if (status != TOPO_EXIT_RESTART || opts->no_restart || stop_requested)
			break;
		fprintf(stderr, "scx_topo: the kernel asked for a restart (CPU hotplug): re-discovering the topology\n");
		notify_status("restarting after CPU hotplug: re-discovering the topology");
		/* Let a burst of hotplug events settle instead of restarting once per CPU. */
		usleep(200 * 1000);
	}
	if (!stop_requested)
		notify_stopping();
	stats_server_stop(stats_srv);
	stats_srv = NULL;
	topo_free(last);
	return status;
}
