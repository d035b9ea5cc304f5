/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_random.h: reproducible after rte_srand, per thread, bounded and uniform. */

#include <CUnit/Basic.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include <rte_common.h>
#include <rte_random.h>

#include "test_util.h"

#define SEQ 16

static void draw(uint64_t *v, int n)
{
	for (int i = 0; i < n; i++)
		v[i] = rte_rand();
}

static void test_seeded_sequences(void)
{
	uint64_t a[SEQ], b[SEQ], c[SEQ];

	rte_srand(42);
	draw(a, SEQ);
	rte_srand(42);
	draw(b, SEQ);
	CU_ASSERT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	rte_srand(43);
	draw(c, SEQ);
	CU_ASSERT_NOT_EQUAL(memcmp(a, c, sizeof(a)), 0);
	/* No repeats in a short run, and not all the same bits. */
	for (int i = 1; i < SEQ; i++)
		CU_ASSERT_NOT_EQUAL(a[i], a[i - 1]);
}

static void test_bits_balanced(void)
{
	unsigned long ones = 0;
	const int n = 4096;

	for (int i = 0; i < n; i++)
		ones += (unsigned long)__builtin_popcountll(rte_rand());
	/* 32 bits set on average; the mean of 4096 draws is within 0.5 of it (sigma ~0.06). */
	double mean = (double)ones / n;
	CU_ASSERT(mean > 31.5 && mean < 32.5);
}

static void test_rand_max(void)
{
	CU_ASSERT_EQUAL(rte_rand_max(0), 0);
	CU_ASSERT_EQUAL(rte_rand_max(1), 0);

	/* Bound 10 (not a power of two): every value < 10, each about n/10 times. */
	unsigned int count[10] = {0};
	const unsigned int n = 20000;
	for (unsigned int i = 0; i < n; i++) {
		uint64_t r = rte_rand_max(10);
		CU_ASSERT_FATAL(r < 10);
		count[r]++;
	}
	/* Chi-square with 9 degrees of freedom: above 33.7 happens with probability 1e-4. */
	double chi2 = 0;
	for (int v = 0; v < 10; v++)
		chi2 += pow((double)count[v] - n / 10.0, 2) / (n / 10.0);
	CU_ASSERT(chi2 < 33.7);

	/* A power of two, and bounds near the top of the range. */
	for (int i = 0; i < 1000; i++) {
		CU_ASSERT(rte_rand_max(8) < 8);
		CU_ASSERT(rte_rand_max(3) < 3);
		CU_ASSERT(rte_rand_max((1ULL << 63) + 1) < (1ULL << 63) + 1);
		CU_ASSERT(rte_rand_max(UINT64_MAX) < UINT64_MAX);
	}
	/* Bound 2 gives both values. */
	unsigned int seen[2] = {0};
	for (int i = 0; i < 200; i++)
		seen[rte_rand_max(2)]++;
	CU_ASSERT(seen[0] > 0 && seen[1] > 0);
}

static void test_drand(void)
{
	double sum = 0;
	const int n = 10000;

	for (int i = 0; i < n; i++) {
		double d = rte_drand();
		CU_ASSERT_FATAL(d >= 0.0 && d < 1.0);
		sum += d;
	}
	/* Mean 0.5, sigma of the mean ~0.003. */
	CU_ASSERT(fabs(sum / n - 0.5) < 0.02);
}

static void *draw_thread(void *arg)
{
	draw(arg, SEQ);
	return NULL;
}

static void test_threads(void)
{
	uint64_t main_seq[SEQ], thread_seq[SEQ], other_seq[SEQ];
	pthread_t th;

	/* After a seed, the first thread to draw gets the same stream whichever thread it is:
	 * here main first, then a new thread first. The main thread already had state, so this
	 * also shows rte_srand reaching a thread's existing state. */
	rte_srand(7);
	draw(main_seq, SEQ);
	rte_srand(7);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, draw_thread, thread_seq), 0);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(memcmp(main_seq, thread_seq, sizeof(main_seq)), 0);
	/* The second thread to draw gets another stream. */
	draw(other_seq, SEQ);
	CU_ASSERT_NOT_EQUAL(memcmp(main_seq, other_seq, sizeof(main_seq)), 0);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_random", NULL, NULL);
	CU_add_test(s, "same seed, same sequence", test_seeded_sequences);
	CU_add_test(s, "bits balanced", test_bits_balanced);
	CU_add_test(s, "rte_rand_max bounded and uniform", test_rand_max);
	CU_add_test(s, "rte_drand in [0, 1)", test_drand);
	CU_add_test(s, "per-thread streams, rte_srand reaches every thread", test_threads);
	return test_run_registry();
}
