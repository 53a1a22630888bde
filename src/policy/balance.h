/* SPDX-License-Identifier: GPL-2.0 */
/*
 * balance.h - the node balancer's decisions, in plain C (no kernel, no BPF):
 * how busy a node is, whether two nodes are out of balance, which node takes
 * work, and which processes move. The loader's balancer thread (balancer.c)
 * feeds it BPF map contents; tests/unit/test_balance.c feeds it made-up ones.
 *
 * Units: loads are "milli-CPUs": 1000 = one runnable task per CPU for a node,
 * or one CPU's worth of demand for a process.
 */
#ifndef SCX_TOPO_BALANCE_H
#define SCX_TOPO_BALANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "intf.h"

/* What the balancer knows about one node at one tick. */
struct bal_node {
	u32 nr_cpus;
	u32 nr_running;		/* busy CPUs plus tasks waiting in its queues, last snapshot */
	u32 nr_idle_cpus;	/* ... its CPUs that idled then (bpf snapshot.bpf.h) */
	u64 load_milli;		/* averaged runnable tasks per CPU x 1000 */
	u64 idle_milli;		/* averaged idle CPUs x 1000 */
	u64 waiting_milli;	/* averaged runnable tasks beyond its busy CPUs x 1000 */
	u64 idle_now_milli;	/* idle CPUs x 1000 at the last snapshot */
	u64 waiting_now_milli;	/* waiting tasks x 1000 at the last snapshot */
	u64 idle_slow_milli;	/* idle_milli and waiting_milli over a longer time */
	u64 waiting_slow_milli;	/* (BAL_SLOW_TAU_NS), for CPUs partly used */
};

/*
 * Time constant of the slow averages. The fast ones (the loader's, 250 ms)
 * see an idle CPU within a few ticks, but of a CPU that short-lived tasks
 * use half the time, each 100 ms sample says 0 or 1: in the hog test node
 * 1's idle average swung between 0.04 and 0.67 tick by tick, crossing the
 * fill threshold every few hundred ms, and the 500 ms settle never ran out
 * beside a hog that waited all the time. Over a second it holds steady.
 */
#define BAL_SLOW_TAU_NS (1000ULL * 1000000ULL)

/* A process that might move. */
struct bal_proc {
	u32 tgid;
	s32 home_node;
	u32 nr_threads;
	u32 nr_spilled;
	u64 demand_milli;	/* CPUs it would use if it had them, x 1000 */
	u64 waited_milli;	/* of that, the time its threads waited in a queue */
	u64 allowed_nodes;	/* bit n: its cpumask/cpuset allows a CPU of node n */
	u64 moved_at_ns;	/* last rehome by the balancer, 0 never */
	u64 born_ns;		/* first seen by the balancer, 0 if before it started */
};

struct bal_params {
	u64 gap_milli;		/* load-per-CPU difference that counts as imbalance */
	u64 min_demand_milli;	/* processes lighter than this are not worth a move */
	u64 hysteresis_ns;	/* a process moved is left alone this long */
	u64 young_ns;		/* a process placed this recently is still starting */
	u32 max_moves;		/* per decision */
};

/*
 * A move smaller than this many milli-tasks is not made: moving one task
 * would overshoot and the next decision would move it back.
 */
#define BAL_MIN_MOVE_MILLI 750

/*
 * A node's samples come from the tasks it runs and the tasks waiting in
 * its queues (the loader's own threads left out: bpf snapshot.bpf.h), not
 * from the kernel's idle mask: a CPU that the loader's thread took shows
 * idle while the task it displaced waits, which counted one task as both
 * waiting and idle, and CPUs idle one moment and busy the next are what
 * the averages are for. Idle CPUs are counted CPU by CPU: a pinned kernel
 * thread queued behind a task on one CPU does not hide another CPU's
 * idleness.
 */

/* Runnable tasks per CPU right now, x 1000. */
static inline u64 bal_sample_milli(const struct bal_node *n)
{
	return n->nr_cpus ? 1000ULL * n->nr_running / n->nr_cpus : 0;
}

