// SPDX-License-Identifier: GPL-2.0
/* wl_common.c - shared plumbing of the test workloads. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "wl_common.h"

const char *wl_prog = "wl";

static noreturn void die(int status, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", wl_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	exit(status);
}

void wl_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	die(WL_EXIT_USAGE, fmt, ap);
}

void wl_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	die(WL_EXIT_ERROR, fmt, ap);
}

long wl_parse_long(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		wl_usage_error("invalid %s '%s' (expected an integer in %ld..%ld)", what, s, min,
			       max);
	return v;
}

double wl_parse_seconds(const char *s, double min, double max, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < min || v > max)
		wl_usage_error("invalid %s '%s' (expected seconds in %g..%g)", what, s, min, max);
	return v;
}

void wl_getopt_error(int c, char **argv)
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		wl_usage_error("option '%s' requires an argument (see --help)", opt);
	if (optopt && !(opt[0] == '-' && opt[1] == '-'))
		wl_usage_error("unrecognized option '-%c' (see --help)", optopt);
	wl_usage_error("unrecognized option '%s' (see --help)", opt);
}

void wl_no_extra_args(int argc, char **argv)
{
	if (optind < argc)
		wl_usage_error("unexpected argument '%s' (see --help)", argv[optind]);
}

uint64_t wl_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

uint64_t wl_thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

void wl_sleep_until(uint64_t abs_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(abs_ns / NSEC_PER_SEC),
		.tv_nsec = (long)(abs_ns % NSEC_PER_SEC),
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

uint64_t wl_calibrate(uint64_t target_us)
{
	volatile uint64_t sink;
	uint64_t iters = 1024, t0, dt;

	/* Double until one run takes >= 2 ms, then scale to target_us. */
	for (;;) {
		t0 = wl_now_ns();
		sink = wl_work(iters, iters);
		dt = wl_now_ns() - t0;
		if (dt >= 2 * NSEC_PER_MSEC || iters >= (1ULL << 40))
			break;
		iters *= 2;
	}
	(void)sink;
	if (!dt)
		dt = 1;
	iters = (uint64_t)((double)iters * (double)(target_us * NSEC_PER_USEC) / (double)dt);
	return iters < 16 ? 16 : iters;
}

void wl_setup_topo(struct wl_topo *t, struct wl_cpuset *allowed)
{
	const char *root = getenv("WL_SYSFS_ROOT");
	struct wl_cpuset aff;
	char err[256], buf[1024];
	cpu_set_t set;

	if (!root || !*root)
		root = "/sys";
	if (wl_topo_load(t, root, err, sizeof(err)))
		wl_fatal("topology: %s", err);
	if (sched_getaffinity(0, sizeof(set), &set))
		wl_fatal("sched_getaffinity: %s", strerror(errno));
	wl_cpuset_from_sys(&aff, &set);
	wl_cpuset_and(allowed, &aff, &t->online);
	if (!wl_cpuset_count(allowed))
		wl_fatal("no allowed CPU is online (affinity %s)",
			 wl_cpulist_format(&aff, buf, sizeof(buf)));
	wl_topo_print(t, stdout);
	printf("allowed cpus: %s\n", wl_cpulist_format(allowed, buf, sizeof(buf)));
}

void wl_spawn(pthread_t *th, void *(*fn)(void *), void *arg, const char *name, int idx)
{
	char comm[16];
	int err;

	err = pthread_create(th, NULL, fn, arg);
	if (err)
		wl_fatal("pthread_create: %s", strerror(err));
	snprintf(comm, sizeof(comm), "%s/%d", name, idx);
	pthread_setname_np(*th, comm);
}

void wl_join(pthread_t th)
{
	int err = pthread_join(th, NULL);

	if (err)
		wl_fatal("pthread_join: %s", strerror(err));
}

void wl_set_nice(int nice)
{
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), nice))
		wl_fatal("setpriority(nice %d): %s", nice, strerror(errno));
}

void wl_res_begin(void)
{
	fflush(stdout);
	printf("RESULT prog=%s", wl_prog);
}

static void res_key(const char *key)
{
	printf(" %s=", key);
}

void wl_res_u64(const char *key, uint64_t v)
{
	res_key(key);
	printf("%llu", (unsigned long long)v);
}

void wl_res_int(const char *key, long v)
{
	res_key(key);
	printf("%ld", v);
}

void wl_res_f(const char *key, double v, int decimals)
{
	res_key(key);
	if (!isfinite(v))
		v = 0;
	printf("%.*f", decimals, v);
}

