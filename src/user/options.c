// SPDX-License-Identifier: GPL-2.0
/* options.c - parse scx_topo's command line with getopt_long. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "version.h"

enum long_only {
	OPT_DUMP = 0x100,
	OPT_XML,
	OPT_SYNTHETIC,
	OPT_SLICE,
	OPT_SLEEP_CREDIT,
	OPT_COOLDOWN,
	OPT_STEAL_MIN,
	OPT_STEAL_MIN_REMOTE,
	OPT_NO_CROSS,
	OPT_WATCHDOG,
	OPT_STATS_JSON,
	OPT_NO_RESTART,
	OPT_BALANCE_GAP,
	OPT_NO_PREFER_FAST,
	OPT_MONITOR,
	OPT_FORMAT,
	OPT_MIGRATE_MB,
};

static const struct option long_options[] = {
	{ "numa-strict", no_argument, NULL, 'n' },
	{ "partial", no_argument, NULL, 'p' },
	{ "stats", optional_argument, NULL, 's' },
	{ "stats-json", optional_argument, NULL, OPT_STATS_JSON },
	{ "debug", no_argument, NULL, 'd' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "dump-topology", optional_argument, NULL, OPT_DUMP },
	{ "topology-xml", required_argument, NULL, OPT_XML },
	{ "topology-synthetic", required_argument, NULL, OPT_SYNTHETIC },
	{ "slice-us", required_argument, NULL, OPT_SLICE },
	{ "sleep-credit-us", required_argument, NULL, OPT_SLEEP_CREDIT },
	{ "migrate-cooldown-us", required_argument, NULL, OPT_COOLDOWN },
	{ "steal-min-queued", required_argument, NULL, OPT_STEAL_MIN },
	{ "steal-min-queued-remote", required_argument, NULL, OPT_STEAL_MIN_REMOTE },
	{ "no-cross-node-steal", no_argument, NULL, OPT_NO_CROSS },
	{ "balance-gap", required_argument, NULL, OPT_BALANCE_GAP },
	{ "no-prefer-fast", no_argument, NULL, OPT_NO_PREFER_FAST },
	{ "migrate-mb-per-s", required_argument, NULL, OPT_MIGRATE_MB },
	{ "watchdog-ms", required_argument, NULL, OPT_WATCHDOG },
	{ "no-restart", no_argument, NULL, OPT_NO_RESTART },
	{ "monitor", optional_argument, NULL, OPT_MONITOR },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 },
};

/*
 * Every option's default, in one place: parsing starts from it and --help
 * shows it. The BPF side has none of its own (its cfg holds placeholders).
 */
static const struct topo_options defaults = {
	.source.kind = TOPO_SRC_LIVE,
	.slice_us = 5000, .sleep_credit_us = 20000, .migrate_cooldown_us = 2000,
	.steal_min_queued = 1, .steal_min_queued_remote = 2, .balance_gap = 2,
	.watchdog_ms = 10000, .migrate_mb_per_s = 256,
	.monitor_format = STATS_FORMAT_TEXT,
};

