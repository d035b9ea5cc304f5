/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one hugepage reader (eal_hugepages.h) on generated trees: sizes, nodes and counts from
 * $SYSFS_HUGEPAGES and $SYSFS_NODES, hugetlbfs mounts from $OPENEAL_MOUNTINFO, what the memory
 * code concludes from them (free hugepages for a configuration, the --huge-dir check and its
 * line), and rte_eal_init taking --huge-dir from the tree's mounts. Never the host's hugepages.
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_iova.h>

#include "eal_hugepages.h"
#include "eal_memory.h"
#include "fake_sysfs_host.h"
#include "test_mem.h"
#include "test_util.h"

#define MB2 (2u << 20)
#define GB1 (1u << 30)

/* A machine with 2 MiB and 1 GiB pages on nodes 2 and 10 (node 3 has none of its own). */
static struct fake_sysfs *machine(void)
{
	struct fake_sysfs *fs = fake_sysfs_create();
	char path[PATH_MAX];

	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_host_env(fs), 0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_set_hugepages(fs, -1, 2048, 64, 60), 0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_set_hugepages(fs, -1, 1048576, 2, 1), 0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_set_hugepages(fs, 10, 2048, 40, 40), 0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_set_hugepages(fs, 2, 2048, 24, 20), 0);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_set_hugepages(fs, 2, 1048576, 2, 1), 0);
	snprintf(path, sizeof(path), "%s/devices/system/node/node3", fake_sysfs_root(fs));
	CU_ASSERT_EQUAL_FATAL(test_mkdirs(path), 0);
	/* Not a size, nor a node: left out. */
	snprintf(path, sizeof(path), "%s/kernel/mm/hugepages/hugepages-2048kBx",
		 fake_sysfs_root(fs));
	CU_ASSERT_EQUAL_FATAL(test_mkdirs(path), 0);
	snprintf(path, sizeof(path), "%s/devices/system/node/nodes", fake_sysfs_root(fs));
	CU_ASSERT_EQUAL_FATAL(test_mkdirs(path), 0);
	return fs;
}

static void done(struct fake_sysfs *fs)
{
	fake_sysfs_host_env_clear();
	fake_sysfs_destroy(fs);
}

/* A directory in the tree, listed in its mountinfo as hugetlbfs with options opts. */
static void add_mount(struct fake_sysfs *fs, const char *name, const char *opts, char *dir,
		      size_t size)
{
	char line[PATH_MAX + 128];

	snprintf(dir, size, "%s/%s", fake_sysfs_root(fs), name);
	CU_ASSERT_EQUAL_FATAL(test_mkdirs(dir), 0);
	snprintf(line, sizeof(line), "40 1 0:50 / %s rw,relatime - hugetlbfs none %s", dir, opts);
	CU_ASSERT_EQUAL_FATAL(fake_sysfs_add_mountinfo(fs, line), 0);
}

