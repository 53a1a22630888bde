// SPDX-License-Identifier: GPL-2.0
/* test_balance.c - the node balancer's decisions (src/policy/balance.h). */
#include "balance.h"
#include "check.h"

#define MS 1000000ULL

static const struct bal_params params = {
	.gap_milli = 250,
	.min_demand_milli = 50,
	.hysteresis_ns = 5000 * MS,
	.young_ns = 3000 * MS,
	.max_moves = 8,
};

static void test_sample_and_average(void)
{
	struct bal_node n = { .nr_cpus = 8, .nr_running = 12 };

	CHECK_EQ(bal_sample_milli(&n), 1500);	/* 12 hogs on 8 CPUs */
	CHECK_EQ(bal_waiting_sample_milli(&n), 4000);
	CHECK_EQ(bal_idle_sample_milli(&n), 0);
	n = (struct bal_node){ .nr_cpus = 8, .nr_running = 5, .nr_idle_cpus = 3 };
	CHECK_EQ(bal_sample_milli(&n), 625);
	CHECK_EQ(bal_waiting_sample_milli(&n), 0);
	CHECK_EQ(bal_idle_sample_milli(&n), 3000);
	/* 7 hogs and a kernel thread behind one of them: a CPU idles all the same. */
	n = (struct bal_node){ .nr_cpus = 8, .nr_running = 8, .nr_idle_cpus = 1 };
	CHECK_EQ(bal_idle_sample_milli(&n), 1000);
	CHECK_EQ(bal_waiting_sample_milli(&n), 1000);
	n.nr_running = 12;	/* and 4 more: 5 wait beyond the 7 busy CPUs */
	CHECK_EQ(bal_waiting_sample_milli(&n), 5000);
	n.nr_cpus = 0;
	CHECK_EQ(bal_sample_milli(&n), 0);
	/* tau 250 ms, ticks of 100 ms: a 100 ms barrier (all idle) moves 1000 to ~714. */
	CHECK_EQ(bal_ewma(1000, 0, 100 * MS, 250 * MS), 715);
	CHECK_EQ(bal_ewma(0, 1000, 100 * MS, 250 * MS), 285);
	CHECK_EQ(bal_ewma(700, 700, 100 * MS, 250 * MS), 700);
	CHECK_EQ(bal_ewma(5, 1000, 0, 0), 1000);
}

