// SPDX-License-Identifier: GPL-2.0
/* sched_ext_run - run a command under the SCHED_EXT policy (for --partial tests). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SCHED_EXT_POLICY 7	/* SCHED_EXT in include/uapi/linux/sched.h */

int main(int argc, char **argv)
{
	struct sched_param param = { .sched_priority = 0 };

	if (argc < 2) {
		fprintf(stderr, "usage: sched_ext_run COMMAND [ARGS...]\n");
		return 2;
	}
	if (sched_setscheduler(0, SCHED_EXT_POLICY, &param)) {
		fprintf(stderr, "sched_ext_run: cannot set SCHED_EXT: %s\n", strerror(errno));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "sched_ext_run: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
