/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_topo - a topology-aware sched_ext scheduler.
 *
 * Policy: a waking task goes straight to the nearest idle CPU (idle.bpf.h).
 * Otherwise it joins the vtime-ordered queue of its LLC (queue.bpf.h). A CPU
 * drains its own LLC's queue and, when that is empty, steals from the other
 * LLCs of its node and then from farther nodes (steal.bpf.h). With
 * --numa-strict every task keeps to a home node.
 *
 * Works well where LLCs hold a handful to a few dozen CPUs. A single LLC of
 * hundreds of CPUs shares one queue, which becomes a lock hot spot.
 *
 * The loader describes the machine in the topology maps (ctx.bpf.h) after
 * load; ops.init turns them into cpumasks and DSQs.
 */
#include "common.bpf.h"
#include "ctx.bpf.h"
#include "idle.bpf.h"
#include "queue.bpf.h"
#include "steal.bpf.h"
#include "exit.bpf.h"
#include "setup.bpf.h"
#include "kicker.bpf.h"

char _license[] SEC("license") = "GPL";

const volatile struct topo_config cfg = {
	.slice_ns = 5000000,
	.kick_interval_ns = 10000000,
	.nr_cpu_ids = 1,
	.nr_llcs = 1,
	.nr_nodes = 1,
};

s32 TOPO_OPS(topo_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	s32 cpu = pick_idle_cpu(p, prev_cpu, wake_flags);

	if (cpu < 0)
		return prev_cpu;
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, cfg.slice_ns, 0);
	stat_inc(TOPO_STAT_DIRECT);
	topo_trace("direct pid=%d prev=%d cpu=%d", p->pid, prev_cpu, cpu);
	return cpu;
}

void TOPO_OPS(topo_enqueue, struct task_struct *p, u64 enq_flags)
{
	if (enq_flags & SCX_ENQ_LAST)
		keep_last_task(p, enq_flags);
	else if (is_pinned(p))
		queue_pinned(p, enq_flags);
	else
		queue_on_llc(p, enq_flags);
}

void TOPO_OPS(topo_dispatch, s32 cpu, struct task_struct *prev)
{
	s32 llc_id = llc_of_cpu(cpu);

	if (llc_id < 0)
		return;
	/* A busy CPU (prev still runnable) is where overload gets evened out. */
	if (prev_runnable(prev) && pull_from_busier(cpu, llc_id))
		return;
	/*
	 * prev is not back in its queue yet: compare it with the queue's head
	 * here, or every expired slice would hand the CPU to the head even when
	 * prev is further behind in vtime (nice levels would flatten out).
	 * On hybrid machines a prev on a slow core whose node has an idle fast
	 * one is let go: it comes back with SCX_ENQ_LAST and moves up.
	 */
	if (prev_keeps_cpu(prev, cpu, llc_id) && !fast_cpu_idles_for(prev, cpu)) {
		scx_bpf_task_set_slice(prev, cfg.slice_ns);
		stat_inc(TOPO_STAT_KEEP_PREV);
		return;
	}
	if (scx_bpf_dsq_move_to_local(llc_id)) {
		stat_inc(TOPO_STAT_DISPATCH_LLC);
		return;
	}
	steal_work(cpu, llc_id);
}

void TOPO_OPS(topo_running, struct task_struct *p)
{
	s32 cpu = scx_bpf_task_cpu(p);
	struct task_ctx *tctx = task_ctx_of(p);
	const struct topo_cpu_info *to, *from;
	struct llc_ctx *lc;
	enum topo_level level;

	to = cpu_info_of(cpu);
	if (!tctx || !to)
		return;
	tctx->run_start_ns = scx_bpf_now();
	lc = llc_ctx_of(to->llc_id);
	if (!lc)
		return;
	/* Stolen or placed on another LLC: its vtime now counts against this clock. */
	move_vtime_to_llc(tctx, to->llc_id, lc);
	if (tctx->vtime > lc->vtime_now)
		lc->vtime_now = tctx->vtime;
	if (tctx->last_cpu == cpu || tctx->last_cpu < 0) {
		tctx->last_cpu = cpu;
		return;
	}
	from = cpu_info_of(tctx->last_cpu);
	if (from) {
		level = topo_move_level(tctx->last_cpu, from, cpu, to);
		count_move(level);
		/* Leaving the LLC starts the cooldown that keeps stealers off it. */
		if (level >= TOPO_LEVEL_NODE)
			tctx->last_move_ns = tctx->run_start_ns;
	}
	tctx->last_cpu = cpu;
}

