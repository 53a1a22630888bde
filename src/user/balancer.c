// SPDX-License-Identifier: GPL-2.0
/* balancer.c - the node balancer thread: measure, publish, rehome whole processes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "balance.h"
#include "balancer.h"
#include "homes.h"
#include "procscan.h"
#include "sched.h"

#define MS 1000000ULL
#define TICK_NS (100 * MS)		/* node loads: measured and published */
#define SCAN_EVERY_TICKS 5		/* processes: every 500 ms, every tick while unsettled */
#define LOAD_TAU_NS (250 * MS)		/* node load average */
#define DEMAND_TAU_NS (500 * MS)	/* process runnable time average */
#define SETTLE_NS (500 * MS)		/* an imbalance must last this long */
#define HOMES_LAG_TICKS (TOPO_HOMES_LAG_NS / TICK_NS)	/* new homes counted on top of the load */

/* What the balancer remembers of a process between scans, sorted by tgid. */
struct proc_track {
	u32 tgid;
	struct topo_proc_info info;
	u64 seen_ns;		/* when runnable_ns was read */
	u64 runnable_milli;	/* averaged runnable time / wall time x 1000 */
	u64 waited_milli;	/* of that, the time its threads waited in a queue */
	bool measured;		/* runnable_milli holds at least one interval */
	u64 moved_at_ns;
	u64 born_ns;		/* first scan that saw it; 0 for the balancer's first scan */
};

struct track_table {
	struct proc_track *v;
	size_t nr, cap;
};

struct balancer {
	pthread_t thread;
	atomic_bool stop;
	const struct topology *topo;
	struct homes h;
	bool strict, verbose;
	u32 self_tgid;
	u64 attach_ticks;	/* boot clock ticks when the attach began: older processes predate it */
	u32 *node_order;			/* nr_nodes rows */
	struct bal_node *nodes;
	struct topo_node_snapshot *snap;
	struct track_table tracks, next;
	bool scanned;				/* processes seen later were born under it */
	struct bal_proc *cands;
	size_t *picked;
	struct bal_settle settle;
	struct bal_last_move last_move;
	struct bal_memory_wait mem_wait;
	bool holding;				/* at the last tick */
	struct bal_params params;
	u64 last_load_ns;
	u64 last_stuck_log_ns;			/* -v: last "no process may move" line */
	u64 nr_ticks;
	struct topo_node_load *homes_ring;	/* nr_nodes x HOMES_LAG_TICKS readings of node_stats */
	struct memmove *mm;
	pthread_mutex_t lock;
	struct balancer_node_stats *stats;	/* under lock */
};

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void count_node(struct balancer *b, int node, u64 in, u64 out, u64 adopted)
{
	pthread_mutex_lock(&b->lock);
	b->stats[node].moves_in += in;
	b->stats[node].moves_out += out;
	b->stats[node].adopted += adopted;
	pthread_mutex_unlock(&b->lock);
}

/* --- node loads -------------------------------------------------------- */

static u64 minus(u64 a, u64 b)
{
	return a > b ? a - b : 0;
}

/*
 * Into load: node n's homes_assigned and homes_released HOMES_LAG_TICKS
 * ticks ago, recording now's. A new home stays counted on top of the load
 * average for that long: the average needs about that long to see a new
 * task, and never sees one that waits on a start barrier, so resetting the
 * count at every publish would send the next process of a fork burst to
 * the same node.
 */
static void homes_a_while_ago(struct balancer *b, int n, const struct topo_node_stats *now,
			      struct topo_node_load *load)
{
	struct topo_node_load *ring = b->homes_ring + (size_t)n * HOMES_LAG_TICKS;
	size_t slot = b->nr_ticks % HOMES_LAG_TICKS, i;
	struct topo_node_load reading = {
		.homes_at_publish = now->homes_assigned,
		.released_at_publish = now->homes_released,
		.released_young_at_publish = now->homes_released_young,
	};

	if (!b->nr_ticks)
		for (i = 0; i < HOMES_LAG_TICKS; i++)
			ring[i] = reading;
	load->homes_at_publish = ring[slot].homes_at_publish;
	load->released_at_publish = ring[slot].released_at_publish;
	load->released_young_at_publish = ring[slot].released_young_at_publish;
	ring[slot] = reading;
}

/* A node average with this tick's sample; the first sample starts it. */
static u64 average(const struct balancer *b, u64 avg, u64 sample, u64 dt, u64 tau)
{
	return b->last_load_ns ? bal_ewma(avg, sample, dt, tau) : sample;
}

