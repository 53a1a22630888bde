// SPDX-License-Identifier: GPL-2.0
/* kernel_enums.c - look sched_ext's enums up in the kernel's BTF. */
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kernel_enums.h"

static struct btf *vmlinux_btf;	/* loaded once, kept for the process's life */
static int vmlinux_btf_failed;
static struct btf *given_btf;

/* The BTF to read; loading the kernel's is tried once (it is megabytes). */
static struct btf *enum_btf(void)
{
	if (given_btf)
		return given_btf;
	if (!vmlinux_btf && !vmlinux_btf_failed) {
		vmlinux_btf = btf__load_vmlinux_btf();
		vmlinux_btf_failed = !vmlinux_btf;
	}
	return vmlinux_btf;
}

static const struct btf_type *find_enum(const struct btf *btf, const char *enum_name)
{
	int id = btf__find_by_name_kind(btf, enum_name, BTF_KIND_ENUM);

	if (id < 0)
		id = btf__find_by_name_kind(btf, enum_name, BTF_KIND_ENUM64);
	return id < 0 ? NULL : btf__type_by_id(btf, id);
}

/* Enumerator i of t: its name, and its value in *value. */
static const char *enumerator(const struct btf *btf, const struct btf_type *t, int i,
			      uint64_t *value)
{
	if (btf_is_enum64(t)) {
		*value = btf_enum64_value(&btf_enum64(t)[i]);
		return btf__name_by_offset(btf, btf_enum64(t)[i].name_off);
	}
	/* Kernel enums here are unsigned or non-negative: no sign to extend. */
	*value = (uint32_t)btf_enum(t)[i].val;
	return btf__name_by_offset(btf, btf_enum(t)[i].name_off);
}

/*
 * The enumerator of enum_name called name, or when name is NULL the one
 * whose value is *value: its name, with its value in *value; NULL if none.
 */
static const char *lookup(const char *enum_name, const char *name, uint64_t *value)
{
	const struct btf *btf = enum_btf();
	const struct btf_type *t = btf ? find_enum(btf, enum_name) : NULL;
	const char *n;
	uint64_t v;
	int i;

	for (i = 0; t && i < btf_vlen(t); i++) {
		n = enumerator(btf, t, i, &v);
		if (n && (name ? !strcmp(n, name) : v == *value)) {
			*value = v;
			return n;
		}
	}
	return NULL;
}

int kernel_enum_value(const char *enum_name, const char *name, uint64_t *value)
{
	return lookup(enum_name, name, value) ? 0 : -1;
}

const char *kernel_enum_name(const char *enum_name, uint64_t value)
{
	return lookup(enum_name, NULL, &value);
}

void kernel_enums_use_btf(struct btf *btf)
{
	given_btf = btf;
}
