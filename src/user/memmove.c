// SPDX-License-Identifier: GPL-2.0
/* memmove.c - move a rehomed process's pages to its home node, within a budget. */
#define _GNU_SOURCE
#include <errno.h>
#include <numa.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "balance.h"
#include "memmove.h"
#include "procscan.h"

#define QUEUE_LEN 256

struct move_req {
	pid_t pid;
	int node;	/* dense */
	bool rehome;	/* ordered by the balancer, not by the adoption at attach */
	double queued_at_s;
};

struct memmove {
	const struct topology *topo;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop, verbose;
	struct move_req queue[QUEUE_LEN];
	int nr_queued;
	bool moving_rehome;	/* the worker is moving a rehomed process's pages */
	int moving_node;	/* ... to this dense node */
	double kib_per_s;
	double tokens_kib;	/* budget left; may go below 0 by one process's move */
	double tokens_at_s;
	struct memmove_node_stats *stats;	/* nr_nodes, under lock */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Refill the budget; at most one second of it is banked. */
static void refill(struct memmove *mm)
{
	double t = now_s();

	mm->tokens_kib += (t - mm->tokens_at_s) * mm->kib_per_s;
	if (mm->tokens_kib > mm->kib_per_s)
		mm->tokens_kib = mm->kib_per_s;
	mm->tokens_at_s = t;
}

/* Why pid's memory stays where it is; NULL when it may move to os_node. */
static const char *leave_alone(struct memmove *mm, pid_t pid, int node, const struct proc_mem *m)
{
	if (procscan_is_kthread(pid))
		return "kernel thread";
	if (m->own_policy)
		return "own memory policy";
	if (!(procscan_mems_allowed(pid, mm->topo) & (1ULL << node)))
		return "cpuset excludes the node";
	if (!(procscan_allowed_nodes(pid, mm->topo) & (1ULL << node)))
		return "cpumask excludes the node";
	return NULL;
}

static u64 kib_off_node(const struct proc_mem *m, int os_node)
{
	return m->total_kib - (os_node >= 0 && os_node < TOPO_MAX_NODES ? m->kib[os_node] : 0);
}

static void count(struct memmove *mm, int node, u64 kib, u64 moved, u64 skipped, u64 failed)
{
	pthread_mutex_lock(&mm->lock);
	mm->stats[node].kib_in += kib;
	mm->stats[node].procs_moved += moved;
	mm->stats[node].skipped += skipped;
	mm->stats[node].failures += failed;
	pthread_mutex_unlock(&mm->lock);
}

/* Every node but the target, as OS numbers, for migrate_pages' from-mask. */
static int migrate_to(pid_t pid, const struct topology *topo, int os_node)
{
	struct bitmask *from = numa_allocate_nodemask(), *to = numa_allocate_nodemask();
	int n, rc;

	for (n = 0; n < topo->nr_nodes; n++)
		if (topo->nodes[n].os_index >= 0 && topo->nodes[n].os_index != os_node)
			numa_bitmask_setbit(from, topo->nodes[n].os_index);
	numa_bitmask_setbit(to, os_node);
	rc = numa_migrate_pages(pid, from, to);
	numa_bitmask_free(from);
	numa_bitmask_free(to);
	return rc;
}

static void move_one(struct memmove *mm, const struct move_req *req)
{
	int os_node = mm->topo->nodes[req->node].os_index;
	struct proc_mem before, after;
	const char *why;
	double start_s;
	u64 off_kib, moved_kib;
	int rc;

	if (os_node < 0 || procscan_memory(req->pid, &before))
		return;	/* gone, or a node without memory number */
	why = leave_alone(mm, req->pid, req->node, &before);
	if (why) {
		if (mm->verbose)
			fprintf(stderr, "scx_topo: memory of pid %d stays: %s\n", req->pid, why);
		count(mm, req->node, 0, 0, 1, 0);
		return;
	}
	off_kib = kib_off_node(&before, os_node);
	if (!bal_memory_worth_moving(off_kib)) {
		if (mm->verbose && off_kib)
			fprintf(stderr, "scx_topo: memory of pid %d stays: only %llu KiB off node %d\n",
				req->pid, (unsigned long long)off_kib, req->node);
		return;
	}
	start_s = now_s();
	rc = migrate_to(req->pid, mm->topo, os_node);
	if (procscan_memory(req->pid, &after)) {
		if (mm->verbose)
			fprintf(stderr, "scx_topo: pid %d exited while its memory moved to node %d\n",
				req->pid, req->node);
		return;
	}
	moved_kib = off_kib > kib_off_node(&after, os_node) ? off_kib - kib_off_node(&after, os_node) : 0;
	mm->tokens_kib -= moved_kib;
	count(mm, req->node, moved_kib, 1, 0, rc < 0 || !moved_kib);
	if (mm->verbose || rc < 0)
		fprintf(stderr, "scx_topo: moved %.1f MB of pid %d to node %d in %.2f s, %.2f s after the request%s%s\n",
			moved_kib / 1024.0, req->pid, req->node, now_s() - start_s, start_s - req->queued_at_s,
			rc < 0 ? ": migrate_pages failed: " : "", rc < 0 ? strerror(errno) : "");
}

/* Take the oldest request once the budget allows; false when stopping. */
static bool next_request(struct memmove *mm, struct move_req *out)
{
	pthread_mutex_lock(&mm->lock);
	for (;;) {
		struct timespec until;
		double wait_s;

		if (mm->stop) {
			pthread_mutex_unlock(&mm->lock);
			return false;
		}
		refill(mm);
		if (mm->nr_queued && mm->tokens_kib >= 0)
			break;
		wait_s = mm->nr_queued ? -mm->tokens_kib / mm->kib_per_s + 0.001 : 1.0;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)wait_s;
		until.tv_nsec += (long)((wait_s - (time_t)wait_s) * 1e9);
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&mm->wake, &mm->lock, &until);
	}
	*out = mm->queue[0];
	memmove(mm->queue, mm->queue + 1, --mm->nr_queued * sizeof(mm->queue[0]));
	mm->moving_rehome = out->rehome;
	mm->moving_node = out->node;
	pthread_mutex_unlock(&mm->lock);
	return true;
}

