// SPDX-License-Identifier: GPL-2.0
/* homes.c - read and drive the BPF side of process homes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "homes.h"
#include "sched.h"
#include "snapshot.h"
#include "scx_topo.skel.h"

static int map_fd(struct bpf_object *obj, const char *name)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, name);

	return map ? bpf_map__fd(map) : -1;
}

static int prog_fd(struct bpf_object *obj, const char *name)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);

	return prog ? bpf_program__fd(prog) : -1;
}

int homes_open(struct homes *h, const struct topo_sched *s)
{
	struct bpf_object *obj = s->skel->obj;

	h->proc_ctxs_fd = map_fd(obj, "proc_ctxs");
	h->node_load_fd = map_fd(obj, "node_load");
	h->node_stats_fd = map_fd(obj, "node_stats");
	h->node_snapshot_fd = map_fd(obj, "node_snapshot");
	h->rehome_fd = prog_fd(obj, "topo_rehome");
	h->snapshot_fd = prog_fd(obj, "topo_snapshot");
	h->nr_nodes = s->layout.nr_nodes;
	if (h->proc_ctxs_fd < 0 || h->node_load_fd < 0 || h->node_stats_fd < 0 ||
	    h->node_snapshot_fd < 0 || h->rehome_fd < 0 || h->snapshot_fd < 0)
		return -1;
	return 0;
}

int homes_snapshot(const struct homes *h, struct topo_node_snapshot *out)
{
	return snapshot_take(h->snapshot_fd, h->node_snapshot_fd, h->nr_nodes, out, sizeof(*out));
}

int homes_read_node_stats(const struct homes *h, struct topo_node_stats *out)
{
	return map_read_array(h->node_stats_fd, h->nr_nodes, out, sizeof(*out));
}

int homes_read_node_load(const struct homes *h, struct topo_node_load *out)
{
	return map_read_array(h->node_load_fd, h->nr_nodes, out, sizeof(*out));
}

int homes_publish_load(const struct homes *h, int node, const struct topo_node_load *load)
{
	u32 key = node;

	return bpf_map_update_elem(h->node_load_fd, &key, load, BPF_ANY);
}

int homes_rehome(const struct homes *h, u32 tgid, int node, bool adopt)
{
	struct topo_rehome_args args = { .tgid = tgid, .node_id = node, .adopt = adopt };
	/* Syscall programs take no ctx_out: the kernel writes the context back into ctx_in. */
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = &args, .ctx_size_in = sizeof(args));

	if (bpf_prog_test_run_opts(h->rehome_fd, &run))
		return -errno;	/* the run itself failed (see homes.h) */
	return args.result;
}

int homes_next_proc(const struct homes *h, u32 *tgid, bool *have_key, struct topo_proc_info *out)
{
	u32 next;

	while (!bpf_map_get_next_key(h->proc_ctxs_fd, *have_key ? tgid : NULL, &next)) {
		*tgid = next;
		*have_key = true;
		if (!bpf_map_lookup_elem(h->proc_ctxs_fd, &next, out))
			return 0;
	}
	return -1;
}
