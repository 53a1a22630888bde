// SPDX-License-Identifier: GPL-2.0
/* sched.c - load, configure and attach the BPF scheduler. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "homing.h"
#include "kernel_enums.h"
#include "policy.h"
#include "procscan.h"
#include "sched.h"
#include "scx_topo.skel.h"
#include "snapshot.h"
#include "sysfs.h"

static bool libbpf_verbose;

static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !libbpf_verbose)
		return 0;
	if (level == LIBBPF_INFO && !libbpf_verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

void sched_set_libbpf_verbose(bool verbose)
{
	libbpf_verbose = verbose;
	libbpf_set_print(print_libbpf);
}

bool sched_prefers_fast(const struct topo_options *opts, const struct topology *topo)
{
	return !opts->no_prefer_fast && topo_kinds_ranked(topo);
}

/* Set the kernel's ops flag name (enum scx_ops_flags, from its BTF) in the ops table. */
static int set_ops_flag(struct scx_topo *skel, const char *name)
{
	uint64_t flag;

	if (kernel_enum_value("scx_ops_flags", name, &flag)) {
		fprintf(stderr, "scx_topo: this kernel's BTF (/sys/kernel/btf/vmlinux) has no %s in enum scx_ops_flags: not a sched_ext kernel scx_topo can drive\n",
			name);
		return -1;
	}
	skel->struct_ops.topo_ops->flags |= flag;
	return 0;
}

/* The ops table: watchdog, hotplug sequence and the kernel's ops flags. */
static int configure_ops(struct scx_topo *skel, const struct topo_options *opts, bool prefer_fast,
			 u64 hotplug_seq)
{
	skel->struct_ops.topo_ops->timeout_ms = opts->watchdog_ms;
	/*
	 * Read before discovery (run.c): a CPU going on- or offline between
	 * discovery and attach makes the kernel end the new scheduler with a
	 * restart request, and run.c restarts it on a fresh model.
	 */
	skel->struct_ops.topo_ops->hotplug_seq = hotplug_seq;
	if (opts->partial && set_ops_flag(skel, "SCX_OPS_SWITCH_PARTIAL"))
		return -1;
	/* Hybrid: a CPU's last task comes back to enqueue, which moves it up (kinds.bpf.h). */
	if (prefer_fast && set_ops_flag(skel, "SCX_OPS_ENQ_LAST"))
		return -1;
	return 0;
}

static u64 largest_llc_bytes(const struct topology *topo)
{
	u64 largest = 0;

	for (int i = 0; i < topo->nr_llcs; i++)
		if (topo->llcs[i].cache_size > largest)
			largest = topo->llcs[i].cache_size;
	return largest;
}

static int configure(struct scx_topo *skel, const struct topo_options *opts,
		     const struct topology *topo, u32 nr_cpu_ids, u64 hotplug_seq)
{
	struct topo_config *cfg = &skel->rodata->cfg;

	cfg->slice_ns = opts->slice_us * 1000;
	cfg->max_sleep_credit_ns = opts->sleep_credit_us * 1000;
	cfg->max_vtime_lead_ns = topo_max_vtime_lead(cfg->slice_ns, opts->watchdog_ms * 1000000ULL);
	cfg->migrate_cooldown_ns = opts->migrate_cooldown_us * 1000;
	cfg->nr_cpu_ids = nr_cpu_ids;
	cfg->nr_llcs = topo->nr_llcs;
	cfg->nr_nodes = topo->nr_nodes;
	cfg->steal_min_queued = opts->steal_min_queued;
	cfg->steal_min_queued_remote = opts->steal_min_queued_remote;
	cfg->steal_cross_node = !opts->no_cross_node_steal && !opts->numa_strict;
	cfg->numa_strict = opts->numa_strict;
	cfg->balance_min_gap = opts->balance_gap;
	cfg->smt_enabled = topo->smt_width > 1;
	cfg->prefer_fast = sched_prefers_fast(opts, topo);
	cfg->fast_kind = topo->nr_kinds - 1;
	cfg->debug = opts->debug;
	cfg->numa_homes = topo->nr_nodes > 1;
	cfg->home_flush_ns = 4 * cfg->slice_ns;
	cfg->home_mem_pages = topo_home_mem_pages(largest_llc_bytes(topo), sysconf(_SC_PAGESIZE));
	return configure_ops(skel, opts, cfg->prefer_fast, hotplug_seq);
}

