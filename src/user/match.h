/* SPDX-License-Identifier: GPL-2.0 */
/* match.h - is a topology really this machine's? */
#ifndef SCX_TOPO_MATCH_H
#define SCX_TOPO_MATCH_H

#include <stddef.h>

#include "options.h"
#include "topology.h"

/*
 * Compare two models by what scheduling depends on: CPU ids, and which CPUs
 * share a core, an LLC and a node. Returns 0 when equal, else -1 with the
 * first difference in why.
 */
int topo_compare(const struct topology *want, const struct topology *have, char *why, size_t len);

/*
 * The model to attach with: discovered from opts->source; a file's model must
 * match the live machine. One-line error and NULL on failure.
 */
struct topology *match_discover_for_attach(const struct topo_options *opts);

#endif /* SCX_TOPO_MATCH_H */
