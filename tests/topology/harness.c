// SPDX-License-Identifier: GPL-2.0
/*
 * harness.c - see harness.h.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

int test_failures;

/* Written independently of the library's formatter on purpose. */
void ids_to_str(char *buf, size_t len, const int *ids, int nr)
{
	size_t used = 0;
	int i = 0, j;

	buf[0] = '\0';
	while (i < nr && used < len) {
		for (j = i; j + 1 < nr && ids[j + 1] == ids[j] + 1; j++)
			;
		if (j == i)
			used += snprintf(buf + used, len - used, "%s%d", i ? "," : "", ids[i]);
		else
			used += snprintf(buf + used, len - used, "%s%d-%d", i ? "," : "",
					 ids[i], ids[j]);
		i = j + 1;
	}
}

void steal_to_str(char *buf, size_t len, const struct topo_llc *llc)
{
	char same[8192], other[8192];
	int n = llc->nr_steal_same_node;

	ids_to_str(same, sizeof(same), llc->steal_order, n);
	ids_to_str(other, sizeof(other), llc->steal_order + n, llc->nr_steal - n);
	snprintf(buf, len, "%s | %s", same, other);
}

static struct topology *load(enum topo_source_kind kind, const char *arg)
{
	struct topo_source src = { .kind = kind, .arg = arg };
	struct topology *topo = NULL;
	char err[512];

	if (topo_discover(&src, &topo, err, sizeof(err))) {
		fprintf(stderr, "FAILED to load %s: %s\n", arg ? arg : "live", err);
		test_failures++;
		return NULL;
	}
	check_invariants(topo);
	return topo;
}

struct topology *load_synthetic(const char *desc)
{
	return load(TOPO_SRC_SYNTHETIC, desc);
}

struct topology *load_xml(const char *path)
{
	return load(TOPO_SRC_XML, path);
}

const struct topo_cpu *cpu_of(const struct topology *topo, int os_id)
{
	static const struct topo_cpu none = { .os_id = -1, .core_id = -1,
		.llc_id = -1, .node_id = -1, .package_id = -1, .kind = -1 };

	if (os_id < 0 || os_id >= topo->max_cpu_id || topo->cpu_index[os_id] < 0) {
		CHECK(0, "CPU %d is not in the model", os_id);
		return &none;
	}
	return &topo->cpus[topo->cpu_index[os_id]];
}

static int in_range(int v, int nr)
{
	return v >= 0 && v < nr;
}

static void check_sorted_list(const struct topo_cpu_list *l, const char *what, int id)
{
	int i;

	for (i = 1; i < l->nr; i++)
		CHECK(l->os_ids[i - 1] < l->os_ids[i], "%s %d: cpu list not sorted at %d",
		      what, id, i);
}

static void check_cpus(const struct topology *t)
{
	const struct topo_cpu *c;
	int i, seen = 0;

	CHECK(t->nr_cpus >= 1, "no CPUs");
	CHECK_INT(t->cpus[t->nr_cpus - 1].os_id + 1, t->max_cpu_id);
	for (i = 0; i < t->nr_cpus; i++) {
		c = &t->cpus[i];
		CHECK(i == 0 || t->cpus[i - 1].os_id < c->os_id, "cpus not sorted at %d", i);
		CHECK_INT(i, t->cpu_index[c->os_id]);
		CHECK(in_range(c->core_id, t->nr_cores) && in_range(c->llc_id, t->nr_llcs) &&
		      in_range(c->node_id, t->nr_nodes) &&
		      in_range(c->package_id, t->nr_packages) && in_range(c->kind, t->nr_kinds),
		      "cpu %d has an id out of range", c->os_id);
		if (!in_range(c->core_id, t->nr_cores) || !in_range(c->llc_id, t->nr_llcs))
			continue;
		/* core < LLC < node, and all of them inside one package. */
		CHECK_INT(c->llc_id, t->cores[c->core_id].llc_id);
		CHECK_INT(c->node_id, t->cores[c->core_id].node_id);
		CHECK_INT(c->package_id, t->cores[c->core_id].package_id);
		CHECK_INT(c->node_id, t->llcs[c->llc_id].node_id);
		CHECK_INT(c->package_id, t->llcs[c->llc_id].package_id);
		CHECK_INT(c->os_id, t->cores[c->core_id].cpus.os_ids[c->smt_index]);
	}
	for (i = 0; i < t->max_cpu_id; i++)
		seen += t->cpu_index[i] >= 0;
	CHECK_INT(t->nr_cpus, seen);
}

static void check_cores(const struct topology *t)
{
	int i, width = 0, total = 0;

	for (i = 0; i < t->nr_cores; i++) {
		const struct topo_core *core = &t->cores[i];

		CHECK(core->cpus.nr >= 1, "core %d is empty", i);
		check_sorted_list(&core->cpus, "core", i);
		total += core->cpus.nr;
		if (core->cpus.nr > width)
			width = core->cpus.nr;
	}
	CHECK_INT(t->nr_cpus, total);
	CHECK_INT(width, t->smt_width);
}

