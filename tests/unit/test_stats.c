// SPDX-License-Identifier: GPL-2.0
/*
 * test_stats.c - the stats socket's protocol and the stats schema: requests
 * and replies as scx_stats frames them, and every field the schema
 * (stats_meta) names present in what --stats-json and the socket print.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json_scan.h"
#include "stats.h"
#include "stats_meta.h"
#include "stats_proto.h"

static void test_requests(void)
{
	struct stats_request req;
	char err[192];

	CHECK_EQ(stats_request_parse("{\"req\":\"stats\",\"args\":{\"target\":\"top\"}}", &req, err, sizeof(err)), 0);
	CHECK_EQ(req.kind, STATS_REQ_STATS);
	CHECK_EQ(req.format, STATS_FORMAT_JSON);
	CHECK_EQ(stats_request_parse(" {\"args\":{\"format\":\"text\"}, \"req\" : \"stats\"} ", &req, err, sizeof(err)), 0);
	CHECK_EQ(req.format, STATS_FORMAT_TEXT);
	CHECK_EQ(stats_request_parse("{\"req\":\"stats_meta\"}", &req, err, sizeof(err)), 0);
	CHECK_EQ(req.kind, STATS_REQ_META);
	CHECK_EQ(stats_request_parse("{\"req\":\"bogus\",\"args\":{}}", &req, err, sizeof(err)), EINVAL);
	CHECK(strstr(err, "unknown command \"bogus\"") != NULL, "%s", err);
	CHECK_EQ(stats_request_parse("{\"req\":\"stats\",\"args\":{\"target\":\"llc\"}}", &req, err, sizeof(err)), EINVAL);
	CHECK_EQ(stats_request_parse("{\"req\":\"stats\",\"args\":{\"format\":\"xml\"}}", &req, err, sizeof(err)), EINVAL);
	CHECK_EQ(stats_request_parse("{\"req\":\"stats\"} trailing", &req, err, sizeof(err)), EINVAL);
	CHECK_EQ(stats_request_parse("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", &req, err, sizeof(err)), EINVAL);
	CHECK_EQ(stats_request_parse("{\"req\":\"st", &req, err, sizeof(err)), EINVAL);
}

static void test_reply_round_trip(void)
{
	const char *value, *end;
	char *line = NULL, text[64];
	size_t len = 0;
	int errno_value;
	FILE *mem = open_memstream(&line, &len);

	stats_reply_string(mem, 19, "line 1\n\"quoted\" \\ tab\t");
	fclose(mem);
	CHECK(line[len - 1] == '\n', "reply must end its line");
	line[len - 1] = '\0';
	CHECK_EQ(stats_reply_parse(line, &errno_value, &value, &end), 0);
	CHECK_EQ(errno_value, 19);
	CHECK(json_scan_string(value, text, sizeof(text)) > 0 &&
		      !strcmp(text, "line 1\n\"quoted\" \\ tab\t"), "decoded '%s'", text);
	CHECK_EQ(json_scan_string("\"\\u00e9\\u0041\"", text, sizeof(text)), 3);
	CHECK_EQ(json_scan_string("\"\\u00\"", text, sizeof(text)), -1);
	CHECK_EQ(stats_reply_parse("{\"errno\":0}", &errno_value, &value, &end), -1);
	free(line);
}

/* A 2-node, 4-LLC model with made-up samples: what the printers see in the VM. */
struct fixture {
	struct topology *topo;
	struct stats_sample prev, cur;
};

static int fixture_init(struct fixture *f)
{
	struct topo_source src = { TOPO_SRC_SYNTHETIC, "pack:2 [numa] l3:2 core:2 pu:1" };
	char err[256];
	int i;

	if (topo_discover(&src, &f->topo, err, sizeof(err))) {
		CHECK(0, "%s", err);
		return -1;
	}
	stats_sample_init(&f->prev, f->topo->nr_llcs, f->topo->max_cpu_id);
	stats_sample_init(&f->cur, f->topo->nr_llcs, f->topo->max_cpu_id);
	f->cur.time_s = 2.0;
	for (i = 0; i < TOPO_NR_STATS; i++)
		f->cur.totals[i] = 10 + i;
	f->cur.nr_events = 1;
	strcpy(f->cur.event_name[0], "SCX_EV_SELECT_CPU_FALLBACK");
	f->cur.event_value[0] = 7;
	return 0;
}

