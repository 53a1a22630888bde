/* SPDX-License-Identifier: GPL-2.0 */
/*
 * common.bpf.h - what every part of the BPF scheduler needs: kernel types,
 * libbpf helpers, the shared contract, and a few small macros of our own.
 */
#ifndef SCX_TOPO_COMMON_BPF_H
#define SCX_TOPO_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "intf.h"
#include "policy.h"
#include "homing.h"
#include "affinity.h"

#define TOPO_ENOMEM 12	/* errno values are #defines, so not in BTF */
#define TOPO_EINVAL 22

#define TOPO_OPS(name, args...) SEC("struct_ops/" #name) BPF_PROG(name, ##args)
#define TOPO_OPS_SLEEPABLE(name, args...) SEC("struct_ops.s/" #name) BPF_PROG(name, ##args)

/* The iterator that scx_bpf_dsq_move() wants, inside libbpf's bpf_for_each(). */
#define TOPO_DSQ_ITER (&___it)

/*
 * scx_bpf_error() with printf-style arguments. The argument array has at
 * least one element even without arguments: the kfunc takes a pointer and
 * a size, and the verifier refuses an empty stack object there.
 */
#define topo_bstr_call(func, fmt, args...)                                \
	({                                                                \
		static char ___fmt[] = fmt;                               \
		unsigned long long ___param[___bpf_narg(args) ?: 1] = {}; \
		_Pragma("GCC diagnostic push")                            \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")    \
		___bpf_fill(___param, args);                              \
		_Pragma("GCC diagnostic pop")                             \
		func(___fmt, ___param, sizeof(___param));                 \
	})
#define topo_error(fmt, args...) topo_bstr_call(scx_bpf_error_bstr, fmt, ##args)

/* Tracing for --debug: compiled in, but dead code unless the loader set cfg.debug. */
#define topo_trace(fmt, args...)                   \
	do {                                       \
		if (cfg.debug)                     \
			bpf_printk(fmt, ##args);   \
	} while (0)

extern const volatile struct topo_config cfg;

/*
 * scx_bpf_dsq_move_to_local with enq_flags (kernel 7.1 on). The kernel calls
 * it scx_bpf_dsq_move_to_local___v2; libbpf drops the last ___suffix of a
 * kfunc's name when it looks it up, hence the extra ___compat.
 */
extern bool scx_bpf_dsq_move_to_local___v2___compat(u64 dsq_id, u64 enq_flags) __ksym;

static __always_inline bool move_to_local(u64 dsq_id, u64 enq_flags)
{
	return scx_bpf_dsq_move_to_local___v2___compat(dsq_id, enq_flags);
}

#endif /* SCX_TOPO_COMMON_BPF_H */
