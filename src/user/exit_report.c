// SPDX-License-Identifier: GPL-2.0
/*
 * exit_report.c - print the kernel's account of the scheduler's end.
 *
 * Exit kinds and exit-code bits are the running kernel's (kernel_enums.c).
 * Should its BTF not describe them, the report shows the raw numbers, the
 * end counts as an error and no restart is done: never a guess.
 */
#include <stdint.h>

#include "exit_report.h"
#include "kernel_enums.h"

const char *exit_kind_name(int kind)
{
	const char *name = kernel_enum_name("scx_exit_kind", (uint64_t)kind);

	return name ? name : "unknown kind";
}

bool exit_is_error(const struct topo_exit_info *ei)
{
	uint64_t error;

	if (kernel_enum_value("scx_exit_kind", "SCX_EXIT_ERROR", &error))
		return true;
	return (uint64_t)ei->kind >= error;
}

bool exit_wants_restart(const struct topo_exit_info *ei)
{
	uint64_t restart;

	if (kernel_enum_value("scx_exit_code", "SCX_ECODE_ACT_RESTART", &restart))
		return false;
	return ((uint64_t)ei->exit_code & restart) != 0;
}

void exit_report_print(FILE *out, const struct topo_exit_info *ei)
{
	fprintf(out, "scx_topo: scheduler ended: %s (kind %d), exit code 0x%llx%s\n",
		exit_kind_name(ei->kind), ei->kind, (unsigned long long)ei->exit_code,
		exit_wants_restart(ei) ? " (restart requested)" : "");
	fprintf(out, "scx_topo: reason: %s\n", ei->reason[0] ? ei->reason : "(none)");
	if (ei->msg[0])
		fprintf(out, "scx_topo: message: %s\n", ei->msg);
	if (ei->dump[0])
		fprintf(out, "scx_topo: debug dump:\n%s\n", ei->dump);
}