static void fixture_free(struct fixture *f)
{
	stats_sample_free(&f->prev);
	stats_sample_free(&f->cur);
	topo_free(f->topo);
}

static const struct meta_struct *meta(const char *name)
{
	int i;

	for (i = 0; i < stats_meta_nr_structs; i++)
		if (!strcmp(stats_meta_structs[i].name, name))
			return &stats_meta_structs[i];
	return NULL;
}

static void expect_members(const char *obj, const struct meta_struct *m, const char *skip)
{
	int i;

	for (i = 0; i < m->nr_fields; i++) {
		if (skip && !strcmp(m->fields[i].name, skip))
			continue;
		CHECK(json_scan_member(obj, m->fields[i].name, NULL) != NULL,
		      "%s.%s missing from the JSON", m->name, m->fields[i].name);
	}
}

static void test_json_matches_schema(void)
{
	struct fixture f;
	const char *nodes, *llcs, *totals;
	char *json = NULL;
	size_t len = 0;
	FILE *mem;

	if (fixture_init(&f))
		return;
	mem = open_memstream(&json, &len);
	stats_print_json(mem, f.topo, &f.prev, &f.cur, 0.0);
	fclose(mem);
	CHECK(json_scan_value(json) != NULL, "not JSON: %s", json);
	expect_members(json, meta("topo_stats"), NULL);
	totals = json_scan_member(json, "totals", NULL);
	CHECK(totals != NULL, "no totals");
	if (totals)
		expect_members(totals, meta("topo_counters"), NULL);
	nodes = json_scan_member(json, "nodes", NULL);
	llcs = json_scan_member(json, "llcs", NULL);
	CHECK(nodes && llcs, "no nodes or llcs arrays");
	if (nodes && llcs) {
		expect_members(json_scan_space(nodes + 1), meta("topo_domain"), "node");
		expect_members(json_scan_space(llcs + 1), meta("topo_domain"), NULL);
	}
	free(json);
	fixture_free(&f);
}

static void test_meta_json(void)
{
	const char *top, *fields;
	char *json = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&json, &len);
	int i;

	stats_meta_write_json(mem);
	fclose(mem);
	CHECK(json_scan_value(json) && !*json_scan_space(json_scan_value(json)), "not one JSON value");
	top = json_scan_member(json, "topo_stats", NULL);
	CHECK(top && json_scan_member(top, "top", NULL), "no top struct");
	fields = json_scan_member(json_scan_member(json, "topo_counters", NULL), "fields", NULL);
	for (i = 0; fields && i < TOPO_NR_STATS; i++)
		CHECK(json_scan_member(fields, topo_stat_labels[i], NULL) != NULL, "counter %s",
		      topo_stat_labels[i]);
	free(json);
}

static void test_openmetrics(void)
{
	struct fixture f;
	char *text = NULL, want[96];
	size_t len = 0;
	FILE *mem;
	int i;

	if (fixture_init(&f))
		return;
	mem = open_memstream(&text, &len);
	stats_print_openmetrics(mem, f.topo, &f.prev, &f.cur, 0.0);
	fclose(mem);
	for (i = 0; i < TOPO_NR_STATS; i++) {
		snprintf(want, sizeof(want), "\nscx_topo_%s_total %d\n", topo_stat_labels[i], 10 + i);
		CHECK(strstr(text, want) != NULL, "no '%s'", want + 1);
	}
	CHECK(strstr(text, "\nscx_topo_llc_queued{llc=\"3\",node=\"1\"} 0\n") != NULL, "llc 3 gauge");
	CHECK(strstr(text, "{event=\"SCX_EV_SELECT_CPU_FALLBACK\"} 7\n") != NULL, "kernel event");
	CHECK(len > 6 && !strcmp(text + len - 6, "# EOF\n"), "must end with # EOF");
	free(text);
	fixture_free(&f);
}

int main(void)
{
	test_requests();
	test_reply_round_trip();
	test_json_matches_schema();
	test_meta_json();
	test_openmetrics();
	return check_done("test_stats");
}
