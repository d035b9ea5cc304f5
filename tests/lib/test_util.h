/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OPENEAL_TEST_UTIL_H
#define OPENEAL_TEST_UTIL_H

/* Helpers shared by the CUnit unit tests: running a registry, counting resources, temp trees. */

#include <stddef.h>
#include <stdio.h>

/*
 * Run every suite registered in the CUnit registry (verbose basic mode), clean the registry
 * and return the process exit status: 0 when every assertion passed, 1 otherwise.
 */
int test_run_registry(void);

/* Open file descriptors of this process (entries of /proc/self/fd, less the one used to count). */
int test_count_fds(void);
/* Threads of this process (the Threads: line of /proc/self/status). */
int test_count_threads(void);

/* mkdtemp under $TMPDIR or /tmp; returns a malloc'd path or NULL. */
char *test_make_tmpdir(const char *prefix);
/* Remove a tree (no symlink following). 0 or -1. */
int test_remove_tree(const char *path);
/* Create path (and its parent directories) holding exactly content. 0 or -1. */
int test_write_file(const char *path, const char *content);
/* mkdir -p. 0 or -1. */
int test_mkdirs(const char *path);
/*
 * Unit tests never scan the host's PCI devices. Before main() runs, unless the environment
 * names a tree already, SYSFS_PCI_DEVICES is set to an empty devices directory made for this
 * process (<mkdtemp under $TMPDIR or /tmp>/bus/pci/devices), removed at exit. A test that
 * points SYSFS_PCI_DEVICES elsewhere (or unsets it) puts it back with this: the empty
 * directory, or the value the environment gave.
 */
void test_restore_sysfs_env(void);

/*
 * Capture what fn writes to the openeal log stream into a malloc'd string (NULL on failure).
 * The log stream is restored afterwards.
 */
char *test_capture_log(void (*fn)(void *), void *arg);

#endif
