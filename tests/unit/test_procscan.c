// SPDX-License-Identifier: GPL-2.0
/* test_procscan.c - reading numa_maps lines, kernel lists and this process's /proc. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "procscan.h"

static void test_numa_maps_lines(void)
{
	struct proc_mem m;

	memset(&m, 0, sizeof(m));
	CHECK_EQ(procscan_add_numa_maps_line("7f0000000000 default anon=300 dirty=300 N0=100 N1=200 kernelpagesize_kB=4\n", &m), 0);
	CHECK_EQ(m.kib[0], 400);
	CHECK_EQ(m.kib[1], 800);
	CHECK_EQ(m.total_kib, 1200);
	CHECK(!m.own_policy, "default is no policy of its own");
	/* Huge pages count in their own size; file names may look like fields. */
	CHECK_EQ(procscan_add_numa_maps_line("7f0000200000 default file=/N9=x huge anon=1 N2=1 kernelpagesize_kB=2048\n", &m), 0);
	CHECK_EQ(m.kib[2], 2048);
	CHECK_EQ(m.kib[9], 0);
	CHECK_EQ(procscan_add_numa_maps_line("7f0000400000 bind:1 anon=2 N1=2 kernelpagesize_kB=4\n", &m), 0);
	CHECK(m.own_policy, "bind:1 is a policy of its own");
	memset(&m, 0, sizeof(m));
	procscan_add_numa_maps_line("600000 interleave:0-1 anon=2 N0=1 N1=1 kernelpagesize_kB=4\n", &m);
	CHECK(m.own_policy, "interleave");
	memset(&m, 0, sizeof(m));
	procscan_add_numa_maps_line("600000 prefer:0 heap\n", &m);
	CHECK(m.own_policy, "prefer");
	CHECK_EQ(procscan_add_numa_maps_line("\n", &m), -1);
}

static void test_lists(void)
{
	u64 bits;

	CHECK_EQ(procscan_parse_list("0-2,5\n", &bits), 0);
	CHECK_EQ(bits, 0x27);
	CHECK_EQ(procscan_parse_list("3", &bits), 0);
	CHECK_EQ(bits, 0x8);
	CHECK_EQ(procscan_parse_list("", &bits), 0);
	CHECK_EQ(bits, 0);
	CHECK_EQ(procscan_parse_list("2-1", &bits), -1);
	CHECK_EQ(procscan_parse_list("a", &bits), -1);
}

/* A two-node model of CPUs 0 and 1 (node 0: OS node 0, node 1: OS node 4). */
static void test_self(void)
{
	struct topo_cpu cpus[2] = { { .os_id = 0, .node_id = 0 }, { .os_id = 1, .node_id = 1 } };
	struct topo_node nodes[2] = { { .os_index = 0 }, { .os_index = 4 } };
	struct topology topo = { .nr_cpus = 2, .max_cpu_id = 2, .cpus = cpus, .nr_nodes = 2, .nodes = nodes };
	struct proc_mem m;
	struct proc_stat st;
	char *touch = malloc(1 << 20);

	memset(touch, 1, 1 << 20);
	CHECK(!procscan_is_kthread(getpid()), "this test is no kernel thread");
	CHECK(procscan_is_kthread(2) || access("/proc/2/stat", R_OK), "pid 2 is kthreadd");
	CHECK_EQ(procscan_stat(getpid(), &st), 0);
	CHECK(st.start_ticks > 0, "a start time");
	CHECK_EQ(procscan_memory(getpid(), &m), 0);
	CHECK(m.total_kib >= 1024, "our own megabyte is resident: %llu KiB", (unsigned long long)m.total_kib);
	CHECK(procscan_allowed_nodes(getpid(), &topo) & 1, "CPU 0 allowed (node 0)");
	CHECK_EQ(procscan_dense_node(&topo, 4), 1);
	CHECK_EQ(procscan_dense_node(&topo, 3), -1);
	CHECK(procscan_mems_allowed(getpid(), &topo) & 1, "OS node 0 allowed");
	CHECK_EQ(procscan_memory(-5, &m), -1);
	free(touch);
}

int main(void)
{
	test_numa_maps_lines();
	test_lists();
	test_self();
	return check_done("test_procscan");
}
