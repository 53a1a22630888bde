// SPDX-License-Identifier: GPL-2.0
/*
 * llc.c - last-level cache domains.
 *
 * The LLC is the outermost CPU cache level: L3 on most x86, L2 on ARM
 * clusters without L3. Per-core private caches are no scheduling domain,
 * so when the outermost level is private and some node has several cores,
 * we fall back to one LLC per node, as when hwloc reports no caches.
 * An LLC never spans nodes or packages: an hwloc cache that does (VMs,
 * sub-NUMA clustering) is split, one LLC per node it covers.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "internal.h"

/* Data/unified CPU caches, outermost first; memory-side caches are not here. */
static const hwloc_obj_type_t cache_types[] = {
	HWLOC_OBJ_L5CACHE, HWLOC_OBJ_L4CACHE, HWLOC_OBJ_L3CACHE,
	HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L1CACHE,
};

#define NR_CACHE_TYPES	(int)(sizeof(cache_types) / sizeof(cache_types[0]))

/* The core a PU belongs to, or the PU itself when hwloc has no cores. */
static hwloc_obj_t core_of(struct topo_build *b, hwloc_obj_t pu)
{
	hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(b->hw, HWLOC_OBJ_CORE, pu);

	return core ? core : pu;
}

static int outermost_cache_type(struct topo_build *b)
{
	int t, i;

	for (t = 0; t < NR_CACHE_TYPES; t++) {
		if (hwloc_get_nbobjs_by_type(b->hw, cache_types[t]) <= 0)
			continue;
		for (i = 0; i < b->topo->nr_cpus; i++)
			if (hwloc_get_ancestor_obj_by_type(b->hw, cache_types[t], b->pu[i]))
				return t;
	}
	return -1;
}

/*
 * Is cache type t a scheduling domain? Yes if one of its caches holds
 * several of our cores. If they are all private, only when no node holds
 * several cores either (then per-cache and per-node LLCs are the same
 * sets, and keeping the cache keeps its level and size in the model).
 */
static int cache_level_usable(struct topo_build *b, int t, bool *usable)
{
	int nr_caches = hwloc_get_nbobjs_by_type(b->hw, cache_types[t]);
	struct topology *topo = b->topo;
	hwloc_obj_t *first = topo_calloc(b, nr_caches + topo->nr_nodes, sizeof(*first));
	bool shared = false, node_has_many = false;
	hwloc_obj_t cache, core;
	int i, slot;

	if (!first)
		return -1;
	for (i = 0; i < topo->nr_cpus && !shared; i++) {
		core = core_of(b, b->pu[i]);
		cache = hwloc_get_ancestor_obj_by_type(b->hw, cache_types[t], b->pu[i]);
		if (cache) {
			slot = cache->logical_index;
			shared = first[slot] && first[slot] != core;
			first[slot] = core;
		}
		slot = nr_caches + topo->cpus[i].node_id;
		node_has_many |= first[slot] && first[slot] != core;
		first[slot] = core;
	}
	free(first);
	*usable = shared || !node_has_many;
	return 0;
}

/* The cache type LLCs are made of, or -1 for one LLC per node. */
static int llc_cache_type(struct topo_build *b, int *type)
{
	bool usable;
	int t = outermost_cache_type(b);

	*type = -1;
	if (t < 0)
		return 0;
	if (cache_level_usable(b, t, &usable))
		return -1;
	if (usable)
		*type = t;
	return 0;
}

static void init_llc(struct topo_llc *llc, const struct topo_cpu *cpu,
		     hwloc_obj_t cache)
{
	llc->node_id = cpu->node_id;
	llc->package_id = cpu->package_id;
	llc->cache_level = cache ? (int)cache->attr->cache.depth : 0;
	llc->cache_size = cache ? cache->attr->cache.size : 0;
	llc->hwloc_index = cache ? (int)cache->logical_index : -1;
}

/*
 * LLC ids are keyed by (hwloc cache, node, package); slot picks the cache
 * (or, for CPUs without one, the node) and a short chain in next[] holds
 * the pieces a split produced, so lookups stay O(1) per CPU.
 */
static int number_llcs(struct topo_build *b, int type, int nr_slots, int *head,
		       int *next)
{
	struct topology *topo = b->topo;
	int nr_caches = type < 0 ? 0 : hwloc_get_nbobjs_by_type(b->hw, cache_types[type]);
	hwloc_obj_t cache = NULL;
	struct topo_cpu *cpu;
	int i, id, slot;

	for (i = 0; i < topo->nr_cpus; i++) {
		cpu = &topo->cpus[i];
		if (type >= 0)
			cache = hwloc_get_ancestor_obj_by_type(b->hw, cache_types[type], b->pu[i]);
		slot = cache ? (int)cache->logical_index : nr_caches + cpu->node_id;
		if (slot >= nr_slots)
			return -1;
		for (id = head[slot]; id >= 0; id = next[id])
			if (topo->llcs[id].node_id == cpu->node_id &&
			    topo->llcs[id].package_id == cpu->package_id)
				break;
		if (id < 0) {
			id = topo->nr_llcs++;
			init_llc(&topo->llcs[id], cpu, cache);
			next[id] = head[slot];
			head[slot] = id;
		}
		cpu->llc_id = id;
	}
	return 0;
}

int topo_assign_llcs(struct topo_build *b)
{
	struct topology *topo = b->topo;
	int *head = NULL, *next = NULL;
	int type, nr_slots, ret = -1;

	if (llc_cache_type(b, &type))
		return -1;
	nr_slots = topo->nr_nodes +
		   (type < 0 ? 0 : hwloc_get_nbobjs_by_type(b->hw, cache_types[type]));
	/* At most one LLC per CPU; trimmed below. */
	topo->llcs = topo_calloc(b, topo->nr_cpus, sizeof(*topo->llcs));
	head = topo_alloc_ids(b, nr_slots);
	next = topo_alloc_ids(b, topo->nr_cpus);
	if (!topo->llcs || !head || !next)
		goto out;
	if (number_llcs(b, type, nr_slots, head, next)) {
		topo_set_err(b->err, b->err_len, "inconsistent cache objects in %s",
			     topo->source);
		goto out;
	}
	ret = TOPO_CHECK_LIMIT(b, topo->nr_llcs, "LLCs", TOPO_MAX_LLCS);
out:
	free(head);
	free(next);
	return ret;
}
