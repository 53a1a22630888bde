// SPDX-License-Identifier: GPL-2.0
/*
 * source.c - load an hwloc topology from the machine, an XML file or a
 * synthetic description, with one-line errors a user can act on.
 *
 * hwloc itself stays quiet on bad input unless HWLOC_XML_VERBOSE or
 * HWLOC_SYNTHETIC_VERBOSE is set (this hwloc uses its built-in XML parser,
 * not libxml2), so the messages below are all the user sees; they point at
 * those variables for the details. An XML file is parsed once in a child
 * process before it is parsed here (xml_probe.c), so that a file which
 * crashes hwloc costs an error message, not the loader.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED for every source: hwloc then keeps
 * the whole tree (including NUMA nodes whose memory our cgroup may not use
 * but whose CPUs it may) and reports the allowed sets, which collect_cpus
 * applies itself. For the live machine that schedules exactly the CPUs
 * this process may use; for XML it honours the allowed_cpuset recorded in
 * the file. Offline CPUs never become PU objects, so they drop out too.
 */
int topo_configure_hwloc(hwloc_topology_t hw)
{
	if (hwloc_topology_set_flags(hw, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED |
				     HWLOC_TOPOLOGY_FLAG_NO_MEMATTRS))
		return -1;
	/* Keep caches even when they look like their parent: they are the LLCs. */
	if (hwloc_topology_set_cache_types_filter(hw, HWLOC_TYPE_FILTER_KEEP_ALL) ||
	    hwloc_topology_set_icache_types_filter(hw, HWLOC_TYPE_FILTER_KEEP_NONE))
		return -1;
	/* I/O discovery is the slow part of a live load and is never used. */
	if (hwloc_topology_set_io_types_filter(hw, HWLOC_TYPE_FILTER_KEEP_NONE) ||
	    hwloc_topology_set_type_filter(hw, HWLOC_OBJ_MISC, HWLOC_TYPE_FILTER_KEEP_NONE))
		return -1;
	return 0;
}

static void bad_xml(const char *path, char *err, size_t err_len)
{
	char shown[256];

	topo_copy_printable(shown, sizeof(shown), path);
	topo_set_err(err, err_len,
		     "topology file '%s' is not valid hwloc XML; regenerate it with `lstopo --of xml FILE` (HWLOC_XML_VERBOSE=1 shows the parser error)",
		     shown);
}

static void bad_synthetic(const char *desc, char *err, size_t err_len)
{
	char shown[256];

	topo_copy_printable(shown, sizeof(shown), desc);
	topo_set_err(err, err_len,
		     "invalid hwloc synthetic topology '%s'; write levels like \"package:2 [numa] l3:4 core:8 pu:2\" (HWLOC_SYNTHETIC_VERBOSE=1 shows why)",
		     shown);
}

/* Read the file once; the probe child and hwloc both parse that copy. */
static int set_xml(hwloc_topology_t hw, const char *path, char **xml, char *err, size_t err_len)
{
	size_t len;

	if (topo_read_xml(path, xml, &len, err, err_len) ||
	    topo_probe_xml(path, *xml, len, err, err_len))
		return -1;
	if (len > INT_MAX - 1 || hwloc_topology_set_xmlbuffer(hw, *xml, (int)len + 1)) {
		bad_xml(path, err, err_len);
		return -1;
	}
	return 0;
}

/* *xml: the file's contents, which hwloc reads until hwloc_topology_load. */
static int set_source(hwloc_topology_t hw, const struct topo_source *src, char **xml,
		      char *err, size_t err_len)
{
	switch (src->kind) {
	case TOPO_SRC_LIVE:
		/* hwloc may still swap in HWLOC_XMLFILE / HWLOC_SYNTHETIC: see check_live(). */
		return 0;
	case TOPO_SRC_XML:
		return set_xml(hw, src->arg, xml, err, err_len);
	case TOPO_SRC_SYNTHETIC:
		if (topo_check_synthetic_size(src->arg, err, err_len))
			return -1;
		if (hwloc_topology_set_synthetic(hw, src->arg)) {
			bad_synthetic(src->arg, err, err_len);
			return -1;
		}
		return 0;
	}
	return -1;
}

