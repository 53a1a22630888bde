// SPDX-License-Identifier: GPL-2.0
/* wl_topo.c - CPU sets, cpulists, sysfs topology and migration levels. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "wl_topo.h"

const char *const wl_level_name[WL_LVL_NR] = {
	[WL_LVL_SAME] = "same",
	[WL_LVL_SMT] = "smt",
	[WL_LVL_LLC] = "llc",
	[WL_LVL_NODE] = "node",
	[WL_LVL_XNODE] = "xnode",
};

void wl_cpuset_zero(struct wl_cpuset *s)
{
	memset(s, 0, sizeof(*s));
}

void wl_cpuset_set(struct wl_cpuset *s, int cpu)
{
	if (cpu >= 0 && cpu < WL_MAX_CPUS)
		s->w[cpu / 64] |= 1ULL << (cpu % 64);
}

bool wl_cpuset_test(const struct wl_cpuset *s, int cpu)
{
	if (cpu < 0 || cpu >= WL_MAX_CPUS)
		return false;
	return s->w[cpu / 64] & (1ULL << (cpu % 64));
}

int wl_cpuset_count(const struct wl_cpuset *s)
{
	int n = 0;

	for (size_t i = 0; i < WL_MAX_CPUS / 64; i++)
		n += __builtin_popcountll(s->w[i]);
	return n;
}

int wl_cpuset_next(const struct wl_cpuset *s, int cpu)
{
	if (cpu < 0)
		cpu = 0;
	while (cpu < WL_MAX_CPUS) {
		uint64_t w = s->w[cpu / 64] >> (cpu % 64);

		if (w)
			return cpu + __builtin_ctzll(w);
		cpu = (cpu / 64 + 1) * 64;
	}
	return -1;
}

void wl_cpuset_and(struct wl_cpuset *dst, const struct wl_cpuset *a, const struct wl_cpuset *b)
{
	for (size_t i = 0; i < WL_MAX_CPUS / 64; i++)
		dst->w[i] = a->w[i] & b->w[i];
}

void wl_cpuset_or(struct wl_cpuset *dst, const struct wl_cpuset *src)
{
	for (size_t i = 0; i < WL_MAX_CPUS / 64; i++)
		dst->w[i] |= src->w[i];
}

void wl_cpuset_to_sys(const struct wl_cpuset *s, cpu_set_t *out)
{
	CPU_ZERO(out);
	for (int c = wl_cpuset_next(s, 0); c >= 0 && c < CPU_SETSIZE; c = wl_cpuset_next(s, c + 1))
		CPU_SET(c, out);
}

void wl_cpuset_from_sys(struct wl_cpuset *s, const cpu_set_t *in)
{
	wl_cpuset_zero(s);
	for (int c = 0; c < CPU_SETSIZE && c < WL_MAX_CPUS; c++)
		if (CPU_ISSET(c, in))
			wl_cpuset_set(s, c);
}

/* One decimal CPU number; advances *p. */
static int parse_cpu(const char **p, int *cpu)
{
	long v = 0;

	if (!isdigit((unsigned char)**p))
		return -EINVAL;
	while (isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		if (v >= WL_MAX_CPUS)
			return -ERANGE;
		(*p)++;
	}
	*cpu = (int)v;
	return 0;
}

int wl_cpulist_parse(const char *str, struct wl_cpuset *s)
{
	const char *p = str;
	const char *end = str + strlen(str);
	int lo, hi, err;

	wl_cpuset_zero(s);
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p == end)
		return 0;

	for (;;) {
		err = parse_cpu(&p, &lo);
		if (err)
			return err;
		hi = lo;
		if (p < end && *p == '-') {
			p++;
			err = parse_cpu(&p, &hi);
			if (err)
				return err;
			if (hi < lo)
				return -EINVAL;
		}
		for (int c = lo; c <= hi; c++)
			wl_cpuset_set(s, c);
		if (p == end)
			return 0;
		if (*p != ',')
			return -EINVAL;
		p++;
	}
}

