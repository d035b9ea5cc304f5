/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_atomic.h: the legacy counters (values, and two threads adding without losing any),
 * cmpset/exchange, the 128-bit compare-and-exchange. */

#include <CUnit/Basic.h>
#include <pthread.h>

#include <rte_atomic.h>

#include "test_util.h"

#define N 100000

static rte_atomic64_t c64 = RTE_ATOMIC64_INIT(0);
static rte_atomic32_t c32 = RTE_ATOMIC32_INIT(0);
static rte_atomic16_t c16 = RTE_ATOMIC16_INIT(0);

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < N; i++) {
		rte_atomic64_inc(&c64);
		rte_atomic32_add(&c32, 3);
		rte_atomic16_inc(&c16);
	}
	return NULL;
}

static void test_counters_two_threads(void)
{
	pthread_t th;

	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, adder, NULL), 0);
	adder(NULL);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(rte_atomic64_read(&c64), 2 * N);
	CU_ASSERT_EQUAL(rte_atomic32_read(&c32), 6 * N);
	/* 2N wraps in 16 bits: 200000 mod 65536 = 3392. */
	CU_ASSERT_EQUAL(rte_atomic16_read(&c16), (int16_t)(2 * N % 65536));
}

static void test_counter_ops(void)
{
	rte_atomic32_t v = RTE_ATOMIC32_INIT(41);

	CU_ASSERT_EQUAL(rte_atomic32_read(&v), 41);
	CU_ASSERT_EQUAL(rte_atomic32_add_return(&v, 1), 42);
	CU_ASSERT_EQUAL(rte_atomic32_sub_return(&v, 43), -1);
	CU_ASSERT_TRUE(rte_atomic32_inc_and_test(&v));
	CU_ASSERT_FALSE(rte_atomic32_inc_and_test(&v));
	CU_ASSERT_TRUE(rte_atomic32_dec_and_test(&v));
	CU_ASSERT_EQUAL(v.cnt, 0);
	CU_ASSERT_EQUAL(rte_atomic32_test_and_set(&v), 1);
	CU_ASSERT_EQUAL(rte_atomic32_test_and_set(&v), 0);
	CU_ASSERT_EQUAL(rte_atomic32_read(&v), 1);
	rte_atomic32_clear(&v);
	CU_ASSERT_EQUAL(rte_atomic32_read(&v), 0);
	rte_atomic32_set(&v, 7);
	rte_atomic32_sub(&v, 2);
	rte_atomic32_dec(&v);
	CU_ASSERT_EQUAL(rte_atomic32_read(&v), 4);
	rte_atomic32_init(&v);
	CU_ASSERT_EQUAL(rte_atomic32_read(&v), 0);

	rte_atomic16_t s;
	rte_atomic16_init(&s);
	rte_atomic16_set(&s, INT16_MAX);
	CU_ASSERT_EQUAL(rte_atomic16_add_return(&s, 1), INT16_MIN);
	CU_ASSERT_TRUE(rte_atomic16_test_and_set(&s) == 0);
	rte_atomic16_clear(&s);
	CU_ASSERT_TRUE(rte_atomic16_test_and_set(&s));
	CU_ASSERT_TRUE(rte_atomic16_dec_and_test(&s));

	rte_atomic64_t l;
	rte_atomic64_init(&l);
	rte_atomic64_add(&l, INT64_C(1) << 40);
	CU_ASSERT_EQUAL(rte_atomic64_sub_return(&l, 1), (INT64_C(1) << 40) - 1);
	rte_atomic64_set(&l, -1);
	CU_ASSERT_TRUE(rte_atomic64_inc_and_test(&l));
}

static void test_cmpset_exchange(void)
{
	volatile uint16_t a = 5;
	volatile uint32_t b = 5;
	volatile uint64_t c = 5;

	CU_ASSERT_EQUAL(rte_atomic16_cmpset(&a, 4, 9), 0);
	CU_ASSERT_EQUAL(a, 5);
	CU_ASSERT_NOT_EQUAL(rte_atomic16_cmpset(&a, 5, 9), 0);
	CU_ASSERT_EQUAL(a, 9);
	CU_ASSERT_EQUAL(rte_atomic32_cmpset(&b, 4, 9), 0);
	CU_ASSERT_NOT_EQUAL(rte_atomic32_cmpset(&b, 5, 9), 0);
	CU_ASSERT_EQUAL(b, 9);
	CU_ASSERT_NOT_EQUAL(rte_atomic64_cmpset(&c, 5, UINT64_C(1) << 50), 0);
	CU_ASSERT_EQUAL(c, UINT64_C(1) << 50);
	CU_ASSERT_EQUAL(rte_atomic16_exchange(&a, 1), 9);
	CU_ASSERT_EQUAL(rte_atomic32_exchange(&b, 2), 9);
	CU_ASSERT_EQUAL(rte_atomic64_exchange(&c, 3), UINT64_C(1) << 50);
	CU_ASSERT(a == 1 && b == 2 && c == 3);
}

static void test_cmp_exchange_128(void)
{
	rte_int128_t dst = {.val = {1, 2}};
	rte_int128_t exp = {.val = {1, 3}};
	const rte_int128_t src = {.val = {UINT64_C(0xaaaa), UINT64_C(0xbbbb)}};

	/* A mismatch in the high half alone: no store, and exp receives dst. */
	CU_ASSERT_EQUAL(rte_atomic128_cmp_exchange(&dst, &exp, &src, 0, __ATOMIC_ACQ_REL,
						   __ATOMIC_ACQUIRE), 0);
	CU_ASSERT(dst.val[0] == 1 && dst.val[1] == 2);
	CU_ASSERT(exp.val[0] == 1 && exp.val[1] == 2);
	CU_ASSERT_EQUAL(rte_atomic128_cmp_exchange(&dst, &exp, &src, 1, __ATOMIC_SEQ_CST,
						   __ATOMIC_RELAXED), 1);
	CU_ASSERT(dst.val[0] == 0xaaaa && dst.val[1] == 0xbbbb);
	CU_ASSERT(exp.val[0] == 1 && exp.val[1] == 2);
	CU_ASSERT_EQUAL(sizeof(rte_int128_t), 16);
	CU_ASSERT_EQUAL(_Alignof(rte_int128_t), 16);
}

static void test_barriers(void)
{
	/* They compile and run on this CPU (their ordering effect is not observable here). */
	rte_mb();
	rte_wmb();
	rte_rmb();
	rte_smp_mb();
	rte_smp_wmb();
	rte_smp_rmb();
	rte_io_mb();
	rte_io_wmb();
	rte_io_rmb();
	rte_compiler_barrier();
	rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
	rte_atomic_thread_fence(__ATOMIC_ACQUIRE);
	CU_PASS("barriers ran");
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_atomic", NULL, NULL);
	CU_add_test(s, "counters: two threads lose no update", test_counters_two_threads);
	CU_add_test(s, "counter operations and their results", test_counter_ops);
	CU_add_test(s, "cmpset and exchange, 16/32/64 bits", test_cmpset_exchange);
	CU_add_test(s, "128-bit compare-and-exchange", test_cmp_exchange_128);
	CU_add_test(s, "barriers", test_barriers);
	return test_run_registry();
}
