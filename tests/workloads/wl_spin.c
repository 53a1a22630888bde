// SPDX-License-Identifier: GPL-2.0
/*
 * wl_spin - CPU-bound threads that record where they run.
 *
 * Each thread burns CPU in short chunks and about every sample period
 * records (time, sched_getcpu()). Afterwards: CPU share per thread and per
 * nice group, migrations by topology level, nodes per thread, the
 * "shared CPU while another is idle" overlap metric, and, with
 * --set-affinity-at, whether the threads left the old CPUs in time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wl_common.h"

#define SAMPLE_BUDGET_BYTES (64ULL << 20)	/* all threads' sample buffers */
#define CHUNK_US 10				/* work between two clock reads */

struct spin_opts {
	int threads;
	double seconds;
	int nice;		/* for the last nr_niced threads */
	bool nice_set;
	int nr_niced;		/* -1: half of them */
	int pin_cpu;		/* thread 0, -1 = none */
	const char *samples_out;
	bool aff_given;
	double aff_at;
	struct wl_cpuset aff_set;
	uint64_t grace_ms;
	uint64_t window_ms;
	uint64_t sample_us;
	bool show_shared;
};

struct spin_thread {
	pthread_t th;
	int idx;
	int nice;
	int group;		/* 1 = the reniced half */
	pid_t tid;
	struct wl_sample *s;
	size_t n, cap;
	uint64_t iters, start_ns, end_ns, cpu_ns, sink;
	/* analysis */
	double share;
	struct wl_mig mig;
	struct wl_cpuset used;
	uint64_t node_mask;
};

static struct {
	struct spin_opts o;
	struct wl_topo topo;
	struct wl_cpuset allowed;
	pthread_barrier_t start;
	uint64_t t0_ns, end_ns, period_ns, chunk;
	uint64_t aff_begin_ns, aff_done_ns;	/* when the affinity change started/finished */
	struct spin_thread *th;
} g;

/* Kernel sched_prio_to_weight[], nice -20..19. */
static const int nice_weight[40] = {
	88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
	9548,  7620,  6100,  4904,  3906,  3121,  2501,  1991,  1586,  1277,
	1024,  820,   655,   526,   423,   335,   272,   215,   172,   137,
	110,   87,    70,    56,    45,    36,    29,    23,    18,    15,
};

static void usage(void)
{
	printf("usage: %s -t THREADS -d SECONDS [options]\n"
	       "CPU-bound threads sampling sched_getcpu(); reports CPU share, migrations by\n"
	       "topology level, nodes per thread and CPU sharing while a CPU idles.\n"
	       "  -t, --threads N            threads (1..%d)\n"
	       "  -d, --duration S           run time in seconds\n"
	       "  -n, --nice N               nice of the second half of the threads (-20..19)\n"
	       "      --niced N              ... of the last N threads instead (0..THREADS)\n"
	       "      --pin-cpu N            pin thread 0 to CPU N\n"
	       "      --samples-out FILE     write 'thread t_us cpu' lines\n"
	       "      --set-affinity-at S:CPULIST  move all threads to CPULIST at S seconds\n"
	       "      --grace-ms N           settle time after the affinity change (200)\n"
	       "      --window-ms N          overlap window (10)\n"
	       "      --sample-us N          sample period (1000; raised to bound memory)\n"
	       "      --show-shared          print where each thread was in every window that\n"
	       "                             shared a CPU while another had no thread\n"
	       "  -h, --help\n"
	       "Exit: 0 ok, 1 error, 2 usage, 3 samples outside the new affinity.\n",
	       wl_prog, WL_MAX_THREADS);
}

enum { OPT_PIN = 0x100, OPT_SAMPLES, OPT_AFF, OPT_GRACE, OPT_WINDOW, OPT_SAMPLE_US, OPT_NICED,
       OPT_SHOW_SHARED };

