// SPDX-License-Identifier: GPL-2.0
/* test_policy.c - the plain-C policy the BPF scheduler compiles in. */
#include "check.h"
#include "policy.h"
#include "homing.h"
#include "affinity.h"

static void test_move_level(void)
{
	struct topo_cpu_info a = { .present = 1, .core_id = 0, .llc_id = 0, .node_id = 0 };
	struct topo_cpu_info sib = a, core = a, llc = a, node = a;

	core.core_id = 1;
	llc.core_id = 2;
	llc.llc_id = 1;
	node.core_id = 3;
	node.llc_id = 2;
	node.node_id = 1;
	CHECK_EQ(topo_move_level(0, &a, 0, &a), TOPO_LEVEL_SAME_CPU);
	CHECK_EQ(topo_move_level(0, &a, 1, &sib), TOPO_LEVEL_SMT);
	CHECK_EQ(topo_move_level(0, &a, 2, &core), TOPO_LEVEL_LLC);
	CHECK_EQ(topo_move_level(0, &a, 4, &llc), TOPO_LEVEL_NODE);
	CHECK_EQ(topo_move_level(0, &a, 8, &node), TOPO_LEVEL_REMOTE);
	CHECK_EQ(topo_move_level(8, &node, 0, &a), TOPO_LEVEL_REMOTE);
}

static void test_should_steal(void)
{
	CHECK(!topo_should_steal(0, 1), "an empty queue is never worth stealing from");
	CHECK(topo_should_steal(1, 1), "one waiting task is stolen at threshold 1");
	CHECK(!topo_should_steal(1, 2), "threshold 2 leaves a single waiter");
	CHECK(topo_should_steal(2, 2), "threshold 2 steals from two waiters");
	CHECK(!topo_should_steal(0, 0), "threshold 0 behaves as 1");
	CHECK(!topo_should_steal(-1, 1), "an error count is not a queue");
}

static void test_pick_busier(void)
{
	CHECK_EQ(topo_pick_busier(3, 1), 0);
	CHECK_EQ(topo_pick_busier(1, 3), 1);
	CHECK_EQ(topo_pick_busier(2, 2), 0);	/* tie: the nearer one */
}

static void test_vtime(void)
{
	/* A long sleeper is lifted to the floor, a recent one keeps its credit. */
	CHECK_EQ(topo_queued_vtime(0, 1000000, 20000, 500000), 980000);
	CHECK_EQ(topo_queued_vtime(990000, 1000000, 20000, 500000), 990000);
	CHECK_EQ(topo_queued_vtime(5000, 10000, 20000, 500000), 5000);	/* no underflow */
	/* Moving between LLC clocks keeps the lead, and the lag up to the credit. */
	CHECK_EQ(topo_rebase_vtime(1005000, 1000000, 50000, 20000, 500000), 55000);
	CHECK_EQ(topo_rebase_vtime(990000, 1000000, 50000, 20000, 500000), 40000);
	CHECK_EQ(topo_rebase_vtime(0, 1000000, 50000, 20000, 500000), 30000);	/* lag capped */
	CHECK_EQ(topo_rebase_vtime(0, 1000000, 5000, 20000, 500000), 0);	/* no underflow */
	CHECK_EQ(topo_rebase_vtime(70000, 50000, 1000000, 20000, 500000), 1020000);
	CHECK_EQ(topo_rebase_vtime(9000000, 1000000, 50000, 20000, 500000), 550000); /* lead capped */
	CHECK_EQ(topo_queued_vtime(1400000, 1000000, 20000, 500000), 1400000);
	/* A nice-19 task that ran long: its lead over the clock is capped. */
	CHECK_EQ(topo_queued_vtime(2000000000, 1000000, 20000, 500000), 1500000);
	/* The cap: 100 slices, at most an eighth of the watchdog. */
	CHECK_EQ(topo_max_vtime_lead(5000000, 10000000000ULL), 500000000);
	CHECK_EQ(topo_max_vtime_lead(5000000, 1000000000ULL), 125000000);
	/* nice 0 (weight 100) is charged wall time; weight 200 half of it. */
	CHECK_EQ(topo_vtime_charge(1000, 100), 1000);
	CHECK_EQ(topo_vtime_charge(1000, 200), 500);
	CHECK_EQ(topo_vtime_charge(1000, 0), 100000);	/* weight 0 is clamped, no div by 0 */
}

