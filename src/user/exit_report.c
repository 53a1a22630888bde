// SPDX-License-Identifier: GPL-2.0
/* exit_report.c - print the kernel's account of the scheduler's end. */
#include "exit_report.h"

/* enum scx_exit_kind, by value. */
static const struct {
	int kind;
	const char *name;
} exit_kinds[] = {
	{ 0, "SCX_EXIT_NONE" },
	{ 1, "SCX_EXIT_DONE" },
	{ 64, "SCX_EXIT_UNREG" },
	{ 65, "SCX_EXIT_UNREG_BPF" },
	{ 66, "SCX_EXIT_UNREG_KERN" },
	{ 67, "SCX_EXIT_SYSRQ" },
	{ 68, "SCX_EXIT_PARENT" },
	{ 69, "SCX_EXIT_PARENT_KILL" },
	{ 1024, "SCX_EXIT_ERROR" },
	{ 1025, "SCX_EXIT_ERROR_BPF" },
	{ 1026, "SCX_EXIT_ERROR_STALL" },
	{ 1027, "SCX_EXIT_ERROR_REENQ" },
	{ 1028, "SCX_EXIT_ERROR_RESCUE" },
};

const char *exit_kind_name(int kind)
{
	size_t i;

	for (i = 0; i < sizeof(exit_kinds) / sizeof(exit_kinds[0]); i++)
		if (exit_kinds[i].kind == kind)
			return exit_kinds[i].name;
	return kind >= 1024 ? "SCX_EXIT_ERROR (unknown kind)" : "SCX_EXIT (unknown kind)";
}

bool exit_is_error(const struct topo_exit_info *ei)
{
	return ei->kind >= 1024;
}

bool exit_wants_restart(const struct topo_exit_info *ei)
{
	return (ei->exit_code & TOPO_ECODE_ACT_RESTART) != 0;
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