/* Runnable tasks beyond the node's busy CPUs right now, x 1000: what waits for a CPU. */
static inline u64 bal_waiting_sample_milli(const struct bal_node *n)
{
	u32 busy = n->nr_cpus > n->nr_idle_cpus ? n->nr_cpus - n->nr_idle_cpus : 0;

	return n->nr_running > busy ? 1000ULL * (n->nr_running - busy) : 0;
}

/* CPUs without a runnable task right now, x 1000. */
static inline u64 bal_idle_sample_milli(const struct bal_node *n)
{
	return 1000ULL * n->nr_idle_cpus;
}

/*
 * Exponential average with time constant tau_ns: a sample dt_ns after the
 * previous one gets weight dt / (tau + dt). A start barrier or a fork burst
 * shorter than tau moves the average only by part of its size.
 */
static inline u64 bal_ewma(u64 avg, u64 sample, u64 dt_ns, u64 tau_ns)
{
	u64 w_den = tau_ns + dt_ns;

	if (!w_den)
		return sample;
	if (sample >= avg)
		return avg + (sample - avg) * dt_ns / w_den;
	return avg - (avg - sample) * dt_ns / w_den;
}

/* Averaged runnable tasks beyond n's CPUs (waiting), x 1000; 0 when it has room. */
static inline u64 bal_waiting_milli(const struct bal_node *n)
{
	u64 tasks = n->load_milli * n->nr_cpus, cpus = 1000ULL * n->nr_cpus;

	return tasks > cpus ? tasks - cpus : 0;
}

/* Averaged CPUs of n without a runnable task (room), x 1000. */
static inline u64 bal_room_milli(const struct bal_node *n)
{
	u64 tasks = n->load_milli * n->nr_cpus, cpus = 1000ULL * n->nr_cpus;

	return cpus > tasks ? cpus - tasks : 0;
}

/*
 * Whole tasks waiting on `from` that `to`'s idle CPUs could run, x 1000,
 * from the averages: measured directly, so short-lived tasks that crowd
 * both nodes' loads (a shell's pipelines, kernel threads) do not hide it.
 * A task counts when one waits on `from` at least BAL_MIN_WAITING_MILLI of
 * the time (`from` stays nearly busy without it) and a CPU of `to` idles at
 * least BAL_MIN_IDLE_MILLI of the time (its own short-lived tasks use the
 * rest): the move gains that much work. Not "all the time": 9 hogs on 8
 * CPUs averaged 0.9-0.98 waiting (a snapshot now and then catches one
 * between run queues), and a CPU of the other node idled 0.9 of the time
 * beside them in the hog test; with 7 hogs and short-lived work on 8 CPUs,
 * the eighth idled 0.3-0.45 of the time and a threshold of 0.5 left it so.
 * The two thresholds add up to more than one task, so a fill is never
 * undone by a fill back: after it, `to` waits at most 1 - MIN_IDLE of the
 * time and `from` idles at most 1 - MIN_WAITING, both below the other's
 * threshold.
 */
#define BAL_MIN_IDLE_MILLI 300
#define BAL_MIN_WAITING_MILLI 800

/*
 * What a node has beyond what it can absorb itself, x 1000: tasks waiting
 * on it beyond its own idle CPUs (more), or idle CPUs beyond its own
 * waiting tasks. A task that waits on a node while a CPU of the same node
 * idles is pinned to a busy CPU or on its way to the idle one: moving a
 * process away does not help it and leaves the idle CPU idler. In the hog
 * test a fill took a hog from a node whose "waiting" was the test shell's
 * short-lived commands beside an idle CPU of its own; the node then idled
 * and the next fill went back.
 */
static inline u64 bal_net_milli(u64 more, u64 less)
{
	return more > less ? more - less : 0;
}

/* Whole tasks waiting on `from` that `to`'s idle CPUs can run, as bal_can_run_milli counts them. */
static inline u32 bal_whole_tasks(u64 from_waiting, u64 from_idle, u64 to_idle, u64 to_waiting)
{
	u64 waiting = (bal_net_milli(from_waiting, from_idle) + 1000 - BAL_MIN_WAITING_MILLI) / 1000;
	u64 idle = (bal_net_milli(to_idle, to_waiting) + 1000 - BAL_MIN_IDLE_MILLI) / 1000;

	return (u32)(waiting < idle ? waiting : idle);
}

