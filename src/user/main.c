// SPDX-License-Identifier: GPL-2.0
/*
 * scx_topo - load and run the topology-aware sched_ext scheduler, or print
 * the machine model it would schedule by.
 */
#include <stdio.h>

#include "options.h"
#include "preflight.h"
#include "readback.h"
#include "run.h"
#include "sched.h"
#include "topology.h"

static int dump_topology(const struct topo_options *opts)
{
	struct topology *topo;
	char err[512];

	if (topo_discover(&opts->source, &topo, err, sizeof(err))) {
		fprintf(stderr, "scx_topo: %s\n", err);
		return TOPO_EXIT_ERROR;
	}
	if (opts->dump == TOPO_DUMP_JSON)
		topo_dump_json(stdout, topo);
	else
		topo_dump_text(stdout, topo);
	topo_free(topo);
	return fflush(stdout) ? TOPO_EXIT_ERROR : TOPO_EXIT_STOPPED;
}

int main(int argc, char **argv)
{
	struct topo_options opts;
	int ret = topo_parse_options(argc, argv, &opts);

	if (ret < 0)
		return TOPO_EXIT_USAGE;
	if (ret > 0)
		return TOPO_EXIT_STOPPED;
	sched_set_libbpf_verbose(opts.verbose);
	if (opts.dump == TOPO_DUMP_KERNEL)
		return readback_check(&opts);
	if (opts.dump != TOPO_DUMP_NONE)
		return dump_topology(&opts);
	if (preflight_check())
		return TOPO_EXIT_ERROR;
	return run_scheduler(&opts);
}
