/* SPDX-License-Identifier: BSD-3-Clause */
/* hugetlbfs mountinfo lines, page-size text, and which heaps a socket request tries. */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <string.h>

#include <rte_memory.h>

#include "eal_hugepages.h"
#include "eal_malloc.h"
#include "test_mem.h"

static void test_mount_lines(void)
{
	char dir[64];
	size_t sz = 1;

	CU_ASSERT_TRUE(
	    eal_hugetlbfs_mountinfo_parse("33 25 0:28 / /dev/hugepages rw,relatime shared:12 - "
					  "hugetlbfs hugetlbfs rw,pagesize=2M\n",
					  dir, sizeof(dir), &sz));
	CU_ASSERT_STRING_EQUAL(dir, "/dev/hugepages");
	CU_ASSERT_EQUAL(sz, 2u << 20);
	/* No optional field, escaped blank in the mount point, 1G pages, more super options. */
	CU_ASSERT_TRUE(
	    eal_hugetlbfs_mountinfo_parse("40 1 0:50 / /mnt/huge\\040pages rw - hugetlbfs none "
					  "rw,relatime,pagesize=1024M,size=4G",
					  dir, sizeof(dir), &sz));
	CU_ASSERT_STRING_EQUAL(dir, "/mnt/huge pages");
	CU_ASSERT_EQUAL(sz, 1u << 30);
	/* A kernel that shows no pagesize (or an unreadable one): unknown, not guessed here. */
	CU_ASSERT_TRUE(eal_hugetlbfs_mountinfo_parse("41 1 0:51 / /h rw - hugetlbfs none rw", dir,
						     sizeof(dir), &sz));
	CU_ASSERT_EQUAL(sz, 0);
	CU_ASSERT_TRUE(eal_hugetlbfs_mountinfo_parse("42 1 0:52 / /j rw - hugetlbfs none "
						     "rw,pagesize=junk",
						     dir, sizeof(dir), &sz));
	CU_ASSERT_EQUAL(sz, 0);
	/* Not hugetlbfs, or not mountinfo (a /proc/mounts line). */
	CU_ASSERT_FALSE(eal_hugetlbfs_mountinfo_parse(
	    "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw,pagesize=2M", dir, sizeof(dir), &sz));
	CU_ASSERT_FALSE(eal_hugetlbfs_mountinfo_parse(
	    "hugetlbfs /dev/hugepages hugetlbfs rw,pagesize=2M 0 0", dir, sizeof(dir), &sz));
	CU_ASSERT_FALSE(eal_hugetlbfs_mountinfo_parse("33 25 0:28 / /x rw shared:1 hugetlbfs", dir,
						      sizeof(dir), &sz));
	CU_ASSERT_FALSE(eal_hugetlbfs_mountinfo_parse("garbage", dir, sizeof(dir), &sz));
	CU_ASSERT_FALSE(eal_hugetlbfs_mountinfo_parse("", dir, sizeof(dir), &sz));
}

static void test_size_text(void)
{
	CU_ASSERT_EQUAL(eal_hugepage_size_parse("2M"), 2u << 20);
	CU_ASSERT_EQUAL(eal_hugepage_size_parse("1G"), 1u << 30);
	CU_ASSERT_EQUAL(eal_hugepage_size_parse("2048k"), 2u << 20);
	CU_ASSERT_EQUAL(eal_hugepage_size_parse("2048kB"), 2u << 20);
	CU_ASSERT_EQUAL(eal_hugepage_size_parse("4096"), 4096);
	CU_ASSERT_EQUAL(eal_hugepage_size_parse("2X"), 0);
	CU_ASSERT_EQUAL(eal_hugepage_size_parse(""), 0);
}

static void test_socket_order(void)
{
	unsigned int o[RTE_MAX_NUMA_NODES];

	/* NUMA known, 2 nodes: a socket alone; ANY: the caller's first. */
	CU_ASSERT_EQUAL(eal_malloc_socket_order(1, 0, 2, true, o, RTE_DIM(o)), 1);
	CU_ASSERT_EQUAL(o[0], 1);
	CU_ASSERT_EQUAL(eal_malloc_socket_order(SOCKET_ID_ANY, 1, 2, true, o, RTE_DIM(o)), 2);
	CU_ASSERT_EQUAL(o[0], 1);
	CU_ASSERT_EQUAL(o[1], 0);
	CU_ASSERT_EQUAL(eal_malloc_socket_order(2, 0, 2, true, o, RTE_DIM(o)), -EINVAL);
	/* Without NUMA: every valid socket falls back to the one heap. */
	CU_ASSERT_EQUAL(eal_malloc_socket_order(3, 0, 1, false, o, RTE_DIM(o)), 1);
	CU_ASSERT_EQUAL(o[0], 0);
	CU_ASSERT_EQUAL(eal_malloc_socket_order(SOCKET_ID_ANY, 5, 1, false, o, RTE_DIM(o)), 1);
	CU_ASSERT_EQUAL(o[0], 0);
	CU_ASSERT_EQUAL(eal_malloc_socket_order(RTE_MAX_NUMA_NODES, 0, 1, false, o, RTE_DIM(o)),
			-EINVAL);
	CU_ASSERT_EQUAL(eal_malloc_socket_order(-2, 0, 1, false, o, RTE_DIM(o)), -EINVAL);
}

void test_mem_add_parse_suite(void)
{
	CU_pSuite s = CU_add_suite("memory parsers", NULL, NULL);
	CU_add_test(s, "hugetlbfs mountinfo lines", test_mount_lines);
	CU_add_test(s, "page-size text", test_size_text);
	CU_add_test(s, "socket order and fallback", test_socket_order);
}
