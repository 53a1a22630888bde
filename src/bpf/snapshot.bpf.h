/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snapshot.bpf.h - topo_snapshot: every LLC's waiting tasks and every
 * node's busy CPUs and waiting tasks, for --stats and the node balancer.
 *
 * A task waits where the scheduler will run it: in an LLC's queue or in a
 * CPU's own queue, and it counts on the node of that queue. Not on the run queue of the CPU it last ran on: a rehomed
 * task waits on its new node while its old CPU's run queue still holds
 * it, and counted there it showed the old node as overloaded and the new
 * one as having room (in a failed hog test the balancer saw the reverse
 * of --stats-json's queue lengths, and moved a hog back). --stats and the
 * balancer read the same counts, so what the balancer acts on is what a
 * user sees.
 *
 * The loader's own threads are left out: the balancer runs this, and the
 * loader's other threads wake on the same tick. Counted, they took the one
 * idle CPU of a node, which then never showed as idle, or queued behind a
 * task as waiting work (under --numa-strict the loader has a home too).
 * A CPU a loader thread runs on goes back to the task it displaced.
 */
#ifndef SCX_TOPO_SNAPSHOT_BPF_H
#define SCX_TOPO_SNAPSHOT_BPF_H

#include "common.bpf.h"
#include "ctx.bpf.h"

/* Every CPU's run queue (the kernel's per-CPU variable), for its current task. */
extern struct rq runqueues __ksym;

/* The node whose CPUs drain the DSQ dsq_id, or -1 for one not counted (a local DSQ). */
static __always_inline s32 node_of_queue(u64 dsq_id)
{
	struct topo_llc_info *li;
	u32 llc_id;

	if (dsq_id >= TOPO_CPU_DSQ_BASE && dsq_id < TOPO_CPU_DSQ_BASE + cfg.nr_cpu_ids)
		return node_of_cpu(dsq_id - TOPO_CPU_DSQ_BASE);
	if (dsq_id >= cfg.nr_llcs)
		return -1;
	llc_id = dsq_id;
	li = bpf_map_lookup_elem(&llc_info, &llc_id);
	return li ? (s32)li->node_id : -1;
}

/*
 * Waiting tasks of every LLC: its queue and its CPUs' own queues. Not the
 * local queues: a task there is bound to its CPU (pinned kernel threads
 * behind a hog), runs within a slice, and no other CPU or node could take
 * it; counted, it hid a CPU of the same node that idled.
 */
static __always_inline void count_llc_queues(void)
{
	struct topo_llc_snapshot *snap;
	struct topo_cpu_info *ci;
	u32 llc_id, cpu;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		snap = bpf_map_lookup_elem(&llc_snapshot, &llc_id);
		if (snap)
			snap->queued = scx_bpf_dsq_nr_queued(llc_id);
	}
	bpf_for(cpu, 0, cfg.nr_cpu_ids) {
		ci = bpf_map_lookup_elem(&cpu_info, &cpu);
		snap = ci && ci->present ? bpf_map_lookup_elem(&llc_snapshot, &ci->llc_id) : NULL;
		if (snap)
			snap->queued += scx_bpf_dsq_nr_queued(cpu_dsq(cpu));
	}
}

/* Each node's waiting tasks: the sum of its LLCs'. */
static __always_inline void sum_node_queues(void)
{
	struct topo_node_snapshot *node_snap;
	struct topo_llc_snapshot *snap;
	struct topo_llc_info *li;
	u32 llc_id;

	bpf_for(llc_id, 0, cfg.nr_llcs) {
		snap = bpf_map_lookup_elem(&llc_snapshot, &llc_id);
		li = bpf_map_lookup_elem(&llc_info, &llc_id);
		node_snap = li ? bpf_map_lookup_elem(&node_snapshot, &li->node_id) : NULL;
		if (snap && node_snap && snap->queued > 0)
			node_snap->nr_running += snap->queued;
	}
}