static void *worker(void *arg)
{
	struct memmove *mm = arg;
	struct move_req req;

	while (next_request(mm, &req)) {
		move_one(mm, &req);
		pthread_mutex_lock(&mm->lock);
		mm->moving_rehome = false;
		pthread_mutex_unlock(&mm->lock);
	}
	return NULL;
}

struct memmove *memmove_start(const struct topology *topo, u32 mb_per_s, bool verbose)
{
	struct memmove *mm;

	if (!mb_per_s || topo->nr_nodes < 2)
		return NULL;
	if (numa_available() < 0) {
		fprintf(stderr, "scx_topo: the kernel has no NUMA support (numa_available): memory stays where it is\n");
		return NULL;
	}
	mm = calloc(1, sizeof(*mm));
	if (!mm || !(mm->stats = calloc(topo->nr_nodes, sizeof(*mm->stats)))) {
		free(mm);
		return NULL;
	}
	mm->topo = topo;
	mm->verbose = verbose;
	mm->kib_per_s = mb_per_s * 1024.0;
	mm->tokens_kib = mm->kib_per_s;
	mm->tokens_at_s = now_s();
	pthread_mutex_init(&mm->lock, NULL);
	pthread_cond_init(&mm->wake, NULL);
	if (pthread_create(&mm->thread, NULL, worker, mm)) {
		fprintf(stderr, "scx_topo: cannot start the memory mover thread: memory stays where it is\n");
		free(mm->stats);
		free(mm);
		return NULL;
	}
	return mm;
}

void memmove_stop(struct memmove *mm)
{
	if (!mm)
		return;
	pthread_mutex_lock(&mm->lock);
	mm->stop = true;
	pthread_cond_signal(&mm->wake);
	pthread_mutex_unlock(&mm->lock);
	pthread_join(mm->thread, NULL);
	pthread_mutex_destroy(&mm->lock);
	pthread_cond_destroy(&mm->wake);
	free(mm->stats);
	free(mm);
}

void memmove_request(struct memmove *mm, pid_t pid, int node, bool rehome)
{
	int i;

	if (!mm || node < 0 || node >= mm->topo->nr_nodes)
		return;
	pthread_mutex_lock(&mm->lock);
	for (i = 0; i < mm->nr_queued && mm->queue[i].pid != pid; i++)
		;
	if (i < mm->nr_queued) {
		mm->queue[i].node = node;
		mm->queue[i].rehome |= rehome;
	} else if (mm->nr_queued < QUEUE_LEN)
		mm->queue[mm->nr_queued++] = (struct move_req){ .pid = pid, .node = node, .rehome = rehome,
								.queued_at_s = now_s() };
	else
		mm->stats[node].failures++;	/* queue full: dropped, counted */
	pthread_cond_signal(&mm->wake);
	pthread_mutex_unlock(&mm->lock);
}

int memmove_rehomes_pending(struct memmove *mm)
{
	int i, nr;

	if (!mm)
		return 0;
	pthread_mutex_lock(&mm->lock);
	nr = mm->moving_rehome;
	for (i = 0; i < mm->nr_queued; i++)
		nr += mm->queue[i].rehome;
	pthread_mutex_unlock(&mm->lock);
	return nr;
}

int memmove_moving_to(struct memmove *mm)
{
	int node;

	if (!mm)
		return -1;
	pthread_mutex_lock(&mm->lock);
	node = mm->moving_rehome ? mm->moving_node : -1;
	pthread_mutex_unlock(&mm->lock);
	return node;
}

void memmove_read_stats(struct memmove *mm, struct memmove_node_stats *out, int nr_nodes)
{
	memset(out, 0, sizeof(*out) * nr_nodes);
	if (!mm)
		return;
	pthread_mutex_lock(&mm->lock);
	memcpy(out, mm->stats, sizeof(*out) * (nr_nodes < mm->topo->nr_nodes ? nr_nodes : mm->topo->nr_nodes));
	pthread_mutex_unlock(&mm->lock);
}
