// SPDX-License-Identifier: GPL-2.0
/* sysfs.c - read the kernel's sched_ext state from /sys/kernel/sched_ext. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"

int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int ret = -1;

	if (!f)
		return -1;
	if (fgets(buf, (int)len, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		ret = 0;
	}
	fclose(f);
	return ret;
}

int sched_ext_available(void)
{
	return access(SCX_SYSFS "/state", R_OK) == 0;
}

int sched_ext_state(char *buf, size_t len)
{
	return read_line(SCX_SYSFS "/state", buf, len);
}

int sched_ext_root_ops(char *buf, size_t len)
{
	if (read_line(SCX_SYSFS "/root/ops", buf, len) == 0 && buf[0])
		return 0;
	return -1;
}

uint64_t sched_ext_hotplug_seq(void)
{
	char buf[32];

	if (read_line(SCX_SYSFS "/hotplug_seq", buf, sizeof(buf)))
		return 0;
	return strtoull(buf, NULL, 10);
}
