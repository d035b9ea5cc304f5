/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_io.h on normal memory: each accessor writes and reads exactly its width at its address
 * (little-endian hosts: x86 and aarch64), and the doorbell sequence stores what it should.
 * The accessors come from io_codegen.c, built in strict C11.
 */

#include <CUnit/Basic.h>
#include <string.h>

#include "io_codegen.h"
#include "test_util.h"

/* A register window with guard bytes around the accessed slot. */
static union {
	uint8_t b[24];
	uint64_t q[3];
} win;

static void fill(uint8_t v)
{
	memset(win.b, v, sizeof(win.b));
}

static void test_widths(void)
{
	fill(0xAA);
	io_write8(0x5C, &win.b[9]);
	CU_ASSERT_EQUAL(win.b[8], 0xAA);
	CU_ASSERT_EQUAL(win.b[9], 0x5C);
	CU_ASSERT_EQUAL(win.b[10], 0xAA);
	CU_ASSERT_EQUAL(io_read8(&win.b[9]), 0x5C);

	fill(0xAA);
	io_write16(0x1234, &win.b[10]);
	CU_ASSERT_EQUAL(win.b[9], 0xAA);
	CU_ASSERT_EQUAL(win.b[10], 0x34);
	CU_ASSERT_EQUAL(win.b[11], 0x12);
	CU_ASSERT_EQUAL(win.b[12], 0xAA);
	CU_ASSERT_EQUAL(io_read16(&win.b[10]), 0x1234);

	fill(0xAA);
	io_write32(0xDEADBEEF, &win.b[12]);
	CU_ASSERT_EQUAL(win.b[11], 0xAA);
	CU_ASSERT_EQUAL(win.b[12], 0xEF);
	CU_ASSERT_EQUAL(win.b[15], 0xDE);
	CU_ASSERT_EQUAL(win.b[16], 0xAA);
	CU_ASSERT_EQUAL(io_read32(&win.b[12]), 0xDEADBEEF);
	CU_ASSERT_EQUAL(io_read32_relaxed(&win.b[12]), 0xDEADBEEF);

	fill(0xAA);
	io_write64(UINT64_C(0x0123456789ABCDEF), &win.q[1]);
	CU_ASSERT_EQUAL(win.q[0], UINT64_C(0xAAAAAAAAAAAAAAAA));
	CU_ASSERT_EQUAL(win.b[8], 0xEF);
	CU_ASSERT_EQUAL(win.b[15], 0x01);
	CU_ASSERT_EQUAL(win.q[2], UINT64_C(0xAAAAAAAAAAAAAAAA));
	CU_ASSERT_EQUAL(io_read64(&win.q[1]), UINT64_C(0x0123456789ABCDEF));

	io_write32_relaxed(7, &win.b[0]);
	CU_ASSERT_EQUAL(io_read32(&win.b[0]), 7);
	io_write32_wc(9, &win.b[4]);
	CU_ASSERT_EQUAL(io_read32(&win.b[4]), 9);
	CU_ASSERT_EQUAL(io_read32(&win.b[0]), 7);
}

static void test_doorbell_sequence(void)
{
	struct io_desc d = {0};
	uint32_t doorbell = 0;
	io_post(&d, 0x1000, 64, &doorbell, 5);
	CU_ASSERT_EQUAL(d.addr, 0x1000);
	CU_ASSERT_EQUAL(d.len, 64);
	CU_ASSERT_EQUAL(d.flags, 1);
	CU_ASSERT_EQUAL(doorbell, 5);
	io_post_relaxed(&d, 0x2000, 32, &doorbell, 6);
	CU_ASSERT_EQUAL(d.addr, 0x2000);
	CU_ASSERT_EQUAL(doorbell, 6);
	CU_ASSERT_EQUAL(io_poll(&doorbell, &d), 6 + 32);
	/* The barriers are callable and change nothing in memory. */
	io_barrier_mb();
	io_barrier_wmb();
	io_barrier_rmb();
	io_barrier_smp_mb();
	CU_ASSERT_EQUAL(doorbell, 6);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("io", NULL, NULL);
	if (s == NULL || CU_add_test(s, "accessor widths", test_widths) == NULL ||
	    CU_add_test(s, "doorbell sequence", test_doorbell_sequence) == NULL) {
		CU_cleanup_registry();
		return 1;
	}
	return test_run_registry();
}
