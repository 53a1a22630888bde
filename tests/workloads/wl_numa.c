// SPDX-License-Identifier: GPL-2.0
/*
 * wl_numa - processes whose threads share a buffer: where the threads ran
 * against where the memory is.
 *
 * K processes x T threads. Each process maps a buffer of M MiB (optionally
 * bound to one node with mbind(MPOL_BIND)) and touches it from its main
 * thread; then every thread reads and writes the whole buffer over and
 * over for D seconds, sampling sched_getcpu() about once a millisecond. At
 * the end each process asks move_pages(2), with no target nodes, where each
 * of its pages is. Per process: the share of its threads' samples on each
 * node, the share of its pages on each node, and the expected local-access
 * share = sum over nodes of (time share x page share). Reports the mean and
 * the minimum over processes, the share of time on each process's main
 * node, and how many processes ran on more than one node.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl_common.h"

#define MAX_PROCS 256
#define MAX_THREADS_PER_PROC 64
#define SAMPLE_NS NSEC_PER_MSEC
#define LINE 64
#define MPOL_BIND_MODE 2	/* MPOL_BIND of linux/mempolicy.h */
/* A process counts as split when a second node has this share of its samples. */
#define SPLIT_SHARE 0.02

/* One process's results, written by it into the shared mapping. */
struct nm_proc {
	pid_t pid;
	uint64_t samples[WL_MAX_NODES];		/* its threads' samples per node */
	uint64_t pages[WL_MAX_NODES];		/* its pages per node */
	uint64_t pages_unknown;			/* move_pages() status < 0 */
	uint64_t passes;			/* buffer sweeps, all threads */
	int err;				/* errno of a failed step */
};

struct nm_shared {
	pthread_barrier_t start;		/* every thread of every process + parent */
	uint64_t end_ns;
	struct nm_proc proc[];
};

struct nm_thread {
	pthread_t th;
	struct nm_proc *np;
	uint64_t samples[WL_MAX_NODES];
	uint64_t passes, sink;
};

static struct {
	int procs, threads;
	uint64_t mib;
	double seconds;
	int bind_node;			/* -1 = no mbind */
	struct wl_topo topo;
	struct wl_cpuset allowed;
	struct nm_shared *sh;
	uint8_t *buf;			/* this process's buffer */
	size_t len;
} g;

static void usage(void)
{
	printf("usage: %s -k PROCS -t THREADS -m MIB -d SECONDS [--bind-node N]\n"
	       "Processes whose threads sweep a shared buffer; reports per process the share\n"
	       "of thread samples and of pages (move_pages) on each node, and the expected\n"
	       "local-access share (sum over nodes of time share x page share).\n"
	       "  -k, --procs N       processes (1..%d)\n"
	       "  -t, --threads N     threads per process (1..%d)\n"
	       "  -m, --mib N         buffer per process in MiB (1..4096)\n"
	       "  -d, --duration S    sweep time in seconds\n"
	       "      --bind-node N   mbind(MPOL_BIND) every buffer to node N before touching it\n"
	       "  -h, --help\n"
	       "Exit: 0 ok, 1 error, 2 usage.\n",
	       wl_prog, MAX_PROCS, MAX_THREADS_PER_PROC);
}

enum { OPT_BIND = 0x100 };

static void parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "procs", required_argument, NULL, 'k' },
		{ "threads", required_argument, NULL, 't' },
		{ "mib", required_argument, NULL, 'm' },
		{ "duration", required_argument, NULL, 'd' },
		{ "bind-node", required_argument, NULL, OPT_BIND },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	g.bind_node = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":k:t:m:d:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			g.procs = wl_parse_long(optarg, 1, MAX_PROCS, "process count");
			break;
		case 't':
			g.threads = wl_parse_long(optarg, 1, MAX_THREADS_PER_PROC, "thread count");
			break;
		case 'm':
			g.mib = wl_parse_long(optarg, 1, 4096, "buffer size");
			break;
		case 'd':
			g.seconds = wl_parse_seconds(optarg, 0.001, WL_MAX_SECONDS, "duration");
			break;
		case OPT_BIND:
			g.bind_node = wl_parse_long(optarg, 0, WL_MAX_NODES - 1, "--bind-node");
			break;
		case 'h':
			usage();
			exit(WL_EXIT_OK);
		default:
			wl_getopt_error(c, argv);
		}
	}
	wl_no_extra_args(argc, argv);
	if (!g.procs || !g.threads || !g.mib || !g.seconds)
		wl_usage_error("-k, -t, -m and -d are all needed (see --help)");
}

