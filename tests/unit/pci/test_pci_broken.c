/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Broken sysfs input: each broken device is skipped with exactly one warning naming it, the
 * file and the reason; the other devices are still found; nothing leaks.
 */

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pci_scan.h>

#include "pci_test.h"
#include "test_util.h"

#define VICTIM "0000:00:04.0"

enum action { SET, UNLINK, SYMLINK, FIFO, SOCKET, DIRECTORY };

struct broken_case {
	const char *what;
	enum action action;
	const char *file;
	const char *content;  /* SET: new content; SYMLINK: target */
	const char *expect;   /* the reason, in the warning after "VICTIM: file: " */
	const char *reported; /* the file the warning names, when not file */
};

/* The usual case: the warning names the file that was broken. */
#define BROKEN(what, action, file, content, expect)       \
	{                                                 \
		what, action, file, content, expect, NULL \
	}

static const struct broken_case cases[] = {
    BROKEN("uevent missing", UNLINK, "uevent", NULL, "missing"),
    BROKEN("uevent unreadable", SYMLINK, "uevent", ".", "cannot read"),
    BROKEN("uevent truncated", SET, "uevent", "PCI_CLASS=FF0000\nPCI_ID=C0DE:00", "truncated"),
    BROKEN("uevent non-hex vendor", SET, "uevent",
	   "PCI_CLASS=FF0000\nPCI_ID=ZZZZ:0001\nPCI_SUBSYS_ID=C0DE:0001\n", "PCI_ID='ZZZZ:0001'"),
    BROKEN("uevent without subsystem ids", SET, "uevent", "PCI_CLASS=FF0000\nPCI_ID=C0DE:0001\n",
	   "no PCI_SUBSYS_ID"),
    BROKEN(
	"uevent slot name of another device", SET, "uevent",
	"PCI_CLASS=FF0000\nPCI_ID=C0DE:0001\nPCI_SUBSYS_ID=C0DE:0001\nPCI_SLOT_NAME=0000:00:05.0\n",
	"differs from the directory name"),
    BROKEN("uevent oversized", SET, "uevent", NULL /* filled in */, "longer than"),
    BROKEN("resource missing", UNLINK, "resource", NULL, "missing"),
    BROKEN("resource line with 2 fields", SET, "resource",
	   "0x00000000fe000000 0x00000000fe000fff 0x0000000000040200\n"
	   "0x0000000000000000 0x0000000000000000\n",
	   "line 2 has 2 fields"),
    BROKEN("resource end before start", SET, "resource",
	   "0x00000000fe001000 0x00000000fe000fff 0x0000000000040200\n", "line 1: end"),
    BROKEN("resource truncated", SET, "resource",
	   "0x00000000fe000000 0x00000000fe000fff 0x0000000000040200\n"
	   "0x0000000000000000 0x0000000000000000 0x0000000000000000\n",
	   "only 2 lines"),
    BROKEN("resource garbage", SET, "resource", "\x01\x02\xff garbage\n", "line 1"),
    BROKEN("revision garbage", SET, "revision", "0xzz\n", "not a hex number"),
    BROKEN("revision missing", UNLINK, "revision", NULL, "missing"),
    BROKEN("numa_node garbage", SET, "numa_node", "abc\n", "'abc' is not a number"),
    BROKEN("sriov_numvfs garbage", SET, "sriov_numvfs", "lots\n", "not a number"),
    {"sriov_numvfs without sriov_totalvfs", SET, "sriov_numvfs", "0\n",
     "missing although sriov_numvfs exists", "sriov_totalvfs"},
    BROKEN("iommu_group dangling", SYMLINK, "iommu_group", "../../../kernel/iommu_groups/999",
	   "dangling link"),
    BROKEN("iommu_group looping", SYMLINK, "iommu_group", "iommu_group", "looping link"),
    BROKEN("iommu_group not a link", SET, "iommu_group", "12\n", "not a symbolic link"),
    BROKEN("iommu_group not a group", SYMLINK, "iommu_group", "../../../kernel",
	   "does not end in a number"),
    BROKEN("physfn dangling", SYMLINK, "physfn", "../0000:00:1f.0", "dangling link"),
    BROKEN("physfn not a PCI address", SYMLINK, "physfn", "../../pci0000:00",
	   "does not end in a PCI address"),
    /* What a generated or bind-mounted tree may hold: nothing may block on them. */
    BROKEN("uevent a FIFO", FIFO, "uevent", NULL, "not a regular file"),
    BROKEN("resource a FIFO", FIFO, "resource", NULL, "not a regular file"),
    BROKEN("revision a FIFO", FIFO, "revision", NULL, "not a regular file"),
    BROKEN("numa_node a FIFO", FIFO, "numa_node", NULL, "not a regular file"),
    BROKEN("uevent a socket", SOCKET, "uevent", NULL, "not a regular file"),
    BROKEN("resource a socket", SOCKET, "resource", NULL, "not a regular file"),
    BROKEN("uevent a directory", DIRECTORY, "uevent", NULL, "Is a directory"),
    BROKEN("resource a directory", DIRECTORY, "resource", NULL, "Is a directory"),
};

