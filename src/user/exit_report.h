/* SPDX-License-Identifier: GPL-2.0 */
/* exit_report.h - say why the scheduler ended, and what that means for us. */
#ifndef SCX_TOPO_EXIT_REPORT_H
#define SCX_TOPO_EXIT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "intf.h"

/* The kernel's name for an exit kind, e.g. "SCX_EXIT_ERROR_STALL", or "unknown kind". */
const char *exit_kind_name(int kind);

/* Whether the kernel ended the scheduler through an error (also when unknown). */
bool exit_is_error(const struct topo_exit_info *ei);

/* Whether the kernel asks the loader to start the scheduler again (never when unknown). */
bool exit_wants_restart(const struct topo_exit_info *ei);

/* Kind, reason, message and (if any) the debug dump. */
void exit_report_print(FILE *out, const struct topo_exit_info *ei);

#endif /* SCX_TOPO_EXIT_REPORT_H */
