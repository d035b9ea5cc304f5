/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every fd the library holds is close-on-exec: a program that runs a child (a helper, a
 * shell) must not hand it the interrupt thread's epoll, its wakeup eventfd, the alarm timer,
 * the uevent socket, the DMA memory's file or a device's files. rte_eal_init with a vdev and
 * a fake PCI tree, the device monitor, an alarm and an interrupt callback: then this program
 * execs itself as a child that lists its open fds, and none of the fds the library opened
 * may be among them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <rte_alarm.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_interrupts.h>

#include "fake_sysfs.h"
#include "test_util.h"

#define MAX_FDS 256

/* The open fds of this process, without the one that reads the list. */
static int open_fds(int *fds, int max)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	if (d == NULL)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < max) {
		if (e->d_name[0] == '.')
			continue;
		int fd = atoi(e->d_name);
		if (fd != dirfd(d))
			fds[n++] = fd;
	}
	closedir(d);
	return n;
}

static bool listed(const int *fds, int n, int fd)
{
	for (int i = 0; i < n; i++)
		if (fds[i] == fd)
			return true;
	return false;
}

static void on_alarm(void *arg)
{
	(void)arg;
}

static void on_intr(void *arg)
{
	(void)arg;
}

static void test_library_fds_are_cloexec(void)
{
	int before[MAX_FDS], after[MAX_FDS];
	int nb_before = open_fds(before, MAX_FDS);
	CU_ASSERT_FATAL(nb_before > 0);

	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	struct fake_pci_dev d = fake_pci_unclaimed("0000:00:02.0", NULL, -1);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_add(fs, &d), 0);
	setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(fs), 1);
	char *argv[] = {"test",	  "--no-huge", "-m",	      "8",
			"--vdev", "net_null0", "--log-level", "*:error"};
	CU_ASSERT_FATAL(rte_eal_init((int)RTE_DIM(argv), argv) >= 0);
	CU_ASSERT_EQUAL(rte_dev_event_monitor_start(), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(60 * 1000000, on_alarm, NULL), 0);
	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(rte_intr_fd_set(h, efd), 0);
	CU_ASSERT_EQUAL(rte_intr_type_set(h, RTE_INTR_HANDLE_EXT), 0);
	CU_ASSERT_EQUAL(rte_intr_callback_register(h, on_intr, NULL), 0);

	int nb_after = open_fds(after, MAX_FDS);
	int opened = 0;
	for (int i = 0; i < nb_after; i++)
		opened += !listed(before, nb_before, after[i]) && after[i] != efd;
	/* The interrupt thread's epoll and wakeup, the alarm timer, the uevent socket at least. */
	CU_ASSERT(opened >= 4);

	/* The child lists its fds on the pipe that becomes its stdout. */
	int p[2];
	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	pid_t child = fork();
	if (child == 0) {
		dup2(p[1], 1);
		execl("/proc/self/exe", "test_eal_cloexec", "--list-fds", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	char buf[4096];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof(buf) - 1 && (n = read(p[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(p[0]);
	int status = -1;
	CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	int leaked = 0;
	for (char *tok = strtok(buf, " \n"); tok != NULL; tok = strtok(NULL, " \n")) {
		int fd = atoi(tok);
		if (fd > 2 && listed(after, nb_after, fd) && !listed(before, nb_before, fd)) {
			char path[64], target[256] = "?";
			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
			ssize_t t = readlink(path, target, sizeof(target) - 1);
			if (t > 0)
				target[t] = '\0';
			fprintf(stderr, "\n  fd %d (%s) reached the exec'd child", fd, target);
			leaked++;
		}
	}
	CU_ASSERT_EQUAL(leaked, 0);

	rte_intr_callback_unregister(h, on_intr, NULL);
	rte_intr_instance_free(h);
	close(efd);
	rte_eal_alarm_cancel(on_alarm, NULL);
	rte_dev_event_monitor_stop();
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	fake_sysfs_destroy(fs);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--list-fds") == 0) {
		int fds[MAX_FDS];
		int n = open_fds(fds, MAX_FDS);
		for (int i = 0; i < n; i++)
			printf("%d ", fds[i]);
		printf("\n");
		return n < 0;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal close-on-exec", NULL, NULL);
	CU_add_test(s, "every fd the library holds is close-on-exec", test_library_fds_are_cloexec);
	return test_run_registry();
}
