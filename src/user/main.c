// SPDX-License-Identifier: GPL-2.0
/*
 * scx_topo - load and run the topology-aware sched_ext scheduler, print
 * the machine model it would schedule by, or monitor a running one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "monitor.h"
#include "options.h"
#include "preflight.h"
#include "readback.h"
#include "run.h"
#include "sched.h"
#include "topology.h"

/* Output that never reached its reader is an error, said in one line. */
static int finish_stdout(const char *what, int status)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return status;
	fprintf(stderr, "scx_topo: cannot write %s to stdout: %s\n", what,
		strerror(errno ? errno : EIO));
	return TOPO_EXIT_ERROR;
}

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
	return finish_stdout("the topology", TOPO_EXIT_STOPPED);
}

int main(int argc, char **argv)
{
	struct topo_options opts;
	int ret = topo_parse_options(argc, argv, &opts);

	if (ret < 0)
		return TOPO_EXIT_USAGE;
	if (ret > 0)
		return finish_stdout("the help or version", TOPO_EXIT_STOPPED);
	if (opts.monitor_interval > 0)
		return finish_stdout("the statistics", monitor_run(&opts));
	sched_set_libbpf_verbose(opts.verbose);
	if (opts.dump == TOPO_DUMP_KERNEL)
		return finish_stdout("the comparison", readback_check(&opts));
	if (opts.dump != TOPO_DUMP_NONE)
		return dump_topology(&opts);
	if (preflight_check())
		return TOPO_EXIT_ERROR;
	return run_scheduler(&opts);
}
