// SPDX-License-Identifier: GPL-2.0
/*
 * dump_json.c - the model as one JSON document.
 *
 * The schema is documented field by field in docs/topology-json.md; bump
 * SCHEMA_VERSION on any change that could break a reader.
 */
#include "internal.h"
#include "json.h"

#define SCHEMA_VERSION	1

static void totals(struct json_writer *w, const struct topology *topo)
{
	json_int(w, "schema_version", SCHEMA_VERSION);
	json_string(w, "source", topo->source);
	json_int(w, "nr_cpus", topo->nr_cpus);
	json_int(w, "max_cpu_id", topo->max_cpu_id);
	json_int(w, "nr_cores", topo->nr_cores);
	json_int(w, "nr_llcs", topo->nr_llcs);
	json_int(w, "nr_nodes", topo->nr_nodes);
	json_int(w, "nr_packages", topo->nr_packages);
	json_int(w, "nr_kinds", topo->nr_kinds);
	json_int(w, "smt_width", topo->smt_width);
}

static void distances(struct json_writer *w, const struct topology *topo)
{
	int i, j;

	json_bool(w, "distance_from_hwloc", topo->distance_from_hwloc);
	json_string(w, "distance_note", topo->distance_note);
	json_begin_array(w, "distance", false);
	for (i = 0; i < topo->nr_nodes; i++) {
		json_begin_array(w, NULL, true);
		for (j = 0; j < topo->nr_nodes; j++)
			json_u64(w, NULL, topo_distance(topo, i, j));
		json_end_array(w);
	}
	json_end_array(w);
}

static void cpu_list(struct json_writer *w, const struct topo_cpu_list *l)
{
	json_int_array(w, "cpus", l->os_ids, l->nr);
	json_ranges(w, "cpulist", l->os_ids, l->nr);
}

static void kinds(struct json_writer *w, const struct topology *topo)
{
	const struct topo_kind *k;
	int i;

	json_begin_array(w, "kinds", false);
	for (i = 0; i < topo->nr_kinds; i++) {
		k = &topo->kinds[i];
		json_begin_object(w, NULL, true);
		json_int(w, "rank", i);
		json_string(w, "name", k->name);
		json_int(w, "efficiency", k->efficiency);
		cpu_list(w, &k->cpus);
		json_end_object(w);
	}
	json_end_array(w);
}

static void nodes(struct json_writer *w, const struct topology *topo)
{
	const struct topo_node *n;
	int i;

	json_begin_array(w, "nodes", false);
	for (i = 0; i < topo->nr_nodes; i++) {
		n = &topo->nodes[i];
		json_begin_object(w, NULL, true);
		json_int(w, "id", i);
		json_int(w, "os_index", n->os_index);
		json_u64(w, "memory", n->memory);
		json_int(w, "nr_llcs", n->nr_llcs);
		cpu_list(w, &n->cpus);
		json_end_object(w);
	}
	json_end_array(w);
}

static void llcs(struct json_writer *w, const struct topology *topo)
{
	const struct topo_llc *l;
	int i;

	json_begin_array(w, "llcs", false);
	for (i = 0; i < topo->nr_llcs; i++) {
		l = &topo->llcs[i];
		json_begin_object(w, NULL, true);
		json_int(w, "id", i);
		json_int(w, "node", l->node_id);
		json_int(w, "package", l->package_id);
		json_int(w, "cache_level", l->cache_level);
		json_u64(w, "cache_size", l->cache_size);
		json_int(w, "hwloc_index", l->hwloc_index);
		json_int(w, "nr_cores", l->nr_cores);
		cpu_list(w, &l->cpus);
		json_int(w, "nr_steal_same_node", l->nr_steal_same_node);
		json_int_array(w, "steal_order", l->steal_order, l->nr_steal);
		json_end_object(w);
	}
	json_end_array(w);
}

static void cores(struct json_writer *w, const struct topology *topo)
{
	const struct topo_core *c;
	int i;

	json_begin_array(w, "cores", false);
	for (i = 0; i < topo->nr_cores; i++) {
		c = &topo->cores[i];
		json_begin_object(w, NULL, true);
		json_int(w, "id", i);
		json_int(w, "os_index", c->os_index);
		json_int(w, "llc", c->llc_id);
		json_int(w, "node", c->node_id);
		json_int(w, "package", c->package_id);
		json_int_array(w, "cpus", c->cpus.os_ids, c->cpus.nr);
		json_end_object(w);
	}
	json_end_array(w);
}

static void cpus(struct json_writer *w, const struct topology *topo)
{
	const struct topo_cpu *c;
	int i;

	json_begin_array(w, "cpus", false);
	for (i = 0; i < topo->nr_cpus; i++) {
		c = &topo->cpus[i];
		json_begin_object(w, NULL, true);
		json_int(w, "os_id", c->os_id);
		json_int(w, "core", c->core_id);
		json_int(w, "llc", c->llc_id);
		json_int(w, "node", c->node_id);
		json_int(w, "package", c->package_id);
		json_int(w, "kind", c->kind);
		json_int(w, "smt_index", c->smt_index);
		json_end_object(w);
	}
	json_end_array(w);
}

void topo_dump_json(FILE *out, const struct topology *topo)
{
	struct json_writer w;

	json_init(&w, out);
	json_begin_object(&w, NULL, false);
	totals(&w, topo);
	distances(&w, topo);
	kinds(&w, topo);
	nodes(&w, topo);
	llcs(&w, topo);
	cores(&w, topo);
	cpus(&w, topo);
	json_end_object(&w);
}