static void print_help(void)
{
	printf("Usage: scx_topo [OPTIONS]\n"
	       "A topology-aware sched_ext CPU scheduler: tasks stay near their caches and\n"
	       "memory, idle CPUs steal nearest-first (LLC, node, then by NUMA distance).\n"
	       "\n"
	       "Policy:\n"
	       "  -n, --numa-strict              keep every task on its home node\n"
	       "      --no-cross-node-steal      never steal work across NUMA nodes\n"
	       "      --slice-us N               time slice in microseconds (default %d)\n"
	       "      --sleep-credit-us N        most vtime a sleeper may bank (default %d)\n"
	       "      --migrate-cooldown-us N    a task that changed LLC is not stolen again\n"
	       "                                 for this long (default %d)\n"
	       "      --steal-min-queued N       queue length before stealing within a node\n"
	       "                                 (default %d)\n"
	       "      --steal-min-queued-remote N  ... and across nodes (default %d)\n"
	       "      --balance-gap N            under overload, an LLC pulls from a node\n"
	       "                                 sibling queued N more tasks per CPU than\n"
	       "                                 itself; 0 turns this off (default %d)\n"
	       "      --no-prefer-fast           on hybrid CPUs, do not look for an idle CPU\n"
	       "                                 of the fastest kind first\n"
	       "      --migrate-mb-per-s N       with --numa-strict, move a process's pages\n"
	       "                                 to its home node at up to N MB/s; 0 never\n"
	       "                                 (default 256)\n"
	       "      --watchdog-ms N            kernel watchdog timeout, at most 30000\n"
	       "                                 (default %d)\n"
	       "  -p, --partial                  only schedule tasks set to SCHED_EXT\n"
	       "\n"
	       "Topology:\n"
	       "      --dump-topology[=text|json|kernel]\n"
	       "                                 print the machine model and exit; 'kernel'\n"
	       "                                 reads the running scheduler's maps back and\n"
	       "                                 checks them against hwloc\n"
	       "      --topology-xml FILE        use an hwloc XML (lstopo --of xml) instead\n"
	       "                                 of this machine\n"
	       "      --topology-synthetic DESC  use an hwloc synthetic topology (testing aid),\n"
	       "                                 e.g. \"package:2 l3:4 core:4 pu:2\"\n"
	       "\n"
	       "Operation:\n"
	       "  -s, --stats[=SECONDS]          print statistics every SECONDS (default 1)\n"
	       "      --stats-json[=SECONDS]     the same as JSON lines\n"
	       "      --monitor[=SECONDS]        print a running scx_topo's statistics every\n"
	       "                                 SECONDS (default 1) from its stats socket\n"
	       "      --format=FORMAT            --monitor output: text (default), json or\n"
	       "                                 openmetrics (printed once)\n"
	       "  -d, --debug                    trace every decision to the kernel trace pipe\n"
	       "  -v, --verbose                  explain the loader's own decisions\n"
	       "      --no-restart               exit instead of restarting after CPU hotplug\n"
	       "  -h, --help                     this text\n"
	       "  -V, --version                  the version\n"
	       "\n"
	       "Exit status: 0 stopped by the user, 1 error, 2 bad usage,\n"
	       "3 restart requested by the kernel but not done (--no-restart).\n"
	       "\n"
	       "Optional values may follow as the next argument: --stats 2, -s 2,\n"
	       "--dump-topology json.\n"
	       "\n"
	       "See scx_topo(8).\n",
	       (int)defaults.slice_us, (int)defaults.sleep_credit_us, (int)defaults.migrate_cooldown_us,
	       (int)defaults.steal_min_queued, (int)defaults.steal_min_queued_remote,
	       (int)defaults.balance_gap, (int)defaults.watchdog_ms);
}