static void test_cooldown(void)
{
	CHECK(!topo_may_migrate(1000, 1500, 1000), "inside the cooldown");
	CHECK(topo_may_migrate(1000, 2000, 1000), "cooldown over");
	CHECK(topo_may_migrate(0, 0, 0), "no cooldown");
}

static void test_pull(void)
{
	/* 4-CPU LLCs: pull when the victim has 2 more queued than we do. */
	CHECK(topo_should_pull(2, 4, 4, 4, 2), "gap of 2 pulls");
	CHECK(!topo_should_pull(3, 4, 4, 4, 2), "gap of 1 does not");
	CHECK(!topo_should_pull(0, 4, 0, 4, 2), "nothing to pull");
	/* Per CPU: 6 queued on 8 CPUs is lighter than 2 queued on our 2 CPUs plus gap. */
	CHECK(!topo_should_pull(2, 2, 6, 8, 2), "big victim LLC, lightly loaded per CPU");
	CHECK(topo_should_pull(0, 2, 8, 8, 2), "8 on 8 CPUs vs 0 on 2: pull");
	CHECK(!topo_should_pull(-1, 4, 4, 4, 2), "error counts do not pull");
}

static void test_node_load(void)
{
	CHECK(topo_node_less_loaded(10, 8, 4, 8), "fewer homed tasks per CPU");
	CHECK(!topo_node_less_loaded(4, 8, 4, 8), "a tie keeps the first");
	CHECK(!topo_node_less_loaded(4, 8, 6, 16) == 0, "6 on 16 CPUs beats 4 on 8");
	CHECK(!topo_node_less_loaded(0, 8, 0, 0), "a node without CPUs never wins");
	CHECK(topo_node_less_loaded(0, 0, 5, 8), "anything beats a node without CPUs");
}

static void test_homes(void)
{
	CHECK_EQ(topo_node_load_now(0, 0, 0, 8), 0);
	/* 4 new homes on 8 CPUs: +0.5 */
	CHECK_EQ(topo_node_load_now(500, topo_pending_homes(topo_count_since(12, 8), 0), 0, 8), 1000);
	/* a stale reading adds nothing */
	CHECK_EQ(topo_count_since(3, 9), 0);
	CHECK_EQ(topo_node_load_now(250, 0, 0, 4), 250);
	/* 80 threads of a benchmark started and ended in the last second: nothing pending... */
	CHECK_EQ(topo_pending_homes(80, 80), 0);
	CHECK_EQ(topo_pending_homes(84, 80), 4);	/* then a burst of 4 */
	/* ... and the average that still counts them (8.25 per CPU on 8 CPUs) does not either */
	CHECK_EQ(topo_node_load_now(8250, topo_pending_homes(84, 80), 80, 8), 500);
	CHECK_EQ(topo_node_load_now(1000, 0, 20, 8), 0);	/* floored at no load */
	CHECK(topo_node_load_now(0, 1, 0, 0) == (u64)-1,
	      "a node without CPUs is never least loaded");
	/* A fork burst with one stray task of background load on node 1 (8 CPUs each). */
	CHECK(topo_better_home(0, 0, (u64)-1, 0, 8), "any node beats none");
	CHECK(!topo_better_home((u64)-1, 0, (u64)-1, 0, 8), "a node without CPUs never wins");
	CHECK(topo_better_home(128, 0, 125, 1, 8), "within one task: fewer pending homes win");
	CHECK(!topo_better_home(253, 1, 125, 1, 8), "a whole task heavier loses");
	CHECK(!topo_better_home(253, 0, 125, 1, 8), "a whole task heavier loses, pending or not");
	CHECK(topo_better_home(0, 3, 250, 0, 8), "two tasks lighter wins, pending or not");
	CHECK(!topo_better_home(125, 1, 125, 1, 8), "a full tie keeps the nearer node");
	CHECK(!topo_thread_spills(8, 8), "leader + 7 workers homed: the 8th worker stays home");
	CHECK(topo_thread_spills(9, 8), "the 9th worker spills");
	CHECK(!topo_thread_spills(0, 1), "no thread yet: nothing to spill");
	CHECK_EQ(topo_home_mem_pages(32 << 20, 4096), 8192);	/* a 32 MiB LLC */
	CHECK_EQ(topo_home_mem_pages(0, 4096), 2048);		/* unknown: the 8 MiB floor */
	CHECK_EQ(topo_home_mem_pages(2 << 20, 65536), 128);	/* small LLC, 64 KiB pages */
}

