/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loading a driver's module with modprobe. The bus driver name is the module name for the
 * drivers binding is about (vfio-pci, uio_pci_generic, igb_uio; modprobe treats '-' and '_'
 * alike), and restore passes the device's modalias, which modprobe resolves as udev does.
 */

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_errno.h>

#include "pci_bind_private.h"

extern char **environ;

const char *pci_bind_modprobe_path(const struct pci_bind_dev *d)
{
	static const char *const paths[] = {"/sbin/modprobe", "/usr/sbin/modprobe", "/bin/modprobe",
					    "/usr/bin/modprobe"};
	const char *env = getenv("OPENEAL_MODPROBE");

	if (env != NULL && env[0] != '\0')
		return env;
	/* A module goes into the running kernel: pointless, even harmful, for a generated tree. */
	if (!d->real_sysfs)
		return NULL;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

/* Read the child's output to EOF (so it never blocks on a full pipe), keeping its first line. */
static void read_first_line(int fd, char *line, size_t size)
{
	char buf[256];
	size_t kept = 0;
	bool done = false;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (ssize_t i = 0; i < n && !done; i++) {
			if (buf[i] == '\n' || kept + 1 == size)
				done = true;
			else
				line[kept++] = buf[i];
		}
	}
	line[kept] = '\0';
}

int pci_bind_modprobe(const char *modprobe, const char *arg, char *why, size_t why_size)
{
	int pfd[2];
	posix_spawn_file_actions_t fa;
	char *argv[] = {(char *)(uintptr_t)modprobe, (char *)(uintptr_t)arg, NULL};
	pid_t pid;
	int status = 0;

	if (pipe2(pfd, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "cannot create a pipe for modprobe: %s", strerror(errno));
		return -1;
	}
	/* Its messages become part of our one line instead of lines of their own. */
	int rc = posix_spawn_file_actions_init(&fa);
	if (rc == 0) {
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
		rc = posix_spawn(&pid, modprobe, &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	close(pfd[1]);
	if (rc != 0) {
		close(pfd[0]);
		snprintf(why, why_size, "cannot run %s: %s", modprobe, strerror(rc));
		return -1;
	}
	char line[160];
	read_first_line(pfd[0], line, sizeof(line));
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			/* SIGCHLD ignored by the application: the status is gone; the caller
			 * judges by the effect. */
			return 0;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	char how[48];
	if (WIFEXITED(status))
		snprintf(how, sizeof(how), "exit status %d", WEXITSTATUS(status));
	else
		snprintf(how, sizeof(how), "killed by signal %d", WTERMSIG(status));
	snprintf(why, why_size, "'%s %s' failed (%s%s%s)", modprobe, arg, how, line[0] ? ": " : "",
		 line);
	return -1;
}

int pci_bind_load_driver(const struct pci_bind_dev *d, const char *driver, const char *what)
{
	char path[PATH_MAX + RTE_PCI_BIND_NAME_MAX + 16];
	char why[PATH_MAX + 256];

	snprintf(path, sizeof(path), "%s/drivers/%s", d->bus, driver);
	if (access(path, F_OK) == 0)
		return 0;
	const char *modprobe = pci_bind_modprobe_path(d);
	if (modprobe == NULL) {
		BIND_LOG(
		    ERR, "%s: cannot %s: driver %s is not loaded (no %s) and %s; fix: modprobe %s",
		    d->name, what, driver, path,
		    d->real_sysfs ? "no modprobe was found"
				  : "modprobe is not run for a tree named by SYSFS_PCI_DEVICES",
		    driver);
		rte_errno = ENOENT;
		return -1;
	}
	int rc = pci_bind_modprobe(modprobe, driver, why, sizeof(why));
	if (access(path, F_OK) == 0) {
		BIND_LOG(INFO, "%s: loaded driver %s (%s %s)", d->name, driver, modprobe, driver);
		return 0;
	}
	if (rc == 0)
		snprintf(why, sizeof(why), "'%s %s' succeeded but no driver %s appeared", modprobe,
			 driver, driver);
	BIND_LOG(ERR,
		 "%s: cannot %s: driver %s is not loaded (no %s) and loading it failed: %s; fix: "
		 "install the module that provides %s for this kernel (igb_uio: dpdk-kmods)",
		 d->name, what, driver, path, why, driver);
	rte_errno = ENOENT;
	return -1;
}