static struct fake_sysfs *tree_with_victim(void)
{
	struct fake_pci_dev d[4];
	d[0] = pci_test_dev("0000:00:01.0", TEST_VENDOR, 0x0001, NULL);
	d[1] = pci_test_dev("0000:00:02.0", TEST_VENDOR, 0x0001, "e1000");
	/* Good groups beside the victim's: its broken link is judged against a real listing. */
	d[1].iommu_group = 2;
	d[2] = pci_test_dev(VICTIM, TEST_VENDOR, 0x0001, NULL);
	d[3] = pci_test_dev("0001:00:00.0", TEST_VENDOR, 0x0001, NULL);
	return pci_test_tree(d, RTE_DIM(d));
}

/* The three good devices are there, the victim is not. */
static void check_survivors(void)
{
	CU_ASSERT_EQUAL(pci_test_count(), 3);
	CU_ASSERT_PTR_NOT_NULL(pci_test_find("0000:00:01.0"));
	CU_ASSERT_PTR_NOT_NULL(pci_test_find("0000:00:02.0"));
	CU_ASSERT_PTR_NOT_NULL(pci_test_find("0001:00:00.0"));
	CU_ASSERT_PTR_NULL(pci_test_find(VICTIM));
}

static void check_one_warning(const char *log, const char *prefix, const char *expect,
			      const char *what)
{
	/* Exactly one line names the victim, and it names the file and the reason. */
	if (pci_test_occurrences(log, VICTIM) != 1 || strstr(log, prefix) == NULL ||
	    strstr(log, expect) == NULL || pci_test_occurrences(log, "\n") != 1) {
		fprintf(stderr, "\n  case '%s': expected one warning '%s...%s', got:\n%s", what,
			prefix, expect, log);
		CU_FAIL(what);
	}
}

static void test_broken_files(void)
{
	char oversized[2048];
	memset(oversized, 'A', sizeof(oversized) - 1);
	oversized[sizeof(oversized) - 1] = '\0';

	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		const struct broken_case *c = &cases[i];
		struct fake_sysfs *fs = tree_with_victim();
		int rc = 0;
		const char *content = c->content != NULL ? c->content : oversized;
		if (c->action == UNLINK)
			rc = fake_sysfs_unlink_attr(fs, VICTIM, c->file);
		else if (c->action == SYMLINK)
			rc = fake_sysfs_symlink_attr(fs, VICTIM, c->file, c->content);
		else if (c->action == FIFO)
			rc = fake_sysfs_special_attr(fs, VICTIM, c->file, S_IFIFO);
		else if (c->action == SOCKET)
			rc = fake_sysfs_special_attr(fs, VICTIM, c->file, S_IFSOCK);
		else if (c->action == DIRECTORY)
			rc = fake_sysfs_special_attr(fs, VICTIM, c->file, S_IFDIR);
		else
			rc = fake_sysfs_set_attr(fs, VICTIM, c->file, content, strlen(content));
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		int fds = test_count_fds();
		char *log = pci_test_scan_log(&rc);
		CU_ASSERT_EQUAL(rc, 0);
		char prefix[128];
		snprintf(prefix, sizeof(prefix), "skipping device %s: %s: ", VICTIM,
			 c->reported != NULL ? c->reported : c->file);
		check_one_warning(log, prefix, c->expect, c->what);
		free(log);
		check_survivors();
		CU_ASSERT_EQUAL(test_count_fds(), fds);
		pci_test_done(fs);
	}
}

/*
 * The victim's group is a looping link inside the groups directory: the listing does not count
 * it as a group, and following the victim's link reports the loop.
 */
static void test_group_dir_looping(void)
{
	struct fake_sysfs *fs = tree_with_victim();
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/kernel/iommu_groups/999", fake_sysfs_root(fs));
	CU_ASSERT_EQUAL_FATAL(symlink("999", path), 0);
	CU_ASSERT_EQUAL_FATAL(
	    fake_sysfs_symlink_attr(fs, VICTIM, "iommu_group", "../../../kernel/iommu_groups/999"),
	    0);
	int rc;
	char *log = pci_test_scan_log(&rc);
	CU_ASSERT_EQUAL(rc, 0);
	check_one_warning(log, "skipping device " VICTIM ": iommu_group: ", "looping link",
			  "looping group directory");
	free(log);
	check_survivors();
	pci_test_done(fs);
}

