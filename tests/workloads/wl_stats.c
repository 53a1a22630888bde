// SPDX-License-Identifier: GPL-2.0
/* wl_stats.c - histograms, accumulators and sample analysis. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wl_stats.h"

void wl_hist_init(struct wl_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

unsigned int wl_hist_index(uint64_t v)
{
	unsigned int shift;

	if (v < 2 * WL_HIST_SUB)
		return (unsigned int)v;
	shift = 63 - __builtin_clzll(v) - WL_HIST_SUB_BITS;
	return shift * WL_HIST_SUB + (unsigned int)(v >> shift);
}

uint64_t wl_hist_upper(unsigned int i)
{
	unsigned int shift;
	uint64_t mant;

	if (i < 2 * WL_HIST_SUB)
		return i;
	shift = i / WL_HIST_SUB - 1;
	mant = i - shift * WL_HIST_SUB;
	return ((mant + 1) << shift) - 1;	/* wraps to UINT64_MAX for the top bucket */
}

void wl_hist_add(struct wl_hist *h, uint64_t v)
{
	h->b[wl_hist_index(v)]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void wl_hist_merge(struct wl_hist *dst, const struct wl_hist *src)
{
	if (!src->count)
		return;
	for (unsigned int i = 0; i < WL_HIST_BUCKETS; i++)
		dst->b[i] += src->b[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t wl_hist_pct(const struct wl_hist *h, double p)
{
	uint64_t rank, seen = 0;

	if (!h->count)
		return 0;
	if (p < 0)
		p = 0;
	if (p > 100)
		p = 100;
	rank = (uint64_t)ceil(p / 100.0 * (double)h->count - 1e-9);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (unsigned int i = 0; i < WL_HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank) {
			uint64_t v = wl_hist_upper(i);

			if (v > h->max)
				v = h->max;
			if (v < h->min)
				v = h->min;
			return v;
		}
	}
	return h->max;
}

double wl_hist_mean(const struct wl_hist *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0.0;
}

void wl_acc_init(struct wl_acc *a)
{
	a->min = INFINITY;
	a->max = -INFINITY;
	a->sum = 0;
	a->n = 0;
}

void wl_acc_add(struct wl_acc *a, double v)
{
	if (v < a->min)
		a->min = v;
	if (v > a->max)
		a->max = v;
	a->sum += v;
	a->n++;
}

double wl_acc_avg(const struct wl_acc *a)
{
	return a->n ? a->sum / (double)a->n : 0.0;
}

void wl_track_migrations(const struct wl_track *tr, const struct wl_topo *t, struct wl_mig *m)
{
	for (size_t i = 1; i < tr->n; i++)
		wl_mig_note(m, t, tr->s[i - 1].cpu, tr->s[i].cpu);
}

/* First sample at or after t_us. */
static size_t track_seek(const struct wl_track *tr, uint64_t t_us)
{
	size_t lo = 0, hi = tr->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tr->s[mid].t_us < t_us)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* One line: where each thread was in the window starting at w_us (where[]: wl_overlap_scan). */
static void log_window(FILE *log, uint64_t w_us, const int *where, int nr,
		       const struct wl_cpuset *idle)
{
	char list[256];

	fprintf(log, "window %llu ms: no thread on CPUs %s; threads:",
		(unsigned long long)(w_us / 1000), wl_cpulist_format(idle, list, sizeof(list)));
	for (int i = 0; i < nr; i++) {
		if (where[i] <= -2)
			fprintf(log, " %d:moved>%d", i, -2 - where[i]);
		else
			fprintf(log, " %d:%d", i, where[i]);
	}
	fputc('\n', log);
}

void wl_overlap_scan(const struct wl_track *tr, int nr, const struct wl_cpuset *allowed,
		     uint64_t from_us, uint64_t to_us, uint64_t window_us, struct wl_overlap *res)
{
	size_t *idx;
	int settled[WL_MAX_CPUS], *where;
	struct wl_cpuset busy, touched, idle;

	if (nr <= 0 || !window_us)
		return;
	idx = calloc(nr, sizeof(*idx));
	where = calloc(nr, sizeof(*where));
	if (!idx || !where) {
		free(idx);
		free(where);
		return;
	}
	for (int i = 0; i < nr; i++)
		idx[i] = track_seek(&tr[i], from_us);
	memset(settled, 0, sizeof(settled));

	for (uint64_t w = from_us; w + window_us <= to_us; w += window_us) {
		bool shared = false, starved = false;

		wl_cpuset_zero(&busy);
		wl_cpuset_zero(&touched);
		for (int i = 0; i < nr; i++) {
			const struct wl_track *t = &tr[i];
			size_t j = idx[i];
			int cpu = -1;
			bool moved = false, any = false;

			for (; j < t->n && t->s[j].t_us < w + window_us; j++) {
				int c = t->s[j].cpu;

				if (c < 0 || c >= WL_MAX_CPUS)
					continue;
				wl_cpuset_set(&busy, c);
				if (any && c != cpu)
					moved = true;
				cpu = c;
				any = true;
			}
			idx[i] = j;
			where[i] = moved ? -2 - cpu : cpu;	/* -1: no sample */
			if (!any) {
				starved = true;
				continue;
			}
			if (moved)
				continue;
			if (++settled[cpu] >= 2)
				shared = true;
			wl_cpuset_set(&touched, cpu);
		}
		for (int c = wl_cpuset_next(&touched, 0); c >= 0;
		     c = wl_cpuset_next(&touched, c + 1))
			settled[c] = 0;

		/* idle = allowed & ~busy */
		for (size_t k = 0; k < WL_MAX_CPUS / 64; k++)
			idle.w[k] = allowed->w[k] & ~busy.w[k];
		res->windows++;
		if (!wl_cpuset_count(&idle))
			continue;
		if (shared)
			res->shared++;
		if (shared && res->log)
			log_window(res->log, w, where, nr, &idle);
		if (starved)
			res->starved++;
		if (shared || starved)
			res->bad++;
	}
	free(idx);
	free(where);
}

uint64_t wl_track_outside(const struct wl_track *tr, const struct wl_cpuset *allowed,
			  uint64_t from_us, uint64_t *first_t_us, int *first_cpu)
{
	uint64_t n = 0;

	for (size_t j = track_seek(tr, from_us); j < tr->n; j++) {
		if (wl_cpuset_test(allowed, tr->s[j].cpu))
			continue;
		if (!n) {
			*first_t_us = tr->s[j].t_us;
			*first_cpu = tr->s[j].cpu;
		}
		n++;
	}
	return n;
}
