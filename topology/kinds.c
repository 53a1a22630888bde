// SPDX-License-Identifier: GPL-2.0
/*
 * kinds.c - hybrid CPU kinds (P/E cores, big.LITTLE).
 *
 * hwloc lists kinds by increasing efficiency value, where a higher value
 * means more performance: kind 0 is the small, energy-efficient cores, the
 * last kind the fastest. We keep that order and renumber densely over the
 * kinds that hold at least one of our CPUs. When hwloc could not rank kinds
 * (efficiency -1) its order is arbitrary and so is ours.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* hwloc's CoreType info, printable, so a strange XML cannot break a dump line. */
static void kind_name(char *buf, size_t len, unsigned int nr_infos,
		      const struct hwloc_info_s *infos)
{
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < nr_infos; i++) {
		if (!strcmp(infos[i].name, "CoreType")) {
			topo_copy_printable(buf, len, infos[i].value ? infos[i].value : "");
			return;
		}
	}
}

/* hwloc kind index of each CPU, -1 when it is in none. */
static int hwloc_kind_of_cpus(struct topo_build *b, int nr, int *of_cpu,
			      int *efficiency, struct topo_kind *info)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	unsigned int nr_infos;
	struct hwloc_info_s *infos;
	int k, i;

	if (!set) {
		topo_set_err(b->err, b->err_len, "out of memory while reading CPU kinds");
		return -1;
	}
	for (k = 0; k < nr; k++) {
		if (hwloc_cpukinds_get_info(b->hw, k, set, &efficiency[k], &nr_infos,
					    &infos, 0))
			continue;
		kind_name(info[k].name, sizeof(info[k].name), nr_infos, infos);
		for (i = 0; i < b->topo->nr_cpus; i++)
			if (hwloc_bitmap_isset(set, b->topo->cpus[i].os_id))
				of_cpu[i] = k;
	}
	hwloc_bitmap_free(set);
	return 0;
}

/*
 * Dense ranks over the kinds in use. A CPU in no kind joins rank 0: if
 * hwloc cannot say, assume the slow kind rather than promise speed.
 */
static int rank_kinds(struct topo_build *b, int nr, const int *of_cpu,
		      const int *efficiency, const struct topo_kind *info)
{
	struct topology *topo = b->topo;
	int *rank = topo_alloc_ids(b, nr);
	int k, i;

	if (!rank)
		return -1;
	for (i = 0; i < topo->nr_cpus; i++)
		if (of_cpu[i] >= 0)
			rank[of_cpu[i]] = 0;
	for (k = 0; k < nr; k++) {
		if (rank[k] < 0)
			continue;
		rank[k] = topo->nr_kinds;
		topo->kinds[topo->nr_kinds] = info[k];
		topo->kinds[topo->nr_kinds++].efficiency = efficiency[k];
	}
	for (i = 0; i < topo->nr_cpus; i++)
		topo->cpus[i].kind = of_cpu[i] >= 0 ? rank[of_cpu[i]] : 0;
	free(rank);
	return 0;
}

int topo_assign_kinds(struct topo_build *b)
{
	int nr = hwloc_cpukinds_get_nr(b->hw, 0);
	struct topology *topo = b->topo;
	struct topo_kind *info = NULL;
	int *of_cpu = NULL, *efficiency = NULL;
	int ret = -1;

	if (nr < 0)
		nr = 0;
	topo->kinds = topo_calloc(b, nr + 1, sizeof(*topo->kinds));
	info = topo_calloc(b, nr, sizeof(*info));
	efficiency = topo_calloc(b, nr, sizeof(*efficiency));
	of_cpu = topo_alloc_ids(b, topo->nr_cpus);
	if (!topo->kinds || !info || !efficiency || !of_cpu)
		goto out;
	if (hwloc_kind_of_cpus(b, nr, of_cpu, efficiency, info) ||
	    rank_kinds(b, nr, of_cpu, efficiency, info))
		goto out;
	if (!topo->nr_kinds) {
		/* No kind info at all: one anonymous kind. */
		topo->kinds[0].efficiency = -1;
		topo->nr_kinds = 1;
	}
	ret = 0;
out:
	free(info);
	free(efficiency);
	free(of_cpu);
	return ret;
}
