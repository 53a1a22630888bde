// SPDX-License-Identifier: GPL-2.0
/*
 * test_exit_report.c - naming the kernel's exit kinds and codes, from a
 * hand-built BTF (the host's kernel may have no sched_ext), and without one.
 */
#include <string.h>

#include <bpf/btf.h>

#include "check.h"
#include "exit_report.h"
#include "kernel_enums.h"

/* The two enums exit_report.c reads, with the values of the 7.3 kernel. */
static struct btf *sched_ext_btf(void)
{
	struct btf *btf = btf__new_empty();

	if (!btf)
		return NULL;
	btf__add_enum(btf, "scx_exit_kind", 4);
	btf__add_enum_value(btf, "SCX_EXIT_UNREG_KERN", 66);
	btf__add_enum_value(btf, "SCX_EXIT_ERROR", 1024);
	btf__add_enum_value(btf, "SCX_EXIT_ERROR_STALL", 1026);
	btf__add_enum64(btf, "scx_exit_code", 8, false);
	btf__add_enum64_value(btf, "SCX_ECODE_RSN_HOTPLUG", 1ULL << 32);
	btf__add_enum64_value(btf, "SCX_ECODE_ACT_RESTART", 1ULL << 48);
	return btf;
}

static void test_with_btf(struct btf *btf)
{
	struct topo_exit_info ei;

	kernel_enums_use_btf(btf);
	CHECK(!strcmp(exit_kind_name(66), "SCX_EXIT_UNREG_KERN"), "%s", exit_kind_name(66));
	CHECK(!strcmp(exit_kind_name(1026), "SCX_EXIT_ERROR_STALL"), "%s", exit_kind_name(1026));
	CHECK(strstr(exit_kind_name(1100), "unknown") != NULL, "%s", exit_kind_name(1100));
	memset(&ei, 0, sizeof(ei));
	ei.kind = 66;
	ei.exit_code = (1LL << 48) | (1LL << 32);
	CHECK(exit_wants_restart(&ei), "hotplug restart code");
	CHECK(!exit_is_error(&ei), "UNREG_KERN is not an error");
	ei.kind = 1026;
	ei.exit_code = 0;
	CHECK(exit_is_error(&ei), "a stall is an error");
	CHECK(!exit_wants_restart(&ei), "no restart bit");
}

/* A BTF without sched_ext: numbers only, an error, no restart. */
static void test_without_enums(struct btf *empty)
{
	struct topo_exit_info ei;

	kernel_enums_use_btf(empty);
	memset(&ei, 0, sizeof(ei));
	ei.kind = 66;
	ei.exit_code = 1LL << 48;
	CHECK(strstr(exit_kind_name(66), "unknown") != NULL, "%s", exit_kind_name(66));
	CHECK(exit_is_error(&ei), "unknown kinds count as errors");
	CHECK(!exit_wants_restart(&ei), "no restart without the kernel's bit");
}

int main(void)
{
	struct btf *btf = sched_ext_btf(), *empty = btf__new_empty();

	CHECK(btf && empty, "building the test BTF");
	if (btf && empty) {
		test_with_btf(btf);
		test_without_enums(empty);
	}
	kernel_enums_use_btf(NULL);
	btf__free(btf);
	btf__free(empty);
	return check_done("test_exit_report");
}
