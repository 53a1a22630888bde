/* SPDX-License-Identifier: GPL-2.0 */
/*
 * layout.h - the BPF side's view of the machine, computed from the model:
 * plain arrays exactly as the maps hold them, so they can be built and
 * checked on the host and compared with what a running scheduler holds.
 */
#ifndef SCX_TOPO_LAYOUT_H
#define SCX_TOPO_LAYOUT_H

#include "intf.h"
#include "topology.h"

struct topo_layout {
	u32 nr_cpu_ids;			/* entries of cpu_info */
	u32 nr_llcs;
	u32 nr_nodes;
	struct topo_cpu_info *cpu_info;	/* nr_cpu_ids */
	struct topo_llc_info *llc_info;	/* nr_llcs */
	struct topo_node_info *node_info; /* nr_nodes */
	u32 *steal_order;		/* nr_llcs * nr_llcs */
	u32 *node_order;		/* nr_nodes * nr_nodes: nodes by distance */
};

/*
 * Build the layout for a machine whose kernel has nr_cpu_ids CPU ids. Fails
 * with a one-line message in err when the model exceeds the limits of
 * intf.h or names a CPU id the kernel does not have.
 */
int layout_build(const struct topology *topo, u32 nr_cpu_ids, struct topo_layout *out,
		 char *err, size_t err_len);
void layout_free(struct topo_layout *layout);

#endif /* SCX_TOPO_LAYOUT_H */
