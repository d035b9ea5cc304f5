/* SPDX-License-Identifier: BSD-3-Clause */
/* The IOVA-space allocator: QEMU's vIOMMU ranges, reservation, allocation, giving back. */

#include <CUnit/CUnit.h>
#include <errno.h>

#include "eal_iova_space.h"
#include "test_iova.h"

/* What VFIO reports for QEMU's intel-iommu: 39 bits minus the MSI window. */
static const struct eal_iova_span qemu[] = {
    {.start = 0xfef00000, .last = 0x7fffffffff},
    {.start = 0, .last = 0xfedfffff},
};

static void init_qemu(struct eal_iova_space *s)
{
	CU_ASSERT_EQUAL_FATAL(eal_iova_space_init(s, qemu, 2), 0);
}

static void test_init_sorts_and_merges(void)
{
	struct eal_iova_space s;
	const struct eal_iova_span v[] = {
	    {.start = 0x5000, .last = 0x5fff},
	    {.start = 0x1000, .last = 0x1fff},
	    {.start = 0x2000, .last = 0x2fff}, /* adjacent to the previous */
	    {.start = 0x5800, .last = 0x6fff}, /* overlaps */
	};
	CU_ASSERT_EQUAL_FATAL(eal_iova_space_init(&s, v, 4), 0);
	CU_ASSERT_EQUAL(s.nb, 2);
	CU_ASSERT_EQUAL(s.free[0].start, 0x1000);
	CU_ASSERT_EQUAL(s.free[0].last, 0x2fff);
	CU_ASSERT_EQUAL(s.free[1].start, 0x5000);
	CU_ASSERT_EQUAL(s.free[1].last, 0x6fff);
	eal_iova_space_fini(&s);

	const struct eal_iova_span bad = {.start = 2, .last = 1};
	CU_ASSERT_EQUAL(eal_iova_space_init(&s, &bad, 1), -EINVAL);
}

static void test_high_va_is_not_free(void)
{
	struct eal_iova_space s;
	init_qemu(&s);
	/* A typical mmap address (47 bits) is outside a 39-bit IOMMU. */
	CU_ASSERT_FALSE(eal_iova_space_is_free(&s, 0x7f1234400000ULL, 2 << 20));
	CU_ASSERT_EQUAL(eal_iova_space_reserve(&s, 0x7f1234400000ULL, 2 << 20), -ENOENT);
	/* The MSI window and ranges straddling it are not usable either. */
	CU_ASSERT_FALSE(eal_iova_space_is_free(&s, 0xfee00000, 0x1000));
	CU_ASSERT_FALSE(eal_iova_space_is_free(&s, 0xfed00000, 0x200000));
	CU_ASSERT_TRUE(eal_iova_space_is_free(&s, 0x100000000ULL, 1 << 30));
	CU_ASSERT_FALSE(eal_iova_space_is_free(&s, 0x7fffffff00ULL, 0x200)); /* beyond the end */
	CU_ASSERT_FALSE(eal_iova_space_is_free(&s, 0x1000, 0));
	eal_iova_space_fini(&s);
}

static void test_reserve_splits(void)
{
	struct eal_iova_space s;
	init_qemu(&s);
	CU_ASSERT_EQUAL(eal_iova_space_reserve(&s, 0x40000000, 0x200000), 0);
	CU_ASSERT_EQUAL(s.nb, 3);
	CU_ASSERT_EQUAL(s.free[0].last, 0x3fffffff);
	CU_ASSERT_EQUAL(s.free[1].start, 0x40200000);
	CU_ASSERT_FALSE(eal_iova_space_is_free(&s, 0x40100000, 0x1000));
	CU_ASSERT_EQUAL(eal_iova_space_reserve(&s, 0x40100000, 0x1000), -ENOENT);
	/* Reserving a span's first and last bytes shrinks it without splitting. */
	CU_ASSERT_EQUAL(eal_iova_space_reserve(&s, 0, 0x1000), 0);
	CU_ASSERT_EQUAL(eal_iova_space_reserve(&s, 0x7ffffff000ULL, 0x1000), 0);
	CU_ASSERT_EQUAL(s.nb, 3);
	CU_ASSERT_EQUAL(s.free[0].start, 0x1000);
	CU_ASSERT_EQUAL(s.free[2].last, 0x7fffffefffULL);
	eal_iova_space_fini(&s);
}

