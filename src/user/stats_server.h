/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats_server.h - serve the stats on a UNIX socket (scx_stats protocol,
 * stats_proto.h) from a thread of the loader while it schedules.
 *
 * The server outlives the scheduler's restarts (CPU hotplug, SIGHUP): the
 * loader attaches it to each scheduler life and detaches it before that
 * life ends; in between, "stats" requests get errno ENODEV. Each
 * connection's replies cover the time since its previous request (the
 * first: since attach).
 */
#ifndef SCX_TOPO_STATS_SERVER_H
#define SCX_TOPO_STATS_SERVER_H

#include <stddef.h>

struct stats_server;
struct topology;
struct topo_sched;

/*
 * Listen on path (root-only: the socket is mode 0600), replacing a stale
 * socket there. NULL with a one-line message in err on failure.
 */
struct stats_server *stats_server_start(const char *path, char *err, size_t err_len);

/* Serve this scheduler life; topo and sched must live until stats_server_detach. */
void stats_server_attach(struct stats_server *srv, const struct topology *topo,
			 const struct topo_sched *sched);
void stats_server_detach(struct stats_server *srv);

/* Stop the thread, close every connection, remove the socket. NULL is fine. */
void stats_server_stop(struct stats_server *srv);

#endif /* SCX_TOPO_STATS_SERVER_H */
