// SPDX-License-Identifier: GPL-2.0
/*
 * cpulist.c - compact id lists ("0-3,8-11") and sizes for the dumps.
 */
#include <inttypes.h>
#include <stdio.h>

#include "internal.h"

/*
 * Collapse runs of consecutive ascending ids into "a-b". Works for any
 * sequence, not only sorted CPU lists, so steal orders print compactly too.
 */
void topo_print_ranges(FILE *out, const int *ids, int nr)
{
	int i = 0;

	while (i < nr) {
		int j = i;

		while (j + 1 < nr && ids[j + 1] == ids[j] + 1)
			j++;
		if (i)
			fputc(',', out);
		if (j == i)
			fprintf(out, "%d", ids[i]);
		else
			fprintf(out, "%d-%d", ids[i], ids[j]);
		i = j + 1;
	}
}

static const char *const size_unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };

/* "~1.5 GiB", "~16 GiB": rounded to a tenth in the largest unit below bytes, marked as such. */
static void print_rounded(FILE *out, uint64_t bytes)
{
	uint64_t scale = 1, whole, tenths;
	int u = 0;

	while (u < 4 && bytes / scale >= 1024) {
		scale *= 1024;
		u++;
	}
	whole = bytes / scale;
	tenths = ((bytes % scale) * 10 + scale / 2) / scale;
	if (tenths == 10) {
		whole++;
		tenths = 0;
	}
	if (tenths)
		fprintf(out, "~%" PRIu64 ".%" PRIu64 " %s", whole, tenths, size_unit[u]);
	else
		fprintf(out, "~%" PRIu64 " %s", whole, size_unit[u]);
}

/*
 * Exact when a unit divides the size into a short number ("16 MiB",
 * "1280 KiB"), otherwise rounded and marked ("~5.1 GiB", "~16 GiB"). Integer maths only, so
 * golden dumps never depend on floating point.
 */
void topo_print_size(FILE *out, uint64_t bytes)
{
	uint64_t scale;
	int u;

	if (!bytes) {
		fputs("0", out);
		return;
	}
	for (u = 4; u >= 0; u--) {
		scale = (uint64_t)1 << (10 * u);
		if (!(bytes % scale) && bytes / scale < 10000) {
			fprintf(out, "%" PRIu64 " %s", bytes / scale, size_unit[u]);
			return;
		}
	}
	print_rounded(out, bytes);
}