static void test_imbalance(void)
{
	struct bal_node busy = { .nr_cpus = 8, .load_milli = 1500, .waiting_milli = 4000 };
	struct bal_node idle = { .nr_cpus = 8, .load_milli = 500, .idle_milli = 4000 };
	struct bal_node even = { .nr_cpus = 8, .load_milli = 1400 };
	struct bal_node a = { .nr_cpus = 8, .load_milli = 1125 }, b = { .nr_cpus = 8, .load_milli = 875 };

	CHECK(bal_pair_imbalanced(&busy, &idle, 250), "work waits while CPUs idle");
	CHECK(!bal_pair_imbalanced(&idle, &busy, 250), "the idle node does not give away");
	CHECK(!bal_pair_imbalanced(&busy, &even, 250), "0.1 per CPU is within the gap");
	even.load_milli = 1100;
	CHECK(bal_pair_imbalanced(&busy, &even, 250), "0.4 per CPU is beyond it and a quarter of 1.1");
	even.load_milli = 1200;
	CHECK(!bal_pair_imbalanced(&busy, &even, 250), "both full: 0.3 is not beyond a quarter of 1.2");
	/* 9 and 7 tasks on 8 CPUs each: one waits, one CPU idles: one move fixes it. */
	CHECK(bal_pair_imbalanced(&a, &b, 250), "9 vs 7 tasks");
	/* 8.5 vs 7.5 on average: moving a task would only turn the gap around. */
	a.load_milli = 1062;
	b.load_milli = 938;
	CHECK(!bal_pair_imbalanced(&a, &b, 250), "8.5 vs 7.5 tasks");
	/* Both full: 13 vs 11 tasks on 8 CPUs each is within a quarter of 1.375. */
	a = (struct bal_node){ .nr_cpus = 8, .load_milli = 1625 };
	b = (struct bal_node){ .nr_cpus = 8, .load_milli = 1375 };
	CHECK(!bal_pair_imbalanced(&a, &b, 250), "13 vs 11 tasks, both full");
	a.load_milli = 2000;	/* 16 vs 11: beyond it */
	CHECK(bal_pair_imbalanced(&a, &b, 250), "16 vs 11 tasks, both full");
	/* Loads crowded by short-lived tasks, but a task waits while a CPU idles. */
	a = (struct bal_node){ .nr_cpus = 8, .load_milli = 1350, .waiting_milli = 1100 };
	b = (struct bal_node){ .nr_cpus = 8, .load_milli = 1100, .idle_milli = 900 };
	CHECK(bal_pair_imbalanced(&a, &b, 250), "waits while idles, on average");
	CHECK_EQ(bal_amount_milli(&a, &b), 1000);
	b.idle_milli = 500;	/* a task waits all the time, half a CPU idles: half a CPU gained */
	CHECK(bal_pair_imbalanced(&a, &b, 250), "idle half a CPU");
	CHECK_EQ(bal_amount_milli(&a, &b), 1000);
	b.idle_milli = 350;	/* 7 hogs and short-lived work on 8 CPUs, one task waits beside */
	CHECK(bal_pair_imbalanced(&a, &b, 250), "idle 0.35 of a CPU");
	b.idle_milli = 250;
	CHECK(!bal_pair_imbalanced(&a, &b, 250), "idle 0.25 of a CPU");
	/* After that fill: b waits 0.65 of the time, a idles 0.1: no fill back. */
	a = (struct bal_node){ .nr_cpus = 8, .load_milli = 990, .idle_milli = 100 };
	b = (struct bal_node){ .nr_cpus = 8, .load_milli = 1080, .waiting_milli = 650 };
	CHECK(!bal_pair_imbalanced(&b, &a, 250), "no fill back after a fill");
	a = (struct bal_node){ .nr_cpus = 8, .load_milli = 1350, .waiting_milli = 1100 };
	b = (struct bal_node){ .nr_cpus = 8, .load_milli = 1100 };
	/* A task waits 0.7 of the time: the move could leave a CPU of a idle. */
	a.waiting_milli = 700;
	b.idle_milli = 2000;
	CHECK_EQ(bal_can_run_milli(&a, &b), 0);
	/* 0.9: a snapshot now and then misses the one waiting hog; it counts. */
	a.waiting_milli = 900;
	CHECK_EQ(bal_can_run_milli(&a, &b), 1000);
	/* A CPU partly used by short-lived tasks: the fast averages dip below, the slow hold. */
	a.waiting_milli = 1000;
	b.idle_milli = 100;
	CHECK_EQ(bal_can_run_milli(&a, &b), 0);
	a.waiting_slow_milli = 990;
	b.idle_slow_milli = 380;
	CHECK_EQ(bal_can_run_milli(&a, &b), 1000);
	b.idle_now_milli = 0;	/* ... but this snapshot caught it busy: the next tick moves */
	a.waiting_now_milli = 1000;
	CHECK_EQ(bal_fill_tasks(&a, &b), 0);
	b.idle_now_milli = 1000;
	CHECK_EQ(bal_fill_tasks(&a, &b), 1);
	/* 2.3 tasks wait, 1.6 CPUs idle (the second 0.6 of the time): two tasks move. */
	a = (struct bal_node){ .nr_cpus = 8, .load_milli = 1300, .waiting_milli = 2300 };
	b = (struct bal_node){ .nr_cpus = 8, .load_milli = 900, .idle_milli = 1600 };
	CHECK_EQ(bal_amount_milli(&a, &b), 2000);
	/* Small nodes: 3 vs 1 task on 2 CPUs each is a gap of 1.0 per CPU, one move. */
	a = (struct bal_node){ .nr_cpus = 2, .load_milli = 1500 };
	b = (struct bal_node){ .nr_cpus = 2, .load_milli = 500 };
	CHECK(bal_pair_imbalanced(&a, &b, 250), "3 vs 1 on 2-CPU nodes");
	/* 2 vs 1 on 2-CPU nodes: 0.5 per CPU over the gap, but half a task to move. */
	a.load_milli = 1000;
	CHECK(!bal_pair_imbalanced(&a, &b, 250), "2 vs 1 on 2-CPU nodes");
}

