/* SPDX-License-Identifier: GPL-2.0 */
/* monitor.h - scx_topo --monitor: print a running scx_topo's stats from its socket. */
#ifndef SCX_TOPO_MONITOR_H
#define SCX_TOPO_MONITOR_H

#include "options.h"

/*
 * Text and JSON: one interval every opts->monitor_interval seconds (the
 * first covers the time since attach) until SIGINT/SIGTERM (status 0) or
 * the scheduler goes away (status 1). OpenMetrics: one exposition, status 0.
 */
int monitor_run(const struct topo_options *opts);

#endif /* SCX_TOPO_MONITOR_H */
