// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_options - topo_parse_options() on a fuzzed command line.
 *
 * The input is split into arguments at NUL bytes when it has any (so an
 * argument can hold spaces, like a synthetic description), otherwise at
 * runs of blanks; "scx_topo" is prepended as argv[0]. What the parser
 * prints (--help, errors) goes to /dev/null.
 *
 * Each line is parsed twice, on two separate copies, and both results
 * must agree: getopt keeps state between calls (the position inside a
 * "-abc" cluster), and a parse must not depend on what an earlier call
 * left behind. The first copy is freed before the second parse, so a
 * leftover pointer into it is a use-after-free ASan can report.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "options.h"

#define MAX_ARGS	64

static char prog[] = "scx_topo";

/* argv of at most MAX_ARGS arguments over buf (modified in place). */
static int split(char *buf, size_t size, bool on_nul, char **argv)
{
	int argc = 0;
	size_t i = 0;

	argv[argc++] = prog;
	if (on_nul) {
		/* "a\0b\0" is two arguments; "a\0\0b" has an empty one between. */
		while (i < size && argc <= MAX_ARGS) {
			argv[argc++] = buf + i;
			i += strlen(buf + i) + 1;
		}
	} else {
		while (argc <= MAX_ARGS) {
			while (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n')
				buf[i++] = '\0';
			if (!buf[i])
				break;
			argv[argc++] = buf + i;
			while (buf[i] && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n')
				i++;
		}
	}
	argv[argc] = NULL;
	return argc;
}

/* A clean getopt: optind = 0 makes glibc drop all state of earlier scans. */
static void reset_getopt(void)
{
	char *argv[] = { prog, NULL };

	optind = 0;
	(void)getopt(1, argv, "");
}

struct result {
	int ret;
	struct topo_options opts;
	char arg[FUZZ_MAX_INPUT + 1];	/* opts.source.arg, copied */
	bool has_arg;
};

static struct result first, second;

static void parse(const uint8_t *data, size_t size, bool on_nul, struct result *r)
{
	char *buf = fuzz_strndup(data, size);
	char *argv[MAX_ARGS + 2];
	int argc = split(buf, size, on_nul, argv);

	r->ret = topo_parse_options(argc, argv, &r->opts);
	r->has_arg = r->opts.source.arg != NULL;
	if (r->has_arg)
		snprintf(r->arg, sizeof(r->arg), "%s", r->opts.source.arg);
	r->opts.source.arg = NULL;	/* points into buf, freed below */
	free(buf);
}

/* What a successful parse promises (see the ranges in options.c and --help). */
static void check_accepted(const struct result *r)
{
	const struct topo_options *o = &r->opts;

	FUZZ_ASSERT(o->slice_us >= 100 && o->slice_us <= 1000000, "slice_us %llu",
		    (unsigned long long)o->slice_us);
	FUZZ_ASSERT(o->sleep_credit_us <= 10000000 && o->migrate_cooldown_us <= 10000000,
		    "sleep credit %llu cooldown %llu", (unsigned long long)o->sleep_credit_us,
		    (unsigned long long)o->migrate_cooldown_us);
	FUZZ_ASSERT(o->steal_min_queued >= 1 && o->steal_min_queued <= 1000000 &&
		    o->steal_min_queued_remote >= 1 && o->steal_min_queued_remote <= 1000000,
		    "steal_min_queued %u/%u", o->steal_min_queued, o->steal_min_queued_remote);
	FUZZ_ASSERT(o->watchdog_ms >= 100 && o->watchdog_ms <= 30000, "watchdog_ms %u",
		    o->watchdog_ms);
	FUZZ_ASSERT(o->balance_gap <= 1000, "balance_gap %u", o->balance_gap);
	FUZZ_ASSERT(o->stats_interval == 0 ||
		    (o->stats_interval >= 0.1 && o->stats_interval <= 3600),
		    "stats_interval %g", o->stats_interval);
	FUZZ_ASSERT(!o->stats_json || o->stats_interval > 0, "stats_json without an interval");
	FUZZ_ASSERT((o->source.kind == TOPO_SRC_LIVE) == !r->has_arg,
		    "source kind %d with%s an argument", o->source.kind, r->has_arg ? "" : "out");
	FUZZ_ASSERT(o->source.kind != TOPO_SRC_SYNTHETIC ||
		    (o->dump == TOPO_DUMP_TEXT || o->dump == TOPO_DUMP_JSON),
		    "synthetic source with dump %d", o->dump);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* POSIXLY_CORRECT changes how getopt_long permutes arguments. */
	unsetenv("POSIXLY_CORRECT");
	fuzz_quiet_stdio();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool on_nul;

	if (size > 4096)
		return -1;
	on_nul = memchr(data, '\0', size) != NULL;

	reset_getopt();
	parse(data, size, on_nul, &first);
	parse(data, size, on_nul, &second);

	FUZZ_ASSERT(first.ret == -1 || first.ret == 0 || first.ret == 1, "returned %d",
		    first.ret);
	FUZZ_ASSERT(first.ret == second.ret, "returned %d, then %d on the same line",
		    first.ret, second.ret);
	FUZZ_ASSERT(!memcmp(&first.opts, &second.opts, sizeof(first.opts)) &&
		    first.has_arg == second.has_arg &&
		    (!first.has_arg || !strcmp(first.arg, second.arg)),
		    "two parses of the same line gave different options");
	if (first.ret == 0)
		check_accepted(&first);
	return 0;
}
