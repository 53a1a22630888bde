// SPDX-License-Identifier: GPL-2.0
/* notify.c - sd_notify messages for systemd (see notify.h). */
#include <systemd/sd-daemon.h>

#include "notify.h"

void notify_ready(const char *status)
{
	sd_notifyf(0, "READY=1\nSTATUS=%s", status);
}

void notify_status(const char *status)
{
	sd_notifyf(0, "STATUS=%s", status);
}

void notify_stopping(void)
{
	sd_notify(0, "STOPPING=1\nSTATUS=stopping: detaching from the kernel");
}