/* By the fast averages, or by the slow ones when they say more (BAL_SLOW_TAU_NS). */
static inline u32 bal_whole_tasks_avg(const struct bal_node *from, const struct bal_node *to)
{
	u32 fast = bal_whole_tasks(from->waiting_milli, from->idle_milli, to->idle_milli,
				   to->waiting_milli);
	u32 slow = bal_whole_tasks(from->waiting_slow_milli, from->idle_slow_milli,
				   to->idle_slow_milli, to->waiting_slow_milli);

	return fast > slow ? fast : slow;
}

static inline u64 bal_can_run_milli(const struct bal_node *from, const struct bal_node *to)
{
	return 1000ULL * bal_whole_tasks_avg(from, to);
}

/*
 * How many tasks a fill moves: what the averages can run (the verdict), but
 * no more than the last snapshot says. The averages lag by a few
 * hundred ms, so right after a move, or while killed tasks still exit,
 * they show idle CPUs that are gone: sized from them alone, one fill took
 * 3 hogs for 2 idle CPUs, the next 1 for none, and the idled node then
 * had to be filled back. 0: wait for a tick whose samples agree.
 */
static inline u32 bal_fill_tasks(const struct bal_node *from, const struct bal_node *to)
{
	u32 avg = bal_whole_tasks_avg(from, to);
	u32 now = bal_whole_tasks(from->waiting_now_milli, from->idle_now_milli, to->idle_now_milli,
				  to->waiting_now_milli);

	return avg < now ? avg : now;
}

/*
 * How much load should move from `from` to `to`, in milli-tasks: what
 * `to`'s idle CPUs can run of what waits on `from` when there is any, else
 * what makes their load per CPU equal. Filling idle CPUs is exact; the
 * loads that equalizing works from swing by a task or two with short-lived
 * work, so a move sized from them overshoots where idle CPUs already say
 * how much it takes.
 */
static inline u64 bal_amount_milli(const struct bal_node *from, const struct bal_node *to)
{
	u64 total_from = from->load_milli * from->nr_cpus;
	u64 total_to = to->load_milli * to->nr_cpus;
	u64 cpus = (u64)from->nr_cpus + to->nr_cpus;
	u64 can_run = bal_can_run_milli(from, to);

	if (can_run)
		return can_run;
	if (!cpus || total_from * to->nr_cpus <= total_to * from->nr_cpus)
		return 0;
	return (total_from * to->nr_cpus - total_to * from->nr_cpus) / cpus;
}

/*
 * What a decision that just filled `to`'s idle CPUs also moves to even the
 * pair out, from the averages shifted by the fill, in milli-tasks: the load
 * gap, but no more than `to` still has room for, so `to` never ends up the
 * busier one (12 processes on 8 CPUs beside an idle node: 4 fill, 2 even
 * out). Loads carry short-lived tasks (the hog test's shell showed 14
 * runnable beside 11 hogs), and a gap sized from them alone moved 2 hogs
 * too many into a node with half a CPU free. The room is also capped by the
 * CPUs the last snapshot, shifted by the fill, still shows idle: the
 * averages lag the fills before, and one fill that took the last idle CPU
 * of a node was followed by a hog that made it 9 on 8 CPUs, with a CPU of
 * the busy node left idle. 0 below BAL_MIN_MOVE_MILLI.
 */
static inline u64 bal_even_after_fill_milli(const struct bal_node *from, const struct bal_node *to)
{
	u64 amount = bal_amount_milli(from, to), room = bal_room_milli(to);

	if (room > to->idle_now_milli)
		room = to->idle_now_milli;
	if (amount > room)
		amount = room;
	return amount < BAL_MIN_MOVE_MILLI ? 0 : amount;
}

/*
 * Whether node b has room that node a lacks: on average a task waits on a
 * while a CPU of b idles, or a is gap busier per CPU by enough that moving
 * a task closes part of the gap rather than turning it around. When b has
 * no free CPU either, a move only evens out waiting, at the price of the
 * moved process's caches and memory, while short-lived tasks (a shell's
 * pipelines) shift the loads back and forth: then the gap must also be a
 * quarter of b's load.
 */