static void test_counts(void)
{
	struct fake_sysfs *fs = machine();
	size_t sizes[EAL_MAX_HUGEPAGE_SIZES];
	unsigned int nodes[8];
	struct eal_hugepage_count c;

	CU_ASSERT_EQUAL_FATAL(eal_hugepage_sizes(sizes, RTE_DIM(sizes)), 2);
	CU_ASSERT_EQUAL(sizes[0], MB2);
	CU_ASSERT_EQUAL(sizes[1], GB1);
	CU_ASSERT_EQUAL(eal_hugepage_sizes(sizes, 1), 1);
	CU_ASSERT_EQUAL_FATAL(eal_hugepage_nodes(nodes, RTE_DIM(nodes)), 3);
	CU_ASSERT_EQUAL(nodes[0], 2);
	CU_ASSERT_EQUAL(nodes[1], 3);
	CU_ASSERT_EQUAL(nodes[2], 10);

	CU_ASSERT_TRUE(eal_hugepages_count(MB2, -1, &c));
	CU_ASSERT_EQUAL(c.nr, 64);
	CU_ASSERT_EQUAL(c.free, 60);
	CU_ASSERT_TRUE(eal_hugepages_count(MB2, 2, &c));
	CU_ASSERT_EQUAL(c.nr, 24);
	CU_ASSERT_EQUAL(c.free, 20);
	CU_ASSERT_TRUE(eal_hugepages_count(GB1, 2, &c));
	CU_ASSERT_EQUAL(c.free, 1);
	/* A node without that size, a size the machine lacks. */
	CU_ASSERT_FALSE(eal_hugepages_count(MB2, 3, &c));
	CU_ASSERT_EQUAL(c.nr, 0);
	CU_ASSERT_FALSE(eal_hugepages_count(GB1, 10, &c));
	CU_ASSERT_FALSE(eal_hugepages_count(64u << 10, -1, &c));
	CU_ASSERT_EQUAL(eal_hugepages_free(MB2, -1), 60);
	CU_ASSERT_EQUAL(eal_hugepages_free(MB2, 10), 40);
	CU_ASSERT_EQUAL(eal_hugepages_free(GB1, 3), 0);
	done(fs);

	/* The process's own tree (test_util.h): nothing, whatever the host reserved. */
	CU_ASSERT_EQUAL(eal_hugepage_sizes(sizes, RTE_DIM(sizes)), 0);
	CU_ASSERT_EQUAL(eal_hugepage_nodes(nodes, RTE_DIM(nodes)), 0);
	CU_ASSERT_EQUAL(eal_hugepages_free(MB2, -1), 0);
}

struct seen {
	unsigned int n;
	char dir[2][PATH_MAX];
	size_t page_sz[2];
};

static bool collect(const char *dir, size_t page_sz, void *arg)
{
	struct seen *s = arg;

	snprintf(s->dir[s->n], sizeof(s->dir[0]), "%s", dir);
	s->page_sz[s->n] = page_sz;
	return ++s->n < RTE_DIM(s->dir);
}

/* Hugepagesize of /proc/meminfo: what a mount without pagesize= has. */
static size_t kernel_default_size(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[128];
	unsigned long kb = 0;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Hugepagesize: %lu kB", &kb) == 1)
			break;
	if (f != NULL)
		fclose(f);
	return (size_t)kb << 10;
}

static void test_mounts(void)
{
	struct fake_sysfs *fs = machine();
	char big[PATH_MAX], plain[PATH_MAX], with_slash[PATH_MAX + 1];
	struct seen s = {.n = 0};
	size_t sz = 0;

	CU_ASSERT_EQUAL(fake_sysfs_add_mountinfo(fs, "22 1 8:1 / / rw - ext4 /dev/sda1 rw"), 0);
	add_mount(fs, "huge1G", "rw,pagesize=1024M", big, sizeof(big));
	add_mount(fs, "huge", "rw", plain, sizeof(plain));
	CU_ASSERT_EQUAL(fake_sysfs_add_mountinfo(fs, "50 1 0:60 / /more rw - hugetlbfs x rw"), 0);

	/* In mountinfo order; the callback stops the walk. */
	eal_hugetlbfs_mounts(collect, &s);
	CU_ASSERT_EQUAL_FATAL(s.n, 2);
	CU_ASSERT_STRING_EQUAL(s.dir[0], big);
	CU_ASSERT_EQUAL(s.page_sz[0], GB1);
	CU_ASSERT_STRING_EQUAL(s.dir[1], plain);
	CU_ASSERT_EQUAL(s.page_sz[1], 0);

	/* By canonical path; a mount without pagesize= has the kernel's default size. */
	snprintf(with_slash, sizeof(with_slash), "%s/", big);
	CU_ASSERT_TRUE(eal_hugetlbfs_mount_size(with_slash, &sz));
	CU_ASSERT_EQUAL(sz, GB1);
	CU_ASSERT_EQUAL(eal_hugetlbfs_mount_size(plain, &sz), kernel_default_size() != 0);
	if (kernel_default_size() != 0)
		CU_ASSERT_EQUAL(sz, kernel_default_size());
	CU_ASSERT_FALSE(eal_hugetlbfs_mount_size(fake_sysfs_root(fs), &sz));
	done(fs);

	/* The process's own mountinfo is empty: no mount, whatever the host has. */
	CU_ASSERT_FALSE(eal_hugetlbfs_mount_size("/dev/hugepages", &sz));
}

