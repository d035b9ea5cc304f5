/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_byteorder.h: swaps of known constants, conversions against the bytes in memory. */

#include <CUnit/Basic.h>
#include <string.h>

#include <rte_byteorder.h>

#include "test_util.h"

/* The constant forms must be usable where C wants constant expressions. */
static const rte_be16_t be_port = RTE_BE16(0x1234);
static const rte_le32_t le_word = RTE_LE32(0x11223344);
static const uint64_t swapped64 = RTE_STATIC_BSWAP64(UINT64_C(0x0102030405060708));
static const rte_le16_t le_init = rte_cpu_to_le_16(0xabcd);

static void test_swaps(void)
{
	CU_ASSERT_EQUAL(rte_bswap16(0x1234), 0x3412);
	CU_ASSERT_EQUAL(rte_bswap32(0x12345678), 0x78563412);
	CU_ASSERT_EQUAL(rte_bswap64(UINT64_C(0x0102030405060708)), UINT64_C(0x0807060504030201));
	CU_ASSERT_EQUAL(RTE_STATIC_BSWAP16(0xff00), 0x00ff);
	CU_ASSERT_EQUAL(RTE_STATIC_BSWAP32(0xdeadbeef), 0xefbeadde);
	CU_ASSERT_EQUAL(swapped64, UINT64_C(0x0807060504030201));
	CU_ASSERT_EQUAL(rte_constant_bswap16(0xa1b2), 0xb2a1);
	CU_ASSERT_EQUAL(rte_constant_bswap32(0xa1b2c3d4), 0xd4c3b2a1);
	CU_ASSERT_EQUAL(rte_constant_bswap64(UINT64_C(0xa1b2c3d4e5f60718)),
			UINT64_C(0x1807f6e5d4c3b2a1));

	/* A value that is not a constant takes the instruction path. */
	volatile uint32_t v = 0xcafef00d;
	CU_ASSERT_EQUAL(rte_bswap32(v), 0x0df0feca);
	CU_ASSERT_EQUAL(rte_bswap32(rte_bswap32(v)), 0xcafef00d);
}

/* Big-endian means most significant byte first in memory, whatever this CPU is. */
static void test_conversions_by_bytes(void)
{
	uint8_t b[8];
	rte_be32_t be = rte_cpu_to_be_32(0x11223344);
	memcpy(b, &be, 4);
	CU_ASSERT(b[0] == 0x11 && b[1] == 0x22 && b[2] == 0x33 && b[3] == 0x44);

	rte_le32_t le = rte_cpu_to_le_32(0x11223344);
	memcpy(b, &le, 4);
	CU_ASSERT(b[0] == 0x44 && b[1] == 0x33 && b[2] == 0x22 && b[3] == 0x11);

	rte_be64_t be64 = rte_cpu_to_be_64(UINT64_C(0x0102030405060708));
	memcpy(b, &be64, 8);
	for (int i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(b[i], i + 1);

	rte_be16_t be16 = rte_cpu_to_be_16(0xa0b0);
	memcpy(b, &be16, 2);
	CU_ASSERT(b[0] == 0xa0 && b[1] == 0xb0);
	memcpy(b, &be_port, 2);
	CU_ASSERT(b[0] == 0x12 && b[1] == 0x34);
	memcpy(b, &le_word, 4);
	CU_ASSERT(b[0] == 0x44 && b[3] == 0x11);
	memcpy(b, &le_init, 2);
	CU_ASSERT(b[0] == 0xcd && b[1] == 0xab);
}

static void test_round_trips(void)
{
	CU_ASSERT_EQUAL(rte_be_to_cpu_16(rte_cpu_to_be_16(0x1234)), 0x1234);
	CU_ASSERT_EQUAL(rte_be_to_cpu_32(rte_cpu_to_be_32(0x12345678)), 0x12345678);
	CU_ASSERT_EQUAL(rte_be_to_cpu_64(rte_cpu_to_be_64(UINT64_C(0x123456789abcdef0))),
			UINT64_C(0x123456789abcdef0));
	CU_ASSERT_EQUAL(rte_le_to_cpu_16(rte_cpu_to_le_16(0x1234)), 0x1234);
	CU_ASSERT_EQUAL(rte_le_to_cpu_32(rte_cpu_to_le_32(0x12345678)), 0x12345678);
	CU_ASSERT_EQUAL(rte_le_to_cpu_64(rte_cpu_to_le_64(UINT64_C(0x123456789abcdef0))),
			UINT64_C(0x123456789abcdef0));
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
	CU_ASSERT_EQUAL(rte_cpu_to_be_16(0x1234), 0x3412);
	CU_ASSERT_EQUAL(rte_cpu_to_le_16(0x1234), 0x1234);
#else
	CU_ASSERT_EQUAL(rte_cpu_to_be_16(0x1234), 0x1234);
	CU_ASSERT_EQUAL(rte_cpu_to_le_16(0x1234), 0x3412);
#endif
	/* The 16-bit forms give 16-bit values, as DPDK's functions do. */
	CU_ASSERT_EQUAL(sizeof(rte_cpu_to_le_16(0x12345)), 2);
	CU_ASSERT_EQUAL(rte_cpu_to_le_16(0x12345), 0x2345);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_byteorder", NULL, NULL);
	CU_add_test(s, "swaps of known constants", test_swaps);
	CU_add_test(s, "conversions put the bytes in the right order", test_conversions_by_bytes);
	CU_add_test(s, "round trips and the identity direction", test_round_trips);
	return test_run_registry();
}
