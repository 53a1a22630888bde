// SPDX-License-Identifier: GPL-2.0
/* test_options.c - the command line: defaults, values, and refusals. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "options.h"

static int parse(struct topo_options *o, const char *line)
{
	char buf[512], *argv[32];
	int argc = 0;

	snprintf(buf, sizeof(buf), "scx_topo %s", line);
	for (char *tok = strtok(buf, " "); tok && argc < 31; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return topo_parse_options(argc, argv, o);
}

static void test_defaults(void)
{
	struct topo_options o;

	CHECK_EQ(parse(&o, ""), 0);
	CHECK_EQ(o.slice_us, 5000);
	CHECK_EQ(o.numa_strict, 0);
	CHECK_EQ(o.watchdog_ms, 10000);
	CHECK_EQ(o.source.kind, TOPO_SRC_LIVE);
	CHECK_EQ(o.dump, TOPO_DUMP_NONE);
	CHECK_EQ(o.migrate_mb_per_s, 256);
	CHECK_EQ(parse(&o, "--migrate-mb-per-s 0"), 0);
	CHECK_EQ(o.migrate_mb_per_s, 0);
	CHECK_EQ(parse(&o, "--migrate-mb-per-s -1"), -1);
}

static void test_values(void)
{
	struct topo_options o;

	CHECK_EQ(parse(&o, "--numa-strict --slice-us 2000 --stats=2 --partial"), 0);
	CHECK_EQ(o.numa_strict, 1);
	CHECK_EQ(o.slice_us, 2000);
	CHECK(o.stats_interval == 2.0, "stats interval %f", o.stats_interval);
	CHECK_EQ(o.partial, 1);
	CHECK_EQ(parse(&o, "--dump-topology=json --topology-xml /x.xml"), 0);
	CHECK_EQ(o.dump, TOPO_DUMP_JSON);
	CHECK_EQ(o.source.kind, TOPO_SRC_XML);
	CHECK_EQ(parse(&o, "--dump-topology --topology-synthetic pu:4"), 0);
	CHECK_EQ(o.dump, TOPO_DUMP_TEXT);
	CHECK_EQ(parse(&o, "-s"), 0);
	CHECK(o.stats_interval == 1.0, "default stats interval %f", o.stats_interval);
}

static void test_refusals(void)
{
	struct topo_options o;

	CHECK_EQ(parse(&o, "--bogus"), -1);
	CHECK_EQ(parse(&o, "--slice-us 0"), -1);
	CHECK_EQ(parse(&o, "--slice-us abc"), -1);
	CHECK_EQ(parse(&o, "--slice-us -5"), -1);
	CHECK_EQ(parse(&o, "--watchdog-ms 60000"), -1);	/* the kernel caps it at 30 s */
	CHECK_EQ(parse(&o, "--dump-topology=yaml"), -1);
	CHECK_EQ(parse(&o, "--topology-xml a --topology-synthetic b"), -1);
	CHECK_EQ(parse(&o, "--topology-synthetic pu:4"), -1);	/* cannot schedule it */
	CHECK_EQ(parse(&o, "stray"), -1);
	CHECK_EQ(parse(&o, "--topology-xml"), -1);
}

/* Optional values given as the next argument, where that can only be the value. */
static void test_separate_values(void)
{
	struct topo_options o;

	CHECK_EQ(parse(&o, "--stats 2"), 0);
	CHECK(o.stats_interval == 2.0, "--stats 2: %f", o.stats_interval);
	CHECK_EQ(parse(&o, "-s 0.5 --numa-strict"), 0);
	CHECK(o.stats_interval == 0.5, "-s 0.5: %f", o.stats_interval);
	CHECK_EQ(o.numa_strict, 1);
	CHECK_EQ(parse(&o, "--dump-topology json"), 0);
	CHECK_EQ(o.dump, TOPO_DUMP_JSON);
	CHECK_EQ(parse(&o, "--stats-json 3"), 0);
	CHECK(o.stats_json && o.stats_interval == 3.0, "--stats-json 3: %f", o.stats_interval);
	CHECK_EQ(parse(&o, "--monitor 2 --format openmetrics"), 0);
	CHECK(o.monitor_interval == 2.0, "--monitor 2: %f", o.monitor_interval);
	CHECK_EQ(o.monitor_format, STATS_FORMAT_OPENMETRICS);
	CHECK_EQ(parse(&o, "--monitor"), 0);
	CHECK_EQ(o.monitor_format, STATS_FORMAT_TEXT);
	CHECK_EQ(parse(&o, "--stats --numa-strict"), 0);
	CHECK(o.stats_interval == 1.0, "--stats then a flag: %f", o.stats_interval);
	CHECK_EQ(parse(&o, "--stats foo"), -1);
	CHECK_EQ(parse(&o, "--dump-topology yaml"), -1);
	CHECK_EQ(parse(&o, "--stats --stats-json"), -1);
	CHECK_EQ(parse(&o, "--format json"), -1);
	CHECK_EQ(parse(&o, "--monitor --dump-topology"), -1);
}

int main(void)
{
	test_separate_values();
	test_defaults();
	test_values();
	test_refusals();
	return check_done("test_options");
}