static inline bool bal_pair_imbalanced(const struct bal_node *a, const struct bal_node *b,
				       u64 gap_milli)
{
	u64 full_gap = b->load_milli / 4;

	if (a->load_milli <= b->load_milli)
		return false;
	if (bal_can_run_milli(a, b) >= BAL_MIN_MOVE_MILLI)
		return true;
	if (bal_amount_milli(a, b) < BAL_MIN_MOVE_MILLI)
		return false;
	if (bal_room_milli(b) >= BAL_MIN_MOVE_MILLI)
		return bal_waiting_milli(a) >= BAL_MIN_MOVE_MILLI ||
		       a->load_milli > b->load_milli + gap_milli;
	return a->load_milli > b->load_milli + (gap_milli > full_gap ? gap_milli : full_gap);
}

/* The busiest node (highest load per CPU; more runnable on a tie), or -1 with none. */
static inline int bal_busiest(const struct bal_node *nodes, int nr_nodes)
{
	int best = -1, i;

	for (i = 0; i < nr_nodes; i++) {
		if (!nodes[i].nr_cpus)
			continue;
		if (best < 0 || nodes[i].load_milli > nodes[best].load_milli ||
		    (nodes[i].load_milli == nodes[best].load_milli &&
		     nodes[i].nr_running > nodes[best].nr_running))
			best = i;
	}
	return best;
}

/*
 * The nearest node with room for work of `busy`: the first node of busy's
 * row of the node order (itself first, then by distance) that the pair test
 * finds lighter. -1 when none has room.
 */
static inline int bal_nearest_with_room(const struct bal_node *nodes, int nr_nodes,
					const u32 *order_row, int busy, u64 gap_milli)
{
	int k;

	for (k = 0; k < nr_nodes; k++) {
		int n = (int)order_row[k];

		if (n == busy || n < 0 || n >= nr_nodes || !nodes[n].nr_cpus)
			continue;
		if (bal_pair_imbalanced(&nodes[busy], &nodes[n], gap_milli))
			return n;
	}
	return -1;
}

/* How long one pair of nodes has been out of balance. */
struct bal_settle {
	u64 since_ns;		/* 0: no imbalance being timed */
	u64 off_since_ns;	/* the timed pair looked balanced since, 0: it did not */
	int from, to;
};

/*
 * A break in an imbalance shorter than this does not restart its wait. One
 * task waiting beside a CPU that idles about half the time sits on the
 * thresholds of bal_can_run_milli: one snapshot that misses it, and the
 * verdict was off for a tick or two; restarting the wait then put the last
 * move of the hog test seconds late. Two ticks.
 */
#define BAL_SETTLE_GRACE_NS (250ULL * 1000000ULL)

/*
 * Feed this tick's verdict (from < 0: balanced). True once the same pair has
 * been out of balance for settle_ns, with no break of BAL_SETTLE_GRACE_NS or
 * more; a different pair starts the wait again.
 */
static inline bool bal_settled(struct bal_settle *s, int from, int to, u64 now_ns, u64 settle_ns)
{
	if (from < 0 || to < 0) {
		if (s->since_ns && !s->off_since_ns)
			s->off_since_ns = now_ns ? now_ns : 1;
		if (s->off_since_ns && now_ns - s->off_since_ns >= BAL_SETTLE_GRACE_NS)
			s->since_ns = s->off_since_ns = 0;
		return false;
	}
	s->off_since_ns = 0;
	if (!s->since_ns || s->from != from || s->to != to) {
		s->since_ns = now_ns ? now_ns : 1;
		s->from = from;
		s->to = to;
	}
	return now_ns - s->since_ns >= settle_ns;
}

/* The balancer's last move: processes went from `from` to `to` at at_ns (0: none yet). */
struct bal_last_move {
	u64 at_ns;
	int from, to;
};

#define BAL_REVERSE_WINDOW_NS (10ULL * 1000000000ULL)
#define BAL_REVERSE_SETTLE_FACTOR 4
#define BAL_EVEN_SETTLE_FACTOR 4