static int parse_u64(const char *flag, const char *arg, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v < min || v > max) {
		fprintf(stderr, "scx_topo: invalid value '%s' for --%s: expected an integer in %" PRIu64
				"..%" PRIu64 "\n", arg, flag, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_u32(const char *flag, const char *arg, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (parse_u64(flag, arg, min, max, &v))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_interval(const char *flag, const char *arg, double *out)
{
	char *end;
	double v;

	if (!arg) {
		*out = 1.0;
		return 0;
	}
	v = strtod(arg, &end);
	if (end == arg || *end || !(v >= 0.1 && v <= 3600)) {
		fprintf(stderr, "scx_topo: invalid value '%s' for --%s: expected seconds in 0.1..3600\n",
			arg, flag);
		return -1;
	}
	*out = v;
	return 0;
}

static int dump_format(const char *arg, enum topo_dump_format *out)
{
	if (!arg || !strcmp(arg, "text"))
		*out = TOPO_DUMP_TEXT;
	else if (!strcmp(arg, "json"))
		*out = TOPO_DUMP_JSON;
	else if (!strcmp(arg, "kernel"))
		*out = TOPO_DUMP_KERNEL;
	else
		return -1;
	return 0;
}

static int parse_dump(const char *arg, enum topo_dump_format *out)
{
	if (!dump_format(arg, out))
		return 0;
	fprintf(stderr, "scx_topo: invalid value '%s' for --dump-topology: expected text, json or kernel\n",
		arg);
	return -1;
}

static int parse_format(const char *arg, struct topo_options *opts)
{
	opts->format_given = true;
	if (!stats_format_parse(arg, &opts->monitor_format))
		return 0;
	fprintf(stderr, "scx_topo: invalid value '%s' for --format: expected text, json or openmetrics\n",
		arg);
	return -1;
}

static int set_source(struct topo_options *opts, enum topo_source_kind kind, const char *arg)
{
	if (opts->source.kind != TOPO_SRC_LIVE) {
		fprintf(stderr, "scx_topo: --topology-xml and --topology-synthetic are exclusive: give one\n");
		return -1;
	}
	opts->source.kind = kind;
	opts->source.arg = arg;
	return 0;
}

static int check_monitor(const struct topo_options *opts)
{
	if (opts->format_given && opts->monitor_interval <= 0) {
		fprintf(stderr, "scx_topo: --format only applies to --monitor; --stats and --stats-json choose their own form\n");
		return -1;
	}
	if (opts->monitor_interval > 0 &&
	    (opts->dump != TOPO_DUMP_NONE || opts->stats_interval > 0 || opts->source.kind != TOPO_SRC_LIVE)) {
		fprintf(stderr, "scx_topo: --monitor only reads a running scx_topo's stats: drop --dump-topology, --stats, --stats-json and --topology-*\n");
		return -1;
	}
	return 0;
}

static int check_combination(const struct topo_options *opts)
{
	if (opts->stats_text && opts->stats_json) {
		fprintf(stderr, "scx_topo: --stats and --stats-json are exclusive: give one (--stats-json also prints the readable lines, on stderr)\n");
		return -1;
	}
	if (check_monitor(opts))
		return -1;
	if (opts->source.kind == TOPO_SRC_SYNTHETIC && opts->dump == TOPO_DUMP_NONE) {
		fprintf(stderr, "scx_topo: --topology-synthetic only works with --dump-topology: a synthetic machine cannot be scheduled\n");
		return -1;
	}
	if (opts->dump == TOPO_DUMP_KERNEL && opts->source.kind == TOPO_SRC_SYNTHETIC) {
		fprintf(stderr, "scx_topo: --dump-topology=kernel compares with this machine: drop --topology-synthetic\n");
		return -1;
	}
	if (opts->numa_strict && opts->no_cross_node_steal && opts->verbose)
		fprintf(stderr, "scx_topo: note: --numa-strict already implies --no-cross-node-steal\n");
	return 0;
}

static int parse_one(int c, struct topo_options *opts)
{
	switch (c) {
	case 'n': opts->numa_strict = true; return 0;
	case 'p': opts->partial = true; return 0;
	case 'd': opts->debug = true; return 0;
	case 'v': opts->verbose = true; return 0;
	case 's':
		opts->stats_text = true;
		return parse_interval("stats", optarg, &opts->stats_interval);
	case OPT_MONITOR: return parse_interval("monitor", optarg, &opts->monitor_interval);
	case OPT_FORMAT: return parse_format(optarg, opts);
	case OPT_STATS_JSON:
		opts->stats_json = true;
		return parse_interval("stats-json", optarg, &opts->stats_interval);
	case OPT_DUMP: return parse_dump(optarg, &opts->dump);
	case OPT_XML: return set_source(opts, TOPO_SRC_XML, optarg);
	case OPT_SYNTHETIC: return set_source(opts, TOPO_SRC_SYNTHETIC, optarg);
	case OPT_SLICE: return parse_u64("slice-us", optarg, 100, 1000000, &opts->slice_us);
	case OPT_SLEEP_CREDIT:
		return parse_u64("sleep-credit-us", optarg, 0, 10000000, &opts->sleep_credit_us);
	case OPT_COOLDOWN:
		return parse_u64("migrate-cooldown-us", optarg, 0, 10000000, &opts->migrate_cooldown_us);
	case OPT_STEAL_MIN:
		return parse_u32("steal-min-queued", optarg, 1, 1000000, &opts->steal_min_queued);
	case OPT_STEAL_MIN_REMOTE:
		return parse_u32("steal-min-queued-remote", optarg, 1, 1000000,
				 &opts->steal_min_queued_remote);
	case OPT_NO_CROSS: opts->no_cross_node_steal = true; return 0;
	case OPT_BALANCE_GAP: return parse_u32("balance-gap", optarg, 0, 1000, &opts->balance_gap);
	case OPT_NO_PREFER_FAST: opts->no_prefer_fast = true; return 0;
	case OPT_MIGRATE_MB:
		return parse_u32("migrate-mb-per-s", optarg, 0, 1000000, &opts->migrate_mb_per_s);
	case OPT_WATCHDOG: return parse_u32("watchdog-ms", optarg, 100, 30000, &opts->watchdog_ms);
	case OPT_NO_RESTART: opts->no_restart = true; return 0;
	default: return -1;
	}
}

/* Whether arg can be the value of the optional-value option c, given separately. */
static int takes_separate_value(int c, const char *arg)
{
	enum topo_dump_format dump;
	char *end;

	if (!arg || arg[0] == '-')
		return 0;
	if (c == OPT_DUMP)
		return !dump_format(arg, &dump);
	if (c == 's' || c == OPT_STATS_JSON || c == OPT_MONITOR) {
		strtod(arg, &end);
		return end != arg && !*end;
	}
	return 0;
}

static const struct option *find_long(const char *name, size_t len, int *nr_prefix)
{
	const struct option *exact = NULL, *o;

	*nr_prefix = 0;
	for (o = long_options; o->name; o++) {
		if (strncmp(o->name, name, len))
			continue;
		(*nr_prefix)++;
		if (strlen(o->name) == len)
			exact = o;
	}
	return exact;
}

/* getopt's complaint about a long option, in words (opterr is off). */
static void bad_long_option(const char *arg)
{
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	int nr_prefix;
	const struct option *o = find_long(name, len, &nr_prefix);

	if (o && eq && o->has_arg == no_argument)
		fprintf(stderr, "scx_topo: option '--%s' doesn't allow an argument; see scx_topo --help\n",
			o->name);
	else if (!o && nr_prefix > 1)
		fprintf(stderr, "scx_topo: option '--%.*s' is ambiguous (%d options start so); see scx_topo --help\n",
			(int)len, name, nr_prefix);
	else
		fprintf(stderr, "scx_topo: unknown option '%s'; see scx_topo --help\n", arg);
}

static void bad_option(int c, char **argv)
{
	const char *bad = argv[optind - 1];
	char letter[3] = { '-', (char)optopt, '\0' };

	if (c == '?' && !strncmp(bad, "--", 2)) {
		bad_long_option(bad);
		return;
	}
	/* Inside "-abc" optind only moves on at the last letter. */
	if (c == '?' && optopt > ' ' && optopt < 0x7f)
		bad = letter;
	fprintf(stderr, "scx_topo: %s option '%s'; see scx_topo --help\n",
		c == '?' ? "unknown" : "missing value for", bad);
}

int topo_parse_options(int argc, char **argv, struct topo_options *opts)
{
	int c;

	*opts = defaults;
	opterr = 0;
	optind = 0;	/* 0, not 1: glibc then also drops a half-scanned "-abc" of an earlier call */
	while ((c = getopt_long(argc, argv, ":npdvs::hV", long_options, NULL)) != -1) {
		if (c == 'h') {
			print_help();
			return 1;
		}
		if (c == 'V') {
			printf("scx_topo %s\n", SCX_TOPO_VERSION);
			return 1;
		}
		if (c == '?' || c == ':') {
			bad_option(c, argv);
			return -1;
		}
		if (!optarg && optind < argc && takes_separate_value(c, argv[optind]))
			optarg = argv[optind++];
		if (parse_one(c, opts))
			return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "scx_topo: unexpected argument '%s'; see scx_topo --help\n", argv[optind]);
		return -1;
	}
	return check_combination(opts);
}