static void measure_nodes(struct balancer *b, u64 now)
{
	struct topo_node_stats stats[TOPO_MAX_NODES];
	u64 dt = b->last_load_ns ? now - b->last_load_ns : TICK_NS;
	int n;

	if (homes_snapshot(&b->h, b->snap) || homes_read_node_stats(&b->h, stats))
		return;
	for (n = 0; n < b->h.nr_nodes; n++) {
		struct bal_node *bn = &b->nodes[n];
		struct topo_node_load load;

		bn->nr_running = b->snap[n].nr_running;
		bn->nr_idle_cpus = b->snap[n].nr_idle_cpus;
		bn->idle_now_milli = bal_idle_sample_milli(bn);
		bn->waiting_now_milli = bal_waiting_sample_milli(bn);
		bn->load_milli = average(b, bn->load_milli, bal_sample_milli(bn), dt, LOAD_TAU_NS);
		bn->idle_milli = average(b, bn->idle_milli, bn->idle_now_milli, dt, LOAD_TAU_NS);
		bn->waiting_milli = average(b, bn->waiting_milli, bn->waiting_now_milli, dt,
					    LOAD_TAU_NS);
		bn->idle_slow_milli = average(b, bn->idle_slow_milli, bn->idle_now_milli, dt,
					      BAL_SLOW_TAU_NS);
		bn->waiting_slow_milli = average(b, bn->waiting_slow_milli, bn->waiting_now_milli, dt,
						 BAL_SLOW_TAU_NS);
		load.load_milli = bn->load_milli;
		homes_a_while_ago(b, n, &stats[n], &load);
		homes_publish_load(&b->h, n, &load);
	}
	b->last_load_ns = now;
	b->nr_ticks++;
}

/* --- process tracking -------------------------------------------------- */

static int cmp_track(const void *a, const void *b)
{
	u32 x = ((const struct proc_track *)a)->tgid, y = ((const struct proc_track *)b)->tgid;

	return x < y ? -1 : x > y;
}

static int table_push(struct track_table *t, const struct proc_track *p)
{
	if (t->nr == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct proc_track *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->nr++] = *p;
	return 0;
}

/* Carry over what the last scan knew of p's process, and update its runnable time average. */
static void update_track(const struct track_table *old, struct proc_track *p)
{
	const struct proc_track *prev = old->nr ? bsearch(p, old->v, old->nr, sizeof(*p), cmp_track) : NULL;
	u64 dt, runnable, waited;

	if (!prev)
		return;
	p->moved_at_ns = prev->moved_at_ns;
	p->born_ns = prev->born_ns;
	dt = p->seen_ns - prev->seen_ns;
	if (!dt || p->info.runnable_ns < prev->info.runnable_ns ||
	    p->info.waited_ns < prev->info.waited_ns) {
		*p = (struct proc_track){ .tgid = p->tgid, .info = p->info, .seen_ns = p->seen_ns,
					  .moved_at_ns = prev->moved_at_ns, .born_ns = p->born_ns };
		return;
	}
	runnable = (p->info.runnable_ns - prev->info.runnable_ns) * 1000 / dt;
	waited = (p->info.waited_ns - prev->info.waited_ns) * 1000 / dt;
	p->runnable_milli = prev->measured ? bal_ewma(prev->runnable_milli, runnable, dt, DEMAND_TAU_NS)
					 : runnable;
	p->waited_milli = prev->measured ? bal_ewma(prev->waited_milli, waited, dt, DEMAND_TAU_NS)
					 : waited;
	p->measured = true;
}

static void scan_procs(struct balancer *b, u64 now)
{
	struct topo_proc_info info;
	struct proc_track p;
	bool have_key = false;
	u32 tgid = 0, guard = 0;
	struct track_table swap;
	size_t i;

	b->next.nr = 0;
	/* A key deleted under the walk restarts it: bound it by the map's size. */
	while (guard++ < TOPO_MAX_PROCS && !homes_next_proc(&b->h, &tgid, &have_key, &info)) {
		p = (struct proc_track){ .tgid = tgid, .info = info, .seen_ns = now,
					 .born_ns = b->scanned ? now : 0 };
		if (table_push(&b->next, &p))
			break;
	}
	qsort(b->next.v, b->next.nr, sizeof(*b->next.v), cmp_track);
	for (i = 0; i < b->next.nr; i++)
		update_track(&b->tracks, &b->next.v[i]);
	swap = b->tracks;
	b->tracks = b->next;
	b->next = swap;
	b->scanned = true;
}

