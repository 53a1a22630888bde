// SPDX-License-Identifier: GPL-2.0
/*
 * test_wl_common - host unit test of the workloads' pure logic: cpulists,
 * the sysfs topology reader (on fake trees), the migration classifier,
 * histogram percentiles and the overlap scan.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl_stats.h"
#include "wl_topo.h"

static int failures;

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
				#cond);                                              \
			failures++;                                                  \
		}                                                                    \
	} while (0)

static void test_cpulist(void)
{
	static const struct {
		const char *in;
		int ret, count;
		const char *out;
	} cases[] = {
		{ "0", 0, 1, "0" },
		{ "0-3", 0, 4, "0-3" },
		{ "0-3,8-11\n", 0, 8, "0-3,8-11" },
		{ "1,3,5", 0, 3, "1,3,5" },
		{ "5,1,2-3", 0, 4, "1-3,5" },
		{ "  7 \n", 0, 1, "7" },
		{ "", 0, 0, "none" },
		{ "\n", 0, 0, "none" },
		{ "0-1023", 0, 1024, "0-1023" },
		{ "63-64", 0, 2, "63-64" },
		{ "3-3", 0, 1, "3" },
		{ "1023", 0, 1, "1023" },
		{ "1024", -ERANGE, 0, NULL },
		{ "0-99999999999", -ERANGE, 0, NULL },
		{ "3-1", -EINVAL, 0, NULL },
		{ "a", -EINVAL, 0, NULL },
		{ "1-", -EINVAL, 0, NULL },
		{ "-1", -EINVAL, 0, NULL },
		{ "1,,2", -EINVAL, 0, NULL },
		{ ",1", -EINVAL, 0, NULL },
		{ "1,", -EINVAL, 0, NULL },
		{ "1 2", -EINVAL, 0, NULL },
		{ "1;2", -EINVAL, 0, NULL },
	};
	struct wl_cpuset s;
	char buf[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = wl_cpulist_parse(cases[i].in, &s);

		if (ret != cases[i].ret)
			fprintf(stderr, "cpulist '%s': ret %d, want %d\n", cases[i].in, ret,
				cases[i].ret);
		CHECK(ret == cases[i].ret);
		if (ret)
			continue;
		CHECK(wl_cpuset_count(&s) == cases[i].count);
		wl_cpulist_format(&s, buf, sizeof(buf));
		if (strcmp(buf, cases[i].out))
			fprintf(stderr, "cpulist '%s': formatted '%s', want '%s'\n", cases[i].in,
				buf, cases[i].out);
		CHECK(!strcmp(buf, cases[i].out));
	}

	/* iteration across word boundaries, truncated formatting */
	wl_cpulist_parse("0,63,64,127,1023", &s);
	CHECK(wl_cpuset_next(&s, 0) == 0);
	CHECK(wl_cpuset_next(&s, 1) == 63);
	CHECK(wl_cpuset_next(&s, 64) == 64);
	CHECK(wl_cpuset_next(&s, 65) == 127);
	CHECK(wl_cpuset_next(&s, 128) == 1023);
	CHECK(wl_cpuset_next(&s, 1024) == -1);
	wl_cpulist_format(&s, buf, 8);
	CHECK(strlen(buf) < 8);
	CHECK(!wl_cpuset_test(&s, -1) && !wl_cpuset_test(&s, 1024));
}

/* Fake sysfs writer. */
static char root[256];

static void put(const char *rel, const char *text)
{
	char path[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static void put_cpu(int cpu, const char *file, const char *text)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%d/%s", cpu, file);
	put(rel, text);
}

static void make_root(void)
{
	snprintf(root, sizeof(root), "/tmp/test_wl_common.XXXXXX");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		exit(1);
	}
}

static void remove_root(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "warning: could not remove %s\n", root);
}

/*
 * 8 CPUs, SMT pairs (0,1) (2,3) ..., node 0 = 0-3 with one L3, node 1 =
 * 4-7 with two L3s (4-5, 6-7). Each CPU also has an L1d and an L1i; the
 * L1i is listed with a higher index and a bogus level to prove it is
 * skipped by type.
 */