/* Take a queued loader thread out of its node's waiting tasks. */
static __always_inline void leave_out_queued(u64 dsq_id)
{
	struct topo_node_snapshot *snap;
	s32 node_id = node_of_queue(dsq_id);

	snap = node_id >= 0 ? bpf_map_lookup_elem(&node_snapshot, &node_id) : NULL;
	if (snap && snap->nr_running)
		snap->nr_running--;
}

/*
 * A CPU that runs a loader thread (the caller runs this) has displaced a
 * task that now waits on its node, and gets it back in a moment: one of
 * the node's waiting tasks counts as running there. With none waiting, the
 * CPU is idle. Counted idle beside the displaced task, the caller's node
 * always showed one idle CPU and one waiting task, and fills took from it
 * one hog too few (9 hogs on 8 CPUs beside 7 on 8).
 */
static __always_inline void give_back_loader_cpu(u32 cpu)
{
	struct topo_node_snapshot *snap;
	s32 node_id = node_of_cpu(cpu);

	snap = node_id >= 0 ? bpf_map_lookup_elem(&node_snapshot, &node_id) : NULL;
	if (snap && !snap->nr_running)
		snap->nr_idle_cpus++;
}

/*
 * Leave the loader's threads (the caller is one of them) out of the
 * waiting counts: the queued ones first, so that a CPU a running one took
 * goes to a task that really waits. Two walks over the threads, not one
 * that keeps the running ones' CPUs in an array: with the array the
 * verifier took load from 1.5 s to 7-10 s under TCG, and attaching after
 * a CPU hotplug no longer kept up with the hotplug soak.
 */
static __always_inline void leave_out_loader(void)
{
	struct task_struct *loader = bpf_get_current_task_btf(), *thread;
	struct scx_dispatch_q *dsq;

	bpf_for_each(task, thread, loader, BPF_TASK_ITER_PROC_THREADS) {
		dsq = thread->on_cpu ? NULL : thread->scx.dsq;
		if (dsq)
			leave_out_queued(dsq->id);
	}
	bpf_for_each(task, thread, loader, BPF_TASK_ITER_PROC_THREADS) {
		if (thread->on_cpu)
			give_back_loader_cpu(scx_bpf_task_cpu(thread));
	}
}

/*
 * A CPU is busy when it runs a task other than its idle task; those that
 * run the loader were counted by leave_out_loader.
 */
static __always_inline void count_busy_cpus(void)
{
	u32 loader_tgid = bpf_get_current_pid_tgid() >> 32, cpu;
	struct topo_node_snapshot *snap;
	struct task_struct *curr;
	struct rq *rq;
	s32 node_id;

	bpf_for(cpu, 0, cfg.nr_cpu_ids) {
		node_id = node_of_cpu(cpu);
		snap = node_id >= 0 ? bpf_map_lookup_elem(&node_snapshot, &node_id) : NULL;
		rq = bpf_per_cpu_ptr(&runqueues, cpu);
		if (!snap || !rq)
			continue;
		curr = rq->curr;
		if (curr == rq->idle)
			snap->nr_idle_cpus++;
		else if (curr->tgid != loader_tgid)
			snap->nr_running++;
	}
}

static __always_inline void count_nodes(void)
{
	struct topo_node_snapshot *snap;
	u32 node_id;

	bpf_for(node_id, 0, cfg.nr_nodes) {
		snap = bpf_map_lookup_elem(&node_snapshot, &node_id);
		if (snap)
			*snap = (struct topo_node_snapshot){ 0 };
	}
	sum_node_queues();
	bpf_rcu_read_lock();
	leave_out_loader();
	count_busy_cpus();
	bpf_rcu_read_unlock();
}

/*
 * Run by the loader (BPF_PROG_TEST_RUN) for --stats and the balancer: queue
 * lengths can only be read through a kfunc, and reading them here keeps the
 * hot paths free of stats work. The loader runs it one caller at a time
 * (src/user/snapshot.c): it zeroes its counts, then adds.
 */
SEC("syscall")
int topo_snapshot(void *ctx)
{
	count_llc_queues();
	count_nodes();
	return 0;
}

#endif /* SCX_TOPO_SNAPSHOT_BPF_H */