char *wl_cpulist_format(const struct wl_cpuset *s, char *buf, size_t len)
{
	size_t off = 0;
	int c = wl_cpuset_next(s, 0);

	if (!len)
		return buf;
	buf[0] = '\0';
	if (c < 0) {
		snprintf(buf, len, "none");
		return buf;
	}
	while (c >= 0) {
		int hi = c;
		int n;

		while (wl_cpuset_test(s, hi + 1))
			hi++;
		if (hi == c)
			n = snprintf(buf + off, len - off, "%s%d", off ? "," : "", c);
		else
			n = snprintf(buf + off, len - off, "%s%d-%d", off ? "," : "", c, hi);
		if (n < 0 || (size_t)n >= len - off)
			return buf;	/* truncated, still NUL-terminated */
		off += n;
		c = wl_cpuset_next(s, hi + 1);
	}
	return buf;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Read a small sysfs file; 0 or -1. */
static int read_text(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	return 0;
}

static int read_cpulist(const char *path, struct wl_cpuset *s)
{
	char buf[4096];

	if (read_text(path, buf, sizeof(buf)))
		return -1;
	return wl_cpulist_parse(buf, s) ? -1 : 0;
}

/* Lowest CPU of the list in file path, or -1. */
static int read_first_cpu(const char *path)
{
	struct wl_cpuset s;

	if (read_cpulist(path, &s))
		return -1;
	return wl_cpuset_next(&s, 0);
}

static void load_nodes(struct wl_topo *t, const char *root)
{
	char path[512];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/devices/system/node", root);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		struct wl_cpuset s;
		char *end;
		long id;

		if (strncmp(de->d_name, "node", 4) || !isdigit((unsigned char)de->d_name[4]))
			continue;
		id = strtol(de->d_name + 4, &end, 10);
		if (*end || id >= WL_MAX_CPUS)
			continue;
		snprintf(path, sizeof(path), "%s/devices/system/node/%s/cpulist", root, de->d_name);
		if (read_cpulist(path, &s))
			continue;
		for (int c = wl_cpuset_next(&s, 0); c >= 0; c = wl_cpuset_next(&s, c + 1)) {
			if (wl_cpuset_test(&t->online, c))
				t->node[c] = (int)id;
		}
	}
	closedir(d);
}

/* LLC of one CPU from its highest data/unified cache; -1 if none. */
static int load_llc(const char *root, int cpu, int *level)
{
	char path[512], buf[64];
	struct dirent *de;
	DIR *d;
	int best = 0, id = -1;

	snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/cache", root, cpu);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		int lvl, first;

		if (strncmp(de->d_name, "index", 5))
			continue;
		snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/cache/%s/type", root, cpu,
			 de->d_name);
		if (!read_text(path, buf, sizeof(buf)) && !strncmp(buf, "Instruction", 11))
			continue;
		snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/cache/%s/level", root,
			 cpu, de->d_name);
		if (read_text(path, buf, sizeof(buf)))
			continue;
		lvl = atoi(buf);
		if (lvl <= best)
			continue;
		snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/cache/%s/shared_cpu_list",
			 root, cpu, de->d_name);
		first = read_first_cpu(path);
		if (first < 0)
			continue;
		best = lvl;
		id = first;
	}
	closedir(d);
	*level = best;
	return id;
}

static int count_ids(const struct wl_topo *t, const int *ids)
{
	struct wl_cpuset seen;

	wl_cpuset_zero(&seen);
	for (int c = wl_cpuset_next(&t->online, 0); c >= 0; c = wl_cpuset_next(&t->online, c + 1))
		wl_cpuset_set(&seen, ids[c]);
	return wl_cpuset_count(&seen);
}

/* Lowest online CPU on cpu's node. */
static int node_first_cpu(const struct wl_topo *t, int cpu)
{
	for (int c = wl_cpuset_next(&t->online, 0); c >= 0; c = wl_cpuset_next(&t->online, c + 1))
		if (t->node[c] == t->node[cpu])
			return c;
	return cpu;
}

/* Lowest CPU listed in cpuN/topology/<file>, or -1. */
static int topo_first_cpu(const char *root, int cpu, const char *file)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/topology/%s", root, cpu, file);
	return read_first_cpu(path);
}

/* Without cache info on every CPU, use the package, else the node, as the LLC. */
static void fallback_llcs(struct wl_topo *t, const char *root)
{
	for (int c = wl_cpuset_next(&t->online, 0); c >= 0; c = wl_cpuset_next(&t->online, c + 1)) {
		t->llc[c] = topo_first_cpu(root, c, "package_cpus_list");
		if (t->llc[c] < 0)
			t->llc[c] = topo_first_cpu(root, c, "core_siblings_list");
		if (t->llc[c] < 0)
			t->llc[c] = node_first_cpu(t, c);
	}
	t->llc_level = 0;
}

