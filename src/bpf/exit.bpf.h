/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exit.bpf.h - keep the kernel's account of why the scheduler ended where
 * the loader can read it after the kernel has let go of the scheduler.
 */
#ifndef SCX_TOPO_EXIT_BPF_H
#define SCX_TOPO_EXIT_BPF_H

#include "common.bpf.h"

struct topo_exit_info exit_info;

static __always_inline void record_exit(struct scx_exit_info *ei)
{
	bpf_probe_read_kernel_str(exit_info.reason, sizeof(exit_info.reason), ei->reason);
	bpf_probe_read_kernel_str(exit_info.msg, sizeof(exit_info.msg), ei->msg);
	bpf_probe_read_kernel_str(exit_info.dump, sizeof(exit_info.dump), ei->dump);
	exit_info.exit_code = ei->exit_code;
	exit_info.exit_cpu = ei->exit_cpu;
	/*
	 * Published last, with a compare-and-swap (a full barrier, as the
	 * kernel's own exit record does): the loader, on another CPU, takes a
	 * non-zero kind as "all fields are in", so the stores above must be
	 * visible before it, not only emitted before it.
	 */
	__sync_val_compare_and_swap(&exit_info.kind, 0, ei->kind);
}

#endif /* SCX_TOPO_EXIT_BPF_H */
