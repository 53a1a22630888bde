/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snapshot.h - run the topo_snapshot program and copy what it wrote, one
 * caller at a time. The balancer thread (every tick) and the stats thread
 * (every --stats interval) both run it; it zeroes its counts and then adds
 * to them, so two runs at once left one reader with counts half added: a
 * node with no runnable task, or with its tasks counted twice.
 */
#ifndef SCX_TOPO_SNAPSHOT_H
#define SCX_TOPO_SNAPSHOT_H

#include <stddef.h>

#include "intf.h"

/* Copy entries 0..nr-1 of an array map into out. 0, or -1 on a failed lookup. */
int map_read_array(int map_fd, u32 nr, void *out, size_t value_size);

/* Run the snapshot program (prog_fd), then copy map_fd as map_read_array does. */
int snapshot_take(int prog_fd, int map_fd, u32 nr, void *out, size_t value_size);

#endif /* SCX_TOPO_SNAPSHOT_H */
