// SPDX-License-Identifier: GPL-2.0
/* stats_doc.c - print the stats schema's field tables (docs/stats-json.md). */
#include <stdio.h>

#include "stats_meta.h"

int main(void)
{
	stats_meta_write_markdown(stdout);
	return fflush(stdout) ? 1 : 0;
}
