// SPDX-License-Identifier: GPL-2.0
/*
 * xml_read.c - read an --topology-xml file into memory, once.
 *
 * The probe child (xml_probe.c) and the real parse both use this one
 * buffer (hwloc_topology_set_xmlbuffer), so a pipe or FIFO (e.g.
 * `--topology-xml <(lstopo --of xml)`) is drained once and parsed twice.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* lstopo's XML of a 4096-CPU machine is a few MB. */
#define XML_MAX_BYTES (64u << 20)

static int read_all(FILE *f, char **out, size_t *out_len)
{
	size_t cap = 1 << 16, len = 0, n;
	char *buf = malloc(cap + 1), *grown;

	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len < cap)
			continue;
		if (cap >= XML_MAX_BYTES) {
			free(buf);
			errno = EFBIG;
			return -1;
		}
		cap *= 2;
		grown = realloc(buf, cap + 1);
		if (!grown)
			free(buf);
		buf = grown;
	}
	if (!buf || ferror(f)) {
		free(buf);
		errno = buf ? EIO : ENOMEM;
		return -1;
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
}

int topo_read_xml(const char *path, char **buf, size_t *len, char *err, size_t err_len)
{
	char shown[256];
	struct stat st;
	FILE *f;
	int ret;

	topo_copy_printable(shown, sizeof(shown), path);
	f = fopen(path, "r");
	if (f && !fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		topo_set_err(err, err_len,
			     "topology file '%s' is a directory; pass a file written by `lstopo --of xml FILE`",
			     shown);
		return -1;
	}
	ret = f ? read_all(f, buf, len) : -1;
	if (ret)
		topo_set_err(err, err_len,
			     "cannot read topology file '%s': %s; pass a readable file written by `lstopo --of xml FILE`%s",
			     shown, strerror(errno), errno == EFBIG ? " (at most 64 MiB)" : "");
	if (f)
		fclose(f);
	return ret;
}