static void sample(struct nm_thread *t)
{
	int cpu = sched_getcpu();
	int node = cpu >= 0 && cpu < WL_MAX_CPUS ? g.topo.node[cpu] : -1;

	if (node >= 0 && node < WL_MAX_NODES)
		t->samples[node]++;
}

/* Sweep the buffer, a read and a write per cache line, sampling the CPU. */
static void *sweep_main(void *arg)
{
	struct nm_thread *t = arg;
	uint64_t x = (uintptr_t)t, next = 0;

	pthread_barrier_wait(&g.sh->start);
	while (g.len) {
		for (size_t off = 0; off < g.len; off += LINE) {
			x = x * 0x9e3779b97f4a7c15ULL + g.buf[off];
			g.buf[off] = (uint8_t)x;
			if ((off & 0xffff) == 0) {
				uint64_t now = wl_now_ns();
				uint64_t end = __atomic_load_n(&g.sh->end_ns, __ATOMIC_ACQUIRE);

				if (end && now >= end)	/* 0: the parent has not set it yet */
					goto out;
				if (now >= next) {
					sample(t);
					next = now + SAMPLE_NS;
				}
			}
		}
		t->passes++;
	}
out:
	t->sink = x;
	return NULL;
}

static int bind_buffer(void)
{
	unsigned long mask[WL_MAX_NODES / (8 * sizeof(unsigned long)) + 1] = { 0 };

	mask[g.bind_node / (8 * sizeof(unsigned long))] |=
		1UL << (g.bind_node % (8 * sizeof(unsigned long)));
	return syscall(SYS_mbind, g.buf, g.len, MPOL_BIND_MODE, mask, WL_MAX_NODES + 1, 0) ? errno
											    : 0;
}

/* Where each page of the buffer is, by node. */
static int locate_pages(struct nm_proc *np)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t n = g.len / page;
	void **pages = malloc(n * sizeof(*pages));
	int *status = malloc(n * sizeof(*status));

	int err = 0;

	if (!pages || !status) {
		err = ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		pages[i] = g.buf + i * page;
	if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0)) {
		err = errno;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (status[i] >= 0 && status[i] < WL_MAX_NODES)
			np->pages[status[i]]++;
		else
			np->pages_unknown++;
	}
out:
	free(pages);
	free(status);
	return err;
}

/* The buffer, bound and touched; an errno, or 0. */
static int setup_buffer(void)
{
	int err;

	g.len = g.mib << 20;
	g.buf = mmap(NULL, g.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g.buf == MAP_FAILED)
		return errno;
	if (g.bind_node >= 0 && (err = bind_buffer()))
		return err;
	memset(g.buf, 1, g.len);	/* first touch, from this thread */
	return 0;
}

/*
 * The body of one process: buffer, threads, sweep, page census. The threads
 * start even when the buffer failed (and then only pass the start barrier),
 * or every other process would wait at it for ever.
 */
static int proc_main(struct nm_proc *np)
{
	static struct nm_thread th[MAX_THREADS_PER_PROC];
	int err = setup_buffer();

	if (err)
		g.len = 0;
	for (int i = 0; i < g.threads; i++) {
		th[i].np = np;
		wl_spawn(&th[i].th, sweep_main, &th[i], "wl_numa", i);
	}
	for (int i = 0; i < g.threads; i++) {
		wl_join(th[i].th);
		for (int n = 0; n < WL_MAX_NODES; n++)
			np->samples[n] += th[i].samples[n];
		np->passes += th[i].passes;
	}
	return err ? err : locate_pages(np);
}

static void start_procs(void)
{
	for (int i = 0; i < g.procs; i++) {
		struct nm_proc *np = &g.sh->proc[i];
		pid_t pid = fork();

		if (pid < 0) {
			int err = errno;

			for (int j = 0; j < i; j++)
				kill(g.sh->proc[j].pid, SIGKILL);
			wl_fatal("fork: %s", strerror(err));
		}
		if (!pid) {
			np->err = proc_main(np);
			_exit(0);
		}
		np->pid = pid;
	}
}

static void reap_procs(void)
{
	for (int i = 0; i < g.procs; i++) {
		int st;

		while (waitpid(g.sh->proc[i].pid, &st, 0) < 0)
			if (errno != EINTR)
				wl_fatal("waitpid: %s", strerror(errno));
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			wl_fatal("process %d failed (status 0x%x)", i, st);
		if (g.sh->proc[i].err)
			wl_fatal("process %d: %s", i, strerror(g.sh->proc[i].err));
	}
}

