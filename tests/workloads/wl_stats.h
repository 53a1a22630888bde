/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wl_stats.h - latency histograms with percentiles, min/avg/max
 * accumulators, and the analysis of per-thread (time, cpu) samples.
 */
#ifndef WL_STATS_H
#define WL_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wl_topo.h"

/*
 * Log-linear histogram of non-negative integers (nanoseconds here): exact
 * below 2 * WL_HIST_SUB, then WL_HIST_SUB buckets per power of two, so a
 * reported percentile is at most 1/WL_HIST_SUB above the exact one.
 */
#define WL_HIST_SUB_BITS 6
#define WL_HIST_SUB	 (1 << WL_HIST_SUB_BITS)
#define WL_HIST_BUCKETS	 ((64 - WL_HIST_SUB_BITS + 1) * WL_HIST_SUB)

struct wl_hist {
	uint64_t count, sum, min, max;
	uint32_t b[WL_HIST_BUCKETS];	/* per-bucket counts; 15 KiB */
};

void wl_hist_init(struct wl_hist *h);
void wl_hist_add(struct wl_hist *h, uint64_t v);
void wl_hist_merge(struct wl_hist *dst, const struct wl_hist *src);
/*
 * Nearest-rank percentile, p in [0, 100]: the upper bound of the bucket
 * holding the ceil(p/100 * count)-th smallest value, clamped to [min, max].
 * 0 for an empty histogram.
 */
uint64_t wl_hist_pct(const struct wl_hist *h, double p);
double wl_hist_mean(const struct wl_hist *h);
/* Bucket index of v and the largest value in bucket i (exposed for tests). */
unsigned int wl_hist_index(uint64_t v);
uint64_t wl_hist_upper(unsigned int i);

/* min/avg/max of a series of doubles. */
struct wl_acc {
	double min, max, sum;
	uint64_t n;
};

void wl_acc_init(struct wl_acc *a);
void wl_acc_add(struct wl_acc *a, double v);
double wl_acc_avg(const struct wl_acc *a);

/* One observation of a thread: microseconds since the run started, CPU. */
struct wl_sample {
	uint32_t t_us;
	int32_t cpu;
};

/* A thread's samples in time order. */
struct wl_track {
	const struct wl_sample *s;
	size_t n;
};

/* Migrations between consecutive samples, classified by level. */
void wl_track_migrations(const struct wl_track *tr, const struct wl_topo *t, struct wl_mig *m);

/*
 * The "two of ours on one CPU while an allowed CPU has none" scan. Time
 * [from_us, to_us) is cut into windows of window_us (a trailing partial
 * window is dropped). In each window:
 *  - a thread is "settled" on CPU c when all its samples there are on c,
 *    and "absent" when it has no sample (runnable hog that did not run);
 *  - a CPU is "idle" when it is in allowed and no thread has a sample on it.
 * A window is "shared" when two settled threads share a CPU and some CPU is
 * idle, "starved" when a thread is absent and some CPU is idle. The counts
 * are added to *res, so disjoint ranges can be scanned one after another.
 */
struct wl_overlap {
	uint64_t windows;
	uint64_t shared;
	uint64_t starved;
	uint64_t bad;		/* shared or starved */
	FILE *log;		/* if set: a line for each window that shared a CPU while one idled */
};

void wl_overlap_scan(const struct wl_track *tr, int nr, const struct wl_cpuset *allowed,
		     uint64_t from_us, uint64_t to_us, uint64_t window_us, struct wl_overlap *res);

/* Samples in [from_us, ...) whose CPU is outside allowed; first offender in *first_t_us. */
uint64_t wl_track_outside(const struct wl_track *tr, const struct wl_cpuset *allowed,
			  uint64_t from_us, uint64_t *first_t_us, int *first_cpu);

#endif /* WL_STATS_H */
