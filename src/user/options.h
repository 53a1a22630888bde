/* SPDX-License-Identifier: GPL-2.0 */
/* options.h - scx_topo's command line. */
#ifndef SCX_TOPO_OPTIONS_H
#define SCX_TOPO_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "stats_proto.h"
#include "topology.h"

/* Exit statuses of scx_topo, documented in --help and the man page. */
enum topo_exit_status {
	TOPO_EXIT_STOPPED = 0,	/* stopped by the user (signal) or --dump done */
	TOPO_EXIT_ERROR = 1,	/* the scheduler failed or could not start */
	TOPO_EXIT_USAGE = 2,	/* bad command line */
	TOPO_EXIT_RESTART = 3,	/* the kernel asked for a restart we could not do */
};

enum topo_dump_format {
	TOPO_DUMP_NONE,
	TOPO_DUMP_TEXT,
	TOPO_DUMP_JSON,
	TOPO_DUMP_KERNEL,	/* read the running scheduler's maps back */
};

struct topo_options {
	struct topo_source source;
	enum topo_dump_format dump;

	/* policy */
	uint64_t slice_us;
	uint64_t sleep_credit_us;
	uint64_t migrate_cooldown_us;
	uint32_t steal_min_queued;
	uint32_t steal_min_queued_remote;
	bool numa_strict;
	bool no_cross_node_steal;
	uint32_t balance_gap;
	bool no_prefer_fast;
	uint32_t watchdog_ms;
	bool partial;
	uint32_t migrate_mb_per_s;	/* --numa-strict: memory moved after its process, 0 = never */

	/* operation */
	double stats_interval;		/* seconds; 0 = off */
	bool stats_text;		/* -s / --stats given */
	bool stats_json;
	double monitor_interval;	/* --monitor: seconds; 0 = not monitoring */
	enum stats_format monitor_format;
	bool format_given;
	bool debug;
	bool verbose;
	bool no_restart;
};

/*
 * Parse argv. Returns -1 and prints a one-line error for bad usage; returns
 * 1 when --help or --version was printed and nothing else should run.
 */
int topo_parse_options(int argc, char **argv, struct topo_options *opts);

#endif /* SCX_TOPO_OPTIONS_H */
