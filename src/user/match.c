// SPDX-License-Identifier: GPL-2.0
/* match.c - refuse to schedule this machine with another machine's model. */
#include <stdio.h>
#include <string.h>

#include "match.h"

/* Same CPU ids, and cpus[i] of both share (or not) each domain alike. */
static int same_grouping(const struct topology *a, const struct topology *b, char *why, size_t len)
{
	int i, j;

	for (i = 0; i < a->nr_cpus; i++) {
		for (j = i + 1; j < a->nr_cpus; j++) {
			const struct topo_cpu *x = &a->cpus[i], *y = &a->cpus[j];
			const struct topo_cpu *u = &b->cpus[i], *v = &b->cpus[j];

			if ((x->llc_id == y->llc_id) != (u->llc_id == v->llc_id) ||
			    (x->node_id == y->node_id) != (u->node_id == v->node_id) ||
			    (x->core_id == y->core_id) != (u->core_id == v->core_id)) {
				snprintf(why, len, "CPUs %d and %d are grouped differently (core/LLC/node)",
					 x->os_id, y->os_id);
				return -1;
			}
		}
	}
	return 0;
}

int topo_compare(const struct topology *want, const struct topology *have, char *why, size_t len)
{
	int i;

	if (want->nr_cpus != have->nr_cpus || want->nr_llcs != have->nr_llcs ||
	    want->nr_nodes != have->nr_nodes) {
		snprintf(why, len, "it has %d CPUs, %d LLCs, %d nodes; this machine has %d, %d, %d",
			 want->nr_cpus, want->nr_llcs, want->nr_nodes, have->nr_cpus, have->nr_llcs,
			 have->nr_nodes);
		return -1;
	}
	for (i = 0; i < want->nr_cpus; i++) {
		if (want->cpus[i].os_id != have->cpus[i].os_id) {
			snprintf(why, len, "it has CPU %d where this machine has CPU %d",
				 want->cpus[i].os_id, have->cpus[i].os_id);
			return -1;
		}
	}
	return same_grouping(want, have, why, len);
}

struct topology *match_discover_for_attach(const struct topo_options *opts)
{
	struct topo_source live = { .kind = TOPO_SRC_LIVE };
	struct topology *want = NULL, *have = NULL;
	char err[512], why[256];

	if (topo_discover(&opts->source, &want, err, sizeof(err))) {
		fprintf(stderr, "scx_topo: %s\n", err);
		return NULL;
	}
	if (opts->source.kind == TOPO_SRC_LIVE)
		return want;
	if (topo_discover(&live, &have, err, sizeof(err))) {
		fprintf(stderr, "scx_topo: %s\n", err);
		topo_free(want);
		return NULL;
	}
	if (topo_compare(want, have, why, sizeof(why))) {
		fprintf(stderr, "scx_topo: the topology in %s does not match this machine (%s): "
				"drop --topology-xml, or write one here with lstopo --of xml\n",
			opts->source.arg, why);
		topo_free(want);
		want = NULL;
	}
	topo_free(have);
	return want;
}
