/* SPDX-License-Identifier: GPL-2.0 */
/*
 * readback.h - --dump-topology=kernel: read the topology maps of the running
 * scx_topo back from the kernel and check them against hwloc.
 */
#ifndef SCX_TOPO_READBACK_H
#define SCX_TOPO_READBACK_H

#include "options.h"

/* Returns TOPO_EXIT_STOPPED when the maps match, TOPO_EXIT_ERROR otherwise. */
int readback_check(const struct topo_options *opts);

#endif /* SCX_TOPO_READBACK_H */