static void parse_affinity(const char *arg, struct spin_opts *o)
{
	const char *colon = strchr(arg, ':');
	char secs[64];
	int err;

	if (!colon || (size_t)(colon - arg) >= sizeof(secs))
		wl_usage_error("invalid --set-affinity-at '%s' (expected SECONDS:CPULIST)", arg);
	memcpy(secs, arg, colon - arg);
	secs[colon - arg] = '\0';
	o->aff_at = wl_parse_seconds(secs, 0.001, WL_MAX_SECONDS, "--set-affinity-at time");
	err = wl_cpulist_parse(colon + 1, &o->aff_set);
	if (err || !wl_cpuset_count(&o->aff_set))
		wl_usage_error("invalid --set-affinity-at cpulist '%s'", colon + 1);
	o->aff_given = true;
}

static void parse_args(int argc, char **argv, struct spin_opts *o)
{
	static const struct option lopts[] = {
		{ "threads", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'd' },
		{ "nice", required_argument, NULL, 'n' },
		{ "niced", required_argument, NULL, OPT_NICED },
		{ "pin-cpu", required_argument, NULL, OPT_PIN },
		{ "samples-out", required_argument, NULL, OPT_SAMPLES },
		{ "show-shared", no_argument, NULL, OPT_SHOW_SHARED },
		{ "set-affinity-at", required_argument, NULL, OPT_AFF },
		{ "grace-ms", required_argument, NULL, OPT_GRACE },
		{ "window-ms", required_argument, NULL, OPT_WINDOW },
		{ "sample-us", required_argument, NULL, OPT_SAMPLE_US },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	*o = (struct spin_opts){
		.pin_cpu = -1,
		.nr_niced = -1,
		.grace_ms = 200,
		.window_ms = 10,
		.sample_us = 1000,
	};
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:d:n:h", lopts, NULL)) != -1) {
		switch (c) {
		case 't':
			o->threads = wl_parse_long(optarg, 1, WL_MAX_THREADS, "thread count");
			break;
		case 'd':
			/* t_us is 32 bits of microseconds: keep runs under an hour */
			o->seconds = wl_parse_seconds(optarg, 0.001, 3600, "duration");
			break;
		case 'n':
			o->nice = wl_parse_long(optarg, -20, 19, "nice");
			o->nice_set = true;
			break;
		case OPT_NICED:
			o->nr_niced = wl_parse_long(optarg, 0, WL_MAX_THREADS, "--niced");
			break;
		case OPT_PIN:
			o->pin_cpu = wl_parse_long(optarg, 0, WL_MAX_CPUS - 1, "--pin-cpu");
			break;
		case OPT_SAMPLES:
			o->samples_out = optarg;
			break;
		case OPT_SHOW_SHARED:
			o->show_shared = true;
			break;
		case OPT_AFF:
			parse_affinity(optarg, o);
			break;
		case OPT_GRACE:
			o->grace_ms = wl_parse_long(optarg, 0, 3600000, "--grace-ms");
			break;
		case OPT_WINDOW:
			o->window_ms = wl_parse_long(optarg, 1, 3600000, "--window-ms");
			break;
		case OPT_SAMPLE_US:
			o->sample_us = wl_parse_long(optarg, 10, 1000000000, "--sample-us");
			break;
		case 'h':
			usage();
			exit(WL_EXIT_OK);
		default:
			wl_getopt_error(c, argv);
		}
	}
	wl_no_extra_args(argc, argv);
	if (!o->threads)
		wl_usage_error("missing -t THREADS (see --help)");
	if (!o->seconds)
		wl_usage_error("missing -d SECONDS (see --help)");
	if (o->aff_given && o->aff_at >= o->seconds)
		wl_usage_error("--set-affinity-at time %g is not before the end (%g s)", o->aff_at,
			       o->seconds);
}