static void check_llcs(const struct topology *t)
{
	int i, j, total = 0, cores;

	for (i = 0; i < t->nr_llcs; i++) {
		const struct topo_llc *l = &t->llcs[i];

		CHECK(l->cpus.nr >= 1, "llc %d is empty", i);
		check_sorted_list(&l->cpus, "llc", i);
		for (j = 0; j < l->cpus.nr; j++)
			CHECK_INT(i, cpu_of(t, l->cpus.os_ids[j])->llc_id);
		for (cores = 0, j = 0; j < t->nr_cores; j++)
			cores += t->cores[j].llc_id == i;
		CHECK_INT(cores, l->nr_cores);
		CHECK(l->cache_level >= 0 && l->cache_level <= 5, "llc %d level %d", i,
		      l->cache_level);
		CHECK(l->cache_level ? l->hwloc_index >= 0 : l->hwloc_index == -1,
		      "llc %d: level %d with hwloc index %d", i, l->cache_level, l->hwloc_index);
		total += l->cpus.nr;
	}
	CHECK_INT(t->nr_cpus, total);
}

static void check_nodes(const struct topology *t)
{
	int i, j, total = 0, llcs, no_node = 0;

	for (i = 0; i < t->nr_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];

		check_sorted_list(&n->cpus, "node", i);
		for (j = 0; j < n->cpus.nr; j++)
			CHECK_INT(i, cpu_of(t, n->cpus.os_ids[j])->node_id);
		for (llcs = 0, j = 0; j < t->nr_llcs; j++)
			llcs += t->llcs[j].node_id == i;
		CHECK_INT(llcs, n->nr_llcs);
		CHECK(n->cpus.nr || n->memory, "node %d has neither CPUs nor memory", i);
		for (j = 0; j < i; j++)
			CHECK(n->os_index != t->nodes[j].os_index,
			      "nodes %d and %d share os_index %d", j, i, n->os_index);
		no_node += n->os_index < 0;
		total += n->cpus.nr;
	}
	CHECK(no_node <= 1, "%d NUMA_NO_NODE nodes", no_node);
	CHECK_INT(t->nr_cpus, total);
}

static void check_distances(const struct topology *t)
{
	int i, j;

	for (i = 0; i < t->nr_nodes; i++)
		for (j = 0; j < t->nr_nodes; j++)
			CHECK(topo_distance(t, i, i) < topo_distance(t, i, j) || i == j,
			      "node %d is not closest to itself (to %d: %u)", i, j,
			      topo_distance(t, i, j));
}

static void check_steal(const struct topology *t, int self)
{
	const struct topo_llc *l = &t->llcs[self], *o;
	char *seen = calloc(t->nr_llcs, 1);
	int i, home = l->node_id;
	uint32_t last = 0, d;

	CHECK_INT(t->nr_llcs - 1, l->nr_steal);
	for (i = 0; seen && i < l->nr_steal; i++) {
		CHECK(in_range(l->steal_order[i], t->nr_llcs) && l->steal_order[i] != self &&
		      !seen[l->steal_order[i]], "llc %d: bad steal entry %d", self,
		      l->steal_order[i]);
		if (!in_range(l->steal_order[i], t->nr_llcs))
			continue;
		seen[l->steal_order[i]] = 1;
		o = &t->llcs[l->steal_order[i]];
		CHECK((o->node_id == home) == (i < l->nr_steal_same_node),
		      "llc %d: entry %d (llc %d) on the wrong side of the node split", self, i,
		      l->steal_order[i]);
		d = topo_distance(t, home, o->node_id);
		CHECK(i < l->nr_steal_same_node || d >= last,
		      "llc %d: remote entry %d is nearer than the one before", self, i);
		if (i >= l->nr_steal_same_node)
			last = d;
	}
	free(seen);
}

static void check_kinds(const struct topology *t)
{
	int i, j, total = 0;

	CHECK(t->nr_kinds >= 1, "nr_kinds %d", t->nr_kinds);
	for (i = 0; i < t->nr_kinds; i++) {
		for (j = 0; j < t->kinds[i].cpus.nr; j++)
			CHECK_INT(i, cpu_of(t, t->kinds[i].cpus.os_ids[j])->kind);
		total += t->kinds[i].cpus.nr;
	}
	CHECK_INT(t->nr_cpus, total);
}

void check_invariants(const struct topology *t)
{
	int i;

	check_cpus(t);
	check_cores(t);
	check_llcs(t);
	check_nodes(t);
	check_distances(t);
	check_kinds(t);
	for (i = 0; i < t->nr_llcs; i++)
		check_steal(t, i);
	CHECK(t->nr_packages >= 1, "nr_packages %d", t->nr_packages);
}