/* --- decisions --------------------------------------------------------- */

/* Processes homed on `from` that could be worth moving, with their demand and masks. */
static size_t gather_candidates(struct balancer *b, int from)
{
	size_t i, nr = 0;

	for (i = 0; i < b->tracks.nr; i++) {
		const struct proc_track *t = &b->tracks.v[i];
		struct bal_proc *c = &b->cands[nr];

		if (t->info.home_node != from || !t->measured)
			continue;
		*c = (struct bal_proc){
			.tgid = t->tgid, .home_node = t->info.home_node,
			.nr_threads = t->info.nr_threads, .nr_spilled = t->info.nr_spilled,
			.demand_milli = bal_demand_milli(t->runnable_milli, t->info.nr_threads),
			.waited_milli = t->waited_milli,
			.moved_at_ns = t->moved_at_ns, .born_ns = t->born_ns,
		};
		/* The loader itself: what it uses is the cost of watching; a move gains nothing. */
		if (c->demand_milli < b->params.min_demand_milli || t->tgid == b->self_tgid ||
		    procscan_is_kthread(t->tgid))
			continue;
		c->allowed_nodes = procscan_allowed_nodes(t->tgid, b->topo);
		nr++;
	}
	return nr;
}

static void note_moved(struct balancer *b, u32 tgid, u64 now)
{
	struct proc_track key = { .tgid = tgid }, *t;

	t = bsearch(&key, b->tracks.v, b->tracks.nr, sizeof(key), cmp_track);
	if (t) {
		t->moved_at_ns = now;
		t->info.home_node = -1;	/* not a candidate again this round */
	}
}

static bool move_proc(struct balancer *b, const struct bal_proc *c, int from, int to, u64 now)
{
	int rc = homes_rehome(&b->h, c->tgid, to, false);

	if (rc) {
		if (b->verbose)
			fprintf(stderr, "scx_topo: rehome of pid %u to node %d refused (%d)\n", c->tgid, to, rc);
		return false;
	}
	note_moved(b, c->tgid, now);
	count_node(b, to, 1, 0, 0);
	count_node(b, from, 0, 1, 0);
	if (b->verbose)
		fprintf(stderr, "scx_topo: rehome: pid %u node %d -> %d (distance %u): demand %.2f CPUs, load per CPU %.2f vs %.2f\n",
			c->tgid, from, to, topo_distance(b->topo, from, to), c->demand_milli / 1000.0,
			b->nodes[from].load_milli / 1000.0, b->nodes[to].load_milli / 1000.0);
	if (b->strict)
		memmove_request(b->mm, (pid_t)c->tgid, to, true);
	return true;
}

/* Shift the averages by what moved, so the next round does not move it again. */

static void account_move(struct balancer *b, int from, int to, u64 moved_milli)
{
	struct bal_node *f = &b->nodes[from], *t = &b->nodes[to];

	f->load_milli = minus(f->load_milli, moved_milli / f->nr_cpus);
	t->load_milli += moved_milli / t->nr_cpus;
	f->waiting_milli = minus(f->waiting_milli, moved_milli);
	t->idle_milli = minus(t->idle_milli, moved_milli);
	f->waiting_slow_milli = minus(f->waiting_slow_milli, moved_milli);
	t->idle_slow_milli = minus(t->idle_slow_milli, moved_milli);
	f->waiting_now_milli = minus(f->waiting_now_milli, moved_milli);
	t->idle_now_milli = minus(t->idle_now_milli, moved_milli);
}

/*
 * -v, at most once a second: an imbalance that lasted but moved nothing,
 * with why the lightest candidate stayed (the others are heavier).
 */
static void log_stuck(struct balancer *b, size_t nr, int from, int to, u64 amount, u64 now)
{
	const struct bal_node *f = &b->nodes[from], *t = &b->nodes[to];
	const char *why = nr ? NULL : "no process homed there";
	size_t i;

	if (!b->verbose || now - b->last_stuck_log_ns < 1000 * MS)
		return;
	b->last_stuck_log_ns = now;
	for (i = 0; i < nr && !why; i++)
		why = bal_refusal(&b->cands[i], from, to, t->nr_cpus, now, &b->params);
	if (!why)
		why = "every candidate is more than 1.5x the amount";
	fprintf(stderr, "scx_topo: balance: node %d -> %d stuck (%s): amount %.2f, load per CPU %.2f vs %.2f, waiting %.2f, idle %.2f, %zu candidates\n",
		from, to, why, amount / 1000.0, f->load_milli / 1000.0, t->load_milli / 1000.0,
		f->waiting_milli / 1000.0, t->idle_milli / 1000.0, nr);
}

