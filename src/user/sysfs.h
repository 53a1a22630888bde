/* SPDX-License-Identifier: GPL-2.0 */
/* sysfs.h - what the kernel says about sched_ext, and small file helpers. */
#ifndef SCX_TOPO_SYSFS_H
#define SCX_TOPO_SYSFS_H

#include <stddef.h>
#include <stdint.h>

#define SCX_SYSFS "/sys/kernel/sched_ext"

/* Read a one-line file into buf without the newline; -1 if unreadable. */
int read_line(const char *path, char *buf, size_t len);

/* 1 if this kernel has sched_ext, 0 if not. */
int sched_ext_available(void);

/* "enabled", "disabled", ... into buf; -1 if unknown. */
int sched_ext_state(char *buf, size_t len);

/* Name of the running root scheduler into buf; -1 if none. */
int sched_ext_root_ops(char *buf, size_t len);

/* The kernel's CPU hotplug sequence number, or 0 if not exposed. */
uint64_t sched_ext_hotplug_seq(void);

#endif /* SCX_TOPO_SYSFS_H */