/* A ring of 4 nodes: 0-1 at 12, 0-3 at 20, 0-2 at 28 (node 0's order: 0 1 3 2). */
static void test_nearest_with_room(void)
{
	struct bal_node nodes[4] = {
		{ .nr_cpus = 8, .nr_running = 14, .load_milli = 1750 },
		{ .nr_cpus = 8, .load_milli = 1700 },
		{ .nr_cpus = 8, .load_milli = 400 },
		{ .nr_cpus = 8, .load_milli = 800 },
	};
	u32 row0[4] = { 0, 1, 3, 2 };

	CHECK_EQ(bal_busiest(nodes, 4), 0);
	/* Node 1 is nearest but as busy; node 3 is next by distance and has room. */
	CHECK_EQ(bal_nearest_with_room(nodes, 4, row0, 0, 250), 3);
	nodes[1].load_milli = 1000;
	CHECK_EQ(bal_nearest_with_room(nodes, 4, row0, 0, 250), 1);
	nodes[1].load_milli = nodes[2].load_milli = nodes[3].load_milli = 1700;
	CHECK_EQ(bal_nearest_with_room(nodes, 4, row0, 0, 250), -1);
}

static void test_amount(void)
{
	struct bal_node from = { .nr_cpus = 8, .load_milli = 1500 };
	struct bal_node to = { .nr_cpus = 8, .load_milli = 500 };

	CHECK_EQ(bal_amount_milli(&from, &to), 4000);	/* 12 vs 4 hogs: 4 move */
	/* 20 tasks on 8 CPUs, 6 on 8: equal at 13. */
	from.load_milli = 2500;
	to.load_milli = 750;
	CHECK_EQ(bal_amount_milli(&from, &to), 7000);
	from.load_milli = 1500;
	to.load_milli = 1100;
	CHECK_EQ(bal_amount_milli(&from, &to), 1600);
	CHECK_EQ(bal_amount_milli(&to, &from), 0);
	/* Unequal nodes: 4 CPUs at 2.0 and 12 CPUs at 1.0 meet at 1.25. */
	from = (struct bal_node){ .nr_cpus = 4, .load_milli = 2000 };
	to = (struct bal_node){ .nr_cpus = 12, .load_milli = 1000 };
	CHECK_EQ(bal_amount_milli(&from, &to), 3000);
	/* 4 CPUs with 10 tasks, 12 CPUs with 9: 19 on 16 CPUs, node 0 keeps 4.75. */
	from.load_milli = 2500;
	to.load_milli = 750;
	CHECK_EQ(bal_amount_milli(&from, &to), 5250);
}

static struct bal_proc proc(u32 tgid, u32 threads, u64 demand)
{
	struct bal_proc p = {
		.tgid = tgid, .home_node = 0, .nr_threads = threads,
		.demand_milli = demand, .allowed_nodes = 0xf,
	};
	return p;
}

static void test_refusals(void)
{
	u64 now = 100000 * MS;
	struct bal_proc p = proc(1, 2, 2000);

	CHECK(!bal_refusal(&p, 0, 1, 8, now, &params), "an ordinary process may move");
	p.allowed_nodes = 0x1;
	CHECK(bal_refusal(&p, 0, 1, 8, now, &params) != NULL, "cpumask excludes node 1");
	p = proc(1, 2, 2000);
	p.nr_spilled = 1;
	CHECK(bal_refusal(&p, 0, 1, 8, now, &params) != NULL, "spilled processes stay");
	p = proc(1, 9, 8000);
	CHECK(bal_refusal(&p, 0, 1, 8, now, &params) != NULL, "9 threads do not fit 8 CPUs");
	p = proc(1, 2, 2000);
	p.moved_at_ns = now - 1000 * MS;
	CHECK(bal_refusal(&p, 0, 1, 8, now, &params) != NULL, "moved a second ago");
	p.moved_at_ns = now - 6000 * MS;
	CHECK(!bal_refusal(&p, 0, 1, 8, now, &params), "moved six seconds ago");
	p = proc(1, 4, 4000);
	p.born_ns = now - 1000 * MS;
	CHECK(bal_refusal(&p, 0, 1, 8, now, &params) != NULL, "started a second ago");
	p.born_ns = now - 4000 * MS;
	CHECK(!bal_refusal(&p, 0, 1, 8, now, &params), "started four seconds ago");
	p = proc(1, 1, 10);
	CHECK(bal_refusal(&p, 0, 1, 8, now, &params) != NULL, "an idle daemon is not worth it");
	p = proc(1, 1, 1000);
	p.home_node = 2;
	CHECK(bal_refusal(&p, 0, 1, 8, now, &params) != NULL, "homed elsewhere");
}

