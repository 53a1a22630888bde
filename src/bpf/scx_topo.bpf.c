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
#include "homes.bpf.h"
#include "idle.bpf.h"
#include "queue.bpf.h"
#include "vtime.bpf.h"
#include "steal.bpf.h"
#include "exit.bpf.h"
#include "setup.bpf.h"
#include "kicker.bpf.h"
#include "snapshot.bpf.h"

char _license[] SEC("license") = "GPL";

/*
 * Placeholders: the loader (src/user/sched.c, configure()) writes every
 * field before load, from the defaults and flags of src/user/options.c.
 * The sizes are 1, the smallest machine, for tools that load the object
 * without the loader (e.g. to run the verifier on it).
 */
const volatile struct topo_config cfg = {
	.nr_cpu_ids = 1,
	.nr_llcs = 1,
	.nr_nodes = 1,
};

s32 TOPO_OPS(topo_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	s32 queue_cpu, cpu = pick_idle_cpu(p, task_ctx_of(p), prev_cpu, wake_flags, &queue_cpu);

	if (cpu < 0)
		return queue_cpu;
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, cfg.slice_ns, 0);
	stat_inc(TOPO_STAT_DIRECT);
	topo_trace("direct pid=%d prev=%d cpu=%d", p->pid, prev_cpu, cpu);
	return cpu;
}

void TOPO_OPS(topo_enqueue, struct task_struct *p, u64 enq_flags)
{
	if (enq_flags & SCX_ENQ_LAST)
		move_last_task_up(p, enq_flags);
	else if (is_pinned(p))
		queue_pinned(p, enq_flags);
	else
		queue_on_llc(p, enq_flags);
}

/*
 * prev is not back in its queue yet: compare it with the queue's head here,
 * or every expired slice would hand the CPU to the head even when prev is
 * further behind in vtime (nice levels would flatten out). On hybrid
 * machines a prev on a slow core whose node has an idle fast one is let go:
 * it comes back with SCX_ENQ_LAST and moves up. True if prev runs on.
 */
static __always_inline bool keep_prev(struct task_struct *prev, s32 cpu, const struct cpu_ctx *cc,
				      struct llc_ctx *lc)
{
	u64 now = scx_bpf_now();
	struct task_ctx *kept = prev_keeps_cpu(prev, cpu, cc, now);

	if (!kept || fast_cpu_idles_for(prev, cpu))
		return false;
	charge_run(prev, kept, now);
	advance_clock(lc, kept->vtime);
	scx_bpf_task_set_slice(prev, cfg.slice_ns);
	stat_inc(TOPO_STAT_KEEP_PREV);
	return true;
}

/* Whichever comes first in vtime: the head of this CPU's own queue or of its LLC's. */
static __always_inline bool take_own_work(s32 cpu, const struct cpu_ctx *cc, u32 llc_id)
{
	u64 own, shared;
	bool in_own = own_queue_used(cc) && head_vtime(cpu_dsq(cpu), &own);

	if (in_own && (!head_vtime(llc_id, &shared) || own <= shared) &&
	    move_to_local(cpu_dsq(cpu), 0)) {
		stat_inc(TOPO_STAT_DISPATCH_CPU);
		return true;
	}
	if (move_to_local(llc_id, 0)) {
		stat_inc(TOPO_STAT_DISPATCH_LLC);
		return true;
	}
	/* The LLC's head may not run here; then the own queue after all. */
	if (in_own && move_to_local(cpu_dsq(cpu), 0)) {
		stat_inc(TOPO_STAT_DISPATCH_CPU);
		return true;
	}
	return false;
}

void TOPO_OPS(topo_dispatch, s32 cpu, struct task_struct *prev)
{
	struct cpu_ctx *cc = cpu_ctx_of(cpu);
	struct llc_ctx *lc;
	u32 llc_id;

	if (!cc)
		return;
	llc_id = cc->info.llc_id;
	lc = llc_ctx_of(llc_id);
	if (!lc)
		return;
	/* A busy CPU (prev still runnable) is where overload gets evened out. */
	if (prev_runnable(prev) &&
	    (pull_from_busier(cpu, llc_id, lc) || keep_prev(prev, cpu, cc, lc)))
		return;
	if (take_own_work(cpu, cc, llc_id) || steal_from_siblings(cpu, cc, lc))
		return;
	steal_work(cpu, llc_id, lc);
}

