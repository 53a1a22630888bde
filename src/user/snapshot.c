// SPDX-License-Identifier: GPL-2.0
/* snapshot.c - run topo_snapshot and read its maps without another run in between. */
#include <pthread.h>

#include <bpf/bpf.h>

#include "snapshot.h"

static pthread_mutex_t snapshot_lock = PTHREAD_MUTEX_INITIALIZER;

int map_read_array(int map_fd, u32 nr, void *out, size_t value_size)
{
	u32 i;

	for (i = 0; i < nr; i++)
		if (bpf_map_lookup_elem(map_fd, &i, (char *)out + i * value_size))
			return -1;
	return 0;
}

int snapshot_take(int prog_fd, int map_fd, u32 nr, void *out, size_t value_size)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	int err;

	pthread_mutex_lock(&snapshot_lock);
	err = bpf_prog_test_run_opts(prog_fd, &run);
	if (!err)
		err = map_read_array(map_fd, nr, out, value_size);
	pthread_mutex_unlock(&snapshot_lock);
	return err ? -1 : 0;
}
