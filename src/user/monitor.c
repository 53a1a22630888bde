// SPDX-License-Identifier: GPL-2.0
/* monitor.c - the --monitor client of the stats socket (see monitor.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "json_scan.h"
#include "monitor.h"
#include "stats_proto.h"

#define REPLY_MAX (1 << 22)	/* an LLC per line on a 512-LLC machine fits easily */

static volatile sig_atomic_t monitor_stop;

static void on_stop(int sig)
{
	monitor_stop = 1;
}

static int connect_socket(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static void connect_error(const char *path)
{
	if (errno == EACCES || errno == EPERM)
		fprintf(stderr, "scx_topo: cannot read the stats socket %s: permission denied; run as root (sudo scx_topo --monitor)\n",
			path);
	else if (errno == ENOENT || errno == ECONNREFUSED)
		fprintf(stderr, "scx_topo: no scx_topo is running (nothing listens on %s); start it first\n",
			path);
	else
		fprintf(stderr, "scx_topo: cannot connect to the stats socket %s: %s\n", path,
			strerror(errno));
}

/* One reply line into a malloc'd buffer; NULL if the server closed or misbehaved. */
static char *read_reply(FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, in);

	if (n <= 0 || n > REPLY_MAX || line[n - 1] != '\n') {
		free(line);
		return NULL;
	}
	line[n - 1] = '\0';
	return line;
}

/* Print a reply's value the way --stats / --stats-json would; -1 on an error reply. */
static int print_value(const char *value, const char *end, enum stats_format format)
{
	size_t len = (size_t)(end - value);
	char *text;

	if (format == STATS_FORMAT_JSON) {
		if (*value != '{')
			goto foreign;
		printf("%.*s\n", (int)len, value);
		return 0;
	}
	text = malloc(len + 1);
	if (!text || json_scan_string(value, text, len + 1) < 0) {
		free(text);
		goto foreign;
	}
	fputs(text, stdout);
	free(text);
	return 0;
foreign:
	fprintf(stderr, "scx_topo: the scheduler serving %s is not scx_topo (its reply is not in scx_topo's format)\n",
		STATS_SOCKET_PATH);
	return -1;
}

static void print_error(const char *value)
{
	char msg[512];

	if (json_scan_string(value, msg, sizeof(msg)) < 0)
		snprintf(msg, sizeof(msg), "(no message)");
	fprintf(stderr, "scx_topo: the stats server refused: %s\n", msg);
}

struct conn {
	FILE *in, *out;		/* one stream per direction: stdio cannot turn a socket around */
};

/* Ask once and print. 0, 1 (scheduler gone or not ours) or ENODEV (restarting). */
static int ask(const struct conn *c, enum stats_format format)
{
	const char *value, *end;
	char *reply;
	int errno_value, ret;

	stats_request_write(c->out, STATS_REQ_STATS, format);
	if (fflush(c->out) || !(reply = read_reply(c->in))) {
		fprintf(stderr, "scx_topo: the monitored scx_topo went away (stats socket closed)\n");
		return 1;
	}
	if (stats_reply_parse(reply, &errno_value, &value, &end)) {
		fprintf(stderr, "scx_topo: the scheduler serving %s did not answer in the scx_stats protocol\n",
			STATS_SOCKET_PATH);
		ret = 1;
	} else if (errno_value) {
		print_error(value);
		ret = errno_value == ENODEV ? ENODEV : 1;
	} else {
		ret = print_value(value, end, format) ? 1 : 0;
	}
	free(reply);
	fflush(stdout);
	return ret;
}

static void sleep_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s, .tv_nsec = (long)((s - (time_t)s) * 1e9) };

	while (!monitor_stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void install_stop(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int conn_open(struct conn *c)
{
	int fd = connect_socket(STATS_SOCKET_PATH), fd2;

	if (fd < 0) {
		connect_error(STATS_SOCKET_PATH);
		return -1;
	}
	fd2 = dup(fd);
	c->in = fdopen(fd, "r");
	c->out = fd2 >= 0 ? fdopen(fd2, "w") : NULL;
	if (c->in && c->out)
		return 0;
	fprintf(stderr, "scx_topo: cannot use the stats socket: %s\n", strerror(errno));
	if (c->in)
		fclose(c->in);
	else
		close(fd);
	if (fd2 >= 0 && !c->out)
		close(fd2);
	return -1;
}

int monitor_run(const struct topo_options *opts)
{
	struct conn c;
	int ret = 0;

	if (conn_open(&c))
		return TOPO_EXIT_ERROR;
	install_stop();
	while (!monitor_stop) {
		ret = ask(&c, opts->monitor_format);
		if (ret == 1 || opts->monitor_format == STATS_FORMAT_OPENMETRICS)
			break;
		sleep_s(opts->monitor_interval);
	}
	fclose(c.in);
	fclose(c.out);
	if (ret == 0 && ferror(stdout))
		return TOPO_EXIT_ERROR;
	return ret == 1 ? TOPO_EXIT_ERROR : TOPO_EXIT_STOPPED;
}