void wl_res_s(const char *key, const char *v)
{
	res_key(key);
	if (!*v)
		v = "none";
	for (; *v; v++)
		putchar(*v == ' ' || *v == '=' || *v == '\t' || *v == '\n' ? '_' : *v);
}

void wl_res_mig(const struct wl_mig *m, double seconds)
{
	char key[32];

	for (int i = WL_LVL_SMT; i < WL_LVL_NR; i++) {
		snprintf(key, sizeof(key), "mig_%s", wl_level_name[i]);
		wl_res_u64(key, m->n[i]);
	}
	wl_res_u64("mig_total", wl_mig_total(m));
	for (int i = WL_LVL_SMT; i < WL_LVL_NR; i++) {
		snprintf(key, sizeof(key), "migps_%s", wl_level_name[i]);
		wl_res_f(key, seconds > 0 ? (double)m->n[i] / seconds : 0, 2);
	}
	wl_res_f("migps_total", seconds > 0 ? (double)wl_mig_total(m) / seconds : 0, 2);
}

void wl_res_lat(const char *prefix, const struct wl_hist *h)
{
	char key[64];

	snprintf(key, sizeof(key), "%s_p50_us", prefix);
	wl_res_f(key, (double)wl_hist_pct(h, 50) / 1e3, 1);
	snprintf(key, sizeof(key), "%s_p99_us", prefix);
	wl_res_f(key, (double)wl_hist_pct(h, 99) / 1e3, 1);
	snprintf(key, sizeof(key), "%s_max_us", prefix);
	wl_res_f(key, (double)(h->count ? h->max : 0) / 1e3, 1);
	snprintf(key, sizeof(key), "%s_avg_us", prefix);
	wl_res_f(key, wl_hist_mean(h) / 1e3, 1);
}

void wl_res_end(void)
{
	putchar('\n');
	fflush(stdout);
}

int wl_cpustat_read(struct wl_cpustat *s)
{
	FILE *f = fopen("/proc/stat", "r");
	char line[512];

	memset(s, 0, sizeof(*s));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v[8] = { 0 };
		int cpu;

		if (strncmp(line, "cpu", 3) || line[3] < '0' || line[3] > '9')
			continue;
		if (sscanf(line + 3, "%d %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &v[0],
			   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) < 5 ||
		    cpu < 0 || cpu >= WL_MAX_CPUS)
			continue;
		s->idle[cpu] = v[3] + v[4];	/* idle + iowait */
		for (int i = 0; i < 8; i++)
			s->total[cpu] += v[i];
	}
	fclose(f);
	return 0;
}

double wl_cpustat_idle(const struct wl_cpustat *a, const struct wl_cpustat *b,
		       const struct wl_cpuset *cpus)
{
	uint64_t idle = 0, total = 0;

	for (int c = wl_cpuset_next(cpus, 0); c >= 0; c = wl_cpuset_next(cpus, c + 1)) {
		idle += b->idle[c] - a->idle[c];
		total += b->total[c] - a->total[c];
	}
	return total ? (double)idle / (double)total : 0;
}

void wl_hog_run(struct wl_hog *h, const struct wl_topo *t, uint64_t end_ns, uint64_t chunk)
{
	uint64_t cpu0, now, x = (uintptr_t)h;
	int prev = -1;

	/* the CPU-time interval nests inside the wall one: share <= 1 */
	now = h->start_ns = wl_now_ns();
	cpu0 = wl_thread_cpu_ns();
	while (now < end_ns) {
		int cpu;

		x = wl_work(x, chunk);
		h->iters += chunk;
		cpu = sched_getcpu();
		if (cpu != prev) {
			wl_mig_note(&h->mig, t, prev, cpu);
			wl_cpuset_set(&h->used, cpu);
			prev = cpu;
		}
		now = wl_now_ns();
	}
	h->cpu_ns = wl_thread_cpu_ns() - cpu0;
	h->end_ns = wl_now_ns();
	h->sink = x;
}

double wl_hog_share(const struct wl_hog *h)
{
	uint64_t wall = h->end_ns - h->start_ns;

	return wall ? (double)h->cpu_ns / (double)wall : 0;
}

