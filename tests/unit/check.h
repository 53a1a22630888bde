/* SPDX-License-Identifier: GPL-2.0 */
/* check.h - the smallest test harness: CHECK() records, check_done() reports. */
#ifndef SCX_TOPO_CHECK_H
#define SCX_TOPO_CHECK_H

#include <stdio.h>

static int check_failures;
static int check_count;

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		check_count++;                                                  \
		if (!(cond)) {                                                  \
			check_failures++;                                       \
			fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__,  \
				__LINE__, #cond);                               \
			fprintf(stderr, __VA_ARGS__);                           \
			fprintf(stderr, "\n");                                  \
		}                                                               \
	} while (0)

#define CHECK_EQ(got, want)                                                        \
	CHECK((long long)(got) == (long long)(want), "%s = %lld, want %lld", #got, \
	      (long long)(got), (long long)(want))

static inline int check_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif /* SCX_TOPO_CHECK_H */
