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
/* Lines of /proc/self/maps (this process's mappings), or -1. */
int test_count_maps(void);

/* mkdtemp under $TMPDIR or /tmp; returns a malloc'd path or NULL. */
char *test_make_tmpdir(const char *prefix);
/* Remove a tree (no symlink following). 0 or -1. */
int test_remove_tree(const char *path);
/* Create path (and its parent directories) holding exactly content. 0 or -1. */
int test_write_file(const char *path, const char *content);
/* mkdir -p. 0 or -1. */
int test_mkdirs(const char *path);
/*
 * Unit tests never see the host's PCI devices or hugepages. Before main() runs, each of these
 * that the environment does not name already is pointed into an empty tree made for this
 * process (<mkdtemp under $TMPDIR or /tmp>, fake_sysfs_host.h's layout), removed at exit:
 *   SYSFS_PCI_DEVICES   R/bus/pci/devices      no device
 *   SYSFS_HUGEPAGES     R/kernel/mm/hugepages  no hugepage size
 *   SYSFS_NODES         R/devices/system/node  no per-node count
 *   OPENEAL_MOUNTINFO   R/proc/self/mountinfo  empty: no hugetlbfs mount
 * A test that points any of them elsewhere (or unsets it) puts them back with this: the empty
 * tree, or the values the environment gave.
 */
void test_restore_sysfs_env(void);

/*
 * Capture what fn writes to the openeal log stream into a malloc'd string (NULL on failure).
 * The log stream is restored afterwards.
 */
char *test_capture_log(void (*fn)(void *), void *arg);

#endif