double wl_cpustat_idle_mean(const struct wl_cpustat *a, const struct wl_cpustat *b,
			    const struct wl_cpuset *cpus)
{
	double sum = 0;
	int n = 0;

	for (int c = wl_cpuset_next(cpus, 0); c >= 0; c = wl_cpuset_next(cpus, c + 1)) {
		uint64_t total = b->total[c] - a->total[c];

		if (!total)
			continue;
		sum += (double)(b->idle[c] - a->idle[c]) / (double)total;
		n++;
	}
	return n ? sum / n : 0;
}

uint64_t wl_cpustat_idle_ms(const struct wl_cpustat *a, const struct wl_cpustat *b,
			    const struct wl_cpuset *cpus)
{
	long hz = sysconf(_SC_CLK_TCK);
	uint64_t idle = 0;

	for (int c = wl_cpuset_next(cpus, 0); c >= 0; c = wl_cpuset_next(cpus, c + 1))
		idle += b->idle[c] - a->idle[c];
	return hz > 0 ? idle * 1000 / (uint64_t)hz : 0;
}

uint64_t wl_thread_wait_ns(pid_t tid)
{
	char path[64];
	unsigned long long run = 0, wait = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/schedstat", (int)tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &run, &wait) != 2)
		wait = 0;
	fclose(f);
	return wait;
}

int wl_futex_wait(uint32_t *word, uint32_t val, bool shared, uint64_t timeout_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(timeout_ns / NSEC_PER_SEC),
		.tv_nsec = (long)(timeout_ns % NSEC_PER_SEC),
	};
	int op = FUTEX_WAIT | (shared ? 0 : FUTEX_PRIVATE_FLAG);

	if (syscall(SYS_futex, word, op, val, timeout_ns ? &ts : NULL, NULL, 0))
		return -errno;
	return 0;
}

void wl_futex_wake(uint32_t *word, int nr, bool shared)
{
	int op = FUTEX_WAKE | (shared ? 0 : FUTEX_PRIVATE_FLAG);

	syscall(SYS_futex, word, op, nr, NULL, NULL, 0);
}

void wl_stamp_take(struct wl_wake_stamp *st)
{
	st->cpu = sched_getcpu();
	st->ns = wl_now_ns();
}

void wl_wakes_init(struct wl_wakes *w)
{
	memset(w->lvl, 0, sizeof(w->lvl));
	w->nosleep = 0;
	wl_hist_init(&w->lat);
}

void wl_wakes_note(struct wl_wakes *w, const struct wl_topo *t, const struct wl_wake_stamp *st,
		   int cpu, uint64_t now_ns)
{
	if (st->cpu < 0)
		return;
	w->lvl[wl_classify(t, st->cpu, cpu)]++;
	wl_hist_add(&w->lat, now_ns > st->ns ? now_ns - st->ns : 0);
}

void wl_wakes_merge(struct wl_wakes *dst, const struct wl_wakes *src)
{
	for (int l = 0; l < WL_LVL_NR; l++)
		dst->lvl[l] += src->lvl[l];
	dst->nosleep += src->nosleep;
	wl_hist_merge(&dst->lat, &src->lat);
}

uint64_t wl_wakes_total(const struct wl_wakes *w)
{
	uint64_t n = 0;

	for (int l = 0; l < WL_LVL_NR; l++)
		n += w->lvl[l];
	return n;
}

static double share(uint64_t n, uint64_t d)
{
	return d ? (double)n / (double)d : 0;
}

void wl_res_wakes(const struct wl_wakes *w)
{
	uint64_t n = wl_wakes_total(w);
	uint64_t llc = w->lvl[WL_LVL_SAME] + w->lvl[WL_LVL_SMT] + w->lvl[WL_LVL_LLC];

	wl_res_u64("wakeups", n);
	wl_res_f("nosleep_share", share(w->nosleep, n + w->nosleep), 4);
	wl_res_f("wake_same_cpu_share", share(w->lvl[WL_LVL_SAME], n), 4);
	wl_res_f("waker_llc_share", share(llc, n), 4);
	wl_res_f("waker_node_share", share(llc + w->lvl[WL_LVL_NODE], n), 4);
	wl_res_f("other_node_share", share(w->lvl[WL_LVL_XNODE], n), 4);
	wl_res_lat("wake_lat", &w->lat);
}

void wl_res_masks(const char *key, const uint64_t *masks, int nr)
{
	char buf[WL_MAX_THREADS * 8];
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < nr && off + 24 < sizeof(buf); i++)
		off += snprintf(buf + off, sizeof(buf) - off, "%s0x%llx", i ? "," : "",
				(unsigned long long)masks[i]);
	wl_res_s(key, buf);
}
