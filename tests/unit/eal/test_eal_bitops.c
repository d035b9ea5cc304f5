/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_bitops.h: masks, field extraction, the relaxed bit functions' in-place results;
 * rte_memcpy.h copies and rte_prefetch.h hints (which must not change memory). */

#include <CUnit/Basic.h>
#include <string.h>

#include <rte_bitops.h>
#include <rte_memcpy.h>
#include <rte_prefetch.h>

#include "test_util.h"

static void test_masks(void)
{
	CU_ASSERT_EQUAL(RTE_BIT32(0), 1);
	CU_ASSERT_EQUAL(RTE_BIT32(31), 0x80000000u);
	CU_ASSERT_EQUAL(RTE_BIT64(63), UINT64_C(0x8000000000000000));
	CU_ASSERT_EQUAL(RTE_GENMASK32(7, 4), 0xf0);
	CU_ASSERT_EQUAL(RTE_GENMASK32(31, 0), UINT32_MAX);
	CU_ASSERT_EQUAL(RTE_GENMASK32(0, 0), 1);
	CU_ASSERT_EQUAL(RTE_GENMASK64(63, 0), UINT64_MAX);
	CU_ASSERT_EQUAL(RTE_GENMASK64(47, 40), UINT64_C(0x0000ff0000000000));
	CU_ASSERT_EQUAL(RTE_SHIFT_VAL32(3, 4), 0x30);
	CU_ASSERT_EQUAL(RTE_SHIFT_VAL64(1, 40), UINT64_C(1) << 40);
	CU_ASSERT_EQUAL(RTE_FIELD_GET32(RTE_GENMASK32(11, 8), 0xabcd), 0xb);
	CU_ASSERT_EQUAL(RTE_FIELD_GET64(RTE_GENMASK64(63, 56), UINT64_C(0x12ffffffffffffff)), 0x12);
}

static void test_relaxed32(void)
{
	volatile uint32_t w = 0;

	rte_bit_relaxed_set32(5, &w);
	CU_ASSERT_EQUAL(w, 0x20);
	CU_ASSERT_EQUAL(rte_bit_relaxed_get32(5, &w), 0x20); /* the bit in place, not 1 */
	CU_ASSERT_EQUAL(rte_bit_relaxed_get32(4, &w), 0);
	CU_ASSERT_EQUAL(rte_bit_relaxed_test_and_set32(31, &w), 0);
	CU_ASSERT_EQUAL(w, 0x80000020u);
	CU_ASSERT_EQUAL(rte_bit_relaxed_test_and_set32(31, &w), 0x80000000u);
	CU_ASSERT_EQUAL(rte_bit_relaxed_test_and_clear32(5, &w), 0x20);
	CU_ASSERT_EQUAL(rte_bit_relaxed_test_and_clear32(5, &w), 0);
	CU_ASSERT_EQUAL(w, 0x80000000u);
	rte_bit_relaxed_clear32(31, &w);
	CU_ASSERT_EQUAL(w, 0);
}

static void test_relaxed64(void)
{
	volatile uint64_t w = UINT64_C(1);

	rte_bit_relaxed_set64(63, &w);
	CU_ASSERT_EQUAL(w, UINT64_C(0x8000000000000001));
	CU_ASSERT_EQUAL(rte_bit_relaxed_get64(63, &w), UINT64_C(0x8000000000000000));
	CU_ASSERT_EQUAL(rte_bit_relaxed_test_and_set64(40, &w), 0);
	CU_ASSERT_EQUAL(rte_bit_relaxed_test_and_clear64(40, &w), UINT64_C(1) << 40);
	rte_bit_relaxed_clear64(0, &w);
	CU_ASSERT_EQUAL(w, UINT64_C(0x8000000000000000));
	CU_ASSERT_EQUAL(rte_bit_relaxed_test_and_clear64(63, &w), UINT64_C(0x8000000000000000));
	CU_ASSERT_EQUAL(w, 0);
}

static void test_memcpy_and_prefetch(void)
{
	uint8_t src[300], dst[300];

	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 1);
	/* Unaligned ends on purpose: every rte_movN and odd lengths. */
	const struct {
		void (*mov)(uint8_t *, const uint8_t *);
		size_t n;
	} movs[] = {{rte_mov16, 16}, {rte_mov32, 32}, {rte_mov48, 48},
		    {rte_mov64, 64}, {rte_mov128, 128}, {rte_mov256, 256}};
	for (unsigned int i = 0; i < RTE_DIM(movs); i++) {
		memset(dst, 0, sizeof(dst));
		movs[i].mov(dst + 3, src + 1);
		CU_ASSERT_EQUAL(memcmp(dst + 3, src + 1, movs[i].n), 0);
		CU_ASSERT_EQUAL(dst[3 + movs[i].n], 0);
		CU_ASSERT_EQUAL(dst[2], 0);
	}
	memset(dst, 0, sizeof(dst));
	CU_ASSERT_PTR_EQUAL(rte_memcpy(dst + 1, src, 297), dst + 1);
	CU_ASSERT_EQUAL(memcmp(dst + 1, src, 297), 0);
	CU_ASSERT_EQUAL(dst[0], 0);
	CU_ASSERT_PTR_EQUAL(rte_memcpy(dst, src, 0), dst);

	/* Hints: the data is unchanged afterwards (and a NULL prefetch does not fault). */
	rte_prefetch0(src);
	rte_prefetch1(src + 64);
	rte_prefetch2(src + 128);
	rte_prefetch_non_temporal(src + 192);
	rte_prefetch0_write(dst);
	rte_prefetch1_write(dst);
	rte_prefetch2_write(dst);
	rte_cldemote(src);
	rte_prefetch0(NULL);
	CU_ASSERT_EQUAL(memcmp(dst + 1, src, 297), 0);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_bitops", NULL, NULL);
	CU_add_test(s, "RTE_BIT, GENMASK, SHIFT_VAL, FIELD_GET", test_masks);
	CU_add_test(s, "rte_bit_relaxed_*32", test_relaxed32);
	CU_add_test(s, "rte_bit_relaxed_*64", test_relaxed64);
	CU_add_test(s, "rte_memcpy, rte_movN, prefetch hints", test_memcpy_and_prefetch);
	return test_run_registry();
}
