// SPDX-License-Identifier: GPL-2.0
/*
 * readback.c - find the running scheduler's maps through its struct_ops
 * programs (map names alone could belong to anyone), read them, and compare
 * them with the layout this machine's hwloc model gives.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "layout.h"
#include "preflight.h"
#include "readback.h"
#include "sysfs.h"

#define TOPO_PROG_PREFIX "topo_"

struct live_maps {
	int cpu_info, llc_info, node_info, steal_order, node_order;
};

/* Whether prog_fd is one of scx_topo's struct_ops callbacks. */
static int is_topo_prog(int prog_fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return !bpf_prog_get_info_by_fd(prog_fd, &info, &len) &&
	       info.type == BPF_PROG_TYPE_STRUCT_OPS &&
	       !strncmp(info.name, TOPO_PROG_PREFIX, strlen(TOPO_PROG_PREFIX));
}

static void bind_map(struct live_maps *m, int fd, const char *name)
{
	int *slot = !strcmp(name, "cpu_info")	 ? &m->cpu_info :
		    !strcmp(name, "llc_info")	 ? &m->llc_info :
		    !strcmp(name, "node_info")	 ? &m->node_info :
		    !strcmp(name, "steal_order") ? &m->steal_order :
		    !strcmp(name, "node_order")	 ? &m->node_order : NULL;

	if (slot && *slot < 0)
		*slot = fd;
	else
		close(fd);
}

static int find_maps(int prog_fd, struct live_maps *m)
{
	struct bpf_prog_info info;
	struct bpf_map_info minfo;
	__u32 ids[64], len, i;
	int fd;

	memset(&info, 0, sizeof(info));
	info.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	info.map_ids = (__u64)(unsigned long)ids;
	len = sizeof(info);
	if (bpf_prog_get_info_by_fd(prog_fd, &info, &len))
		return -1;
	for (i = 0; i < info.nr_map_ids && i < sizeof(ids) / sizeof(ids[0]); i++) {
		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0)
			continue;
		memset(&minfo, 0, sizeof(minfo));
		len = sizeof(minfo);
		if (bpf_map_get_info_by_fd(fd, &minfo, &len)) {
			close(fd);
			continue;
		}
		bind_map(m, fd, minfo.name);
	}
	return 0;
}

/* Compare count values of a live map with want[]; report the first difference. */
static int compare_map(const char *name, int fd, const void *want, size_t value_size, u32 count)
{
	char *have = malloc(value_size);
	u32 i;
	int ret = 0;

	if (!have)
		return -1;
	for (i = 0; i < count && !ret; i++) {
		if (fd < 0 || bpf_map_lookup_elem(fd, &i, have)) {
			fprintf(stderr, "scx_topo: map %s: cannot read entry %u\n", name, i);
			ret = -1;
		} else if (memcmp(have, (const char *)want + i * value_size, value_size)) {
			fprintf(stderr, "scx_topo: map %s differs from hwloc at entry %u\n", name, i);
			ret = -1;
		}
	}
	free(have);
	if (!ret)
		printf("  %-12s %6u entries match\n", name, count);
	return ret;
}

static int compare_all(const struct live_maps *m, const struct topo_layout *l)
{
	int bad = 0;

	bad |= compare_map("cpu_info", m->cpu_info, l->cpu_info, sizeof(*l->cpu_info), l->nr_cpu_ids);
	bad |= compare_map("llc_info", m->llc_info, l->llc_info, sizeof(*l->llc_info), l->nr_llcs);
	bad |= compare_map("node_info", m->node_info, l->node_info, sizeof(*l->node_info), l->nr_nodes);
	bad |= compare_map("steal_order", m->steal_order, l->steal_order, sizeof(u32),
			   l->nr_llcs * l->nr_llcs);
	bad |= compare_map("node_order", m->node_order, l->node_order, sizeof(u32),
			   l->nr_nodes * l->nr_nodes);
	return bad;
}

static void close_maps(struct live_maps *m)
{
	int *fds[] = { &m->cpu_info, &m->llc_info, &m->node_info, &m->steal_order, &m->node_order };
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (*fds[i] >= 0)
			close(*fds[i]);
}

/* Bind the maps of every scx_topo program; returns how many programs were found. */
static int find_topo_maps(struct live_maps *m)
{
	__u32 id = 0;
	int fd, found = 0;

	while (!bpf_prog_get_next_id(id, &id)) {
		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0)
			continue;
		if (is_topo_prog(fd)) {
			find_maps(fd, m);
			found++;
		}
		close(fd);
	}
	return found;
}

/* Why no scx_topo program was found: not allowed to look, or none runs. */
static void no_scheduler_found(int list_errno)
{
	char state[32] = "unknown", ops[160] = "";

	if (list_errno == EPERM || list_errno == EACCES) {
		fprintf(stderr, "scx_topo: listing BPF programs is not permitted: run as root (sudo scx_topo --dump-topology=kernel)\n");
		return;
	}
	sched_ext_state(state, sizeof(state));
	if (!strcmp(state, "enabled") && !sched_ext_root_ops(ops, sizeof(ops)))
		fprintf(stderr, "scx_topo: the running sched_ext scheduler is '%s', not scx_topo: nothing to compare\n",
			ops);
	else
		fprintf(stderr, "scx_topo: no scx_topo is running (sched_ext %s): start it first\n", state);
}

int readback_check(const struct topo_options *opts)
{
	struct live_maps maps = { -1, -1, -1, -1, -1 };
	struct topo_layout layout;
	struct topology *topo;
	char err[512];
	int bad;

	if (preflight_kernel())
		return TOPO_EXIT_ERROR;
	if (topo_discover(&opts->source, &topo, err, sizeof(err))) {
		fprintf(stderr, "scx_topo: %s\n", err);
		return TOPO_EXIT_ERROR;
	}
	if (layout_build(topo, libbpf_num_possible_cpus(), &layout, err, sizeof(err))) {
		fprintf(stderr, "scx_topo: %s\n", err);
		topo_free(topo);
		return TOPO_EXIT_ERROR;
	}
	errno = 0;
	if (!find_topo_maps(&maps)) {
		no_scheduler_found(errno);
		bad = 1;
	} else {
		printf("scx_topo: kernel maps of the running scheduler vs hwloc (%d CPUs, %d LLCs, %d nodes):\n",
		       topo->nr_cpus, topo->nr_llcs, topo->nr_nodes);
		bad = compare_all(&maps, &layout);
		printf("scx_topo: kernel maps %s hwloc\n", bad ? "DIFFER from" : "match");
		close_maps(&maps);
	}
	layout_free(&layout);
	topo_free(topo);
	return bad ? TOPO_EXIT_ERROR : TOPO_EXIT_STOPPED;
}
