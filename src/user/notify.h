/* SPDX-License-Identifier: GPL-2.0 */
/*
 * notify.h - tell systemd (Type=notify) how the scheduler is doing, through
 * libsystemd's sd_notify. Without $NOTIFY_SOCKET every call does nothing.
 */
#ifndef SCX_TOPO_NOTIFY_H
#define SCX_TOPO_NOTIFY_H

/* READY=1 with STATUS=status: the kernel reports the scheduler enabled. */
void notify_ready(const char *status);
/* STATUS=status alone (restarting, waiting). */
void notify_status(const char *status);
/* STOPPING=1: scx_topo is detaching for good. */
void notify_stopping(void);

#endif /* SCX_TOPO_NOTIFY_H */
