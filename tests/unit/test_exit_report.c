// SPDX-License-Identifier: GPL-2.0
/* test_exit_report.c - naming the kernel's exit kinds and codes. */
#include <string.h>

#include "check.h"
#include "exit_report.h"

int main(void)
{
	struct topo_exit_info ei;

	CHECK(!strcmp(exit_kind_name(64), "SCX_EXIT_UNREG"), "%s", exit_kind_name(64));
	CHECK(!strcmp(exit_kind_name(1026), "SCX_EXIT_ERROR_STALL"), "%s", exit_kind_name(1026));
	CHECK(strstr(exit_kind_name(1100), "unknown") != NULL, "%s", exit_kind_name(1100));
	memset(&ei, 0, sizeof(ei));
	ei.kind = 66;
	ei.exit_code = TOPO_ECODE_ACT_RESTART | TOPO_ECODE_RSN_HOTPLUG;
	CHECK(exit_wants_restart(&ei), "hotplug restart code");
	CHECK(!exit_is_error(&ei), "UNREG_KERN is not an error");
	ei.kind = 1026;
	ei.exit_code = 0;
	CHECK(exit_is_error(&ei), "a stall is an error");
	CHECK(!exit_wants_restart(&ei), "no restart bit");
	return check_done("test_exit_report");
}