/* Count p's move from its last CPU to cc's by level; leaving an LLC starts the cooldown. */
static __always_inline void account_move(struct task_ctx *tctx, s32 cpu, const struct cpu_ctx *to)
{
	struct cpu_ctx *from;
	enum topo_level level;

	if (tctx->last_cpu == cpu)
		return;
	from = tctx->last_cpu >= 0 ? cpu_ctx_of(tctx->last_cpu) : NULL;
	if (from) {
		level = topo_move_level(tctx->last_cpu, &from->info, cpu, &to->info);
		count_move(level);
		/* Leaving the LLC starts the cooldown that keeps stealers off it. */
		if (level >= TOPO_LEVEL_NODE)
			tctx->last_move_ns = tctx->run_start_ns;
	}
	tctx->last_cpu = cpu;
}

void TOPO_OPS(topo_running, struct task_struct *p)
{
	s32 cpu = scx_bpf_task_cpu(p);
	struct task_ctx *tctx = task_ctx_of(p);
	struct cpu_ctx *cc = cpu_ctx_of(cpu);
	struct llc_ctx *lc;

	if (!tctx || !cc)
		return;
	tctx->run_start_ns = scx_bpf_now();
	bank_wait_time(tctx, tctx->run_start_ns);
	leave_own_queue(tctx);
	lc = llc_ctx_of(cc->info.llc_id);
	if (!lc)
		return;
	/* Stolen or placed on another LLC: its vtime now counts against this clock. */
	move_vtime_to_llc(tctx, cc->info.llc_id, lc);
	advance_clock(lc, tctx->vtime);
	account_move(tctx, cpu, cc);
}

void TOPO_OPS(topo_stopping, struct task_struct *p, bool runnable)
{
	struct task_ctx *tctx = task_ctx_of(p);
	u64 now = scx_bpf_now();

	if (!tctx)
		return;
	charge_run(p, tctx, now);
	note_stop_after_wake(tctx, now, runnable);
	/* Its last switch-out: exit_notify has run, only do_task_dead is left. */
	if (!runnable && p->exit_state)
		release_home(p, tctx);
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

void TOPO_OPS(topo_set_cpumask, struct task_struct *p, const struct cpumask *cpumask)
{
	struct task_ctx *tctx = task_ctx_of(p);

	if (tctx)
		follow_cpumask(p, tctx, cpumask);
}

s32 TOPO_OPS(topo_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	struct task_ctx *tctx;

	tctx = bpf_task_storage_get(&task_ctxs, p, NULL, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!tctx)
		return -TOPO_ENOMEM;
	tctx->last_cpu = -1;
	tctx->vtime_llc = -1;
	tctx->own_queue_cpu = -1;
	tctx->last_wakee = -1;
	join_process(p, tctx, args->fork);
	return 0;
}

void TOPO_OPS(topo_exit_task, struct task_struct *p, struct scx_exit_task_args *args)
{
	struct task_ctx *tctx = task_ctx_of(p);

	if (!tctx)
		return;
	leave_own_queue(tctx);
	leave_process(p, tctx);
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

SEC(".struct_ops.link")
struct sched_ext_ops topo_ops = {
	.select_cpu	= (void *)topo_select_cpu,
	.enqueue	= (void *)topo_enqueue,
	.dispatch	= (void *)topo_dispatch,
	.running	= (void *)topo_running,
	.stopping	= (void *)topo_stopping,
	.enable		= (void *)topo_enable,
	.set_cpumask	= (void *)topo_set_cpumask,
	.init_task	= (void *)topo_init_task,
	.exit_task	= (void *)topo_exit_task,
	.init		= (void *)topo_init,
	.exit		= (void *)topo_exit,
	/* timeout_ms, hotplug_seq and flags: set by the loader (configure()). */
	.exit_dump_len	= TOPO_EXIT_DUMP_LEN,
	.name		= "topo",
};
