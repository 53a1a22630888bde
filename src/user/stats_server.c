// SPDX-License-Identifier: GPL-2.0
/* stats_server.c - the stats socket's thread (see stats_server.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sched.h"
#include "stats.h"
#include "stats_meta.h"
#include "stats_proto.h"
#include "stats_server.h"

#define MAX_CLIENTS 16
#define SEND_TIMEOUT_S 2	/* a client that stops reading is dropped, not waited for */

struct client {
	int fd;				/* -1: free slot */
	char line[STATS_LINE_MAX];
	size_t used;
	int generation;			/* scheduler life its samples belong to; -1: none */
	struct stats_sample samples[2];
	struct stats_sample *last;	/* the previous request's sample, or NULL */
};

struct stats_server {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int listen_fd;
	int wake[2];			/* write a byte to stop the thread */
	pthread_t thread;
	pthread_mutex_t lock;		/* guards the fields below */
	const struct topology *topo;	/* NULL between scheduler lives */
	const struct topo_sched *sched;
	struct stats_sample start;	/* taken at attach */
	int generation;
	struct client clients[MAX_CLIENTS];
};

static void client_reset(struct client *c)
{
	stats_sample_free(&c->samples[0]);
	stats_sample_free(&c->samples[1]);
	c->last = NULL;
	c->generation = -1;
}

static void client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->used = 0;
	client_reset(c);
}

static int client_samples_for(struct stats_server *srv, struct client *c)
{
	if (c->generation == srv->generation)
		return 0;
	client_reset(c);
	if (stats_sample_init(&c->samples[0], srv->topo->nr_llcs, srv->start.nr_cpu_ids) ||
	    stats_sample_init(&c->samples[1], srv->topo->nr_llcs, srv->start.nr_cpu_ids))
		return -1;
	c->generation = srv->generation;
	return 0;
}

static void render(FILE *out, enum stats_format format, const struct topology *topo,
		   const struct stats_sample *prev, const struct stats_sample *cur, double start_s)
{
	if (format == STATS_FORMAT_JSON)
		stats_print_json(out, topo, prev, cur, start_s);
	else if (format == STATS_FORMAT_TEXT)
		stats_print_text(out, topo, prev, cur, start_s);
	else
		stats_print_openmetrics(out, topo, prev, cur, start_s);
}

/* The reply value for a "stats" request, into buf (malloc'd). Called with srv->lock held. */
static int stats_value(struct stats_server *srv, struct client *c, enum stats_format format,
		       char **buf, size_t *len)
{
	struct stats_sample *cur;
	FILE *mem;

	if (!srv->topo)
		return ENODEV;
	if (client_samples_for(srv, c))
		return ENOMEM;
	cur = c->last == &c->samples[0] ? &c->samples[1] : &c->samples[0];
	stats_sample_take(cur, srv->sched);
	mem = open_memstream(buf, len);
	if (!mem)
		return ENOMEM;
	render(mem, format, srv->topo, c->last ? c->last : &srv->start, cur, srv->start.time_s);
	fclose(mem);
	c->last = cur;
	return 0;
}

static void reply_stats(struct stats_server *srv, struct client *c, enum stats_format format,
			FILE *out)
{
	char *value = NULL;
	size_t len = 0;
	int err;

	pthread_mutex_lock(&srv->lock);
	err = stats_value(srv, c, format, &value, &len);
	pthread_mutex_unlock(&srv->lock);
	if (err == ENODEV)
		stats_reply_string(out, err, "scx_topo is not attached right now (restarting after CPU hotplug or SIGHUP); ask again");
	else if (err)
		stats_reply_string(out, err, strerror(err));
	else if (format == STATS_FORMAT_JSON) {
		if (len && value[len - 1] == '\n')
			value[len - 1] = '\0';
		stats_reply_begin(out, 0);
		fputs(value, out);
		stats_reply_end(out);
	} else
		stats_reply_string(out, 0, value);
	free(value);
}

static void handle_line(struct stats_server *srv, struct client *c, FILE *out)
{
	struct stats_request req;
	char err[192];
	int errno_value = stats_request_parse(c->line, &req, err, sizeof(err));

	if (errno_value) {
		stats_reply_string(out, errno_value, err);
	} else if (req.kind == STATS_REQ_META) {
		stats_reply_begin(out, 0);
		stats_meta_write_json(out);
		stats_reply_end(out);
	} else {
		reply_stats(srv, c, req.format, out);
	}
}

static int send_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Answer one request line; -1 if the client must be dropped. */
static int answer(struct stats_server *srv, struct client *c)
{
	char *reply = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&reply, &len);
	int ret;

	if (!out)
		return -1;
	handle_line(srv, c, out);
	fclose(out);
	ret = send_all(c->fd, reply, len);
	free(reply);
	return ret;
}