static unsigned int lines(const char *text)
{
	unsigned int n = 0;

	for (const char *p = text; *p != '\0'; p++)
		n += *p == '\n';
	return n;
}

struct check {
	struct eal_config cfg;
	int ret;
};

static void check_fn(void *arg)
{
	struct check *c = arg;

	c->ret = eal_mem_backing_check(&c->cfg);
}

static void test_available(void)
{
	struct fake_sysfs *fs = machine();
	char big[PATH_MAX];
	struct check c;

	add_mount(fs, "huge1G", "rw,pagesize=1G", big, sizeof(big));
	eal_config_defaults(&c.cfg);
	/* Anonymous hugepages: any size with a free page. */
	CU_ASSERT_TRUE(eal_mem_hugepages_available(&c.cfg));
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 64, 0), 0);
	CU_ASSERT_TRUE(eal_mem_hugepages_available(&c.cfg)); /* the 1 GiB page */
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 1048576, 2, 0), 0);
	CU_ASSERT_FALSE(eal_mem_hugepages_available(&c.cfg));
	/* --huge-dir: only the mount's size counts. */
	snprintf(c.cfg.huge_dir, sizeof(c.cfg.huge_dir), "%s", big);
	CU_ASSERT_FALSE(eal_mem_hugepages_available(&c.cfg));
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 1048576, 2, 2), 0);
	CU_ASSERT_TRUE(eal_mem_hugepages_available(&c.cfg));
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 1048576, 2, 0), 0);
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 64, 64), 0);
	CU_ASSERT_FALSE(eal_mem_hugepages_available(&c.cfg));

	/* The mount check: accepted, or one line naming the mounts file that was read. */
	char *log = test_capture_log(check_fn, &c);
	CU_ASSERT_EQUAL(c.ret, 0);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);
	snprintf(c.cfg.huge_dir, sizeof(c.cfg.huge_dir), "%s", fake_sysfs_root(fs));
	CU_ASSERT_FALSE(eal_mem_hugepages_available(&c.cfg));
	log = test_capture_log(check_fn, &c);
	CU_ASSERT_EQUAL(c.ret, -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(lines(log), 1);
	char expect[2 * PATH_MAX];
	snprintf(expect, sizeof(expect),
		 "option --huge-dir: %s is not a hugetlbfs mount (none in %s)", fake_sysfs_root(fs),
		 getenv("OPENEAL_MOUNTINFO"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, expect));
	free(log);
	done(fs);
}

/* rte_eal_init takes --huge-dir and the IOVA decision's hugepage input from the tree. */
static void test_init_huge_dir(void)
{
	struct fake_sysfs *fs = machine();
	char dir[PATH_MAX];
	struct rte_iova_report r;

	add_mount(fs, "huge", "rw,pagesize=2M", dir, sizeof(dir));
	char *argv[] = {"app", "--no-pci", "--huge-dir", dir, NULL};
	CU_ASSERT_EQUAL(rte_eal_init(4, argv), 3);
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_TRUE(r.hugepages);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);

	/* Its 2 MiB pages all taken: the decision sees none free. */
	CU_ASSERT_EQUAL(fake_sysfs_set_hugepages(fs, -1, 2048, 64, 0), 0);
	char *again[] = {"app", "--no-pci", "--huge-dir", dir, NULL};
	CU_ASSERT_EQUAL(rte_eal_init(4, again), 3);
	CU_ASSERT_EQUAL(rte_eal_iova_report(&r), 0);
	CU_ASSERT_FALSE(r.hugepages);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	done(fs);
}

void test_mem_add_hugepages_suite(void)
{
	CU_pSuite s = CU_add_suite("hugepage reader on generated trees", NULL, NULL);
	CU_add_test(s, "sizes, nodes and counts", test_counts);
	CU_add_test(s, "hugetlbfs mounts from mountinfo", test_mounts);
	CU_add_test(s, "free hugepages for a configuration, --huge-dir check", test_available);
	CU_add_test(s, "rte_eal_init: --huge-dir and the IOVA input from the tree",
		    test_init_huge_dir);
}
