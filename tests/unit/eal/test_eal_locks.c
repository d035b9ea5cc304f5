/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_spinlock.h, rte_rwlock.h, rte_pause.h: two threads each add 1 to a plain counter N
 * times under the lock, which ends at exactly 2N only if the lock excludes the other thread
 * (a non-atomic read-modify-write loses updates otherwise); trylock and the recursive lock's
 * owner rules; writers excluding readers.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <pthread.h>

#include <rte_pause.h>
#include <rte_rwlock.h>
#include <rte_spinlock.h>

#include "test_util.h"

#define N 200000

struct shared {
	rte_spinlock_t sl;
	rte_spinlock_recursive_t rsl;
	rte_rwlock_t rw;
	volatile uint32_t go;
	volatile uint64_t counter;
	volatile int torn; /* a reader saw the two halves of a write differ */
	volatile uint64_t a, b;
};

static struct shared sh;

/* Both threads start together, so that they do contend. */
static void wait_go(void)
{
	__atomic_fetch_add(&sh.go, 1, __ATOMIC_ACQ_REL);
	rte_wait_until_equal_32(&sh.go, 2, __ATOMIC_ACQUIRE);
}

static void *count_spin(void *arg)
{
	(void)arg;
	wait_go();
	for (int i = 0; i < N; i++) {
		rte_spinlock_lock(&sh.sl);
		sh.counter = sh.counter + 1;
		rte_spinlock_unlock(&sh.sl);
	}
	return NULL;
}

static void *count_recursive(void *arg)
{
	(void)arg;
	wait_go();
	for (int i = 0; i < N; i++) {
		rte_spinlock_recursive_lock(&sh.rsl);
		rte_spinlock_recursive_lock(&sh.rsl);
		sh.counter = sh.counter + 1;
		rte_spinlock_recursive_unlock(&sh.rsl);
		rte_spinlock_recursive_unlock(&sh.rsl);
	}
	return NULL;
}

static void *count_rw(void *arg)
{
	(void)arg;
	wait_go();
	for (int i = 0; i < N; i++) {
		rte_rwlock_write_lock(&sh.rw);
		sh.counter = sh.counter + 1;
		sh.a = sh.counter;
		sh.b = sh.counter;
		rte_rwlock_write_unlock(&sh.rw);
		rte_rwlock_read_lock(&sh.rw);
		if (sh.a != sh.b)
			sh.torn = 1;
		rte_rwlock_read_unlock(&sh.rw);
	}
	return NULL;
}

static void run_two(void *(*fn)(void *))
{
	pthread_t th;

	sh.go = 0;
	sh.counter = 0;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, fn, NULL), 0);
	fn(NULL);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(sh.counter, 2 * N);
}

static void test_spinlock_counts(void)
{
	rte_spinlock_init(&sh.sl);
	run_two(count_spin);
	CU_ASSERT_FALSE(rte_spinlock_is_locked(&sh.sl));
}

static void test_spinlock_trylock(void)
{
	rte_spinlock_t sl = RTE_SPINLOCK_INITIALIZER;

	CU_ASSERT_FALSE(rte_spinlock_is_locked(&sl));
	CU_ASSERT_EQUAL(rte_spinlock_trylock(&sl), 1);
	CU_ASSERT_TRUE(rte_spinlock_is_locked(&sl));
	CU_ASSERT_EQUAL(rte_spinlock_trylock(&sl), 0);
	rte_spinlock_unlock(&sl);
	CU_ASSERT_EQUAL(rte_spinlock_trylock_tm(&sl), 1);
	rte_spinlock_unlock_tm(&sl);
	CU_ASSERT_FALSE(rte_spinlock_is_locked(&sl));
	CU_ASSERT_EQUAL(rte_tm_supported(), 0);
}

static void *try_recursive(void *arg)
{
	rte_spinlock_recursive_t *l = arg;
	return (void *)(uintptr_t)rte_spinlock_recursive_trylock(l);
}