static uint64_t sum_nodes(const uint64_t *v)
{
	uint64_t n = 0;

	for (int i = 0; i < WL_MAX_NODES; i++)
		n += v[i];
	return n;
}

struct nm_summary {
	struct wl_acc local, main_share;
	int split;
	uint64_t masks[MAX_PROCS];	/* nodes each process's threads ran on */
	uint64_t page_masks[MAX_PROCS];	/* nodes holding >= SPLIT_SHARE of its pages */
	uint64_t pages_unknown;
};

static void analyse_proc(struct nm_summary *sum, int i)
{
	const struct nm_proc *np = &g.sh->proc[i];
	uint64_t ns = sum_nodes(np->samples), np_ = sum_nodes(np->pages);
	double local = 0, top = 0;
	int minor = 0;

	for (int n = 0; n < g.topo.nr_nodes && n < WL_MAX_NODES; n++) {
		double t = ns ? (double)np->samples[n] / ns : 0;
		double p = np_ ? (double)np->pages[n] / np_ : 0;

		local += t * p;
		if (t > top)
			top = t;
		minor += t >= SPLIT_SHARE;
		if (np->samples[n])
			sum->masks[i] |= 1ULL << n;
		if (p >= SPLIT_SHARE)
			sum->page_masks[i] |= 1ULL << n;
		if (!n)
			printf("process %d:", i);
		printf(" n%d time %.3f pages %.3f", n, t, p);
	}
	printf("; local %.3f, %llu sweeps\n", local, (unsigned long long)np->passes);
	wl_acc_add(&sum->local, local);
	wl_acc_add(&sum->main_share, top);
	sum->split += minor > 1;
	sum->pages_unknown += np->pages_unknown;
}

static void report(void)
{
	static struct nm_summary sum;

	wl_acc_init(&sum.local);
	wl_acc_init(&sum.main_share);
	for (int i = 0; i < g.procs; i++)
		analyse_proc(&sum, i);
	wl_res_begin();
	wl_res_int("procs", g.procs);
	wl_res_int("threads", g.threads);
	wl_res_u64("mib", g.mib);
	wl_res_f("duration", g.seconds, 3);
	wl_res_int("cpus", wl_cpuset_count(&g.allowed));
	wl_res_int("nodes", g.topo.nr_nodes);
	wl_res_int("bind_node", g.bind_node);
	wl_res_f("local_share", wl_acc_avg(&sum.local), 4);
	wl_res_f("local_share_min", sum.local.min, 4);
	wl_res_f("main_node_share", wl_acc_avg(&sum.main_share), 4);
	wl_res_f("main_node_share_min", sum.main_share.min, 4);
	wl_res_int("split_procs", sum.split);
	wl_res_masks("proc_nodes", sum.masks, g.procs);
	wl_res_masks("page_nodes", sum.page_masks, g.procs);
	wl_res_u64("pages_unknown", sum.pages_unknown);
	wl_res_end();
}

int main(int argc, char **argv)
{
	pthread_barrierattr_t attr;
	size_t size;

	wl_prog = "wl_numa";
	parse_args(argc, argv);
	wl_setup_topo(&g.topo, &g.allowed);
	if (g.bind_node >= 0 && g.bind_node >= g.topo.nr_nodes)
		wl_usage_error("--bind-node %d: the machine has %d node(s)", g.bind_node,
			       g.topo.nr_nodes);

	size = sizeof(*g.sh) + g.procs * sizeof(struct nm_proc);
	g.sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g.sh == MAP_FAILED)
		wl_fatal("mmap: %s", strerror(errno));
	pthread_barrierattr_init(&attr);
	pthread_barrierattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (pthread_barrier_init(&g.sh->start, &attr, g.procs * g.threads + 1))
		wl_fatal("pthread_barrier_init failed");
	printf("wl_numa: %d processes x %d threads, %llu MiB each, %.3f s%s\n", g.procs,
	       g.threads, (unsigned long long)g.mib, g.seconds,
	       g.bind_node >= 0 ? ", buffers bound" : "");
	fflush(stdout);	/* before fork, or children would repeat buffered output */

	start_procs();
	pthread_barrier_wait(&g.sh->start);
	/* the sweep starts when the last buffer is touched */
	__atomic_store_n(&g.sh->end_ns, wl_now_ns() + (uint64_t)(g.seconds * NSEC_PER_SEC),
			 __ATOMIC_RELEASE);
	reap_procs();
	report();
	return WL_EXIT_OK;
}
