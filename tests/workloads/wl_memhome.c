// SPDX-License-Identifier: GPL-2.0
/*
 * wl_memhome - do processes stay with their memory?
 *
 * K processes, each T threads that keep reading and writing one shared
 * buffer of M MiB (first touched by the process's main thread). Every
 * thread samples sched_getcpu() about once a millisecond; samples after
 * --settle count. At the end each process asks move_pages(2) (no target
 * nodes) where its buffer's pages are. Per process: its main node (most
 * samples), the share of its samples there, the share of its pages there,
 * and the node its pages started on. Optional: --widen-at S lets every
 * thread run anywhere from S seconds on (start them under taskset to make
 * one node busy); --membind N binds the buffer to node N (MPOL_BIND).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl_common.h"

#define MPOL_BIND_MODE 2	/* uapi linux/mempolicy.h */
#define PAGE 4096UL

struct memhome_opts {
	int procs, threads, membind;
	size_t mib;
	double seconds, settle, widen_at;
};

/* One process's figures, written into memory shared with the parent. */
struct proc_result {
	int pid, main_node, start_node;
	double time_share, page_share;
	uint64_t node_mask;	/* nodes with samples after --settle */
	int done;
};

static struct {
	struct memhome_opts o;
	struct wl_topo topo;
	char *buf;
	size_t len;
	uint64_t t0_ns;
	_Atomic uint64_t samples[WL_MAX_NODES];
} g;

static void usage(void)
{
	printf("usage: %s -p PROCS -t THREADS -m MIB -d SECONDS [--settle S] [--widen-at S] [--membind NODE]\n"
	       "Processes of threads sharing a buffer; reports per process the share of\n"
	       "samples on its main node and the share of its pages there (move_pages).\n",
	       wl_prog);
}

