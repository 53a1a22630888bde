// SPDX-License-Identifier: GPL-2.0
/*
 * xml_probe.c - let hwloc parse an XML file in a child process first.
 *
 * hwloc 2.12 dereferences NULL on some malformed XML (a <topology tag
 * without its '>', an object without complete_cpuset in a v1 file; see
 * tests/fuzz/regressions/fuzz_topology_xml/hwloc-2.12-*). A bad
 * --topology-xml must cost the user an error message, not the loader a
 * SIGSEGV, and hwloc is not ours to fix. So a forked child parses the file
 * first (the same in-memory copy, see xml_read.c), with the same hwloc
 * setup, and the caller parses it in-process
 * only if the child lived. That is one extra parse of a file of at most a
 * few MB. The child runs hwloc after fork(), which is safe unless another
 * thread is inside hwloc at that moment; the loader's only other thread
 * (the stats server) never calls hwloc.
 *
 * The child's verdict on the file itself does not matter: a file hwloc
 * rejects cleanly is rejected again by the real load, with the usual
 * message (and HWLOC_XML_VERBOSE output, which the child keeps quiet).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

/* Far beyond the fraction of a second a 4096-CPU file takes. */
#define PROBE_TIMEOUT_S	60

static void __attribute__((noreturn)) probe_child(const char *buf, size_t len)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGALRM };
	hwloc_topology_t hw;
	sigset_t none;
	size_t i;
	int null;

	/*
	 * Die by the signal itself: a sanitizer's or fuzzer's handler would
	 * report the crash as its own and exit with a status instead.
	 */
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	alarm(PROBE_TIMEOUT_S);
	if (!hwloc_topology_init(&hw) && !topo_configure_hwloc(hw) &&
	    !hwloc_topology_set_xmlbuffer(hw, buf, (int)len + 1))
		hwloc_topology_load(hw);
	/* No cleanup: _exit skips the parent's atexit handlers and stdio buffers. */
	_exit(0);
}

static int wait_child(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

int topo_probe_xml(const char *path, const char *buf, size_t len, char *err, size_t err_len)
{
	char shown[256];
	int status, sig;
	pid_t pid;

	topo_copy_printable(shown, sizeof(shown), path);
	pid = fork();
	if (pid == 0)
		probe_child(buf, len);
	if (pid < 0 || wait_child(pid, &status)) {
		topo_set_err(err, err_len,
			     "cannot check topology file '%s' in a child process (%s: %s); free some memory or processes and try again",
			     shown, pid < 0 ? "fork" : "waitpid", strerror(errno));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		topo_set_err(err, err_len,
			     "hwloc cannot read topology file '%s': it was still parsing it after %d s; check the file was written by `lstopo --of xml FILE`",
			     shown, PROBE_TIMEOUT_S);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		sig = WTERMSIG(status);
		topo_set_err(err, err_len,
			     "hwloc cannot read topology file '%s': it crashed parsing it (signal %d, %s); check the file was written by `lstopo --of xml FILE` and is complete",
			     shown, sig, strsignal(sig));
		return -1;
	}
	topo_set_err(err, err_len,
		     "hwloc cannot read topology file '%s': the process parsing it exited with status %d; check the file was written by `lstopo --of xml FILE`",
		     shown, WEXITSTATUS(status));
	return -1;
}
