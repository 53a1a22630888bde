// SPDX-License-Identifier: GPL-2.0
/*
 * test_errors.c - bad inputs fail with -1 and one actionable line.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tests.h"

/*
 * Expect failure with one non-empty line in err (of err_len bytes); 0 if
 * so, else -1 after recording what was wrong.
 */
static int expect_failure(enum topo_source_kind kind, const char *arg, char *err, size_t err_len)
{
	struct topo_source src = { .kind = kind, .arg = arg };
	struct topology *t = (struct topology *)&src;	/* must be reset to NULL */
	int ret;

	memset(err, 'x', err_len);
	ret = topo_discover(&src, &t, err, err_len);
	CHECK_INT(-1, ret);
	CHECK(t == NULL, "output not cleared for '%s'", arg ? arg : "(null)");
	if (ret != -1)
		return -1;
	CHECK(memchr(err, '\0', err_len) != NULL, "err not terminated for '%s'", arg);
	if (!memchr(err, '\0', err_len))
		return -1;
	CHECK(err[0] != '\0', "empty message for '%s'", arg ? arg : "(null)");
	CHECK(strchr(err, '\n') == NULL, "multi-line message: %s", err);
	printf("ok: %s\n", err);
	return 0;
}

/*
 * Expect failure; the message must be one non-empty line and mention
 * `needle` (usually the offending file or string).
 */
static void expect_error(enum topo_source_kind kind, const char *arg, const char *needle)
{
	char err[512];

	if (!expect_failure(kind, arg, err, sizeof(err)))
		CHECK(strstr(err, needle) != NULL, "message does not mention '%s': %s", needle,
		      err);
}

void test_bad_xml_missing(void)
{
	expect_error(TOPO_SRC_XML, "fixtures/no-such-file.xml", "fixtures/no-such-file.xml");
	expect_error(TOPO_SRC_XML, "fixtures/no-such-file.xml", "lstopo --of xml");
	expect_error(TOPO_SRC_XML, "fixtures", "is a directory");
	expect_error(TOPO_SRC_XML, "", "no topology file");
	expect_error(TOPO_SRC_XML, NULL, "no topology file");
}

void test_bad_xml_malformed(void)
{
	expect_error(TOPO_SRC_XML, "fixtures/garbage.xml", "fixtures/garbage.xml");
	expect_error(TOPO_SRC_XML, "fixtures/empty.xml", "not valid hwloc XML");
}

/*
 * A file cut short after a few objects. hwloc 2.12 leaks the objects it
 * parsed before giving up; CMake runs this test with an LSan suppression
 * for libhwloc so that our own leaks would still show in the others.
 */
void test_bad_xml_truncated(void)
{
	expect_error(TOPO_SRC_XML, "fixtures/bad.xml", "fixtures/bad.xml");
}

/* hwloc accepts a file that lists PU P#3 twice; the model must not. */
void test_bad_xml_duplicate_cpu(void)
{
	expect_error(TOPO_SRC_XML, "fixtures/dup-cpu.xml", "CPU 3 appears twice");
	expect_error(TOPO_SRC_XML, "fixtures/dup-cpu.xml", "fixtures/dup-cpu.xml");
}

/*
 * Files that make hwloc 2.12 itself dereference NULL: parsed first in a
 * child process, they cost an error, not this process. (Where hwloc is
 * fixed, they are rejected as invalid XML instead.)
 */
void test_bad_xml_hwloc_crash(void)
{
	static const char *const files[] = {
		"../fuzz/regressions/fuzz_topology_xml/hwloc-2.12-unclosed-topology-tag.xml",
		"../fuzz/regressions/fuzz_topology_xml/hwloc-2.12-null-bitmap-v1.xml",
	};
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (expect_failure(TOPO_SRC_XML, files[i], err, sizeof(err)))
			continue;
		CHECK(strstr(err, files[i]) != NULL, "message does not name the file: %s", err);
		CHECK(strstr(err, "crashed parsing it (signal") ||
			      strstr(err, "not valid hwloc XML"),
		      "unexpected message: %s", err);
	}
}

/*
 * Just over one of the scheduler's limits (intf.h): refused with the count,
 * the limit and the constant to raise.
 */