static int size_maps(struct scx_topo *skel, const struct topo_layout *l)
{
	struct {
		struct bpf_map *map;
		u32 entries;
	} sizes[] = {
		{ skel->maps.cpu_info, l->nr_cpu_ids },
		{ skel->maps.cpu_ctxs, l->nr_cpu_ids },
		{ skel->maps.llc_info, l->nr_llcs },
		{ skel->maps.llc_ctxs, l->nr_llcs },
		{ skel->maps.steal_order, l->nr_llcs * l->nr_llcs },
		{ skel->maps.llc_stats, l->nr_llcs },
		{ skel->maps.llc_snapshot, l->nr_llcs },
		{ skel->maps.node_info, l->nr_nodes },
		{ skel->maps.node_ctxs, l->nr_nodes },
		{ skel->maps.node_snapshot, l->nr_nodes },
		{ skel->maps.node_load, l->nr_nodes },
		{ skel->maps.node_stats, l->nr_nodes },
		{ skel->maps.node_order, l->nr_nodes * l->nr_nodes },
	};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (bpf_map__set_max_entries(sizes[i].map, sizes[i].entries ? sizes[i].entries : 1))
			return -1;
	return 0;
}

/* Entries 0..count-1 of an array map from values (of the map's value size), in one syscall. */
static int fill_array(struct bpf_map *map, const void *values, u32 count)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = BPF_ANY);
	u32 *keys, i, nr_done = count;
	int ret;

	if (!count)
		return 0;
	keys = malloc(count * sizeof(*keys));
	if (!keys)
		return -1;
	for (i = 0; i < count; i++)
		keys[i] = i;
	ret = bpf_map_update_batch(bpf_map__fd(map), keys, values, &nr_done, &opts);
	free(keys);
	return ret ? -1 : 0;
}

static int fill_maps(struct scx_topo *skel, const struct topo_layout *l)
{
	if (fill_array(skel->maps.cpu_info, l->cpu_info, l->nr_cpu_ids) ||
	    fill_array(skel->maps.llc_info, l->llc_info, l->nr_llcs) ||
	    fill_array(skel->maps.node_info, l->node_info, l->nr_nodes) ||
	    fill_array(skel->maps.steal_order, l->steal_order, l->nr_llcs * l->nr_llcs) ||
	    fill_array(skel->maps.node_order, l->node_order, l->nr_nodes * l->nr_nodes))
		return -1;
	return 0;
}