static void test_wake_wide(void)
{
	u64 decay_ns;

	CHECK_EQ(topo_wake_kind(0, 0, 4), TOPO_WAKE_PARTNER);	/* partners that never switch */
	CHECK_EQ(topo_wake_kind(3, 1, 4), TOPO_WAKE_PARTNER);	/* below the LLC's size */
	CHECK_EQ(topo_wake_kind(4, 0, 4), TOPO_WAKE_AFFINE);	/* a dispatcher: near it, never on it */
	CHECK_EQ(topo_wake_kind(0, 9, 4), TOPO_WAKE_AFFINE);	/* the same, seen from its worker */
	CHECK_EQ(topo_wake_kind(19, 5, 4), TOPO_WAKE_AFFINE);	/* both flip, but not 4x apart */
	CHECK_EQ(topo_wake_kind(20, 5, 4), TOPO_WAKE_WIDE);	/* both flip, 4x apart: many to many */
	CHECK_EQ(topo_wake_kind(5, 20, 4), TOPO_WAKE_WIDE);	/* either side may flip more */
	CHECK_EQ(topo_wake_kind(2, 0, 1), TOPO_WAKE_AFFINE);	/* one-CPU LLCs use a factor of 2 */
	CHECK_EQ(topo_count_flip(5, 42, 42), 5);
	CHECK_EQ(topo_count_flip(5, 42, 43), 6);
	CHECK_EQ(topo_decay_flips(8, 0, TOPO_FLIPS_DECAY_NS - 1, &decay_ns), 8);
	CHECK_EQ(decay_ns, 0);
	CHECK_EQ(topo_decay_flips(8, 0, 2 * TOPO_FLIPS_DECAY_NS, &decay_ns), 2);
	CHECK_EQ(decay_ns, 2 * TOPO_FLIPS_DECAY_NS);
	CHECK_EQ(topo_decay_flips(8, 0, 40ULL * TOPO_FLIPS_DECAY_NS, &decay_ns), 0);
}

static void test_handover(void)
{
	u32 handovers = 0;
	int i;

	for (i = 0; i < TOPO_HANDOVER_MIN; i++) {
		CHECK_EQ(topo_handover_kind(TOPO_WAKE_PARTNER, handovers), TOPO_WAKE_PARTNER);
		handovers = topo_count_handover(handovers, 20000, 1);
	}
	CHECK_EQ(topo_handover_kind(TOPO_WAKE_PARTNER, handovers), TOPO_WAKE_HANDOVER);
	CHECK_EQ(topo_handover_kind(TOPO_WAKE_AFFINE, handovers), TOPO_WAKE_AFFINE); /* a dispatcher runs on */
	for (i = 0; i < 20; i++)
		handovers = topo_count_handover(handovers, 20000, 1);
	CHECK_EQ(handovers, TOPO_HANDOVER_MAX);			/* saturates: quick to unlearn */
	CHECK_EQ(topo_count_handover(8, TOPO_HANDOVER_WINDOW_NS, 1), 4); /* slept too late */
	CHECK_EQ(topo_count_handover(8, 1000, 0), 4);	/* preempted: still running */
	handovers = topo_count_handover(topo_count_handover(8, 1000, 0), 1000, 0);
	CHECK_EQ(topo_handover_kind(TOPO_WAKE_PARTNER, handovers), TOPO_WAKE_PARTNER);
}

int main(void)
{
	test_homes();
	test_wake_wide();
	test_handover();
	test_pull();
	test_node_load();
	test_move_level();
	test_should_steal();
	test_pick_busier();
	test_vtime();
	test_cooldown();
	return check_done("test_policy");
}
