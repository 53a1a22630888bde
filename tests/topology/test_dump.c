// SPDX-License-Identifier: GPL-2.0
/*
 * test_dump.c - text and JSON dumps: golden files and the JSON escaper.
 *
 * Golden files are compared byte for byte. After an intended change to the
 * dump format, regenerate them (see README.md) and review the diff.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "json.h"
#include "tests.h"

struct golden {
	const char *name;
	enum topo_source_kind kind;
	const char *arg;
};

static const struct golden goldens[] = {
	{ "intel-2s", TOPO_SRC_SYNTHETIC,
	  "pack:2 [numa(memory=64GiB)] l3:1(size=30MiB) core:8 pu:2(indexes=2*16:1*2)" },
	{ "arm-clusters", TOPO_SRC_SYNTHETIC,
	  "pack:1 [numa(memory=8GiB)] l2:4(size=2MiB) core:4 pu:1" },
	{ "snc", TOPO_SRC_XML, "fixtures/snc.xml" },
	{ "memoryless", TOPO_SRC_XML, "fixtures/memoryless.xml" },
	{ "offline", TOPO_SRC_XML, "fixtures/offline.xml" },
	{ "hybrid-intel", TOPO_SRC_XML, "fixtures/hybrid-intel.xml" },
	{ "no-node", TOPO_SRC_XML, "fixtures/no-node.xml" },
	{ "dist-zero", TOPO_SRC_XML, "fixtures/dist-zero.xml" },
};

#define NR_GOLDENS	(int)(sizeof(goldens) / sizeof(goldens[0]))

/* The dump as a string; caller frees. */
static char *render(const struct topology *t, int json, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	if (json)
		topo_dump_json(f, t);
	else
		topo_dump_text(f, t);
	fclose(f);
	return buf;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	*len = buf ? (size_t)n : 0;
	fclose(f);
	return buf;
}

/* Report the first differing line, enough to see what changed. */
static void report_diff(const char *path, const char *want, const char *got)
{
	int line = 1;
	const char *w = want, *g = got;

	while (*w && *w == *g) {
		line += *w == '\n';
		w++;
		g++;
	}
	while (w > want && w[-1] != '\n') {
		w--;
		g--;
	}
	fprintf(stderr, "%s differs at line %d:\n  golden: %.*s\n  actual: %.*s\n", path,
		line, (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
	fprintf(stderr, "  if the change is intended, regenerate: see tests/topology/README.md\n");
}

static void compare(const struct topology *t, const char *name, int json)
{
	char path[256];
	size_t want_len, got_len;
	char *want, *got;

	snprintf(path, sizeof(path), "golden/%s.%s", name, json ? "json" : "txt");
	want = read_file(path, &want_len);
	got = render(t, json, &got_len);
	if (!want)
		CHECK(0, "cannot read %s", path);
	else if (!got)
		CHECK(0, "cannot render %s", path);
	else if (want_len != got_len || memcmp(want, got, got_len))
		CHECK((report_diff(path, want, got), 0), "%s does not match", path);
	free(want);
	free(got);
}

static struct topology *load_golden(const struct golden *g)
{
	struct topo_source src = { .kind = g->kind, .arg = g->arg };
	struct topology *t;
	char err[512];

	if (topo_discover(&src, &t, err, sizeof(err))) {
		CHECK(0, "%s: %s", g->name, err);
		return NULL;
	}
	return t;
}

int golden_check(const char *name)
{
	struct topology *t;
	int i;

	for (i = 0; i < NR_GOLDENS; i++) {
		if (strcmp(goldens[i].name, name))
			continue;
		t = load_golden(&goldens[i]);
		if (t) {
			check_invariants(t);
			compare(t, name, 0);
			compare(t, name, 1);
			topo_free(t);
		}
		return 0;
	}
	return -1;
}

static int write_file(const char *path, const struct topology *t, int json)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return -1;
	}
	if (json)
		topo_dump_json(f, t);
	else
		topo_dump_text(f, t);
	return fclose(f);
}

/* Run from tests/topology: rewrites golden/ from the current code. */
int golden_regen(void)
{
	struct topology *t;
	char path[256];
	int i, ret = 0;

	for (i = 0; i < NR_GOLDENS; i++) {
		t = load_golden(&goldens[i]);
		if (!t)
			return -1;
		snprintf(path, sizeof(path), "golden/%s.txt", goldens[i].name);
		ret |= write_file(path, t, 0);
		snprintf(path, sizeof(path), "golden/%s.json", goldens[i].name);
		ret |= write_file(path, t, 1);
		topo_free(t);
		printf("wrote golden/%s.{txt,json}\n", goldens[i].name);
	}
	return ret;
}

static void check_escaped(const char *in, const char *expected)
{
	struct json_writer w;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		CHECK(0, "open_memstream failed");
		return;
	}
	json_init(&w, f);
	json_string(&w, NULL, in);
	fclose(f);
	CHECK_STR(expected, buf);
	free(buf);
}

void test_json_escape(void)
{
	check_escaped("plain", "\"plain\"");
	check_escaped("a\"b\\c", "\"a\\\"b\\\\c\"");
	check_escaped("tab\there\nnl\x01", "\"tab\\u0009here\\u000anl\\u0001\"");
	/* Valid UTF-8 passes through, invalid bytes become U+FFFD. */
	check_escaped("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	check_escaped("bad\xff\xc3", "\"bad\\ufffd\\ufffd\"");
	check_escaped("over\xc0\xaf", "\"over\\ufffd\\ufffd\"");
	check_escaped("surrogate\xed\xa0\x80", "\"surrogate\\ufffd\\ufffd\\ufffd\"");
}

static void check_text_has(const struct topology *t, const char *needle)
{
	size_t len;
	char *text = render(t, 0, &len);

	CHECK(text && strstr(text, needle), "text dump lacks \"%s\"", needle);
	free(text);
}

/* Sizes print exactly when they can, rounded to a tenth otherwise. */
void test_text_sizes(void)
{
	struct topology *t = load_synthetic(
		"pack:1 [numa(memory=1610612736)] l3:1(size=1310720) core:1 pu:1");

	if (!t)
		return;
	check_text_has(t, "memory 1536 MiB,");
	check_text_has(t, "(L3 L#0, 1280 KiB, package 0): 1 core, cpus 0");
	check_text_has(t, "topology: 1 cpu, 1 core, 1 llc, 1 node, 1 package, smt 1");
	topo_free(t);
	t = load_synthetic("pack:1 [numa(memory=5327360000)] core:1 pu:1");
	if (!t)
		return;
	check_text_has(t, "memory ~5 GiB,");
	topo_free(t);
	t = load_synthetic("pack:1 [numa(memory=1610612737)] core:1 pu:1");
	if (!t)
		return;
	check_text_has(t, "memory ~1.5 GiB,");
	topo_free(t);
}