/*
 * How long an imbalance from `from` to `to` must last before a move.
 * Filling idle CPUs (`filling`: bal_can_run_milli) gains work at once and
 * waits settle_ns, whichever way the last move went: an idle CPU beside a
 * waiting task for that long is evidence enough, and a fill is sized by
 * the snapshot too (bal_fill_tasks), so it does not overshoot into a
 * back-and-forth. (Waiting 4x as long to fill back after the last move
 * the other way left 3 CPUs idle for 2 s after the hog test's kill: its
 * last move had evened the start burst out the other way.) Evening out two
 * nodes whose CPUs are all busy only makes waits fairer, and the load it
 * is judged by swings by a task or two for a second at a time (a shell's
 * pipelines; the loader moving the last process's pages): it waits
 * BAL_EVEN_SETTLE_FACTOR times as long, so a transient does not send one
 * process too many. Undoing the last move that way within
 * BAL_REVERSE_WINDOW_NS takes BAL_REVERSE_SETTLE_FACTOR times as long
 * again: each move of a process with memory under --numa-strict costs a
 * migration of its pages, so a back-and-forth must not be cheap.
 */
static inline u64 bal_settle_ns(const struct bal_last_move *last, int from, int to, u64 now_ns,
				u64 settle_ns, bool filling)
{
	bool reverse = last->at_ns && last->from == to && last->to == from &&
		       now_ns - last->at_ns < BAL_REVERSE_WINDOW_NS;
	u64 wait = settle_ns * BAL_EVEN_SETTLE_FACTOR;

	if (filling)
		return settle_ns;
	return reverse ? wait * BAL_REVERSE_SETTLE_FACTOR : wait;
}

/*
 * Pages of rehomed processes still moving (--numa-strict): such a process
 * is blocked much of the time while its pages move, so its new node looks
 * lighter than it is, and decisions taken then sent one process too many
 * and moved it back. The balancer holds its evening-out moves (not fills of
 * idle CPUs beside waiting tasks) while moves it ordered are pending, and
 * for BAL_MEMORY_QUIET_NS after they end (the averages catch up), but never
 * longer than BAL_MEMORY_WAIT_MAX_NS at a stretch: a slow mover must not
 * stop balancing. Under TCG a busy guest's migrate_pages(2) takes 1-6 s per
 * process even under the fair class (measured), so this matters there.
 */
#define BAL_MEMORY_QUIET_NS (1000ULL * 1000000ULL)
#define BAL_MEMORY_WAIT_MAX_NS (10ULL * 1000000000ULL)

struct bal_memory_wait {
	u64 pending_since_ns;	/* 0: nothing pending at the last check */
	u64 done_at_ns;		/* when the last pending stretch ended, 0 none */
};

/* Feed the number of pending moves now; true while the balancer should hold. */
static inline bool bal_hold_for_memory(struct bal_memory_wait *w, int pending, u64 now_ns)
{
	if (pending > 0) {
		if (!w->pending_since_ns)
			w->pending_since_ns = now_ns ? now_ns : 1;
		return now_ns - w->pending_since_ns < BAL_MEMORY_WAIT_MAX_NS;
	}
	if (w->pending_since_ns) {
		w->pending_since_ns = 0;
		w->done_at_ns = now_ns ? now_ns : 1;
	}
	return w->done_at_ns && now_ns - w->done_at_ns < BAL_MEMORY_QUIET_NS;
}

/*
 * Fills of idle CPUs in the node whose pages move wait at most this long
 * (the mover takes one process at a time): the process that moves there is
 * blocked on its pages much of the time, and a fill then takes its CPU, but
 * a move that lasts longer leaves that CPU idle for all of it. A hog's pages
 * moved in 0.03 s under TCG; the hog test's shell (it forks all the time)
 * took 3-13 s, and holding fills for that long failed the test.
 */
#define BAL_MEMORY_FILL_WAIT_MAX_NS (1000ULL * 1000000ULL)

/* After bal_hold_for_memory: whether a fill into the moving process's node still waits. */
static inline bool bal_fill_waits_for_memory(const struct bal_memory_wait *w, u64 now_ns)
{
	return w->pending_since_ns && now_ns - w->pending_since_ns < BAL_MEMORY_FILL_WAIT_MAX_NS;
}