int wl_topo_load(struct wl_topo *t, const char *root, char *err, size_t errlen)
{
	char path[512];
	bool missing_llc = false;
	int c, lvl;

	memset(t, 0, sizeof(*t));
	for (c = 0; c < WL_MAX_CPUS; c++)
		t->core[c] = t->llc[c] = t->node[c] = -1;

	snprintf(path, sizeof(path), "%s/devices/system/cpu/online", root);
	if (read_cpulist(path, &t->online)) {
		snprintf(path, sizeof(path), "%s/devices/system/cpu/possible", root);
		if (read_cpulist(path, &t->online)) {
			set_err(err, errlen, "cannot read %s/devices/system/cpu/online", root);
			return -1;
		}
	}
	t->nr_cpus = wl_cpuset_count(&t->online);
	if (!t->nr_cpus) {
		set_err(err, errlen, "no online CPUs in %s", root);
		return -1;
	}

	for (c = wl_cpuset_next(&t->online, 0); c >= 0; c = wl_cpuset_next(&t->online, c + 1)) {
		t->nr_cpu_ids = c + 1;
		t->node[c] = 0;
		t->core[c] = topo_first_cpu(root, c, "thread_siblings_list");
		if (t->core[c] < 0)
			t->core[c] = topo_first_cpu(root, c, "core_cpus_list");
		if (t->core[c] < 0)
			t->core[c] = c;
		t->llc[c] = load_llc(root, c, &lvl);
		if (t->llc[c] < 0)
			missing_llc = true;
		else if (lvl > t->llc_level)
			t->llc_level = lvl;
	}
	load_nodes(t, root);
	if (missing_llc)
		fallback_llcs(t, root);

	t->nr_cores = count_ids(t, t->core);
	t->nr_llcs = count_ids(t, t->llc);
	t->nr_nodes = count_ids(t, t->node);
	return 0;
}

void wl_topo_print(const struct wl_topo *t, FILE *f)
{
	struct wl_cpuset done, s;
	char buf[1024];
	int c;

	fprintf(f, "topology: %d cpus, %d cores, %d llcs (%s%d), %d nodes\n", t->nr_cpus,
		t->nr_cores, t->nr_llcs, t->llc_level ? "L" : "fallback ", t->llc_level,
		t->nr_nodes);
	wl_cpuset_zero(&done);
	for (c = wl_cpuset_next(&t->online, 0); c >= 0; c = wl_cpuset_next(&t->online, c + 1)) {
		if (wl_cpuset_test(&done, t->llc[c]))
			continue;
		wl_cpuset_set(&done, t->llc[c]);
		wl_cpuset_zero(&s);
		for (int o = c; o >= 0; o = wl_cpuset_next(&t->online, o + 1))
			if (t->llc[o] == t->llc[c])
				wl_cpuset_set(&s, o);
		fprintf(f, "  node %d llc %d: cpus %s\n", t->node[c], t->llc[c],
			wl_cpulist_format(&s, buf, sizeof(buf)));
	}
}

enum wl_level wl_classify(const struct wl_topo *t, int from, int to)
{
	if (from == to)
		return WL_LVL_SAME;
	if (from < 0 || to < 0 || from >= WL_MAX_CPUS || to >= WL_MAX_CPUS)
		return WL_LVL_XNODE;
	if (t->node[from] != t->node[to])
		return WL_LVL_XNODE;
	if (t->core[from] == t->core[to])
		return WL_LVL_SMT;
	if (t->llc[from] == t->llc[to])
		return WL_LVL_LLC;
	return WL_LVL_NODE;
}

uint64_t wl_node_bit(const struct wl_topo *t, int cpu)
{
	if (cpu < 0 || cpu >= WL_MAX_CPUS || t->node[cpu] < 0 || t->node[cpu] >= WL_MAX_NODES)
		return 0;
	return 1ULL << t->node[cpu];
}

void wl_mig_add(struct wl_mig *dst, const struct wl_mig *src)
{
	for (int i = 0; i < WL_LVL_NR; i++)
		dst->n[i] += src->n[i];
}

uint64_t wl_mig_total(const struct wl_mig *m)
{
	uint64_t n = 0;

	for (int i = WL_LVL_SMT; i < WL_LVL_NR; i++)
		n += m->n[i];
	return n;
}

char *wl_mig_format(const struct wl_mig *m, char *buf, size_t len)
{
	snprintf(buf, len, "smt=%llu llc=%llu node=%llu xnode=%llu",
		 (unsigned long long)m->n[WL_LVL_SMT], (unsigned long long)m->n[WL_LVL_LLC],
		 (unsigned long long)m->n[WL_LVL_NODE], (unsigned long long)m->n[WL_LVL_XNODE]);
	return buf;
}
