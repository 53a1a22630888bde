// SPDX-License-Identifier: GPL-2.0
/*
 * deadman - turn a silent sched_ext stall into a report (for tests).
 *
 *   deadman HEARTBEAT_FILE SECONDS
 *
 * Runs as SCHED_FIFO, a class above sched_ext, so it keeps running when
 * every task of the BPF scheduler is stuck. When HEARTBEAT_FILE has not been
 * touched for SECONDS it asks the kernel for its sched_ext state dump
 * (sysrq D) and then disables the BPF scheduler (sysrq S), so the test ends
 * with a diagnosis instead of a frozen guest. Exits 0 once the file is gone,
 * 1 when it fired, 2 on a usage or setup error.
 *
 * It reports through /dev/kmsg, the kernel's own console path, because a
 * stalled scheduler can also stall the tty that stdout goes to. Every
 * SCX_DEADMAN_REPORT seconds (if set) it also logs the heartbeat's age, which
 * tells a scheduling stall from a blocked console.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char *fmt, double value)
{
	FILE *kmsg = fopen("/dev/kmsg", "w");
	FILE *out = kmsg ? kmsg : stderr;

	fprintf(out, "deadman: ");
	fprintf(out, fmt, value);
	fprintf(out, "\n");
	if (kmsg)
		fclose(kmsg);
}

static void sysrq(char key)
{
	FILE *f = fopen("/proc/sysrq-trigger", "w");

	if (!f) {
		fprintf(stderr, "deadman: cannot open /proc/sysrq-trigger: %s\n", strerror(errno));
		return;
	}
	fputc(key, f);
	fclose(f);
}

int main(int argc, char **argv)
{
	struct sched_param param = { .sched_priority = 50 };
	struct stat st;
	double limit, age, every = 0, next_report;
	const char *env = getenv("SCX_DEADMAN_REPORT");

	if (argc != 3 || (limit = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: deadman HEARTBEAT_FILE SECONDS\n");
		return 2;
	}
	if (sched_setscheduler(0, SCHED_FIFO, &param)) {
		fprintf(stderr, "deadman: cannot become SCHED_FIFO: %s\n", strerror(errno));
		return 2;
	}
	if (env)
		every = atof(env);
	next_report = now_s() + every;
	for (;;) {
		if (stat(argv[1], &st))
			return 0;
		age = now_s() - (st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9);
		if (age > limit)
			break;
		if (every > 0 && now_s() >= next_report) {
			report("heartbeat %.1f s old", age);
			next_report += every;
		}
		usleep(250000);
	}
	report("no heartbeat for %.1f s: dumping sched_ext state (sysrq D), then disabling it (sysrq S)", age);
	sysrq('D');
	sleep(2);
	sysrq('S');
	return 1;
}