/* Optional files: no NUMA (non-NUMA kernel), no IOMMU: fine, no warning. */
static void test_missing_optional_files(void)
{
	struct fake_sysfs *fs = tree_with_victim();
	CU_ASSERT_EQUAL(fake_sysfs_unlink_attr(fs, VICTIM, "numa_node"), 0);
	int rc;
	char *log = pci_test_scan_log(&rc);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NULL(strstr(log, "skipping"));
	free(log);
	CU_ASSERT_EQUAL(pci_test_count(), 4);
	struct rte_pci_device *dev = pci_test_find(VICTIM);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
	CU_ASSERT_EQUAL(dev->device.numa_node, -1);
	CU_ASSERT_EQUAL(dev->iommu_group, -1);
	pci_test_done(fs);
}

/* Entries of bus/pci/devices itself: dangling and looping links, names that are no address. */
static void test_broken_entries(void)
{
	struct fake_sysfs *fs = tree_with_victim();
	char path[PATH_MAX];
	const char *dir = fake_sysfs_devices_dir(fs);
	/* The victim's link now dangles. */
	CU_ASSERT_EQUAL(fake_sysfs_remove(fs, VICTIM), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, VICTIM);
	CU_ASSERT_EQUAL_FATAL(symlink("../../../devices/pci0000:00/" VICTIM, path), 0);
	/* Another loops onto itself. */
	snprintf(path, sizeof(path), "%s/0000:00:09.0", dir);
	CU_ASSERT_EQUAL_FATAL(symlink("0000:00:09.0", path), 0);
	/* A plain file where a device directory should be. */
	snprintf(path, sizeof(path), "%s/0000:00:0a.0", dir);
	CU_ASSERT_EQUAL_FATAL(test_write_file(path, "x"), 0);
	/* Names that are not canonical addresses. */
	snprintf(path, sizeof(path), "%s/junk", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/00:0b.0", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/0000:00:0C.0", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);

	int fds = test_count_fds();
	int rc;
	char *log = pci_test_scan_log(&rc);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(pci_test_occurrences(log, VICTIM), 1);
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(log, "skipping device " VICTIM ": device directory: dangling"));
	CU_ASSERT_EQUAL(pci_test_occurrences(log, "0000:00:09.0"), 1);
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(log, "skipping device 0000:00:09.0: device directory: looping symbolic link"));
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(log, "skipping device 0000:00:0a.0: device directory: not a directory"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "skipping 'junk' in"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "skipping '00:0b.0' in"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "skipping '0000:00:0C.0' in"));
	CU_ASSERT_EQUAL(pci_test_occurrences(log, "\n"), 6);
	free(log);
	check_survivors();
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	pci_test_done(fs);
}

/* Several broken devices: one warning each, in address order whatever the readdir order. */
static void test_warnings_in_address_order(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_populate(fs, 400, 7), 0);
	pci_test_use(fs);
	CU_ASSERT_EQUAL(rte_pci_scan(), 0);
	unsigned int total = pci_test_count();
	/* Break every 50th device's resource file. */
	char names[16][PCI_PRI_STR_SIZE + 1];
	unsigned int nb = 0;
	for (unsigned int i = 0; i < total && nb < RTE_DIM(names); i += 50) {
		struct rte_pci_device *dev = pci_test_nth(i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
		snprintf(names[nb], sizeof(names[nb]), "%s", dev->name);
		CU_ASSERT_EQUAL(fake_sysfs_set_attr(fs, names[nb], "resource", "x\n", 2), 0);
		nb++;
	}
	pci_test_done(NULL);
	pci_test_use(fs);
	int rc;
	char *log = pci_test_scan_log(&rc);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(pci_test_count(), total - nb);
	const char *p = log;
	for (unsigned int k = 0; k < nb; k++) {
		const char *at = strstr(p, names[k]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(at);
		p = at + 1;
	}
	CU_ASSERT_EQUAL(pci_test_occurrences(log, "\n"), nb);
	free(log);
	pci_test_done(fs);
}

void pci_test_add_broken_suite(void)
{
	CU_pSuite s = CU_add_suite("pci_broken_input", NULL, NULL);
	CU_add_test(s, "broken device files: one warning each", test_broken_files);
	CU_add_test(s, "a looping group directory", test_group_dir_looping);
	CU_add_test(s, "missing optional files are fine", test_missing_optional_files);
	CU_add_test(s, "broken directory entries", test_broken_entries);
	CU_add_test(s, "warnings in address order", test_warnings_in_address_order);
}