static void test_recursive(void)
{
	rte_spinlock_recursive_t l = RTE_SPINLOCK_RECURSIVE_INITIALIZER;
	pthread_t th;
	void *got;

	CU_ASSERT_EQUAL(rte_spinlock_recursive_trylock(&l), 1);
	CU_ASSERT_EQUAL(rte_spinlock_recursive_trylock(&l), 1);
	CU_ASSERT_EQUAL(l.count, 2);
	CU_ASSERT_EQUAL(l.user, rte_gettid());
	/* Another thread cannot take it while this one holds it, at any depth. */
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, try_recursive, &l), 0);
	pthread_join(th, &got);
	CU_ASSERT_EQUAL((uintptr_t)got, 0);
	rte_spinlock_recursive_unlock(&l);
	CU_ASSERT_TRUE(rte_spinlock_is_locked(&l.sl));
	rte_spinlock_recursive_unlock(&l);
	CU_ASSERT_FALSE(rte_spinlock_is_locked(&l.sl));
	CU_ASSERT_EQUAL(l.user, -1);
	/* Free again: the other thread takes it (and leaves it held; this lock is not reused). */
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, try_recursive, &l), 0);
	pthread_join(th, &got);
	CU_ASSERT_EQUAL((uintptr_t)got, 1);

	rte_spinlock_recursive_init(&sh.rsl);
	run_two(count_recursive);
	CU_ASSERT_FALSE(rte_spinlock_is_locked(&sh.rsl.sl));
}

static void test_rwlock(void)
{
	rte_rwlock_t rw = RTE_RWLOCK_INITIALIZER;

	/* Readers share; a writer is refused while any reader holds it. */
	CU_ASSERT_EQUAL(rte_rwlock_read_trylock(&rw), 0);
	CU_ASSERT_EQUAL(rte_rwlock_read_trylock(&rw), 0);
	CU_ASSERT_EQUAL(rw.cnt, 2 * RTE_RWLOCK_READ);
	CU_ASSERT_EQUAL(rte_rwlock_write_trylock(&rw), -EBUSY);
	rte_rwlock_read_unlock(&rw);
	rte_rwlock_read_unlock(&rw);
	/* A writer excludes readers and writers. */
	CU_ASSERT_EQUAL(rte_rwlock_write_trylock(&rw), 0);
	CU_ASSERT_EQUAL(rw.cnt, RTE_RWLOCK_WRITE);
	CU_ASSERT_EQUAL(rte_rwlock_read_trylock(&rw), -EBUSY);
	CU_ASSERT_EQUAL(rte_rwlock_write_trylock(&rw), -EBUSY);
	rte_rwlock_write_unlock(&rw);
	CU_ASSERT_EQUAL(rw.cnt, 0);
	/* A waiting writer's flag keeps new readers out. */
	rw.cnt = RTE_RWLOCK_WAIT;
	CU_ASSERT_EQUAL(rte_rwlock_read_trylock(&rw), -EBUSY);
	CU_ASSERT_EQUAL(rw.cnt, RTE_RWLOCK_WAIT);

	rte_rwlock_init(&sh.rw);
	sh.torn = 0;
	run_two(count_rw);
	CU_ASSERT_EQUAL(sh.torn, 0);
	CU_ASSERT_EQUAL(sh.rw.cnt, 0);
}

static void test_wait_masked(void)
{
	volatile uint32_t w = 0x35;

	/* Conditions that already hold return at once (one that did not would hang the test). */
	RTE_WAIT_UNTIL_MASKED(&w, 0x0f, ==, 0x5, __ATOMIC_ACQUIRE);
	RTE_WAIT_UNTIL_MASKED(&w, 0xf0, !=, 0, __ATOMIC_RELAXED);
	volatile uint64_t w64 = UINT64_C(1) << 40;
	rte_wait_until_equal_64(&w64, UINT64_C(1) << 40, __ATOMIC_RELAXED);
	volatile uint16_t w16 = 7;
	rte_wait_until_equal_16(&w16, 7, __ATOMIC_ACQUIRE);
	rte_pause();
	CU_PASS("returned");
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_locks", NULL, NULL);
	CU_add_test(s, "spinlock: two threads count to 2N", test_spinlock_counts);
	CU_add_test(s, "spinlock: trylock, is_locked, _tm", test_spinlock_trylock);
	CU_add_test(s, "recursive spinlock: nesting and owner", test_recursive);
	CU_add_test(s, "rwlock: sharing, exclusion, waiting writer", test_rwlock);
	CU_add_test(s, "wait-until helpers", test_wait_masked);
	return test_run_registry();
}