static void parse_args(int argc, char **argv, struct memhome_opts *o)
{
	static const struct option lopts[] = {
		{ "procs", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "mib", required_argument, NULL, 'm' },
		{ "duration", required_argument, NULL, 'd' },
		{ "settle", required_argument, NULL, 's' },
		{ "widen-at", required_argument, NULL, 'w' },
		{ "membind", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct memhome_opts){ .procs = 1, .threads = 1, .mib = 16, .seconds = 1,
				    .widen_at = -1, .membind = -1 };
	while ((c = getopt_long(argc, argv, ":p:t:m:d:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'p': o->procs = wl_parse_long(optarg, 1, 256, "--procs"); break;
		case 't': o->threads = wl_parse_long(optarg, 1, WL_MAX_THREADS, "--threads"); break;
		case 'm': o->mib = wl_parse_long(optarg, 1, 4096, "--mib"); break;
		case 'd': o->seconds = wl_parse_seconds(optarg, 0.1, WL_MAX_SECONDS, "--duration"); break;
		case 's': o->settle = wl_parse_seconds(optarg, 0, WL_MAX_SECONDS, "--settle"); break;
		case 'w': o->widen_at = wl_parse_seconds(optarg, 0, WL_MAX_SECONDS, "--widen-at"); break;
		case 'b': o->membind = wl_parse_long(optarg, 0, WL_MAX_NODES - 1, "--membind"); break;
		case 'h': usage(); exit(0);
		default: wl_getopt_error(c, argv);
		}
	}
	wl_no_extra_args(argc, argv);
	if (o->settle >= o->seconds)
		wl_usage_error("--settle %g must be shorter than --duration %g", o->settle, o->seconds);
}

/* Node of every page of the buffer, counted per node; returns pages found. */
static long page_nodes(long *per_node)
{
	size_t nr = g.len / PAGE, i;
	void **pages = malloc(nr * sizeof(*pages));
	int *status = malloc(nr * sizeof(*status));
	long found = 0;

	if (!pages || !status)
		wl_fatal("out of memory");
	for (i = 0; i < nr; i++)
		pages[i] = g.buf + i * PAGE;
	memset(per_node, 0, sizeof(long) * WL_MAX_NODES);
	if (syscall(SYS_move_pages, 0, nr, pages, NULL, status, 0))
		wl_fatal("move_pages: %s", strerror(errno));
	for (i = 0; i < nr; i++)
		if (status[i] >= 0 && status[i] < WL_MAX_NODES) {
			per_node[status[i]]++;
			found++;
		}
	free(pages);
	free(status);
	return found;
}

static void widen_affinity(void)
{
	cpu_set_t all;

	wl_cpuset_to_sys(&g.topo.online, &all);
	if (sched_setaffinity(0, sizeof(all), &all))
		wl_fatal("sched_setaffinity: %s", strerror(errno));
}

static void *worker(void *arg)
{
	uint64_t end = g.t0_ns + (uint64_t)(g.o.seconds * 1e9);
	uint64_t settle = g.t0_ns + (uint64_t)(g.o.settle * 1e9);
	uint64_t widen = g.o.widen_at >= 0 ? g.t0_ns + (uint64_t)(g.o.widen_at * 1e9) : 0;
	size_t off = ((size_t)(uintptr_t)arg * 7919 * PAGE) % g.len;
	uint64_t now, next_sample = 0;

	while ((now = wl_now_ns()) < end) {
		int k;

		if (widen && now >= widen) {
			widen_affinity();
			widen = 0;
		}
		for (k = 0; k < 64; k++, off = (off + PAGE + 64) % g.len)
			g.buf[off]++;	/* walk the shared buffer: its pages matter */
		if (now < next_sample)
			continue;
		next_sample = now + 1000000;
		if (now >= settle) {
			int cpu = sched_getcpu();

			if (cpu >= 0 && cpu < WL_MAX_CPUS && g.topo.node[cpu] >= 0 &&
			    g.topo.node[cpu] < WL_MAX_NODES)
				atomic_fetch_add(&g.samples[g.topo.node[cpu]], 1);
		}
	}
	return NULL;
}

static void bind_buffer(int node)
{
	unsigned long mask[WL_MAX_NODES / (8 * sizeof(unsigned long))] = { 0 };

	mask[node / (8 * sizeof(unsigned long))] |= 1UL << (node % (8 * sizeof(unsigned long)));
	if (syscall(SYS_mbind, g.buf, g.len, MPOL_BIND_MODE, mask, WL_MAX_NODES + 1, 0))
		wl_fatal("mbind to node %d: %s", node, strerror(errno));
}

static int busiest_node(const long *per_node, long *best_count)
{
	int n, best = 0;

	for (n = 1; n < WL_MAX_NODES; n++)
		if (per_node[n] > per_node[best])
			best = n;
	*best_count = per_node[best];
	return best;
}

static void run_process(struct proc_result *r)
{
	pthread_t th[WL_MAX_THREADS];
	long pages[WL_MAX_NODES], samples[WL_MAX_NODES], total = 0, at_main, found;
	int i, n;

	g.len = g.o.mib << 20;
	g.buf = mmap(NULL, g.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g.buf == MAP_FAILED)
		wl_fatal("mmap %zu MiB: %s", g.o.mib, strerror(errno));
	if (g.o.membind >= 0)
		bind_buffer(g.o.membind);
	memset(g.buf, 1, g.len);	/* first touch: on the node the main thread runs on */
	page_nodes(pages);
	r->start_node = busiest_node(pages, &at_main);
	for (i = 0; i < g.o.threads; i++)
		wl_spawn(&th[i], worker, (void *)(uintptr_t)i, "memhome", i);
	if (g.o.widen_at >= 0) {	/* the whole process, this waiting thread too */
		wl_sleep_until(g.t0_ns + (uint64_t)(g.o.widen_at * 1e9));
		widen_affinity();
	}
	for (i = 0; i < g.o.threads; i++)
		wl_join(th[i]);
	for (n = 0; n < WL_MAX_NODES; n++) {
		samples[n] = atomic_load(&g.samples[n]);
		total += samples[n];
		if (samples[n])
			r->node_mask |= 1ULL << n;
	}
	r->main_node = busiest_node(samples, &at_main);
	r->time_share = total ? (double)at_main / total : 0;
	found = page_nodes(pages);
	r->page_share = found ? (double)pages[r->main_node] / found : 0;
	r->pid = getpid();
	r->done = 1;
}

static void report(const struct proc_result *res)
{
	double min_time = 1, min_page = 1, min_moved_page = 1;
	int i, moved = 0, split = 0, per_node[WL_MAX_NODES] = { 0 };
	char nodes[256] = "";
	size_t used = 0;

	for (i = 0; i < g.o.procs; i++) {
		const struct proc_result *r = &res[i];

		printf("proc %d pid %d main_node %d time_share %.4f page_share %.4f start_node %d nodes 0x%llx\n",
		       i, r->pid, r->main_node, r->time_share, r->page_share, r->start_node,
		       (unsigned long long)r->node_mask);
		if (!r->done)
			wl_fatal("process %d did not finish", i);
		min_time = r->time_share < min_time ? r->time_share : min_time;
		min_page = r->page_share < min_page ? r->page_share : min_page;
		split += __builtin_popcountll(r->node_mask) > 1;
		per_node[r->main_node]++;
		if (r->main_node != r->start_node) {
			moved++;
			min_moved_page = r->page_share < min_moved_page ? r->page_share : min_moved_page;
		}
	}
	for (i = 0; i < WL_MAX_NODES && used < sizeof(nodes) - 16; i++)
		if (per_node[i])
			used += snprintf(nodes + used, sizeof(nodes) - used, "%s%d:%d", used ? "," : "", i,
					 per_node[i]);
	wl_res_begin();
	wl_res_int("procs", g.o.procs);
	wl_res_int("threads", g.o.threads);
	wl_res_f("min_time_share", min_time, 4);
	wl_res_f("min_page_share", min_page, 4);
	wl_res_int("split_procs", split);
	wl_res_int("moved_procs", moved);
	wl_res_f("moved_min_page_share", moved ? min_moved_page : 0, 4);
	wl_res_s("procs_per_node", nodes[0] ? nodes : "none");
	wl_res_end();
}

int main(int argc, char **argv)
{
	struct proc_result *res;
	struct wl_cpuset allowed;
	int i, status, failed = 0;

	wl_prog = "wl_memhome";
	parse_args(argc, argv, &g.o);
	wl_setup_topo(&g.topo, &allowed);
	res = mmap(NULL, sizeof(*res) * g.o.procs, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		   -1, 0);
	if (res == MAP_FAILED)
		wl_fatal("mmap: %s", strerror(errno));
	memset(res, 0, sizeof(*res) * g.o.procs);
	fflush(stdout);
	g.t0_ns = wl_now_ns();
	for (i = 0; i < g.o.procs; i++) {
		pid_t pid = fork();

		if (pid < 0)
			wl_fatal("fork: %s", strerror(errno));
		if (!pid) {
			run_process(&res[i]);
			_exit(0);
		}
	}
	while (wait(&status) > 0)
		failed += !WIFEXITED(status) || WEXITSTATUS(status);
	if (failed)
		wl_fatal("%d processes failed", failed);
	report(res);
	return 0;
}