/* -v: what a decision saw: the two nodes and its first candidates (tgid:demand/waited/threads). */
static void log_decision(const struct balancer *b, size_t nr, int from, int to, const char *kind,
			 u64 amount)
{
	const struct bal_node *f = &b->nodes[from], *t = &b->nodes[to];
	char list[320];
	size_t i, len = 0;

	if (!b->verbose)
		return;
	list[0] = 0;
	for (i = 0; i < nr && i < 10 && len < sizeof(list) - 32; i++)
		len += snprintf(list + len, sizeof(list) - len, " %u:%.2f/%.2f/%u", b->cands[i].tgid,
				b->cands[i].demand_milli / 1000.0, b->cands[i].waited_milli / 1000.0,
				b->cands[i].nr_threads);
	fprintf(stderr, "scx_topo: balance: at %.2f s: node %d -> %d %s %.2f: now %u/%u vs %u/%u runnable/CPUs, waiting %.2f (idle %.2f) vs idle %.2f (waiting %.2f); candidates%s\n",
		now_ns() / 1e9, from, to, kind, amount / 1000.0, f->nr_running, f->nr_cpus,
		t->nr_running, t->nr_cpus, f->waiting_milli / 1000.0, f->idle_milli / 1000.0,
		t->idle_milli / 1000.0, t->waiting_milli / 1000.0, list);
}

/* Move the picked candidates; returns the milli-tasks moved (the averages are shifted by them). */
static u64 move_picked(struct balancer *b, int nr_picked, int from, int to, u64 now, bool fill)
{
	u64 moved = 0;
	int i;

	for (i = 0; i < nr_picked; i++) {
		const struct bal_proc *c = &b->cands[b->picked[i]];

		if (move_proc(b, c, from, to, now))
			moved += fill ? 1000ULL * bal_busy_tasks(c->demand_milli) : c->demand_milli;
	}
	if (moved)
		account_move(b, from, to, moved);
	return moved;
}

/*
 * Move processes from `from` to `to`: whole busy tasks for `to`'s idle CPUs
 * when tasks wait on `from` (bal_pick_fill), else load to even out the two.
 * A fill is followed in the same decision by what evens out the rest
 * (bal_even_after_fill_milli): taken as a second decision 2 s later, it
 * came while the first's processes were still blocked moving their pages,
 * and miscounted them.
 */
static void rebalance(struct balancer *b, int from, int to, u64 now)
{
	bool fill = bal_can_run_milli(&b->nodes[from], &b->nodes[to]) != 0;
	u32 fill_tasks = fill ? bal_fill_tasks(&b->nodes[from], &b->nodes[to]) : 0;
	u64 amount = fill ? 1000ULL * fill_tasks : bal_amount_milli(&b->nodes[from], &b->nodes[to]);
	u32 to_cpus = b->nodes[to].nr_cpus;
	size_t nr;
	int nr_picked;
	u64 moved;

	if (fill && !fill_tasks)
		return;	/* the averages lag what just changed: the next tick decides */
	nr = gather_candidates(b, from);
	if (fill)
		nr_picked = bal_pick_fill(b->cands, nr, from, to, to_cpus, fill_tasks, now,
					  &b->params, b->picked);
	else
		nr_picked = bal_pick_moves(b->cands, nr, from, to, to_cpus, amount, now,
					   &b->params, b->picked);
	log_decision(b, nr, from, to, fill ? "fill" : "even", amount);
	if (!nr_picked)
		log_stuck(b, nr, from, to, amount, now);
	moved = move_picked(b, nr_picked, from, to, now, fill);
	if (!moved)
		return;
	amount = fill ? bal_even_after_fill_milli(&b->nodes[from], &b->nodes[to]) : 0;
	if (amount) {
		nr = gather_candidates(b, from);
		nr_picked = bal_pick_moves(b->cands, nr, from, to, to_cpus, amount, now,
					   &b->params, b->picked);
		log_decision(b, nr, from, to, "then even", amount);
		move_picked(b, nr_picked, from, to, now, false);
	}
	b->last_move = (struct bal_last_move){ .at_ns = now, .from = from, .to = to };
	b->settle = (struct bal_settle){ 0 };	/* wait for fresh evidence before the next move */
}