/* hwloc's XML parser may only notice a broken file here, at load time. */
static void load_error(const struct topo_source *src, char *err, size_t err_len)
{
	if (src->kind == TOPO_SRC_XML)
		bad_xml(src->arg, err, err_len);
	else if (src->kind == TOPO_SRC_SYNTHETIC)
		bad_synthetic(src->arg, err, err_len);
	else
		topo_set_err(err, err_len,
			     "hwloc could not discover this machine's topology (%s); run `lstopo-no-graphics` to see why",
			     strerror(errno));
}

/*
 * hwloc lets HWLOC_XMLFILE / HWLOC_SYNTHETIC in the environment replace
 * native discovery. A scheduler must not run on a stray file's topology;
 * whoever wants that passes the file as an XML source (or sets
 * HWLOC_THISSYSTEM=1 to vouch that it describes this machine).
 */
static int check_live(hwloc_topology_t hw, char *err, size_t err_len)
{
	if (hwloc_topology_is_thissystem(hw))
		return 0;
	topo_set_err(err, err_len,
		     "live discovery was replaced by HWLOC_XMLFILE or HWLOC_SYNTHETIC from the environment; unset them, or pass the file as an XML topology source");
	return -1;
}

static int check_source(const struct topo_source *src, char *err, size_t err_len)
{
	if (!src) {
		topo_set_err(err, err_len, "no topology source given");
		return -1;
	}
	if (src->kind != TOPO_SRC_LIVE && src->kind != TOPO_SRC_XML &&
	    src->kind != TOPO_SRC_SYNTHETIC) {
		topo_set_err(err, err_len, "unknown topology source kind %d", (int)src->kind);
		return -1;
	}
	if (src->kind != TOPO_SRC_LIVE && (!src->arg || !src->arg[0])) {
		topo_set_err(err, err_len, "%s",
			     src->kind == TOPO_SRC_XML ?
			     "no topology file given; pass a file written by `lstopo --of xml FILE`" :
			     "empty synthetic topology; write levels like \"package:2 core:4 pu:2\"");
		return -1;
	}
	return 0;
}

static void describe(const struct topo_source *src, char *desc, size_t desc_len)
{
	char buf[1024];

	if (src->kind == TOPO_SRC_LIVE)
		snprintf(buf, sizeof(buf), "live");
	else
		snprintf(buf, sizeof(buf), "%s:%s",
			 src->kind == TOPO_SRC_XML ? "xml" : "synthetic", src->arg);
	topo_copy_printable(desc, desc_len, buf);
}

int topo_open_source(const struct topo_source *src, hwloc_topology_t *out,
		     char *desc, size_t desc_len, char *err, size_t err_len)
{
	hwloc_topology_t hw;
	char *xml = NULL;

	if (check_source(src, err, err_len))
		return -1;
	if (hwloc_topology_init(&hw)) {
		topo_set_err(err, err_len, "hwloc_topology_init failed: %s", strerror(errno));
		return -1;
	}
	if (topo_configure_hwloc(hw)) {
		topo_set_err(err, err_len, "cannot configure hwloc: %s", strerror(errno));
		goto fail;
	}
	if (set_source(hw, src, &xml, err, err_len))
		goto fail;
	if (hwloc_topology_load(hw)) {
		load_error(src, err, err_len);
		goto fail;
	}
	free(xml);
	xml = NULL;
	if (src->kind == TOPO_SRC_LIVE && check_live(hw, err, err_len))
		goto fail;
	describe(src, desc, desc_len);
	*out = hw;
	return 0;
fail:
	free(xml);
	hwloc_topology_destroy(hw);
	return -1;
}
