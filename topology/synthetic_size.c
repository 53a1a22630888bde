// SPDX-License-Identifier: GPL-2.0
/*
 * synthetic_size.c - refuse a synthetic description with more CPUs than
 * scx_topo supports before hwloc builds it: hwloc would first build every
 * object ("pack:1000 core:1000 pu:1000" is a billion), which takes minutes
 * and gigabytes, and only then would the model's limits be checked.
 *
 * Each level "TYPE:N" multiplies the number of leaves (PUs) by N; memory
 * levels in brackets ("[numa]") and attributes in parentheses add none.
 */
#include <ctype.h>
#include <stdlib.h>

#include "internal.h"

/* The arity of the level token at p ("core:4" -> 4), 1 if it has none. */
static unsigned long long level_arity(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '(' )
			return 1;
		if (*p == ':' && isdigit((unsigned char)p[1]))
			return strtoull(p + 1, NULL, 10);
	}
	return 1;
}

/* The end of the token at p: the next blank outside parentheses and brackets. */
static const char *token_end(const char *p)
{
	int depth = 0;

	for (; *p && (depth || !isspace((unsigned char)*p)); p++) {
		if (*p == '(' || *p == '[')
			depth++;
		else if ((*p == ')' || *p == ']') && depth)
			depth--;
	}
	return p;
}

unsigned long long topo_synthetic_leaves(const char *desc)
{
	unsigned long long leaves = 1, arity;
	const char *p = desc, *end;

	while (*p) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		end = token_end(p);
		arity = *p == '[' ? 1 : level_arity(p, end);
		if (arity && leaves > TOPO_MAX_CPUS * 16ULL / arity)
			return TOPO_MAX_CPUS * 16ULL;	/* far enough beyond the limit to say so */
		leaves *= arity ? arity : 1;
		p = end;
	}
	return leaves;
}

int topo_check_synthetic_size(const char *desc, char *err, size_t err_len)
{
	unsigned long long leaves = topo_synthetic_leaves(desc);
	char shown[256];

	if (leaves <= TOPO_MAX_CPUS)
		return 0;
	topo_copy_printable(shown, sizeof(shown), desc);
	topo_set_err(err, err_len,
		     "synthetic topology '%s' has %s%llu CPUs, more than the %d scx_topo supports; describe a smaller machine, or rebuild scx_topo with a larger TOPO_MAX_CPUS (src/include/intf.h)",
		     shown, leaves >= TOPO_MAX_CPUS * 16ULL ? "at least " : "", leaves, TOPO_MAX_CPUS);
	return -1;
}