/* Whether rehomed processes' pages still move (bal_hold_for_memory); -v logs each stretch. */
static bool hold_for_memory(struct balancer *b, u64 now)
{
	int pending = memmove_rehomes_pending(b->mm);
	bool was = b->holding, hold = bal_hold_for_memory(&b->mem_wait, pending, now);

	b->holding = hold;
	if (b->verbose && hold != was)
		fprintf(stderr, "scx_topo: balance: at %.2f s: %s\n", now / 1e9,
			hold ? "evening out held while rehomed processes' pages move"
			     : "pages moved: evening out again");
	return hold;
}

/* One tick: loads always; processes and a decision when due. Returns whether it is unsettled. */
static bool tick(struct balancer *b, u64 now, bool scan_due)
{
	int from, to;
	bool settled, filling;

	measure_nodes(b, now);
	from = bal_busiest(b->nodes, b->h.nr_nodes);
	to = from < 0 ? -1 : bal_nearest_with_room(b->nodes, b->h.nr_nodes,
						   b->node_order + from * b->h.nr_nodes, from,
						   b->params.gap_milli);
	filling = to >= 0 && bal_can_run_milli(&b->nodes[from], &b->nodes[to]) >= BAL_MIN_MOVE_MILLI;
	/*
	 * A fill into the node whose process's pages move right now waits up to
	 * a second: that process is blocked on them much of the time, and a
	 * fill took its CPU, one hog too many once it ran again.
	 */
	if (bal_move_waits_for_memory(&b->mem_wait, hold_for_memory(b, now), filling, to,
				      memmove_moving_to(b->mm), now))
		from = to = -1;
	settled = bal_settled(&b->settle, from, to, now,
			      bal_settle_ns(&b->last_move, from, to, now, SETTLE_NS, filling));
	if (scan_due || settled)
		scan_procs(b, now);
	if (settled)
		rebalance(b, from, to, now);
	return b->settle.since_ns != 0;
}

/* --- processes that predate the scheduler ------------------------------ */

/*
 * The node holding most of pid's memory among those it may run on, -1 if
 * none; *kib_elsewhere gets how much of it is on other nodes.
 */
static int memory_node(struct balancer *b, pid_t pid, u64 *kib_elsewhere)
{
	u64 kib[TOPO_MAX_NODES] = { 0 };
	struct proc_mem m;
	int n;

	if (procscan_memory(pid, &m))
		return -1;
	for (n = 0; n < b->topo->nr_nodes; n++) {
		int os = b->topo->nodes[n].os_index;

		kib[n] = os >= 0 && os < TOPO_MAX_NODES ? m.kib[os] : 0;
	}
	n = bal_memory_node(kib, b->topo->nr_nodes, procscan_allowed_nodes(pid, b->topo));
	*kib_elsewhere = n >= 0 ? m.total_kib - kib[n] : 0;
	return n;
}

static void adopt_one(struct balancer *b, pid_t pid, u64 attach_ticks, int *adopted)
{
	struct proc_stat st;
	u64 kib_elsewhere;
	int node;

	if (procscan_stat(pid, &st) || (st.flags & PROCSCAN_PF_KTHREAD) || st.start_ticks > attach_ticks)
		return;	/* gone, a kernel thread, or born under the scheduler */
	node = memory_node(b, pid, &kib_elsewhere);
	if (node < 0)
		return;
	if (homes_rehome(&b->h, (u32)pid, node, true) < 0)
		return;
	count_node(b, node, 0, 0, 1);
	(*adopted)++;
	if (b->strict && kib_elsewhere)
		memmove_request(b->mm, pid, node, false);
}

static void adopt_existing(struct balancer *b)
{
	/* Born after the attach began: homed by the BPF side at fork, by load. */
	u64 attach_ticks = b->attach_ticks;
	DIR *d = opendir("/proc");
	struct dirent *e;
	int adopted = 0;

	if (!d)
		return;
	while ((e = readdir(d)) && !atomic_load(&b->stop)) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		adopt_one(b, (pid_t)pid, attach_ticks, &adopted);
	}
	closedir(d);
	if (b->verbose)
		fprintf(stderr, "scx_topo: %d processes that predate the scheduler homed by their memory\n",
			adopted);
}

