// SPDX-License-Identifier: GPL-2.0
/* preflight.c - refuse early, in one line, what would fail later. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/capability.h>

#include "preflight.h"
#include "sysfs.h"

/* Capability numbers from the kernel's UAPI header: no libcap needed. */
static const struct {
	int bit;
	const char *name;
} needed_caps[] = {
	{ CAP_SYS_ADMIN, "CAP_SYS_ADMIN" },	/* attaching a sched_ext scheduler */
	{ CAP_BPF, "CAP_BPF" },
	{ CAP_PERFMON, "CAP_PERFMON" },		/* BPF programs that read kernel memory */
};

static int effective_caps(uint64_t *caps)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	int ret = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "CapEff: %" SCNx64, caps) == 1) {
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

static int check_caps(void)
{
	uint64_t caps;
	size_t i;

	if (effective_caps(&caps))
		return 0;	/* cannot tell: let the kernel decide */
	for (i = 0; i < sizeof(needed_caps) / sizeof(needed_caps[0]); i++) {
		if (caps & (1ULL << needed_caps[i].bit))
			continue;
		if (geteuid() == 0)
			fprintf(stderr, "scx_topo: running as root but without capability %s (a container, or a capability bounding set without it): grant %s to this process\n",
				needed_caps[i].name, needed_caps[i].name);
		else
			fprintf(stderr, "scx_topo: missing capability %s: run as root (sudo scx_topo)\n",
				needed_caps[i].name);
		return -1;
	}
	return 0;
}

/* Whether this binary runs from its build tree, where tools/run-vm.sh is at hand. */
static int in_build_tree(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t len = strlen(SCX_BUILD_DIR);

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	return !strncmp(exe, SCX_BUILD_DIR, len) && exe[len] == '/';
}

int preflight_kernel(void)
{
	if (sched_ext_available())
		return 0;
	fprintf(stderr, "scx_topo: this kernel has no sched_ext (CONFIG_SCHED_CLASS_EXT): boot one that has it%s\n",
		in_build_tree() ? ", or try it in a VM: tools/run-vm.sh" : "");
	return -1;
}

static int check_no_other_scheduler(void)
{
	char state[64], ops[160];

	if (sched_ext_state(state, sizeof(state)) || !strcmp(state, "disabled"))
		return 0;
	if (sched_ext_root_ops(ops, sizeof(ops)))
		strcpy(ops, "unknown");
	fprintf(stderr, "scx_topo: another sched_ext scheduler is %s ('%s'): stop it first\n",
		state, ops);
	return -1;
}

int preflight_check(void)
{
	if (preflight_kernel() || check_caps() || check_no_other_scheduler())
		return -1;
	return 0;
}
