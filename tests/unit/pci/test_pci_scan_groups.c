/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scan's IOMMU group listings (pci_scan_groups.h): a group counts as present only when the
 * directory its link text names really lists it as a directory; anything else (a missing,
 * linked or oddly spelled group, an unreadable directory, too many distinct link texts) must
 * answer "follow the link", never "present".
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <pci_scan_groups.h>

#include "pci_test.h"
#include "test_util.h"

struct groups_tree {
	char *root;
	int shallow; /* root/devices/pci0000:00/0000:00:01.0 */
	int deep;    /* root/devices/pci0000:00/0000:00:1c.0/0000:02:00.0 */
};

static void mkdir_under(const char *root, const char *rel)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	CU_ASSERT_EQUAL_FATAL(test_mkdirs(path), 0);
}

static int open_dir(const char *root, const char *rel)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(fd >= 0);
	return fd;
}

/* Groups 0, 1 and 17 are directories; 5 is a link to 1, 007 a directory spelled oddly. */
static struct groups_tree make_tree(void)
{
	struct groups_tree t = {.root = test_make_tmpdir("scan-groups")};
	char path[512];

	CU_ASSERT_PTR_NOT_NULL_FATAL(t.root);
	mkdir_under(t.root, "devices/pci0000:00/0000:00:1c.0/0000:02:00.0");
	mkdir_under(t.root, "devices/pci0000:00/0000:00:01.0");
	mkdir_under(t.root, "kernel/iommu_groups/0");
	mkdir_under(t.root, "kernel/iommu_groups/1");
	mkdir_under(t.root, "kernel/iommu_groups/17");
	mkdir_under(t.root, "kernel/iommu_groups/007");
	snprintf(path, sizeof(path), "%s/kernel/iommu_groups/5", t.root);
	CU_ASSERT_EQUAL_FATAL(symlink("1", path), 0);
	t.shallow = open_dir(t.root, "devices/pci0000:00/0000:00:01.0");
	t.deep = open_dir(t.root, "devices/pci0000:00/0000:00:1c.0/0000:02:00.0");
	return t;
}

static void free_tree(struct groups_tree *t)
{
	close(t->shallow);
	close(t->deep);
	CU_ASSERT_EQUAL(test_remove_tree(t->root), 0);
	free(t->root);
}

static void test_groups_listed(void)
{
	struct groups_tree t = make_tree();
	struct pci_group_dirs g;
	int fds;

	pci_group_dirs_init(&g);
	fds = test_count_fds();
	CU_ASSERT_TRUE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/17"));
	CU_ASSERT_TRUE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/0"));
	/* The same directory named from another depth: listed once more, found the same. */
	CU_ASSERT_TRUE(pci_group_dirs_has(&g, t.deep, "../../../../kernel/iommu_groups/1"));
	CU_ASSERT_EQUAL(g.nb, 2);
	/* Missing, a link, spelled with a leading zero, not a number, no directory part. */
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/3"));
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/5"));
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/007"));
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/7"));
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/1x"));
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/"));
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "17"));
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "/17"));
	/* No descriptor is kept between calls. */
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	pci_group_dirs_release(&g);
	free_tree(&t);
}

/* A group directory added after the listing was made is not "present" yet: follow the link. */
static void test_groups_listing_is_a_snapshot(void)
{
	struct groups_tree t = make_tree();
	struct pci_group_dirs g;

	pci_group_dirs_init(&g);
	CU_ASSERT_TRUE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/1"));
	mkdir_under(t.root, "kernel/iommu_groups/2");
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/iommu_groups/2"));
	pci_group_dirs_release(&g);
	free_tree(&t);
}

static void test_groups_unlistable(void)
{
	struct groups_tree t = make_tree();
	struct pci_group_dirs g;
	char text[256];

	pci_group_dirs_init(&g);
	/* A directory part that resolves nowhere, asked twice: remembered, still "no". */
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/nowhere/1"));
	CU_ASSERT_FALSE(pci_group_dirs_has(&g, t.shallow, "../../../kernel/nowhere/1"));
	CU_ASSERT_EQUAL(g.nb, 1);
	/*
	 * Distinct texts for the same directory fill the remaining slots and are found; past
	 * PCI_GROUP_DIRS_MAX the surplus ones are answered "follow the link".
	 */
	for (int i = 0; i < PCI_GROUP_DIRS_MAX + 2; i++) {
		int n = snprintf(text, sizeof(text), "../../../kernel");
		for (int k = 0; k < i; k++)
			n += snprintf(text + n, sizeof(text) - (size_t)n, "/../kernel");
		snprintf(text + n, sizeof(text) - (size_t)n, "/iommu_groups/17");
		bool listed = i < PCI_GROUP_DIRS_MAX - 1;
		CU_ASSERT_EQUAL(pci_group_dirs_has(&g, t.shallow, text), listed);
	}
	CU_ASSERT_EQUAL(g.nb, PCI_GROUP_DIRS_MAX);
	pci_group_dirs_release(&g);
	free_tree(&t);
}

void pci_test_add_scan_groups_suite(void)
{
	CU_pSuite s = CU_add_suite("pci_scan_groups", NULL, NULL);
	CU_add_test(s, "groups listed once per directory part", test_groups_listed);
	CU_add_test(s, "a listing is a snapshot", test_groups_listing_is_a_snapshot);
	CU_add_test(s, "unlistable and surplus directory parts", test_groups_unlistable);
}
