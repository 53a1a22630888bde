/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wl_common.h - shared plumbing of the test workloads: argument parsing,
 * clocks, the CPU-burning kernel, threads, and the RESULT line.
 *
 * Exit statuses of every workload: 0 ok, 1 runtime error, 2 bad usage,
 * 3 a check the workload makes on itself failed (RESULT is still printed).
 */
#ifndef WL_COMMON_H
#define WL_COMMON_H

#include <pthread.h>
#include <sys/types.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "wl_stats.h"
#include "wl_topo.h"

#define WL_EXIT_OK	0
#define WL_EXIT_ERROR	1
#define WL_EXIT_USAGE	2
#define WL_EXIT_CHECK	3

#define WL_MAX_THREADS	1024
#define WL_MAX_SECONDS	86400.0

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

/* Program name for messages; each main() sets it first. */
extern const char *wl_prog;

noreturn void wl_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void wl_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict parsers for option values; a bad value is a wl_usage_error(). */
long wl_parse_long(const char *s, long min, long max, const char *what);
double wl_parse_seconds(const char *s, double min, double max, const char *what);
/* Report a getopt_long() '?' or ':' return (optstring must start with ':'). */
noreturn void wl_getopt_error(int c, char **argv);
void wl_no_extra_args(int argc, char **argv);

uint64_t wl_now_ns(void);		/* CLOCK_MONOTONIC */
uint64_t wl_thread_cpu_ns(void);	/* CLOCK_THREAD_CPUTIME_ID */
void wl_sleep_until(uint64_t abs_ns);
static inline double wl_ns_to_s(uint64_t ns)
{
	return (double)ns / (double)NSEC_PER_SEC;
}

/* The CPU-burning kernel: iters rounds of integer mixing, result depends on all of them. */
static inline uint64_t wl_work(uint64_t x, uint64_t iters)
{
	for (uint64_t i = 0; i < iters; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		x = x * 0x9e3779b97f4a7c15ULL + i;
	}
	return x;
}

/* wl_work() iterations taking about target_us on this CPU (at least 16). */
uint64_t wl_calibrate(uint64_t target_us);

/*
 * A CPU hog: wl_work() in chunks until end_ns, noting the CPU after each
 * chunk (sched_getcpu() is cheap) for migrations and the CPUs used.
 */
struct wl_hog {
	uint64_t start_ns, end_ns, cpu_ns, iters, sink;
	struct wl_mig mig;
	struct wl_cpuset used;
};

void wl_hog_run(struct wl_hog *h, const struct wl_topo *t, uint64_t end_ns, uint64_t chunk);
/* CPU time over wall time of the run. */
double wl_hog_share(const struct wl_hog *h);

/* Topology from $WL_SYSFS_ROOT or /sys, printed; allowed = our affinity & online. */
void wl_setup_topo(struct wl_topo *t, struct wl_cpuset *allowed);

void wl_spawn(pthread_t *th, void *(*fn)(void *), void *arg, const char *name, int idx);
void wl_join(pthread_t th);
/* Nice of the calling thread; dies on failure. */
void wl_set_nice(int nice);

/* Per-CPU idle and total jiffies from /proc/stat, to tell idle CPUs from foreign load. */
struct wl_cpustat {
	uint64_t idle[WL_MAX_CPUS];
	uint64_t total[WL_MAX_CPUS];
};

int wl_cpustat_read(struct wl_cpustat *s);
/* Idle fraction of cpus between snapshots a and b (0 when no time passed). */
double wl_cpustat_idle(const struct wl_cpustat *a, const struct wl_cpustat *b,
		       const struct wl_cpuset *cpus);
/*
 * Mean over cpus of each CPU's own idle fraction. Under TCG a busy vCPU loses
 * ticks while an idle one does not, so the pooled figure above overstates
 * idleness; the per-CPU mean does not.
 */
double wl_cpustat_idle_mean(const struct wl_cpustat *a, const struct wl_cpustat *b,
			    const struct wl_cpuset *cpus);
/*
 * Idle time of cpus between a and b, summed, in ms. A CPU's idle time comes
 * from the clock (NOHZ idle accounting), not from the ticks TCG loses.
 */
uint64_t wl_cpustat_idle_ms(const struct wl_cpustat *a, const struct wl_cpustat *b,
			    const struct wl_cpuset *cpus);
/* ns thread tid of this process has waited in a run queue (schedstat), or 0. */
uint64_t wl_thread_wait_ns(pid_t tid);

/*
 * Futexes on a 32-bit word. shared: the word is in memory shared between
 * processes (no FUTEX_PRIVATE_FLAG). wait sleeps while *word == val, at most
 * timeout_ns (0 = no limit); returns 0 when woken, else -errno (-EAGAIN: the
 * word had already changed, -ETIMEDOUT, -EINTR).
 */
int wl_futex_wait(uint32_t *word, uint32_t val, bool shared, uint64_t timeout_ns);
void wl_futex_wake(uint32_t *word, int nr, bool shared);

/* What a waker leaves for its wakee just before the wake. */
struct wl_wake_stamp {
	int32_t cpu;		/* sched_getcpu() of the waker, -1 = none yet */
	uint64_t ns;		/* wl_now_ns() just before the wake */
};

/* Fill a stamp for the wake about to happen. */
void wl_stamp_take(struct wl_wake_stamp *st);

/* Where wakees woke relative to their waker's CPU, and how long it took. */
struct wl_wakes {
	uint64_t lvl[WL_LVL_NR];	/* wakee CPU vs waker CPU, by level */
	uint64_t nosleep;		/* turns taken without sleeping: not placements */
	struct wl_hist lat;		/* waker's stamp to the wakee running */
};

void wl_wakes_init(struct wl_wakes *w);
/* A wakee that slept and now runs on cpu, woken by stamp (ignored without one). */
void wl_wakes_note(struct wl_wakes *w, const struct wl_topo *t, const struct wl_wake_stamp *st,
		   int cpu, uint64_t now_ns);
void wl_wakes_merge(struct wl_wakes *dst, const struct wl_wakes *src);
uint64_t wl_wakes_total(const struct wl_wakes *w);

/*
 * The one machine-parsable line: "RESULT prog=NAME key=value ...". Values
 * never contain spaces or '='. Begin, add keys, end (which flushes).
 */
void wl_res_begin(void);
void wl_res_u64(const char *key, uint64_t v);
void wl_res_int(const char *key, long v);
void wl_res_f(const char *key, double v, int decimals);
void wl_res_s(const char *key, const char *v);
/* mig_{smt,llc,node,xnode,total}= and migps_*= (per second over seconds). */
void wl_res_mig(const struct wl_mig *m, double seconds);
/* lat_{p50,p99,max,avg}_us= from a nanosecond histogram, with a key prefix. */
void wl_res_lat(const char *prefix, const struct wl_hist *h);
/*
 * wakeups=, nosleep_share=, wake_same_cpu_share=, waker_llc_share= (same
 * LLC, incl. same CPU), waker_node_share= (same node, incl. LLC),
 * other_node_share=, wake_lat_{p50,p99,max,avg}_us=.
 */
void wl_res_wakes(const struct wl_wakes *w);
/* Comma-separated hex node masks, e.g. "0x1,0x3". */
void wl_res_masks(const char *key, const uint64_t *masks, int nr);
void wl_res_end(void);

#endif /* WL_COMMON_H */
