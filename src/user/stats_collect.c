// SPDX-License-Identifier: GPL-2.0
/* stats_collect.c - take one sample of everything --stats reports. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "balancer.h"
#include "homes.h"
#include "sched.h"
#include "stats.h"
#include "sysfs.h"

#define TOPO_STAT_LABEL(id, label, help) [TOPO_STAT_##id] = label,
const char *const topo_stat_labels[TOPO_NR_STATS] = { TOPO_STAT_LIST(TOPO_STAT_LABEL) };
#undef TOPO_STAT_LABEL

#define TOPO_STAT_HELP(id, label, help) [TOPO_STAT_##id] = help,
const char *const topo_stat_help[TOPO_NR_STATS] = { TOPO_STAT_LIST(TOPO_STAT_HELP) };
#undef TOPO_STAT_HELP

int stats_sample_init(struct stats_sample *s, int nr_llcs, int nr_cpu_ids)
{
	memset(s, 0, sizeof(*s));
	s->nr_llcs = nr_llcs;
	s->nr_cpu_ids = nr_cpu_ids;
	s->llc = calloc(nr_llcs, sizeof(*s->llc));
	s->queued = calloc(nr_llcs, sizeof(*s->queued));
	s->cpu_busy = calloc(nr_cpu_ids, sizeof(*s->cpu_busy));
	s->cpu_all = calloc(nr_cpu_ids, sizeof(*s->cpu_all));
	if (!s->llc || !s->queued || !s->cpu_busy || !s->cpu_all) {
		stats_sample_free(s);
		return -1;
	}
	return 0;
}

void stats_sample_free(struct stats_sample *s)
{
	free(s->llc);
	free(s->queued);
	free(s->cpu_busy);
	free(s->cpu_all);
	memset(s, 0, sizeof(*s));
}

/* Busy and total ticks per CPU: busy is everything but idle and iowait. */
static void read_proc_stat(struct stats_sample *s)
{
	unsigned long long v[10];
	char line[512];
	FILE *f = fopen("/proc/stat", "r");
	int cpu, i;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "cpu", 3) || line[3] < '0' || line[3] > '9')
			continue;
		memset(v, 0, sizeof(v));
		if (sscanf(line + 3, "%d %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &v[0],
			   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) < 5)
			continue;
		if (cpu < 0 || cpu >= s->nr_cpu_ids)
			continue;
		s->cpu_all[cpu] = 0;
		for (i = 0; i < 8; i++)	/* guest time is already in user */
			s->cpu_all[cpu] += v[i];
		s->cpu_busy[cpu] = s->cpu_all[cpu] - v[3] - v[4];
	}
	fclose(f);
}

/* The kernel's sched_ext event counters: "NAME VALUE" lines. */
static void read_events(struct stats_sample *s)
{
	char line[160], name[48];
	long long value;
	FILE *f = fopen(SCX_SYSFS "/root/events", "r");

	s->nr_events = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && s->nr_events < STATS_MAX_EVENTS) {
		if (sscanf(line, "%47s %lld", name, &value) != 2)
			continue;
		strcpy(s->event_name[s->nr_events], name);
		s->event_value[s->nr_events++] = value;
	}
	fclose(f);
}

/* The main loop (--stats) and the stats server's thread both sample. */
static pthread_mutex_t sample_lock = PTHREAD_MUTEX_INITIALIZER;

/* Per-node homes from the BPF maps and the loader's balancer and memory mover. */
static void read_homes(struct stats_sample *s, const struct topo_sched *sched)
{
	struct topo_node_stats ns[TOPO_MAX_NODES];
	struct topo_node_load nl[TOPO_MAX_NODES];
	struct balancer_node_stats bs[TOPO_MAX_NODES];
	struct memmove_node_stats ms[TOPO_MAX_NODES];
	struct homes h;
	int n;

	s->nr_home_nodes = 0;
	if (homes_open(&h, sched) || h.nr_nodes > TOPO_MAX_NODES || homes_read_node_stats(&h, ns) ||
	    homes_read_node_load(&h, nl))
		return;
	balancer_read_stats(sched->balancer, bs, ms, h.nr_nodes);
	for (n = 0; n < h.nr_nodes; n++)
		s->homes[n] = (struct stats_node_homes){
			.nr_procs = ns[n].nr_procs, .load_milli = nl[n].load_milli,
			.rehomes_in = ns[n].rehomes_in, .rehomes_out = ns[n].rehomes_out,
			.spilled_in = ns[n].spilled_in, .kib_moved_in = ms[n].kib_in,
			.memory_failures = ms[n].failures,
		};
	s->nr_home_nodes = h.nr_nodes;
}

void stats_sample_take(struct stats_sample *s, const struct topo_sched *sched)
{
	struct timespec ts;

	pthread_mutex_lock(&sample_lock);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->time_s = ts.tv_sec + ts.tv_nsec / 1e9;
	sched_read_stats(sched, s->totals);
	sched_read_llc_stats(sched, s->llc, s->nr_llcs);
	if (sched_snapshot_queues(sched, s->queued, s->nr_llcs))
		memset(s->queued, 0xff, sizeof(*s->queued) * s->nr_llcs);
	read_proc_stat(s);
	read_events(s);
	read_homes(s, sched);
	pthread_mutex_unlock(&sample_lock);
}
