// SPDX-License-Identifier: GPL-2.0
/*
 * discover.c - topo_discover(): hwloc in, struct topology out.
 */
#include <stdlib.h>

#include "internal.h"

typedef int (*build_step)(struct topo_build *b);

/* Order matters: see internal.h for what each step relies on. */
static const build_step steps[] = {
	topo_collect_cpus,
	topo_assign_nodes,
	topo_assign_packages,
	topo_assign_llcs,
	topo_assign_cores,
	topo_assign_kinds,
	topo_sort_cpus,
	topo_build_lists,
	topo_build_distances,
	topo_build_steal_orders,
};

static int run_steps(struct topo_build *b)
{
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i](b))
			return -1;
	return 0;
}

int topo_discover(const struct topo_source *src, struct topology **out,
		  char *err, size_t err_len)
{
	struct topo_build b = { .err = err, .err_len = err_len };
	int ret;

	if (err && err_len)
		err[0] = '\0';
	if (!out) {
		topo_set_err(err, err_len, "topo_discover: no output pointer");
		return -1;
	}
	*out = NULL;
	b.topo = calloc(1, sizeof(*b.topo));
	if (!b.topo) {
		topo_set_err(err, err_len, "out of memory while building the CPU topology");
		return -1;
	}
	ret = topo_open_source(src, &b.hw, b.topo->source, sizeof(b.topo->source),
			       err, err_len);
	if (!ret) {
		ret = run_steps(&b);
		hwloc_topology_destroy(b.hw);
		if (ret && err && err_len && !err[0])
			topo_set_err(err, err_len, "cannot build a CPU topology from %s",
				     b.topo->source);
	}
	free(b.pu);
	free(b.node_obj);
	if (ret) {
		topo_free(b.topo);
		return -1;
	}
	*out = b.topo;
	return 0;
}