int sched_load(struct topo_sched *s, const struct topo_options *opts, const struct topology *topo,
	       u64 hotplug_seq)
{
	char err[256];
	int nr_cpu_ids = libbpf_num_possible_cpus();

	memset(s, 0, sizeof(*s));
	if (nr_cpu_ids <= 0) {
		fprintf(stderr, "scx_topo: cannot read the possible CPUs from /sys/devices/system/cpu/possible\n");
		return -1;
	}
	if (layout_build(topo, nr_cpu_ids, &s->layout, err, sizeof(err))) {
		fprintf(stderr, "scx_topo: %s\n", err);
		return -1;
	}
	s->skel = scx_topo__open();
	if (!s->skel) {
		fprintf(stderr, "scx_topo: cannot open the BPF object: %s\n", strerror(errno));
		goto fail;
	}
	if (configure(s->skel, opts, topo, nr_cpu_ids, hotplug_seq))
		goto fail;
	if (opts->verbose)
		fprintf(stderr, "scx_topo: config: slice %lluus, sleep credit %lluus, cooldown %lluus, steal at %u/%u queued, "
				"cross-node steal %s, numa-strict %s, watchdog %ums, hotplug seq %llu, %u CPU ids\n",
			(unsigned long long)opts->slice_us, (unsigned long long)opts->sleep_credit_us,
			(unsigned long long)opts->migrate_cooldown_us, opts->steal_min_queued,
			opts->steal_min_queued_remote, s->skel->rodata->cfg.steal_cross_node ? "on" : "off",
			opts->numa_strict ? "on" : "off", opts->watchdog_ms,
			(unsigned long long)s->skel->struct_ops.topo_ops->hotplug_seq, nr_cpu_ids);
	if (size_maps(s->skel, &s->layout)) {
		fprintf(stderr, "scx_topo: cannot size the BPF maps: %s\n", strerror(errno));
		goto fail;
	}
	if (scx_topo__load(s->skel)) {
		fprintf(stderr, "scx_topo: the kernel refused the BPF scheduler (%s); the verifier's log is above\n",
			strerror(errno));
		goto fail;
	}
	if (fill_maps(s->skel, &s->layout)) {
		fprintf(stderr, "scx_topo: cannot fill the topology maps: %s\n", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	sched_destroy(s);
	return -1;
}

int sched_attach(struct topo_sched *s)
{
	char ops[160];

	/* Processes born from here on are placed by the BPF side: the balancer adopts only older ones. */
	s->attach_ticks = procscan_boot_ticks();
	s->link = bpf_map__attach_struct_ops(s->skel->maps.topo_ops);
	if (s->link)
		return 0;
	if (errno == EBUSY && !sched_ext_root_ops(ops, sizeof(ops)))
		fprintf(stderr, "scx_topo: another sched_ext scheduler ('%s') is attached: stop it first\n", ops);
	else
		fprintf(stderr, "scx_topo: attaching the scheduler failed: %s\n", strerror(errno));
	return -1;
}

bool sched_exited(const struct topo_sched *s)
{
	return s->skel && ((volatile struct topo_exit_info *)&s->skel->bss->exit_info)->kind != 0;
}

void sched_detach(struct topo_sched *s)
{
	if (s->link)
		bpf_link__destroy(s->link);
	s->link = NULL;
}

void sched_destroy(struct topo_sched *s)
{
	sched_detach(s);
	if (s->skel)
		scx_topo__destroy(s->skel);
	s->skel = NULL;
	layout_free(&s->layout);
}

const struct topo_exit_info *sched_exit_info(const struct topo_sched *s)
{
	return &s->skel->bss->exit_info;
}

int sched_read_stats(const struct topo_sched *s, u64 *totals)
{
	int nr = libbpf_num_possible_cpus(), i, j;
	struct topo_cpu_stats *per_cpu;
	u32 zero = 0;

	memset(totals, 0, sizeof(u64) * TOPO_NR_STATS);
	per_cpu = calloc(nr, sizeof(*per_cpu));
	if (!per_cpu)
		return -1;
	if (bpf_map__lookup_elem(s->skel->maps.stats, &zero, sizeof(zero), per_cpu,
				 sizeof(*per_cpu) * nr, 0)) {
		free(per_cpu);
		return -1;
	}
	for (i = 0; i < nr; i++)
		for (j = 0; j < TOPO_NR_STATS; j++)
			totals[j] += per_cpu[i].count[j];
	free(per_cpu);
	return 0;
}

int sched_read_llc_stats(const struct topo_sched *s, struct topo_llc_stats *out, int nr_llcs)
{
	int nr = libbpf_num_possible_cpus(), cpu;
	struct topo_llc_stats *per_cpu = calloc(nr, sizeof(*per_cpu));
	u32 llc_id;

	memset(out, 0, sizeof(*out) * nr_llcs);
	if (!per_cpu)
		return -1;
	for (llc_id = 0; llc_id < (u32)nr_llcs; llc_id++) {
		if (bpf_map__lookup_elem(s->skel->maps.llc_stats, &llc_id, sizeof(llc_id), per_cpu,
					 sizeof(*per_cpu) * nr, 0))
			continue;
		for (cpu = 0; cpu < nr; cpu++) {
			out[llc_id].steals_in += per_cpu[cpu].steals_in;
			out[llc_id].steals_out += per_cpu[cpu].steals_out;
		}
	}
	free(per_cpu);
	return 0;
}

int sched_snapshot_queues(const struct topo_sched *s, s32 *queued, int nr_llcs)
{
	struct topo_llc_snapshot *snap = calloc(nr_llcs, sizeof(*snap));
	int llc_id, err;

	if (!snap)
		return -1;
	err = snapshot_take(bpf_program__fd(s->skel->progs.topo_snapshot),
			    bpf_map__fd(s->skel->maps.llc_snapshot), nr_llcs, snap, sizeof(*snap));
	for (llc_id = 0; !err && llc_id < nr_llcs; llc_id++)
		queued[llc_id] = snap[llc_id].queued;
	free(snap);
	return err;
}