static int picked_tgids(const struct bal_proc *procs, const size_t *picked, int nr, u32 *out)
{
	int i;

	for (i = 0; i < nr; i++)
		out[i] = procs[picked[i]].tgid;
	return nr;
}

static void test_pick_moves(void)
{
	struct bal_proc procs[6];
	size_t picked[8];
	u32 tgids[8];
	int nr;

	/* 12 one-thread hogs on node 0, 4 to move: the 4 lightest (lowest tgid on ties). */
	for (nr = 0; nr < 6; nr++)
		procs[nr] = proc(100 - nr, 1, 1000);
	nr = bal_pick_moves(procs, 6, 0, 1, 8, 4000, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 4);
	CHECK_EQ(tgids[0], 95);
	CHECK_EQ(tgids[3], 98);

	/* Smallest first, never one that overshoots: need 2.5 CPUs of 1, 2 and 4-thread ones. */
	procs[0] = proc(10, 4, 4000);
	procs[1] = proc(11, 2, 2000);
	procs[2] = proc(12, 1, 1000);
	nr = bal_pick_moves(procs, 3, 0, 1, 8, 2500, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 2);
	CHECK_EQ(tgids[0], 12);
	CHECK_EQ(tgids[1], 11);

	/* A single process heavier than twice the gap would only flip the imbalance. */
	procs[0] = proc(10, 4, 4000);
	CHECK_EQ(bal_pick_moves(procs, 1, 0, 1, 8, 1500, 1, &params, picked), 0);
	/* 3.15 CPUs for 1.76 to move: node 1 would end up 1.4 busier than node 0 was. */
	procs[0] = proc(10, 4, 3150);
	CHECK_EQ(bal_pick_moves(procs, 1, 0, 1, 8, 1760, 1, &params, picked), 0);
	CHECK_EQ(bal_pick_moves(procs, 1, 0, 1, 8, 2100, 1, &params, picked), 1);

	/* A pinned light one is skipped; the next still goes. */
	procs[0] = proc(20, 1, 500);
	procs[0].allowed_nodes = 0x1;
	procs[1] = proc(21, 1, 900);
	nr = bal_pick_moves(procs, 2, 0, 1, 8, 1000, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 1);
	CHECK_EQ(tgids[0], 21);

	/* max_moves bounds a round. */
	for (nr = 0; nr < 6; nr++)
		procs[nr] = proc(200 + nr, 1, 100);
	{
		struct bal_params two = params;

		two.max_moves = 2;
		CHECK_EQ(bal_pick_moves(procs, 6, 0, 1, 8, 4000, 1, &two, picked), 2);
	}
}

