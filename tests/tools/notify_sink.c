// SPDX-License-Identifier: GPL-2.0
/*
 * notify_sink PATH SECONDS - stand in for systemd's notify socket (tests).
 *
 * Binds a datagram socket at PATH and prints each message it receives as
 * one line, "state=STATE MSG", where STATE is /sys/kernel/sched_ext/state at
 * the moment the message arrived and MSG has its newlines shown as '|'.
 * Exits after SECONDS.
 */
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void print_message(char *msg, ssize_t len)
{
	char state[32] = "?";
	FILE *f = fopen("/sys/kernel/sched_ext/state", "r");
	ssize_t i;

	if (f) {
		if (fgets(state, sizeof(state), f))
			state[strcspn(state, "\n")] = '\0';
		fclose(f);
	}
	for (i = 0; i < len; i++)
		if (msg[i] == '\n')
			msg[i] = '|';
	printf("state=%s %.*s\n", state, (int)len, msg);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char msg[4096];
	ssize_t n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: notify_sink PATH SECONDS\n");
		return 2;
	}
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[1]);
	unlink(argv[1]);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("notify_sink");
		return 1;
	}
	alarm((unsigned)atoi(argv[2]));
	while ((n = recv(fd, msg, sizeof(msg), 0)) >= 0)
		print_message(msg, n);
	return 0;
}
