/* SPDX-License-Identifier: GPL-2.0 */
/* preflight.h - can this process attach a scheduler here, and if not, why. */
#ifndef SCX_TOPO_PREFLIGHT_H
#define SCX_TOPO_PREFLIGHT_H

/*
 * Checks, in order: sched_ext in the kernel (nothing else matters without
 * it), capabilities, no other scheduler attached. Prints one line naming
 * the problem and the fix; returns 0 when all pass.
 */
int preflight_check(void);

/* Only the first check: -1 with its one line when the kernel has no sched_ext. */
int preflight_kernel(void);

#endif /* SCX_TOPO_PREFLIGHT_H */