static void test_pick_fill(void)
{
	struct bal_proc procs[8];
	size_t picked[8];
	u32 tgids[8];
	int nr, i;

	/* 4 idle CPUs, 12 hogs that look lighter than they are: 4 move, not 6. */
	for (i = 0; i < 8; i++)
		procs[i] = proc(200 + i, 1, 700);
	nr = bal_pick_fill(procs, 8, 0, 1, 8, 4, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 4);
	CHECK_EQ(bal_pick_moves(procs, 8, 0, 1, 8, 4000, 1, &params, picked), 6);

	/* A light process leaves an idle CPU mostly idle: skipped for the busy ones. */
	procs[0] = proc(10, 1, 300);
	procs[1] = proc(11, 1, 900);
	procs[2] = proc(12, 2, 1800);
	nr = bal_pick_fill(procs, 3, 0, 1, 8, 2, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 1);
	CHECK_EQ(tgids[0], 11);

	/* A hog whose main thread sleeps in join (2 threads, one busy) fills one idle CPU. */
	procs[0] = proc(30, 2, 850);
	nr = bal_pick_fill(procs, 1, 0, 1, 8, 1, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 1);
	CHECK_EQ(bal_busy_tasks(850), 1);
	CHECK_EQ(bal_busy_tasks(3400), 3);
	CHECK_EQ(bal_busy_tasks(450), 0);
	procs[0] = proc(10, 1, 300);

	/* Busy tasks count: a process busy on 2 CPUs fills 2, never more than there are. */
	nr = bal_pick_fill(procs, 3, 0, 1, 8, 3, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 2);
	procs[0] = proc(20, 4, 3800);
	CHECK_EQ(bal_pick_fill(procs, 1, 0, 1, 8, 3, 1, &params, picked), 0);

	/*
	 * The hog test's shell: lighter than the hogs but hardly ever waiting.
	 * A fill takes the hogs that wait, the one that waits the larger share
	 * of its time first; evening out still takes the lightest.
	 */
	procs[0] = proc(40, 1, 600);
	procs[0].waited_milli = 20;
	procs[1] = proc(41, 1, 800);
	procs[1].waited_milli = 250;
	procs[2] = proc(42, 2, 1800);
	procs[2].waited_milli = 700;
	nr = bal_pick_fill(procs, 3, 0, 1, 8, 1, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 1);
	CHECK_EQ(tgids[0], 41);
	nr = bal_pick_fill(procs, 3, 0, 1, 8, 3, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 2);
	CHECK_EQ(tgids[0], 42);
	CHECK_EQ(tgids[1], 41);
	nr = bal_pick_moves(procs, 3, 0, 1, 8, 600, 1, &params, picked);
	CHECK_EQ(picked_tgids(procs, picked, nr, tgids), 1);
	CHECK_EQ(tgids[0], 40);
}

static void test_demand(void)
{
	CHECK_EQ(bal_demand_milli(1000, 1), 1000);	/* a hog, running or waiting */
	CHECK_EQ(bal_demand_milli(400, 1), 400);	/* sleeps 60% of the time */
	CHECK_EQ(bal_demand_milli(4100, 4), 4000);	/* capped at one per thread */
	CHECK_EQ(bal_demand_milli(1200, 0), 1000);
}

static void test_settle(void)
{
	struct bal_settle s = { 0 };

	CHECK(!bal_settled(&s, 0, 1, 1000 * MS, 500 * MS), "first sight");
	CHECK(!bal_settled(&s, 0, 1, 1400 * MS, 500 * MS), "400 ms");
	CHECK(bal_settled(&s, 0, 1, 1500 * MS, 500 * MS), "500 ms");
	CHECK(!bal_settled(&s, 0, 2, 1600 * MS, 500 * MS), "another pair starts over");
	CHECK(!bal_settled(&s, -1, -1, 1700 * MS, 500 * MS), "balanced");
	CHECK(!bal_settled(&s, 0, 2, 1800 * MS, 500 * MS), "200 ms");
	CHECK(bal_settled(&s, 0, 2, 2100 * MS, 500 * MS), "a one-tick break did not restart the wait");
	CHECK(!bal_settled(&s, -1, -1, 2200 * MS, 500 * MS), "balanced");
	CHECK(!bal_settled(&s, -1, -1, 2300 * MS, 500 * MS), "balanced");
	CHECK(!bal_settled(&s, -1, -1, 2450 * MS, 500 * MS), "balanced for 250 ms");
	CHECK(!bal_settled(&s, 0, 2, 2500 * MS, 500 * MS), "a longer break restarted it");
	CHECK(!bal_settled(&s, 0, 2, 2900 * MS, 500 * MS), "400 ms");
	CHECK(bal_settled(&s, 0, 2, 3000 * MS, 500 * MS), "settled again");
}