static void test_alloc_lowest_aligned_not_zero(void)
{
	struct eal_iova_space s;
	uint64_t iova;
	init_qemu(&s);
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 2 << 20, 2 << 20, &iova), 0);
	CU_ASSERT_EQUAL(iova, 2 << 20); /* never 0 */
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 4096, 4096, &iova), 0);
	CU_ASSERT_EQUAL(iova, 4096);
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 1 << 30, 1 << 30, &iova), 0);
	CU_ASSERT_EQUAL(iova, 1 << 30);
	/* 3 GiB does not fit below the MSI window once 1-2 GiB is taken: it goes above. */
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 3ULL << 30, 2 << 20, &iova), 0);
	CU_ASSERT_TRUE(iova >= 0xfef00000);
	CU_ASSERT_EQUAL(iova % (2 << 20), 0);
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 4096, 3, &iova), -EINVAL);
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 0, 4096, &iova), -EINVAL);
	eal_iova_space_fini(&s);
}

static void test_exhaustion_and_free(void)
{
	struct eal_iova_space s;
	const struct eal_iova_span small = {.start = 0x10000, .last = 0x13fff}; /* 4 pages */
	uint64_t a[4], extra;
	CU_ASSERT_EQUAL_FATAL(eal_iova_space_init(&s, &small, 1), 0);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 0x1000, 0x1000, &a[i]), 0);
		CU_ASSERT_EQUAL(a[i], 0x10000 + (uint64_t)i * 0x1000);
	}
	CU_ASSERT_EQUAL(s.nb, 0);
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 0x1000, 0x1000, &extra), -ENOSPC);
	/* Give back 1 and 3, then 2: the three merge into one span. */
	CU_ASSERT_EQUAL(eal_iova_space_free(&s, a[1], 0x1000), 0);
	CU_ASSERT_EQUAL(eal_iova_space_free(&s, a[3], 0x1000), 0);
	CU_ASSERT_EQUAL(s.nb, 2);
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 0x2000, 0x1000, &extra), -ENOSPC);
	CU_ASSERT_EQUAL(eal_iova_space_free(&s, a[2], 0x1000), 0);
	CU_ASSERT_EQUAL(s.nb, 1);
	CU_ASSERT_EQUAL(s.free[0].start, 0x11000);
	CU_ASSERT_EQUAL(s.free[0].last, 0x13fff);
	CU_ASSERT_EQUAL(eal_iova_space_alloc(&s, 0x3000, 0x1000, &extra), 0);
	CU_ASSERT_EQUAL(extra, 0x11000);
	/* Freeing what is free already is refused. */
	CU_ASSERT_EQUAL(eal_iova_space_free(&s, a[0], 0x1000), 0);
	CU_ASSERT_EQUAL(eal_iova_space_free(&s, a[0], 0x1000), -EINVAL);
	eal_iova_space_fini(&s);
}

static void test_top_of_space(void)
{
	/* Inclusive ends: a span reaching UINT64_MAX does not overflow anything. */
	struct eal_iova_space s;
	const struct eal_iova_span all = {.start = 0, .last = UINT64_MAX};
	CU_ASSERT_EQUAL_FATAL(eal_iova_space_init(&s, &all, 1), 0);
	CU_ASSERT_TRUE(eal_iova_space_is_free(&s, UINT64_MAX - 0xfff, 0x1000));
	CU_ASSERT_FALSE(eal_iova_space_is_free(&s, UINT64_MAX - 0xfff, 0x2000)); /* wraps */
	CU_ASSERT_EQUAL(eal_iova_space_reserve(&s, UINT64_MAX - 0xfff, 0x1000), 0);
	CU_ASSERT_EQUAL(eal_iova_space_free(&s, UINT64_MAX - 0xfff, 0x1000), 0);
	CU_ASSERT_EQUAL(s.nb, 1);
	CU_ASSERT_EQUAL(s.free[0].last, UINT64_MAX);
	eal_iova_space_fini(&s);
}

void test_iova_add_space_suite(void)
{
	CU_pSuite s = CU_add_suite("iova space allocator", NULL, NULL);
	CU_add_test(s, "init sorts and merges", test_init_sorts_and_merges);
	CU_add_test(s, "high addresses outside a 39-bit IOMMU", test_high_va_is_not_free);
	CU_add_test(s, "reserve splits spans", test_reserve_splits);
	CU_add_test(s, "alloc: lowest, aligned, never 0", test_alloc_lowest_aligned_not_zero);
	CU_add_test(s, "exhaustion and coalescing free", test_exhaustion_and_free);
	CU_add_test(s, "top of the 64-bit space", test_top_of_space);
}