/*
 * Whether a move from the busiest node to `to` waits while rehomed
 * processes' pages move (held: bal_hold_for_memory says they do). Evening
 * out waits for the whole move; a fill of idle CPUs (filling) waits only
 * when it goes into the node the pages move to (moving_to), and then for
 * at most BAL_MEMORY_FILL_WAIT_MAX_NS.
 */
static inline bool bal_move_waits_for_memory(const struct bal_memory_wait *w, bool held,
					     bool filling, int to, int moving_to, u64 now_ns)
{
	if (!held)
		return false;
	if (!filling)
		return true;
	return to == moving_to && bal_fill_waits_for_memory(w, now_ns);
}

/* Why a process may not move from `from` to `to` now; NULL when it may. */
static inline const char *bal_refusal(const struct bal_proc *p, int from, int to,
				      u32 to_nr_cpus, u64 now_ns, const struct bal_params *prm)
{
	if (p->home_node != from)
		return "not homed on the busy node";
	if (to < 0 || to >= 64 || !(p->allowed_nodes & (1ULL << to)))
		return "its cpumask or cpuset excludes the target";
	if (p->nr_spilled)
		return "spread over several nodes";
	if (p->nr_threads > to_nr_cpus)
		return "more threads than the target has CPUs";
	if (p->moved_at_ns && now_ns - p->moved_at_ns < prm->hysteresis_ns)
		return "moved too recently";
	/*
	 * Its home was chosen by load moments ago, and while its threads start
	 * and touch their memory the node loads say little: moving it then rocks
	 * the processes of a start burst between nodes.
	 */
	if (p->born_ns && now_ns - p->born_ns < prm->young_ns)
		return "still starting";
	if (p->demand_milli < prm->min_demand_milli)
		return "too light to matter";
	return NULL;
}

/* Sort candidates so that `before` holds between neighbours (insertion sort: lists are short). */
static inline void bal_sort(struct bal_proc *procs, size_t nr,
			    bool (*before)(const struct bal_proc *, const struct bal_proc *))
{
	size_t i, j;

	for (i = 1; i < nr; i++) {
		struct bal_proc key = procs[i];

		for (j = i; j > 0 && before(&key, &procs[j - 1]); j--)
			procs[j] = procs[j - 1];
		procs[j] = key;
	}
}

/* Lightest first; by tgid on a tie, so a decision is repeatable. */
static inline bool bal_lighter(const struct bal_proc *a, const struct bal_proc *b)
{
	if (a->demand_milli != b->demand_milli)
		return a->demand_milli < b->demand_milli;
	return a->tgid < b->tgid;
}

/*
 * The one that waits the larger share of its runnable time first (cross
 * multiplied: waited / demand), then the lightest. A fill is for tasks that
 * wait: the hog test's shell, busy 0.6 of a CPU but hardly ever waiting,
 * came first by demand alone, left its new CPU 40% idle, and its pages
 * (a shell that forks all the time) took 9 s to move.
 */
static inline bool bal_waits_more(const struct bal_proc *a, const struct bal_proc *b)
{
	u64 wa = a->waited_milli * b->demand_milli, wb = b->waited_milli * a->demand_milli;

	if (wa != wb)
		return wa > wb;
	return bal_lighter(a, b);
}

/*
 * Choose the processes to move from `from` to `to`, smallest first: a process
 * is taken while it at least halves what is left to move (demand <= 1.5 x
 * remaining), so a move never leaves more than half the imbalance the other
 * way: a bigger one would be worth little, and the loads it is measured
 * from are noisy enough to bring it back. procs is sorted in
 * place; the chosen indices go to picked[] (at most prm->max_moves). Returns
 * how many were chosen.
 */
static inline int bal_pick_moves(struct bal_proc *procs, size_t nr, int from, int to,
				 u32 to_nr_cpus, u64 amount_milli, u64 now_ns,
				 const struct bal_params *prm, size_t *picked)
{
	u64 remaining = amount_milli;
	size_t i;
	int nr_picked = 0;

	bal_sort(procs, nr, bal_lighter);
	for (i = 0; i < nr && (u32)nr_picked < prm->max_moves && remaining; i++) {
		if (bal_refusal(&procs[i], from, to, to_nr_cpus, now_ns, prm))
			continue;
		if (2 * procs[i].demand_milli > 3 * remaining)
			break;	/* sorted: every later one is heavier still */
		picked[nr_picked++] = i;
		remaining = procs[i].demand_milli >= remaining ? 0 : remaining - procs[i].demand_milli;
	}
	return nr_picked;
}