static void make_numa_tree(void)
{
	static const char *const l3[] = { "0-3", "0-3", "0-3", "0-3", "4-5", "4-5", "6-7", "6-7" };
	char sib[16];

	put("devices/system/cpu/online", "0-7\n");
	put("devices/system/node/node0/cpulist", "0-3\n");
	put("devices/system/node/node1/cpulist", "4-7\n");
	put("devices/system/node/possible", "0-1\n");	/* not a nodeN dir */
	for (int c = 0; c < 8; c++) {
		snprintf(sib, sizeof(sib), "%d-%d\n", c & ~1, c | 1);
		put_cpu(c, "topology/thread_siblings_list", sib);
		put_cpu(c, "cache/index0/level", "1\n");
		put_cpu(c, "cache/index0/type", "Data\n");
		put_cpu(c, "cache/index0/shared_cpu_list", sib);
		put_cpu(c, "cache/index3/level", "3\n");
		put_cpu(c, "cache/index3/type", "Unified\n");
		put_cpu(c, "cache/index3/shared_cpu_list", l3[c]);
		put_cpu(c, "cache/index4/level", "9\n");
		put_cpu(c, "cache/index4/type", "Instruction\n");
		put_cpu(c, "cache/index4/shared_cpu_list", "0-7\n");
	}
}

static void test_topo_numa(void)
{
	static struct wl_topo t;
	char err[256] = "";
	struct wl_mig m = { 0 };
	static const struct wl_sample seq[] = {
		{ 0, 0 }, { 1, 1 }, { 2, 3 }, { 3, 3 }, { 4, 7 }, { 5, 6 }, { 6, 4 }, { 7, 0 },
	};
	struct wl_track tr = { seq, sizeof(seq) / sizeof(seq[0]) };

	make_root();
	make_numa_tree();
	CHECK(!wl_topo_load(&t, root, err, sizeof(err)));
	CHECK(t.nr_cpus == 8 && t.nr_cpu_ids == 8);
	CHECK(t.nr_cores == 4);
	CHECK(t.nr_llcs == 3);
	CHECK(t.nr_nodes == 2);
	CHECK(t.llc_level == 3);
	CHECK(t.node[5] == 1 && t.llc[5] == 4 && t.core[5] == 4);
	CHECK(t.llc[7] == 6 && t.node[3] == 0);

	CHECK(wl_classify(&t, 3, 3) == WL_LVL_SAME);
	CHECK(wl_classify(&t, 0, 1) == WL_LVL_SMT);
	CHECK(wl_classify(&t, 1, 0) == WL_LVL_SMT);
	CHECK(wl_classify(&t, 0, 2) == WL_LVL_LLC);
	CHECK(wl_classify(&t, 4, 5) == WL_LVL_SMT);
	CHECK(wl_classify(&t, 4, 6) == WL_LVL_NODE);
	CHECK(wl_classify(&t, 0, 4) == WL_LVL_XNODE);
	CHECK(wl_classify(&t, 7, 2) == WL_LVL_XNODE);
	CHECK(wl_classify(&t, 0, 9) == WL_LVL_XNODE);	/* offline CPU */
	CHECK(wl_node_bit(&t, 6) == 2 && wl_node_bit(&t, 1) == 1 && wl_node_bit(&t, -1) == 0);

	/* 0->1 smt, 1->3 llc, 3->3 none, 3->7 xnode, 7->6 smt, 6->4 node, 4->0 xnode */
	wl_track_migrations(&tr, &t, &m);
	CHECK(m.n[WL_LVL_SAME] == 0);
	CHECK(m.n[WL_LVL_SMT] == 2);
	CHECK(m.n[WL_LVL_LLC] == 1);
	CHECK(m.n[WL_LVL_NODE] == 1);
	CHECK(m.n[WL_LVL_XNODE] == 2);
	CHECK(wl_mig_total(&m) == 6);
	wl_mig_note(&m, &t, -1, 3);	/* first sample: not a migration */
	CHECK(wl_mig_total(&m) == 6);
	remove_root();
}