/* Read what the client sent and answer every complete line; -1 to drop it. */
static int client_readable(struct stats_server *srv, struct client *c)
{
	ssize_t n = recv(c->fd, c->line + c->used, sizeof(c->line) - 1 - c->used, 0);
	char *nl;

	if (n <= 0)
		return -1;
	c->used += (size_t)n;
	c->line[c->used] = '\0';
	while ((nl = memchr(c->line, '\n', c->used))) {
		*nl = '\0';
		if (answer(srv, c))
			return -1;
		c->used -= (size_t)(nl + 1 - c->line);
		memmove(c->line, nl + 1, c->used);
		c->line[c->used] = '\0';
	}
	return c->used == sizeof(c->line) - 1 ? -1 : 0;	/* a line too long to be a request */
}

static void accept_client(struct stats_server *srv)
{
	struct timeval tv = { .tv_sec = SEND_TIMEOUT_S };
	int fd = accept(srv->listen_fd, NULL, NULL);
	int i;

	if (fd < 0)
		return;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	for (i = 0; i < MAX_CLIENTS; i++) {
		if (srv->clients[i].fd < 0) {
			setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
			srv->clients[i].fd = fd;
			return;
		}
	}
	close(fd);	/* full: the client sees the connection close */
}

static void *serve(void *arg)
{
	struct stats_server *srv = arg;
	struct pollfd fds[MAX_CLIENTS + 2];
	int i;

	for (;;) {
		fds[0] = (struct pollfd){ .fd = srv->wake[0], .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = srv->listen_fd, .events = POLLIN };
		for (i = 0; i < MAX_CLIENTS; i++)
			fds[i + 2] = (struct pollfd){ .fd = srv->clients[i].fd, .events = POLLIN };
		if (poll(fds, MAX_CLIENTS + 2, -1) < 0 && errno != EINTR)
			break;
		if (fds[0].revents)
			break;
		if (fds[1].revents & POLLIN)
			accept_client(srv);
		for (i = 0; i < MAX_CLIENTS; i++)
			if (fds[i + 2].revents && client_readable(srv, &srv->clients[i]))
				client_close(&srv->clients[i]);
	}
	return NULL;
}

/* mkdir -p of path's parent directories, each 0755 (readable, like scx's). */
static int make_parents(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -1;
		*slash = '/';
	}
	return 0;
}

static int listen_on(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (make_parents(path))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (unlink(path) && errno != ENOENT)
		goto fail;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || chmod(path, 0600) ||
	    listen(fd, MAX_CLIENTS))
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

static struct stats_server *server_new(const char *path)
{
	struct stats_server *srv = calloc(1, sizeof(*srv));
	int i;

	if (!srv)
		return NULL;
	snprintf(srv->path, sizeof(srv->path), "%s", path);
	srv->listen_fd = srv->wake[0] = srv->wake[1] = -1;
	pthread_mutex_init(&srv->lock, NULL);
	for (i = 0; i < MAX_CLIENTS; i++) {
		srv->clients[i].fd = -1;
		srv->clients[i].generation = -1;
	}
	return srv;
}

static void server_free(struct stats_server *srv)
{
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		client_close(&srv->clients[i]);
	if (srv->listen_fd >= 0) {
		close(srv->listen_fd);
		unlink(srv->path);
	}
	if (srv->wake[0] >= 0) {
		close(srv->wake[0]);
		close(srv->wake[1]);
	}
	stats_sample_free(&srv->start);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
}

struct stats_server *stats_server_start(const char *path, char *err, size_t err_len)
{
	struct stats_server *srv = server_new(path);

	if (!srv) {
		snprintf(err, err_len, "cannot serve stats: out of memory");
		return NULL;
	}
	srv->listen_fd = listen_on(path);
	if (srv->listen_fd < 0) {
		snprintf(err, err_len, "cannot serve stats on %s: %s; scheduling without the stats socket",
			 path, strerror(errno));
		server_free(srv);
		return NULL;
	}
	if (pipe(srv->wake) || fcntl(srv->wake[0], F_SETFD, FD_CLOEXEC) ||
	    fcntl(srv->wake[1], F_SETFD, FD_CLOEXEC) || pthread_create(&srv->thread, NULL, serve, srv)) {
		snprintf(err, err_len, "cannot start the stats thread: %s", strerror(errno));
		server_free(srv);
		return NULL;
	}
	return srv;
}

void stats_server_attach(struct stats_server *srv, const struct topology *topo,
			 const struct topo_sched *sched)
{
	if (!srv)
		return;
	pthread_mutex_lock(&srv->lock);
	stats_sample_free(&srv->start);
	if (!stats_sample_init(&srv->start, topo->nr_llcs, sched->layout.nr_cpu_ids)) {
		stats_sample_take(&srv->start, sched);
		srv->topo = topo;
		srv->sched = sched;
		srv->generation++;
	}
	pthread_mutex_unlock(&srv->lock);
}

void stats_server_detach(struct stats_server *srv)
{
	if (!srv)
		return;
	pthread_mutex_lock(&srv->lock);
	srv->topo = NULL;
	srv->sched = NULL;
	pthread_mutex_unlock(&srv->lock);
}

void stats_server_stop(struct stats_server *srv)
{
	if (!srv)
		return;
	if (write(srv->wake[1], "x", 1) == 1)
		pthread_join(srv->thread, NULL);
	server_free(srv);
}