void TOPO_OPS(topo_stopping, struct task_struct *p, bool runnable)
{
	struct task_ctx *tctx = task_ctx_of(p);

	if (!tctx)
		return;
	tctx->vtime += topo_vtime_charge(scx_bpf_now() - tctx->run_start_ns, p->scx.weight);
	topo_trace("stop pid=%d weight=%u vtime=%llu", p->pid, p->scx.weight, tctx->vtime);
}

void TOPO_OPS(topo_enable, struct task_struct *p)
{
	struct task_ctx *tctx = task_ctx_of(p);
	struct llc_ctx *lc;
	s32 llc_id = llc_of_cpu(scx_bpf_task_cpu(p));

	stat_inc(TOPO_STAT_ENABLE);
	if (!tctx || llc_id < 0)
		return;
	lc = llc_ctx_of(llc_id);
	if (lc) {
		tctx->vtime = lc->vtime_now;
		tctx->vtime_llc = llc_id;
	}
}

s32 TOPO_OPS(topo_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	struct task_ctx *tctx;

	tctx = bpf_task_storage_get(&task_ctxs, p, NULL, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!tctx)
		return -TOPO_ENOMEM;
	tctx->last_cpu = -1;
	tctx->vtime_llc = -1;
	tctx->home_node = choose_home_node(p, args->fork);
	/* Only tasks born under the scheduler count (see least_loaded_node). */
	tctx->home_counted = args->fork && tctx->home_node >= 0;
	if (tctx->home_counted)
		count_new_homed(tctx->home_node, 1);
	return 0;
}

void TOPO_OPS(topo_exit_task, struct task_struct *p, struct scx_exit_task_args *args)
{
	struct task_ctx *tctx = task_ctx_of(p);

	if (tctx && tctx->home_counted)
		count_new_homed(tctx->home_node, -1);
}

s32 TOPO_OPS_SLEEPABLE(topo_init)
{
	s32 ret = setup_topology();

	return ret ? ret : start_kicker();
}

void TOPO_OPS(topo_exit, struct scx_exit_info *ei)
{
	record_exit(ei);
}

/*
 * Run by the loader (BPF_PROG_TEST_RUN) for --stats: queue lengths can only
 * be read through a kfunc, and reading them here keeps the hot paths free
 * of stats work.
 */
SEC("syscall")
int topo_snapshot(void *ctx)
{
	struct topo_llc_snapshot *snap;
	u32 llc_id;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		snap = bpf_map_lookup_elem(&llc_snapshot, &llc_id);
		if (snap)
			snap->queued = scx_bpf_dsq_nr_queued(llc_id);
	}
	return 0;
}

SEC(".struct_ops.link")
struct sched_ext_ops topo_ops = {
	.select_cpu	= (void *)topo_select_cpu,
	.enqueue	= (void *)topo_enqueue,
	.dispatch	= (void *)topo_dispatch,
	.running	= (void *)topo_running,
	.stopping	= (void *)topo_stopping,
	.enable		= (void *)topo_enable,
	.init_task	= (void *)topo_init_task,
	.exit_task	= (void *)topo_exit_task,
	.init		= (void *)topo_init,
	.exit		= (void *)topo_exit,
	.timeout_ms	= 10000,
	.exit_dump_len	= TOPO_EXIT_DUMP_LEN,
	.name		= "topo",
};
