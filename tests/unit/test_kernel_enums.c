// SPDX-License-Identifier: GPL-2.0
/* test_kernel_enums.c - enumerators by name and by value, from BTF. */
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "check.h"
#include "kernel_enums.h"

/* A 32-bit and a 64-bit enum, as the kernel's BTF holds them. */
static void test_given_btf(void)
{
	struct btf *btf = btf__new_empty();
	uint64_t v = 7;

	CHECK(btf != NULL, "btf__new_empty");
	if (!btf)
		return;
	btf__add_enum(btf, "small", 4);
	btf__add_enum_value(btf, "SMALL_TWO", 2);
	btf__add_enum64(btf, "big", 8, false);
	btf__add_enum64_value(btf, "BIG_HIGH", 1ULL << 40);
	kernel_enums_use_btf(btf);
	CHECK(!kernel_enum_value("small", "SMALL_TWO", &v) && v == 2, "SMALL_TWO = %llu",
	      (unsigned long long)v);
	CHECK(!kernel_enum_value("big", "BIG_HIGH", &v) && v == 1ULL << 40, "BIG_HIGH");
	v = 7;
	CHECK(kernel_enum_value("small", "BIG_HIGH", &v) == -1 && v == 7, "wrong enum: no value");
	CHECK(kernel_enum_value("none", "SMALL_TWO", &v) == -1, "no such enum");
	CHECK(!strcmp(kernel_enum_name("big", 1ULL << 40) ?: "", "BIG_HIGH"), "name by value");
	CHECK(kernel_enum_name("small", 3) == NULL, "no enumerator of that value");
	kernel_enums_use_btf(NULL);
	btf__free(btf);
}

/* The host's own BTF, when it has one: an enum every BPF kernel has. */
static void test_vmlinux_btf(void)
{
	uint64_t v;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		printf("test_kernel_enums: no /sys/kernel/btf/vmlinux, kernel BTF not checked\n");
		return;
	}
	CHECK(!kernel_enum_value("bpf_map_type", "BPF_MAP_TYPE_ARRAY", &v) && v == 2,
	      "BPF_MAP_TYPE_ARRAY from the kernel's BTF");
}

int main(void)
{
	test_given_btf();
	test_vmlinux_btf();
	return check_done("test_kernel_enums");
}