static void *spin_main(void *arg)
{
	struct spin_thread *st = arg;
	uint64_t now, next, cpu0, x = st->idx + 1;

	st->tid = gettid();
	if (st->idx == 0 && g.o.pin_cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(g.o.pin_cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			wl_fatal("pin thread 0 to cpu %d: %s", g.o.pin_cpu, strerror(errno));
	}
	if (st->nice)
		wl_set_nice(st->nice);
	pthread_barrier_wait(&g.start);

	now = next = st->start_ns = wl_now_ns();
	cpu0 = wl_thread_cpu_ns();	/* nested in the wall interval */
	while (now < g.end_ns) {
		if (now >= next) {
			if (st->n < st->cap) {
				st->s[st->n].t_us = (uint32_t)((now - g.t0_ns) / NSEC_PER_USEC);
				st->s[st->n].cpu = sched_getcpu();
				st->n++;
			}
			next += g.period_ns;
			if (next <= now)
				next = now + g.period_ns;	/* we were off-CPU */
		}
		x = wl_work(x, g.chunk);
		st->iters += g.chunk;
		now = wl_now_ns();
	}
	st->cpu_ns = wl_thread_cpu_ns() - cpu0;
	st->end_ns = wl_now_ns();
	st->sink = x;
	return NULL;
}

static void setup_buffers(void)
{
	struct spin_opts *o = &g.o;
	uint64_t period = o->sample_us * NSEC_PER_USEC;
	uint64_t run_ns = (uint64_t)(o->seconds * NSEC_PER_SEC);
	uint64_t per_thread = SAMPLE_BUDGET_BYTES / o->threads / sizeof(struct wl_sample);
	size_t cap;

	if (run_ns / period + 16 > per_thread) {
		period = run_ns / (per_thread - 16) + 1;
		printf("note: sample period raised to %llu us to bound memory\n",
		       (unsigned long long)(period / NSEC_PER_USEC));
	}
	g.period_ns = period;
	cap = run_ns / period + 16;
	g.th = calloc(o->threads, sizeof(*g.th));
	if (!g.th)
		wl_fatal("out of memory");
	for (int i = 0; i < o->threads; i++) {
		struct spin_thread *st = &g.th[i];

		st->idx = i;
		st->group = o->nice_set &&
			    i >= o->threads - (o->nr_niced >= 0 ? o->nr_niced : o->threads / 2);
		st->nice = st->group ? o->nice : 0;
		st->cap = cap;
		st->s = malloc(cap * sizeof(*st->s));
		if (!st->s)
			wl_fatal("out of memory for %zu samples", cap);
		memset(st->s, 0, cap * sizeof(*st->s));	/* fault the pages in now */
	}
}

static void change_affinity(void)
{
	cpu_set_t set;

	wl_sleep_until(g.t0_ns + (uint64_t)(g.o.aff_at * NSEC_PER_SEC));
	wl_cpuset_to_sys(&g.o.aff_set, &set);
	g.aff_begin_ns = wl_now_ns();
	for (int i = 0; i < g.o.threads; i++)
		if (sched_setaffinity(g.th[i].tid, sizeof(set), &set))
			wl_fatal("sched_setaffinity(thread %d): %s", i, strerror(errno));
	g.aff_done_ns = wl_now_ns();
}

static void write_samples(void)
{
	FILE *f = fopen(g.o.samples_out, "w");

	if (!f)
		wl_fatal("%s: %s", g.o.samples_out, strerror(errno));
	fprintf(f, "# thread t_us cpu\n");
	for (int i = 0; i < g.o.threads; i++)
		for (size_t j = 0; j < g.th[i].n; j++)
			fprintf(f, "%d %u %d\n", i, g.th[i].s[j].t_us, g.th[i].s[j].cpu);
	if (fclose(f))
		wl_fatal("%s: write failed", g.o.samples_out);
}

static struct wl_track track_of(const struct spin_thread *st)
{
	return (struct wl_track){ .s = st->s, .n = st->n };
}

static uint64_t rel_us(uint64_t ns)
{
	return (ns - g.t0_ns) / NSEC_PER_USEC;
}

struct spin_summary {
	double elapsed;
	uint64_t iters, samples;
	struct wl_acc share, grp[2];
	struct wl_mig mig;
	struct wl_cpuset used;
	int multi_node;
	struct wl_overlap ov;
	bool pin_ok;
	uint64_t aff_at_us, settle_us, violations, first_t_us;
	int first_cpu;
	double idle;		/* idle fraction of the allowed CPUs over the run */
	double idle_mean;	/* mean of the allowed CPUs' own idle fractions (steady part) */
	uint64_t steady_ms;	/* length of the steady part */
	uint64_t wait_ms;	/* spinners' run-queue waits in it, summed */
	uint64_t idle_ms;	/* allowed CPUs' idle time in it, summed */
};

/* Per-thread numbers and lines, and their sums. */
static void analyse_threads(struct spin_summary *sum)
{
	char cpus[256], mig[128];
	uint64_t last_end = g.t0_ns;

	wl_acc_init(&sum->share);
	wl_acc_init(&sum->grp[0]);
	wl_acc_init(&sum->grp[1]);
	for (int i = 0; i < g.o.threads; i++) {
		struct spin_thread *st = &g.th[i];
		struct wl_track tr = track_of(st);
		uint64_t wall = st->end_ns - st->start_ns;

		st->share = wall ? (double)st->cpu_ns / (double)wall : 0;
		wl_track_migrations(&tr, &g.topo, &st->mig);
		for (size_t j = 0; j < st->n; j++) {
			wl_cpuset_set(&st->used, st->s[j].cpu);
			st->node_mask |= wl_node_bit(&g.topo, st->s[j].cpu);
		}
		wl_acc_add(&sum->share, st->share);
		wl_acc_add(&sum->grp[st->group], st->share);
		wl_mig_add(&sum->mig, &st->mig);
		wl_cpuset_or(&sum->used, &st->used);
		sum->iters += st->iters;
		sum->samples += st->n;
		sum->multi_node += __builtin_popcountll(st->node_mask) > 1;
		if (st->end_ns > last_end)
			last_end = st->end_ns;
		printf("thread %d nice %d: share %.3f iters %llu samples %zu cpus %s nodes 0x%llx "
		       "mig %s\n",
		       i, st->nice, st->share, (unsigned long long)st->iters, st->n,
		       wl_cpulist_format(&st->used, cpus, sizeof(cpus)),
		       (unsigned long long)st->node_mask,
		       wl_mig_format(&st->mig, mig, sizeof(mig)));
	}
	sum->elapsed = wl_ns_to_s(last_end - g.t0_ns);
}

/* The overlap scan over the steady parts of the run (all threads started, none ended). */
static void analyse_overlap(struct spin_summary *sum)
{
	struct wl_track *tr = calloc(g.o.threads, sizeof(*tr));
	uint64_t from = 0, to = UINT64_MAX, win = g.o.window_ms * 1000;
	struct wl_overlap *ov = &sum->ov;

	ov->log = g.o.show_shared ? stdout : NULL;
	if (!tr)
		wl_fatal("out of memory");
	for (int i = 0; i < g.o.threads; i++) {
		tr[i] = track_of(&g.th[i]);
		if (rel_us(g.th[i].start_ns) + 1 > from)
			from = rel_us(g.th[i].start_ns) + 1;
		if (rel_us(g.th[i].end_ns) < to)
			to = rel_us(g.th[i].end_ns);
	}
	if (g.o.aff_given) {
		uint64_t settled = rel_us(g.aff_done_ns) + g.o.grace_ms * 1000;
		struct wl_cpuset now;

		wl_overlap_scan(tr, g.o.threads, &g.allowed, from, rel_us(g.aff_begin_ns), win, ov);
		wl_cpuset_and(&now, &g.o.aff_set, &g.topo.online);
		if (settled < from)
			settled = from;
		wl_overlap_scan(tr, g.o.threads, &now, settled, to, win, ov);
	} else {
		wl_overlap_scan(tr, g.o.threads, &g.allowed, from, to, win, ov);
	}
	free(tr);
	printf("overlap: %llu of %llu windows of %llu ms bad (shared %llu, starved %llu); "
	       "allowed CPUs %.1f%% idle over the run\n",
	       (unsigned long long)ov->bad, (unsigned long long)ov->windows,
	       (unsigned long long)g.o.window_ms, (unsigned long long)ov->shared,
	       (unsigned long long)ov->starved, sum->idle * 100);
}

/* Thread 0 stayed on --pin-cpu (until an affinity change, which repins it). */
static void analyse_pin(struct spin_summary *sum)
{
	struct wl_track tr = track_of(&g.th[0]);
	struct wl_cpuset pin;
	uint64_t t = 0;
	int cpu = -1;

	if (g.o.aff_given)
		while (tr.n && tr.s[tr.n - 1].t_us >= rel_us(g.aff_begin_ns))
			tr.n--;
	wl_cpuset_zero(&pin);
	wl_cpuset_set(&pin, g.o.pin_cpu);
	sum->pin_ok = !wl_track_outside(&tr, &pin, 0, &t, &cpu);
	printf("pin: thread 0 %s on cpu %d\n", sum->pin_ok ? "stayed" : "LEFT", g.o.pin_cpu);
	if (!sum->pin_ok)
		printf("pin: first sample elsewhere: cpu %d at %.3f s\n", cpu, (double)t / 1e6);
}

static void analyse_affinity(struct spin_summary *sum)
{
	uint64_t a = rel_us(g.aff_begin_ns);
	uint64_t settled = rel_us(g.aff_done_ns) + g.o.grace_ms * 1000;
	char buf[256];

	sum->aff_at_us = a;
	sum->first_cpu = -1;
	for (int i = 0; i < g.o.threads; i++) {
		struct wl_track tr = track_of(&g.th[i]);
		uint64_t t = 0, n;
		int cpu = -1;

		/* the last sample outside the new set after the change began */
		for (size_t j = tr.n; j-- > 0 && tr.s[j].t_us >= a;) {
			if (!wl_cpuset_test(&g.o.aff_set, tr.s[j].cpu)) {
				if (tr.s[j].t_us - a > sum->settle_us)
					sum->settle_us = tr.s[j].t_us - a;
				break;
			}
		}
		n = wl_track_outside(&tr, &g.o.aff_set, settled, &t, &cpu);
		if (n && (!sum->violations || t < sum->first_t_us)) {
			sum->first_t_us = t;
			sum->first_cpu = cpu;
		}
		sum->violations += n;
	}
	printf("affinity: -> %s at %.3f s (%llu us to apply), last old-CPU sample %.1f ms after, "
	       "%llu samples outside after %llu ms grace\n",
	       wl_cpulist_format(&g.o.aff_set, buf, sizeof(buf)), (double)a / 1e6,
	       (unsigned long long)((g.aff_done_ns - g.aff_begin_ns) / NSEC_PER_USEC),
	       (double)sum->settle_us / 1e3, (unsigned long long)sum->violations,
	       (unsigned long long)g.o.grace_ms);
	if (sum->violations)
		printf("affinity: first violation: cpu %d at %.3f s\n", sum->first_cpu,
		       (double)sum->first_t_us / 1e6);
}

static double frac(uint64_t n, uint64_t d)
{
	return d ? (double)n / (double)d : 0;
}

static void emit_result(const struct spin_summary *sum)
{
	static uint64_t masks[WL_MAX_THREADS];
	char buf[WL_MAX_THREADS * 8];

	wl_res_begin();
	wl_res_int("threads", g.o.threads);
	wl_res_f("duration", sum->elapsed, 3);
	wl_res_int("cpus", wl_cpuset_count(&g.allowed));
	wl_res_int("nodes", g.topo.nr_nodes);
	wl_res_int("llcs", g.topo.nr_llcs);
	wl_res_f("min_share", sum->share.min, 3);
	wl_res_f("avg_share", wl_acc_avg(&sum->share), 3);
	wl_res_f("max_share", sum->share.max, 3);
	if (g.o.nice_set) {
		double g0 = wl_acc_avg(&sum->grp[0]), g1 = wl_acc_avg(&sum->grp[1]);

		wl_res_int("nice", g.o.nice);
		wl_res_f("share_g0", g0, 3);
		wl_res_f("share_g1", g1, 3);
		wl_res_f("share_ratio", g1 > 0 ? g0 / g1 : 0, 3);
		wl_res_f("weight_ratio", 1024.0 / nice_weight[g.o.nice + 20], 3);
	}
	wl_res_u64("iters", sum->iters);
	wl_res_u64("samples", sum->samples);
	wl_res_mig(&sum->mig, sum->elapsed);
	wl_res_f("overlap", frac(sum->ov.bad, sum->ov.windows), 4);
	wl_res_f("overlap_shared", frac(sum->ov.shared, sum->ov.windows), 4);
	wl_res_f("overlap_starved", frac(sum->ov.starved, sum->ov.windows), 4);
	wl_res_u64("windows", sum->ov.windows);
	wl_res_u64("window_ms", g.o.window_ms);
	wl_res_f("idle_frac", sum->idle, 3);
	wl_res_f("idle_cpu_mean", sum->idle_mean, 4);
	wl_res_u64("steady_ms", sum->steady_ms);
	wl_res_u64("spin_wait_ms", sum->wait_ms);
	wl_res_u64("cpu_idle_ms", sum->idle_ms);
	/* At most this long did a spinner wait while a CPU idled. */
	wl_res_u64("wait_while_idle_ms", sum->wait_ms < sum->idle_ms ? sum->wait_ms : sum->idle_ms);
	wl_res_s("cpus_used", wl_cpulist_format(&sum->used, buf, sizeof(buf)));
	for (int i = 0; i < g.o.threads; i++)
		masks[i] = g.th[i].node_mask;
	wl_res_masks("thread_nodes", masks, g.o.threads);
	wl_res_int("multi_node_threads", sum->multi_node);
	if (g.o.pin_cpu >= 0) {
		wl_res_int("pin_cpu", g.o.pin_cpu);
		wl_res_int("pin_ok", sum->pin_ok);
	}
	if (g.o.aff_given) {
		wl_res_s("affinity_cpus", wl_cpulist_format(&g.o.aff_set, buf, sizeof(buf)));
		wl_res_f("affinity_at", (double)sum->aff_at_us / 1e6, 3);
		wl_res_f("affinity_settle_ms", (double)sum->settle_us / 1e3, 1);
		wl_res_u64("affinity_violations", sum->violations);
		wl_res_int("affinity_ok", !sum->violations);
	}
	wl_res_end();
}

static void check_cpu_args(void)
{
	struct wl_cpuset tmp;
	char buf[1024];

	if (g.o.pin_cpu >= 0 && !wl_cpuset_test(&g.allowed, g.o.pin_cpu))
		wl_usage_error("--pin-cpu %d is not an allowed online CPU", g.o.pin_cpu);
	wl_cpuset_and(&tmp, &g.o.aff_set, &g.topo.online);
	if (g.o.aff_given && wl_cpuset_count(&tmp) != wl_cpuset_count(&g.o.aff_set))
		wl_usage_error("--set-affinity-at cpulist %s has offline CPUs",
			       wl_cpulist_format(&g.o.aff_set, buf, sizeof(buf)));
}

/* How long the spinners have waited in run queues, summed (clock-based). */
static uint64_t spinners_wait_ns(void)
{
	uint64_t sum = 0;

	for (int i = 0; i < g.o.threads; i++)
		sum += wl_thread_wait_ns(g.th[i].tid);
	return sum;
}

/*
 * The steady part: from STEADY_EDGE_NS after the start to as long before
 * the end (the whole run when it is too short for that): thread start-up
 * and exit are not idleness the scheduler left. Mean per-CPU idle share,
 * and the clock-based times a spinner waited for a CPU and CPUs idled.
 * Under TCG a vCPU the host does not run for a while leaves its spinner
 * without samples, which the windows cannot tell from a wait; the
 * kernel's own accounts can: that spinner is running, not waiting.
 */
#define STEADY_EDGE_NS (100 * NSEC_PER_MSEC)
static void measure_steady(struct spin_summary *sum)
{
	static struct wl_cpustat a, b;
	bool edges = g.end_ns - g.t0_ns >= 5 * STEADY_EDGE_NS;
	uint64_t wait, from;

	if (edges)
		wl_sleep_until(g.t0_ns + STEADY_EDGE_NS);
	wl_cpustat_read(&a);
	wait = spinners_wait_ns();
	from = wl_now_ns();
	wl_sleep_until(edges ? g.end_ns - STEADY_EDGE_NS : g.end_ns);
	wl_cpustat_read(&b);
	sum->wait_ms = (spinners_wait_ns() - wait) / NSEC_PER_MSEC;
	sum->steady_ms = (wl_now_ns() - from) / NSEC_PER_MSEC;
	sum->idle_mean = wl_cpustat_idle_mean(&a, &b, &g.allowed);
	sum->idle_ms = wl_cpustat_idle_ms(&a, &b, &g.allowed);
}

int main(int argc, char **argv)
{
	static struct spin_summary sum;
	static struct wl_cpustat cs0, cs1;

	wl_prog = "wl_spin";
	parse_args(argc, argv, &g.o);
	wl_setup_topo(&g.topo, &g.allowed);
	check_cpu_args();

	g.chunk = wl_calibrate(CHUNK_US);
	setup_buffers();
	printf("wl_spin: %d threads for %.3f s, sample every %llu us, chunk %llu iters\n",
	       g.o.threads, g.o.seconds, (unsigned long long)(g.period_ns / NSEC_PER_USEC),
	       (unsigned long long)g.chunk);
	fflush(stdout);

	if (pthread_barrier_init(&g.start, NULL, g.o.threads + 1))
		wl_fatal("pthread_barrier_init failed");
	for (int i = 0; i < g.o.threads; i++)
		wl_spawn(&g.th[i].th, spin_main, &g.th[i], "wl_spin", i);
	wl_cpustat_read(&cs0);
	g.t0_ns = wl_now_ns();
	g.end_ns = g.t0_ns + (uint64_t)(g.o.seconds * NSEC_PER_SEC);
	pthread_barrier_wait(&g.start);
	if (g.o.aff_given)
		change_affinity();
	else
		measure_steady(&sum);
	for (int i = 0; i < g.o.threads; i++)
		wl_join(g.th[i].th);
	wl_cpustat_read(&cs1);
	sum.idle = wl_cpustat_idle(&cs0, &cs1, &g.allowed);
	if (g.o.aff_given)
		sum.idle_mean = wl_cpustat_idle_mean(&cs0, &cs1, &g.allowed);

	if (g.o.samples_out)
		write_samples();
	analyse_threads(&sum);
	analyse_overlap(&sum);
	if (g.o.pin_cpu >= 0)
		analyse_pin(&sum);
	if (g.o.aff_given)
		analyse_affinity(&sum);
	emit_result(&sum);
	return sum.violations ? WL_EXIT_CHECK : WL_EXIT_OK;
}
