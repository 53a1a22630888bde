// SPDX-License-Identifier: GPL-2.0
/*
 * topo_dump - print the scx_topo model of a machine, XML file or synthetic
 * description. A development aid: compare with lstopo, regenerate goldens.
 *
 *   topo_dump [--json] live | xml FILE | synthetic "package:2 core:4 pu:2"
 */
#include <stdio.h>
#include <string.h>

#include "topology.h"

static int usage(void)
{
	fputs("usage: topo_dump [--json] live | xml FILE | synthetic DESCRIPTION\n", stderr);
	return 2;
}

static int parse_source(int argc, char **argv, struct topo_source *src)
{
	if (argc == 1 && !strcmp(argv[0], "live")) {
		src->kind = TOPO_SRC_LIVE;
		src->arg = NULL;
		return 0;
	}
	if (argc != 2)
		return -1;
	src->arg = argv[1];
	if (!strcmp(argv[0], "xml"))
		src->kind = TOPO_SRC_XML;
	else if (!strcmp(argv[0], "synthetic"))
		src->kind = TOPO_SRC_SYNTHETIC;
	else
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct topo_source src;
	struct topology *topo;
	char err[512];
	int json = argc > 1 && !strcmp(argv[1], "--json");

	if (parse_source(argc - 1 - json, argv + 1 + json, &src))
		return usage();
	if (topo_discover(&src, &topo, err, sizeof(err))) {
		fprintf(stderr, "topo_dump: %s\n", err);
		return 1;
	}
	if (json)
		topo_dump_json(stdout, topo);
	else
		topo_dump_text(stdout, topo);
	topo_free(topo);
	return 0;
}