/* No NUMA dir, no cache info on one CPU: package as LLC, all on node 0. */
static void test_topo_fallback(void)
{
	static struct wl_topo t;
	char err[256] = "";

	make_root();
	put("devices/system/cpu/online", "0-3\n");
	for (int c = 0; c < 4; c++) {
		put_cpu(c, "topology/core_cpus_list", c < 2 ? "0-1\n" : "2-3\n");
		put_cpu(c, "topology/package_cpus_list", "0-3\n");
		if (c)
			put_cpu(c, "cache/index2/level", "2\n");
		if (c)
			put_cpu(c, "cache/index2/shared_cpu_list", "1-3\n");
	}
	CHECK(!wl_topo_load(&t, root, err, sizeof(err)));
	CHECK(t.nr_nodes == 1 && t.node[3] == 0);
	CHECK(t.nr_cores == 2);
	CHECK(t.llc_level == 0 && t.nr_llcs == 1 && t.llc[0] == 0 && t.llc[3] == 0);
	CHECK(wl_classify(&t, 0, 1) == WL_LVL_SMT);
	CHECK(wl_classify(&t, 1, 2) == WL_LVL_LLC);
	remove_root();

	/* nothing at all */
	make_root();
	CHECK(wl_topo_load(&t, root, err, sizeof(err)) == -1);
	CHECK(strstr(err, "online") != NULL);
	remove_root();
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Exact nearest-rank percentile of a sorted array. */
static uint64_t exact_pct(const uint64_t *v, size_t n, double p)
{
	size_t rank = (size_t)((p / 100.0) * n + 0.999999999);

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

static void test_hist(void)
{
	static struct wl_hist h;
	static uint64_t v[20000];
	static const double pcts[] = { 0, 1, 10, 50, 90, 99, 99.9, 100 };
	uint64_t x = 88172645463325252ULL;

	/* bucket layout: contiguous, monotonic, every value in its bucket */
	for (unsigned int i = 0; i + 1 < WL_HIST_BUCKETS; i++) {
		CHECK(wl_hist_index(wl_hist_upper(i)) == i);
		CHECK(wl_hist_index(wl_hist_upper(i) + 1) == i + 1);
	}
	CHECK(wl_hist_index(UINT64_MAX) == WL_HIST_BUCKETS - 1);
	CHECK(wl_hist_upper(WL_HIST_BUCKETS - 1) == UINT64_MAX);

	wl_hist_init(&h);
	CHECK(wl_hist_pct(&h, 50) == 0 && wl_hist_mean(&h) == 0);

	/* small values are exact */
	for (uint64_t i = 1; i <= 100; i++)
		wl_hist_add(&h, i);
	CHECK(wl_hist_pct(&h, 50) == 50);
	CHECK(wl_hist_pct(&h, 99) == 99);
	CHECK(wl_hist_pct(&h, 100) == 100);
	CHECK(wl_hist_pct(&h, 0) == 1);
	CHECK(wl_hist_mean(&h) == 50.5);

	/* wide random values: within one bucket (1/64) above the exact answer */
	wl_hist_init(&h);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v[i] = (x % 1000) * (1ULL << (x % 30)) + (x & 3);
		wl_hist_add(&h, v[i]);
	}
	qsort(v, sizeof(v) / sizeof(v[0]), sizeof(v[0]), cmp_u64);
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		uint64_t want = exact_pct(v, sizeof(v) / sizeof(v[0]), pcts[i]);
		uint64_t got = wl_hist_pct(&h, pcts[i]);

		if (got < want || (double)got > (double)want * (1.0 + 1.0 / WL_HIST_SUB) + 1)
			fprintf(stderr, "p%g: got %llu want %llu\n", pcts[i],
				(unsigned long long)got, (unsigned long long)want);
		CHECK(got >= want);
		CHECK((double)got <= (double)want * (1.0 + 1.0 / WL_HIST_SUB) + 1);
	}
	CHECK(wl_hist_pct(&h, 100) == v[sizeof(v) / sizeof(v[0]) - 1]);

	/* merge equals adding everything to one */
	{
		static struct wl_hist a, b, all;

		wl_hist_init(&a);
		wl_hist_init(&b);
		wl_hist_init(&all);
		for (uint64_t i = 0; i < 1000; i++) {
			wl_hist_add(i % 3 ? &a : &b, i * 1000);
			wl_hist_add(&all, i * 1000);
		}
		wl_hist_merge(&a, &b);
		CHECK(!memcmp(&a, &all, sizeof(a)));
	}
}

