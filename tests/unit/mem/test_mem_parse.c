/* SPDX-License-Identifier: BSD-3-Clause */
/* hugetlbfs mount lines, page-size text, and which heaps a socket request tries. */

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
	size_t sz = 0;

	CU_ASSERT_TRUE(eal_hugetlbfs_parse_mount(
	    "hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n", dir, sizeof(dir),
	    &sz, 1 << 21));
	CU_ASSERT_STRING_EQUAL(dir, "/dev/hugepages");
	CU_ASSERT_EQUAL(sz, 2u << 20);
	CU_ASSERT_TRUE(
	    eal_hugetlbfs_parse_mount("none /mnt/huge\\0401G hugetlbfs rw,pagesize=1024M 0 0", dir,
				      sizeof(dir), &sz, 1 << 21));
	CU_ASSERT_STRING_EQUAL(dir, "/mnt/huge 1G");
	CU_ASSERT_EQUAL(sz, 1u << 30);
	/* No pagesize option: the default size. */
	CU_ASSERT_TRUE(eal_hugetlbfs_parse_mount("nodev /huge hugetlbfs rw,relatime 0 0", dir,
						 sizeof(dir), &sz, 1 << 21));
	CU_ASSERT_EQUAL(sz, 2u << 20);
	CU_ASSERT_FALSE(eal_hugetlbfs_parse_mount("tmpfs /dev/shm tmpfs rw 0 0", dir, sizeof(dir),
						  &sz, 1 << 21));
	CU_ASSERT_FALSE(eal_hugetlbfs_parse_mount("hugetlbfs /x hugetlbfs rw,pagesize=junk 0 0",
						  dir, sizeof(dir), &sz, 1 << 21));
	CU_ASSERT_FALSE(eal_hugetlbfs_parse_mount("garbage", dir, sizeof(dir), &sz, 1 << 21));
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
	CU_add_test(s, "hugetlbfs mount lines", test_mount_lines);
	CU_add_test(s, "page-size text", test_size_text);
	CU_add_test(s, "socket order and fallback", test_socket_order);
}
