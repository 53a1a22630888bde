// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - error text, limit and allocation helpers for the build steps.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

void topo_set_err(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !err_len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
}

/* calloc that reports failure in the build's err, so callers just bail. */
void *topo_calloc(struct topo_build *b, size_t nmemb, size_t size)
{
	void *p;

	/* calloc(0, ...) may return NULL; callers index nothing then anyway. */
	p = calloc(nmemb ? nmemb : 1, size);
	if (!p)
		topo_set_err(b->err, b->err_len,
			     "out of memory while building the CPU topology");
	return p;
}

int *topo_alloc_ids(struct topo_build *b, size_t nr)
{
	int *ids = topo_calloc(b, nr, sizeof(*ids));
	size_t i;

	if (!ids)
		return NULL;
	for (i = 0; i < nr; i++)
		ids[i] = -1;
	return ids;
}

void topo_copy_printable(char *buf, size_t len, const char *s)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
}

int topo_check_limit(struct topo_build *b, int nr, int max, const char *what, const char *limit)
{
	if (nr <= max)
		return 0;
	topo_set_err(b->err, b->err_len,
		     "%s has %d %s, more than the %d scx_topo supports; to schedule it, rebuild scx_topo with a larger %s (src/include/intf.h)",
		     b->topo->source, nr, what, max, limit);
	return -1;
}