static void test_reverse_settle(void)
{
	struct bal_last_move none = { 0 }, moved = { .at_ns = 2000 * MS, .from = 0, .to = 1 };

	CHECK_EQ(bal_settle_ns(&none, 1, 0, 3000 * MS, 500 * MS, true), 500 * MS);
	CHECK_EQ(bal_settle_ns(&moved, 0, 1, 3000 * MS, 500 * MS, true), 500 * MS);	/* same way */
	/* Filling back idle CPUs: no longer than any fill (the hog test's kill). */
	CHECK_EQ(bal_settle_ns(&moved, 1, 0, 3000 * MS, 500 * MS, true), 500 * MS);
	/* Evening out busy nodes waits 4x as long: the loads swing by a task or two. */
	CHECK_EQ(bal_settle_ns(&none, 1, 0, 3000 * MS, 500 * MS, false), 2000 * MS);
	CHECK_EQ(bal_settle_ns(&moved, 1, 0, 3000 * MS, 500 * MS, false), 8000 * MS);
	CHECK_EQ(bal_settle_ns(&moved, 1, 0, 12000 * MS, 500 * MS, true), 500 * MS);	/* 10 s later */
	CHECK_EQ(bal_settle_ns(&moved, 1, 2, 3000 * MS, 500 * MS, true), 500 * MS);	/* another pair */
}

static void test_even_after_fill(void)
{
	/* After filling: 8 tasks on 8 CPUs vs 4 on 8, room for 4: even out 2. */
	struct bal_node a = { .nr_cpus = 8, .load_milli = 1000 };
	struct bal_node b = { .nr_cpus = 8, .load_milli = 500, .idle_now_milli = 4000 };

	CHECK_EQ(bal_even_after_fill_milli(&a, &b), 2000);
	/* 14 "tasks" (11 hogs and a busy shell) vs 7 on 8: the gap says 3.5, room 1. */
	a.load_milli = 1750;
	b.load_milli = 875;
	CHECK_EQ(bal_even_after_fill_milli(&a, &b), 1000);
	/* The same averages, but the fill took b's last idle CPU by the snapshot. */
	b.idle_now_milli = 0;
	CHECK_EQ(bal_even_after_fill_milli(&a, &b), 0);
	b.idle_now_milli = 4000;
	/* Half a CPU of room: nothing. */
	b.load_milli = 940;
	CHECK_EQ(bal_even_after_fill_milli(&a, &b), 0);
	/* Already even. */
	a.load_milli = b.load_milli = 1000;
	CHECK_EQ(bal_even_after_fill_milli(&a, &b), 0);
}

static void test_hold_for_memory(void)
{
	struct bal_memory_wait w = { 0 };

	CHECK(!bal_hold_for_memory(&w, 0, 1000 * MS), "nothing ever moved: no hold");
	CHECK(bal_hold_for_memory(&w, 3, 2000 * MS), "moves pending: hold");
	CHECK(bal_hold_for_memory(&w, 1, 8000 * MS), "still pending: hold");
	CHECK(!bal_hold_for_memory(&w, 1, 12000 * MS), "pending 10 s: balance anyway");
	CHECK(bal_hold_for_memory(&w, 0, 12500 * MS), "just done: the averages catch up");
	CHECK(bal_hold_for_memory(&w, 0, 13400 * MS), "0.9 s after: hold");
	CHECK(!bal_hold_for_memory(&w, 0, 13600 * MS), "1.1 s after the last move: balance");
	CHECK(bal_hold_for_memory(&w, 2, 20000 * MS), "a new stretch holds again");
	CHECK(bal_fill_waits_for_memory(&w, 20500 * MS), "a fill waits for the pages 0.5 s");
	CHECK(!bal_fill_waits_for_memory(&w, 21000 * MS), "but not 1 s");
	CHECK(bal_hold_for_memory(&w, 1, 21000 * MS), "while evening out still holds");
	bal_hold_for_memory(&w, 0, 21100 * MS);
	CHECK(!bal_fill_waits_for_memory(&w, 21100 * MS), "nothing pending: a fill does not wait");
}

