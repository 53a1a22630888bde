/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel_enums.h - sched_ext constants (ops flags, exit kinds, exit-code
 * bits) as the running kernel defines them, read from its BTF instead of
 * copied here: they are enums of kernel/sched/ext, not UAPI. The kernel's
 * BTF is loaded on first use and kept; not thread-safe (main thread only).
 */
#ifndef SCX_TOPO_KERNEL_ENUMS_H
#define SCX_TOPO_KERNEL_ENUMS_H

#include <stdint.h>

struct btf;

/* Value of enumerator name of enum enum_name; 0, or -1 when the BTF lacks it. */
int kernel_enum_value(const char *enum_name, const char *name, uint64_t *value);

/* Name of the enumerator of enum enum_name whose value is value, or NULL. */
const char *kernel_enum_name(const char *enum_name, uint64_t value);

/*
 * Read btf instead of /sys/kernel/btf/vmlinux (tests); NULL goes back to the
 * kernel's. The caller keeps ownership.
 */
void kernel_enums_use_btf(struct btf *btf);

#endif /* SCX_TOPO_KERNEL_ENUMS_H */
