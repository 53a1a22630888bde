// SPDX-License-Identifier: GPL-2.0
/* procscan.c - read another process's memory placement and limits from /proc. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procscan.h"

int procscan_parse_list(const char *list, u64 *bits)
{
	const char *p = list;

	*bits = 0;
	while (*p && *p != '\n') {
		char *end;
		long lo = strtol(p, &end, 10), hi;

		if (end == p || lo < 0)
			return -1;
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			hi = strtol(p, &end, 10);
			if (end == p || hi < lo)
				return -1;
		}
		for (; lo <= hi && lo < 64; lo++)
			*bits |= 1ULL << lo;
		p = end;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -1;
	}
	return 0;
}

/* "N3=120" adds 120 pages of page_kib to node 3. */
static void add_node_pages(const char *tok, u64 page_kib, struct proc_mem *m)
{
	char *end;
	long node = strtol(tok + 1, &end, 10);
	unsigned long long pages;

	if (end == tok + 1 || *end != '=' || node < 0 || node >= TOPO_MAX_NODES)
		return;
	pages = strtoull(end + 1, NULL, 10);
	m->kib[node] += pages * page_kib;
	m->total_kib += pages * page_kib;
}

static u64 page_kib_of(const char *line)
{
	const char *k = strstr(line, "kernelpagesize_kB=");

	return k ? strtoull(k + strlen("kernelpagesize_kB="), NULL, 10) : 4;
}

int procscan_add_numa_maps_line(const char *line, struct proc_mem *m)
{
	char buf[1024], *save = NULL, *tok;
	u64 page_kib = page_kib_of(line);

	snprintf(buf, sizeof(buf), "%s", line);
	tok = strtok_r(buf, " \n", &save);		/* start address */
	if (!tok)
		return -1;
	tok = strtok_r(NULL, " \n", &save);		/* policy */
	if (!tok)
		return -1;
	if (strcmp(tok, "default"))
		m->own_policy = true;
	while ((tok = strtok_r(NULL, " \n", &save)))
		if (tok[0] == 'N' && tok[1] >= '0' && tok[1] <= '9')
			add_node_pages(tok, page_kib, m);
	return 0;
}

int procscan_memory(pid_t pid, struct proc_mem *m)
{
	char path[64], line[1024];
	FILE *f;

	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "/proc/%d/numa_maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		procscan_add_numa_maps_line(line, m);
		/* A line longer than the buffer (a long file name): skip its rest. */
		while (len && line[len - 1] != '\n' && fgets(line, sizeof(line), f))
			len = strlen(line);
	}
	fclose(f);
	return 0;
}

unsigned long long procscan_boot_ticks(void)
{
	unsigned long long hz = (unsigned long long)sysconf(_SC_CLK_TCK);
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (unsigned long long)ts.tv_sec * hz + (unsigned long long)ts.tv_nsec * hz / 1000000000ULL;
}

int procscan_stat(pid_t pid, struct proc_stat *out)
{
	char path[64], buf[1024], *close_paren;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	close_paren = strrchr(buf, ')');	/* the name may hold spaces and parens */
	/* After "pid (comm)": fields 3 (state) .. 9 (flags) .. 22 (starttime). */
	if (!close_paren ||
	    sscanf(close_paren + 1, " %*c %*d %*d %*d %*d %*d %lu %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		   &out->flags, &out->start_ticks) != 2)
		return -1;
	return 0;
}

bool procscan_is_kthread(pid_t pid)
{
	struct proc_stat st;

	return !procscan_stat(pid, &st) && (st.flags & PROCSCAN_PF_KTHREAD);
}

int procscan_dense_node(const struct topology *topo, int os_node)
{
	int n;

	for (n = 0; n < topo->nr_nodes; n++)
		if (topo->nodes[n].os_index == os_node)
			return n;
	return -1;
}

u64 procscan_allowed_nodes(pid_t pid, const struct topology *topo)
{
	cpu_set_t *set;
	size_t size;
	u64 nodes = 0;
	int i, max = topo->max_cpu_id > 0 ? topo->max_cpu_id : 1;

	set = CPU_ALLOC(max);
	if (!set)
		return 0;
	size = CPU_ALLOC_SIZE(max);
	/* A mask wider than ours fails with EINVAL: retry with the kernel's width. */
	if (sched_getaffinity(pid, size, set) && errno == EINVAL) {
		CPU_FREE(set);
		max = TOPO_MAX_CPUS;
		set = CPU_ALLOC(max);
		size = CPU_ALLOC_SIZE(max);
		if (!set || sched_getaffinity(pid, size, set)) {
			CPU_FREE(set);
			return 0;
		}
	}
	for (i = 0; i < topo->nr_cpus; i++)
		if (topo->cpus[i].os_id < max && CPU_ISSET_S(topo->cpus[i].os_id, size, set) &&
		    topo->cpus[i].node_id < 64)
			nodes |= 1ULL << topo->cpus[i].node_id;
	CPU_FREE(set);
	return nodes;
}

u64 procscan_mems_allowed(pid_t pid, const struct topology *topo)
{
	u64 all = topo->nr_nodes >= 64 ? ~0ULL : (1ULL << topo->nr_nodes) - 1, os_bits, dense = 0;
	char path[64], line[512];
	const char *key = "Mems_allowed_list:";
	FILE *f;
	int os;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return all;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, strlen(key)))
			continue;
		fclose(f);
		if (procscan_parse_list(line + strlen(key) + strspn(line + strlen(key), " \t"), &os_bits))
			return all;
		for (os = 0; os < 64; os++) {
			int n = (os_bits >> os) & 1 ? procscan_dense_node(topo, os) : -1;

			if (n >= 0 && n < 64)
				dense |= 1ULL << n;
		}
		return dense;
	}
	fclose(f);
	return all;
}
