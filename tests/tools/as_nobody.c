// SPDX-License-Identifier: GPL-2.0
/* as_nobody - run a command as uid/gid 65534 with no capabilities (for tests). */
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: as_nobody COMMAND [ARGS...]\n");
		return 2;
	}
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
		fprintf(stderr, "as_nobody: cannot drop privileges: %s\n", strerror(errno));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "as_nobody: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