static void expect_too_big(const char *desc, const char *count, const char *limit,
			   const char *constant)
{
	char err[512];

	if (expect_failure(TOPO_SRC_SYNTHETIC, desc, err, sizeof(err)))
		return;
	CHECK(strstr(err, desc) != NULL, "message does not name the input: %s", err);
	CHECK(strstr(err, count) != NULL, "message does not say '%s': %s", count, err);
	CHECK(strstr(err, limit) != NULL, "message does not say '%s': %s", limit, err);
	CHECK(strstr(err, constant) != NULL, "message does not name %s: %s", constant, err);
}

/*
 * 17 nodes x 241 cores. A flatter 4097 (pack:4097 pu:1) is as valid but
 * costs hwloc itself seconds: it inserts siblings in quadratic time.
 */
void test_too_many_cpus(void)
{
	expect_too_big("pack:17 [numa] l3:1 core:241 pu:1", "has 4097 CPUs", "the 4096",
		       "TOPO_MAX_CPUS");
}

/* Few CPUs, but one of them numbered beyond what the per-CPU maps hold. */
void test_cpu_id_too_high(void)
{
	expect_too_big("pack:1 [numa] core:2 pu:2(indexes=0,1,2,4096)", "CPU id 4096", "above 4095",
		       "TOPO_MAX_CPUS");
}

/* 27 x 19 L3s shared by 2 cores each. */
void test_too_many_llcs(void)
{
	expect_too_big("pack:27 [numa] l3:19 core:2 pu:1", "has 513 LLCs", "the 512",
		       "TOPO_MAX_LLCS");
}

void test_too_many_nodes(void)
{
	expect_too_big("pack:65 [numa] pu:1", "has 65 NUMA nodes", "the 64", "TOPO_MAX_NODES");
}

void test_bad_synthetic(void)
{
	expect_error(TOPO_SRC_SYNTHETIC, "pack:2 foo:3", "pack:2 foo:3");
	expect_error(TOPO_SRC_SYNTHETIC, "pack:2 core:-1 pu:2", "pack:2 core:-1 pu:2");
	expect_error(TOPO_SRC_SYNTHETIC, "banana", "banana");
	expect_error(TOPO_SRC_SYNTHETIC, "", "empty synthetic");
	/* A newline in the input must not break the one-line promise. */
	expect_error(TOPO_SRC_SYNTHETIC, "pack:2\nfoo:1", "pack:2?foo:1");
}

void test_bad_api_use(void)
{
	struct topo_source src = { .kind = (enum topo_source_kind)42, .arg = "x" };
	struct topology *t;
	char err[128];

	CHECK_INT(-1, topo_discover(NULL, &t, err, sizeof(err)));
	CHECK(err[0] != '\0', "no message for a NULL source");
	CHECK_INT(-1, topo_discover(&src, &t, err, sizeof(err)));
	CHECK(strstr(err, "42") != NULL, "unknown kind not named: %s", err);
	/* No room for a message: still fails, still no crash. */
	CHECK_INT(-1, topo_discover(&src, &t, NULL, 0));
	src.kind = TOPO_SRC_SYNTHETIC;
	src.arg = "pack:1 core:2 pu:1";
	CHECK_INT(-1, topo_discover(&src, NULL, err, sizeof(err)));
	/* A tiny buffer truncates but stays terminated. */
	src.arg = "nonsense";
	CHECK_INT(-1, topo_discover(&src, &t, err, 8));
	CHECK_INT(7, strlen(err));
	topo_free(NULL);
}

/* Run the bad inputs again with stderr captured: hwloc must stay silent. */
void test_bad_input_quiet(void)
{
	char path[] = "/tmp/topo-stderr-XXXXXX";
	int fd = mkstemp(path), saved;
	struct stat st;

	if (fd < 0) {
		CHECK(0, "mkstemp failed");
		return;
	}
	unlink(path);
	unsetenv("HWLOC_XML_VERBOSE");
	unsetenv("HWLOC_SYNTHETIC_VERBOSE");
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	test_bad_xml_missing();
	test_bad_xml_malformed();
	test_bad_xml_duplicate_cpu();
	test_bad_xml_hwloc_crash();
	test_bad_synthetic();
	test_cpu_id_too_high();
	test_too_many_llcs();
	test_too_many_nodes();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 0,
	      "%lld bytes written to stderr while loading bad inputs", (long long)st.st_size);
	close(fd);
}
