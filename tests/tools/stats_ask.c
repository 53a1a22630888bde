// SPDX-License-Identifier: GPL-2.0
/*
 * stats_ask PATH LINE... - send each LINE to the stats socket at PATH and
 * print each reply line (tests: the raw scx_stats protocol).
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int read_line(int fd)
{
	char c;

	while (read(fd, &c, 1) == 1) {
		putchar(c);
		if (c == '\n')
			return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd, i;

	if (argc < 3) {
		fprintf(stderr, "usage: stats_ask PATH LINE...\n");
		return 2;
	}
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("stats_ask");
		return 1;
	}
	for (i = 2; i < argc; i++) {
		if (write(fd, argv[i], strlen(argv[i])) < 0 || write(fd, "\n", 1) != 1 || read_line(fd)) {
			fprintf(stderr, "stats_ask: no reply to line %d\n", i - 1);
			return 1;
		}
	}
	return 0;
}