/*
 * Busy tasks: how many CPUs a process keeps busy, rounded (demand 0.7 is
 * one CPU, 3.4 is three), 0 for a process below half a CPU. Counted from
 * demand, not threads: a hog's main thread that sleeps in join is a
 * thread but never wants a CPU, and a hog on a crowded node shows a demand
 * below one CPU (its waits are banked late and averaged: 0.7-0.9).
 */
#define BAL_BUSY_TASK_MILLI 500

static inline u32 bal_busy_tasks(u64 demand_milli)
{
	if (demand_milli < BAL_BUSY_TASK_MILLI)
		return 0;
	return (u32)((demand_milli + 500) / 1000);
}

/*
 * Choose the processes that fill `tasks` idle CPUs of `to` with tasks that
 * wait on `from` (bal_can_run_milli): busy ones only (a light process
 * would leave most of an idle CPU idle), counted in busy tasks, never more
 * than `tasks`. Summing demands to reach `tasks` CPUs would take 5 or 6
 * hogs that show 0.7-0.9 for 4 idle CPUs, leaving the busy node idle until
 * the move is undone. Those that wait most first (bal_waits_more); returns
 * how many were chosen.
 */
static inline int bal_pick_fill(struct bal_proc *procs, size_t nr, int from, int to,
				u32 to_nr_cpus, u32 tasks, u64 now_ns,
				const struct bal_params *prm, size_t *picked)
{
	u32 remaining = tasks;
	size_t i;
	int nr_picked = 0;

	bal_sort(procs, nr, bal_waits_more);
	for (i = 0; i < nr && (u32)nr_picked < prm->max_moves && remaining; i++) {
		u32 busy = bal_busy_tasks(procs[i].demand_milli);

		if (bal_refusal(&procs[i], from, to, to_nr_cpus, now_ns, prm) || !busy ||
		    busy > remaining)
			continue;
		picked[nr_picked++] = i;
		remaining -= busy;
	}
	return nr_picked;
}

/*
 * A process's demand: its runnable time (running or waiting) / wall time x
 * 1000, the same unit as a node's load: a CPU hog is 1000 however crowded
 * its node. Capped at one per thread (the averages of two clocks can
 * disagree a little).
 */
static inline u64 bal_demand_milli(u64 runnable_milli, u32 nr_threads)
{
	u64 cap = 1000ULL * (nr_threads ? nr_threads : 1);

	return runnable_milli < cap ? runnable_milli : cap;
}

/*
 * Whether a process with `kib_off_node` KiB off its home node is worth a
 * migrate_pages(2) call: each call drains every CPU's page lists and waits
 * for an expedited RCU grace period, disturbing all CPUs whatever it moves,
 * and a CPU hog's few hundred KiB of stack and data are not worth that
 * (under 1 MiB a process's memory is about what the caches of its new
 * node hold anyway). Under TCG such a call took 1-2 s on a busy guest, and
 * 5.5 s for a hog's 0.9 MB, with the hog blocked on its pages for much of
 * it and its CPU idle.
 */
#define BAL_MIN_MOVE_KIB 1024

static inline bool bal_memory_worth_moving(u64 kib_off_node)
{
	return kib_off_node >= BAL_MIN_MOVE_KIB;
}

/* The node holding most of a process's pages (pages[n] per node), -1 if none. */
static inline int bal_memory_node(const u64 *pages, int nr_nodes, u64 allowed_nodes)
{
	int best = -1, n;

	for (n = 0; n < nr_nodes && n < 64; n++) {
		if (!(allowed_nodes & (1ULL << n)) || !pages[n])
			continue;
		if (best < 0 || pages[n] > pages[best])
			best = n;
	}
	return best;
}

#endif /* SCX_TOPO_BALANCE_H */