static void test_move_waits_for_memory(void)
{
	struct bal_memory_wait w = { 0 };

	bal_hold_for_memory(&w, 1, 1000 * MS);
	CHECK(!bal_move_waits_for_memory(&w, false, false, 1, 1, 1100 * MS), "no hold: move");
	CHECK(bal_move_waits_for_memory(&w, true, false, 1, 0, 1100 * MS), "evening out waits");
	CHECK(bal_move_waits_for_memory(&w, true, true, 1, 1, 1500 * MS),
	      "a fill into the node the pages move to waits");
	CHECK(!bal_move_waits_for_memory(&w, true, true, 0, 1, 1500 * MS), "a fill elsewhere does not");
	CHECK(!bal_move_waits_for_memory(&w, true, true, 1, 1, 2000 * MS), "nor after a second");
}

static void test_memory_worth_moving(void)
{
	CHECK(!bal_memory_worth_moving(0), "nothing off the node");
	CHECK(!bal_memory_worth_moving(112), "a hog's stack and data");
	CHECK(!bal_memory_worth_moving(920), "a hog's 0.9 MB of samples");
	CHECK(bal_memory_worth_moving(1024), "a MiB");
	CHECK(bal_memory_worth_moving(4096), "a 4 MiB buffer");
}

static void test_memory_node(void)
{
	u64 pages[4] = { 100, 5000, 300, 0 };

	CHECK_EQ(bal_memory_node(pages, 4, 0xf), 1);
	CHECK_EQ(bal_memory_node(pages, 4, 0xd), 2);	/* node 1 not allowed */
	pages[0] = pages[1] = pages[2] = 0;
	CHECK_EQ(bal_memory_node(pages, 4, 0xf), -1);
}

/* A fill is sized by the averages and the last samples, whichever says less. */
static void test_fill_tasks(void)
{
	struct bal_node a = { .nr_cpus = 8, .waiting_milli = 4400, .waiting_now_milli = 4000 };
	struct bal_node b = { .nr_cpus = 8, .idle_milli = 2560, .idle_now_milli = 2000 };

	CHECK_EQ(bal_can_run_milli(&a, &b), 3000);
	CHECK_EQ(bal_fill_tasks(&a, &b), 2);	/* the average still shows a third idle CPU */
	b.idle_now_milli = 0;			/* the moved tasks took the CPUs since */
	CHECK_EQ(bal_fill_tasks(&a, &b), 0);
	b.idle_now_milli = 5000;		/* the samples run ahead: the averages bound it */
	CHECK_EQ(bal_fill_tasks(&a, &b), 3);
	a.waiting_now_milli = 1000;
	CHECK_EQ(bal_fill_tasks(&a, &b), 1);
}

/* Waiting beside an idle CPU of the same node is not work another node can take. */
static void test_fill_net_of_own_node(void)
{
	struct bal_node a = { .nr_cpus = 8, .waiting_milli = 1000, .idle_milli = 900 };
	struct bal_node b = { .nr_cpus = 8, .idle_milli = 1000 };

	CHECK_EQ(bal_can_run_milli(&a, &b), 0);	/* a's waiting task has a CPU of its own */
	a.idle_milli = 0;
	CHECK_EQ(bal_can_run_milli(&a, &b), 1000);
	b.waiting_milli = 800;			/* b's idle CPU is about to be taken there */
	CHECK_EQ(bal_can_run_milli(&a, &b), 0);
	b.waiting_milli = 0;
	a.waiting_milli = 3000;			/* 3 wait, 1 CPU of a idles: 2 can move */
	a.idle_milli = 1000;
	b.idle_milli = 4000;
	CHECK_EQ(bal_can_run_milli(&a, &b), 2000);
}

int main(void)
{
	test_fill_tasks();
	test_fill_net_of_own_node();
	test_sample_and_average();
	test_imbalance();
	test_nearest_with_room();
	test_amount();
	test_refusals();
	test_pick_moves();
	test_pick_fill();
	test_demand();
	test_settle();
	test_reverse_settle();
	test_even_after_fill();
	test_hold_for_memory();
	test_move_waits_for_memory();
	test_memory_worth_moving();
	test_memory_node();
	return check_done("test_balance");
}