/* --- the thread -------------------------------------------------------- */

static void *balancer_main(void *arg)
{
	struct balancer *b = arg;
	u64 next = now_ns();
	unsigned int n = 0;
	bool unsettled = false;

	adopt_existing(b);
	while (!atomic_load(&b->stop)) {
		u64 now = now_ns();

		if (now < next) {
			usleep((next - now) / 1000);
			continue;
		}
		unsettled = tick(b, now, unsettled || n++ % SCAN_EVERY_TICKS == 0);
		next += TICK_NS;
		if (next < now)
			next = now + TICK_NS;	/* fell behind (a stopped process): do not catch up */
	}
	return NULL;
}

static void balancer_free(struct balancer *b)
{
	free(b->node_order);
	free(b->homes_ring);
	free(b->nodes);
	free(b->snap);
	free(b->tracks.v);
	free(b->next.v);
	free(b->cands);
	free(b->picked);
	free(b->stats);
	free(b);
}

static int balancer_alloc(struct balancer *b, const struct topo_sched *s, int nr_nodes)
{
	size_t order_bytes = sizeof(u32) * nr_nodes * nr_nodes;
	int n;

	b->node_order = malloc(order_bytes);
	b->homes_ring = calloc((size_t)nr_nodes * HOMES_LAG_TICKS, sizeof(*b->homes_ring));
	b->nodes = calloc(nr_nodes, sizeof(*b->nodes));
	b->snap = calloc(nr_nodes, sizeof(*b->snap));
	b->cands = calloc(TOPO_MAX_PROCS, sizeof(*b->cands));
	b->picked = calloc(TOPO_MAX_PROCS, sizeof(*b->picked));
	b->stats = calloc(nr_nodes, sizeof(*b->stats));
	if (!b->node_order || !b->homes_ring || !b->nodes || !b->snap || !b->cands || !b->picked || !b->stats)
		return -1;
	memcpy(b->node_order, s->layout.node_order, order_bytes);
	for (n = 0; n < nr_nodes; n++)
		b->nodes[n].nr_cpus = s->layout.node_info[n].nr_cpus;
	return 0;
}

struct balancer *balancer_start(const struct topo_sched *s, const struct topology *topo,
				const struct topo_options *opts)
{
	struct balancer *b;

	if (topo->nr_nodes < 2)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	if (homes_open(&b->h, s)) {
		if (opts->verbose)
			fprintf(stderr, "scx_topo: note: this BPF object has no process homes: no node balancer\n");
		free(b);
		return NULL;
	}
	if (balancer_alloc(b, s, topo->nr_nodes)) {
		fprintf(stderr, "scx_topo: out of memory for the node balancer: running without it\n");
		balancer_free(b);
		return NULL;
	}
	b->topo = topo;
	b->strict = opts->numa_strict;
	b->self_tgid = (u32)getpid();
	b->verbose = opts->verbose;
	b->attach_ticks = s->attach_ticks;
	b->params = (struct bal_params){ .gap_milli = 250, .min_demand_milli = 50,
					 .hysteresis_ns = 5000 * MS, .young_ns = 3000 * MS,
					 .max_moves = 8 };
	pthread_mutex_init(&b->lock, NULL);
	atomic_init(&b->stop, false);
	if (b->strict)
		b->mm = memmove_start(topo, opts->migrate_mb_per_s, opts->verbose);
	if (pthread_create(&b->thread, NULL, balancer_main, b)) {
		fprintf(stderr, "scx_topo: cannot start the node balancer thread: running without it\n");
		memmove_stop(b->mm);
		balancer_free(b);
		return NULL;
	}
	return b;
}

void balancer_stop(struct balancer *b)
{
	if (!b)
		return;
	atomic_store(&b->stop, true);
	pthread_join(b->thread, NULL);
	memmove_stop(b->mm);
	pthread_mutex_destroy(&b->lock);
	balancer_free(b);
}

void balancer_read_stats(struct balancer *b, struct balancer_node_stats *out,
			 struct memmove_node_stats *mem, int nr_nodes)
{
	memset(out, 0, sizeof(*out) * nr_nodes);
	memset(mem, 0, sizeof(*mem) * nr_nodes);
	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	memcpy(out, b->stats, sizeof(*out) * (nr_nodes < b->h.nr_nodes ? nr_nodes : b->h.nr_nodes));
	pthread_mutex_unlock(&b->lock);
	memmove_read_stats(b->mm, mem, nr_nodes);
}