static void test_acc(void)
{
	struct wl_acc a;

	wl_acc_init(&a);
	CHECK(wl_acc_avg(&a) == 0);
	wl_acc_add(&a, 0.5);
	wl_acc_add(&a, 0.25);
	wl_acc_add(&a, 1.0);
	CHECK(a.min == 0.25 && a.max == 1.0 && a.n == 3);
	CHECK(wl_acc_avg(&a) > 0.583 && wl_acc_avg(&a) < 0.584);
}

/* Samples every 1 ms for [from, to) ms on one CPU. */
static size_t fill(struct wl_sample *s, size_t n, int from_ms, int to_ms, int cpu)
{
	for (int t = from_ms; t < to_ms; t++) {
		s[n].t_us = t * 1000 + 100;
		s[n].cpu = cpu;
		n++;
	}
	return n;
}

static void test_overlap(void)
{
	static struct wl_sample s[4][200];
	struct wl_track tr[4];
	struct wl_cpuset two, one;
	struct wl_overlap ov;
	size_t n[4] = { 0 };
	uint64_t t = 0;
	int cpu = -1;

	wl_cpulist_parse("0-1", &two);
	wl_cpulist_parse("0", &one);

	/*
	 * Thread 0 on cpu 0 for 0-100 ms. Thread 1: cpu 1 for 0-20 ms (fine),
	 * cpu 0 for 20-40 (shared while cpu 1 idles), absent 40-50 (starved),
	 * cpu 0 then 1 in 50-60 (moved: not settled, and cpu 1 not idle),
	 * cpu 1 for 60-100.
	 */
	n[0] = fill(s[0], 0, 0, 100, 0);
	n[1] = fill(s[1], 0, 0, 20, 1);
	n[1] = fill(s[1], n[1], 20, 40, 0);
	n[1] = fill(s[1], n[1], 50, 55, 0);
	n[1] = fill(s[1], n[1], 55, 100, 1);
	for (int i = 0; i < 2; i++)
		tr[i] = (struct wl_track){ s[i], n[i] };

	memset(&ov, 0, sizeof(ov));
	wl_overlap_scan(tr, 2, &two, 0, 100000, 10000, &ov);
	CHECK(ov.windows == 10);
	CHECK(ov.shared == 2);
	CHECK(ov.starved == 1);
	CHECK(ov.bad == 3);

	/* a partial trailing window is dropped; results accumulate */
	wl_overlap_scan(tr, 2, &two, 0, 25000, 10000, &ov);
	CHECK(ov.windows == 12 && ov.shared == 2 && ov.bad == 3);

	/* only cpu 0 allowed: no CPU can be idle, nothing is bad */
	memset(&ov, 0, sizeof(ov));
	wl_overlap_scan(tr, 2, &one, 0, 100000, 10000, &ov);
	CHECK(ov.windows == 10 && ov.bad == 0);

	/* three threads on two CPUs: two share cpu 1, but no CPU is idle */
	n[2] = fill(s[2], 0, 0, 100, 1);
	tr[2] = (struct wl_track){ s[2], n[2] };
	memset(&ov, 0, sizeof(ov));
	wl_overlap_scan(tr, 3, &two, 0, 20000, 10000, &ov);
	CHECK(ov.windows == 2 && ov.bad == 0);

	/* affinity check */
	CHECK(wl_track_outside(&tr[1], &one, 0, &t, &cpu) == 65);
	CHECK(t == 100 && cpu == 1);
	CHECK(wl_track_outside(&tr[1], &one, 20000, &t, &cpu) == 45);
	CHECK(t == 55100 && cpu == 1);
	CHECK(wl_track_outside(&tr[0], &one, 0, &t, &cpu) == 0);
}

int main(void)
{
	test_cpulist();
	test_topo_numa();
	test_topo_fallback();
	test_hist();
	test_acc();
	test_overlap();
	if (failures) {
		fprintf(stderr, "test_wl_common: %d checks failed\n", failures);
		return 1;
	}
	printf("test_wl_common: all checks passed\n");
	return 0;
}
