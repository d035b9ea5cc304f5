/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Alarms (rte_alarm.h) on the EAL interrupt thread, and rte_eal_iopl_init. Callbacks record
 * what ran, in which order and on which thread; eal_alarm_cleanup + eal_intr_thread_stop (what
 * rte_eal_cleanup runs) must leave the fd and thread counts as they were.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <rte_alarm.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_interrupts.h>

#include "eal_intr_private.h"
#include "test_util.h"

#define MAX_EVENTS 64

/* What the callbacks saw, in the order they ran. */
static pthread_mutex_t rec_lock = PTHREAD_MUTEX_INITIALIZER;
static intptr_t rec_order[MAX_EVENTS];
static int rec_n;
static _Atomic int rec_in_intr; /* callbacks that ran in the interrupt thread */

static void rec_reset(void)
{
	pthread_mutex_lock(&rec_lock);
	rec_n = 0;
	pthread_mutex_unlock(&rec_lock);
	atomic_store(&rec_in_intr, 0);
}

static int rec_count(void)
{
	pthread_mutex_lock(&rec_lock);
	int n = rec_n;
	pthread_mutex_unlock(&rec_lock);
	return n;
}

static void record(void *arg)
{
	pthread_mutex_lock(&rec_lock);
	if (rec_n < MAX_EVENTS)
		rec_order[rec_n++] = (intptr_t)arg;
	pthread_mutex_unlock(&rec_lock);
	if (rte_thread_is_intr())
		atomic_fetch_add(&rec_in_intr, 1);
}

static void sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Wait up to ms for n recorded callbacks. */
static bool wait_count(int n, int ms)
{
	for (int i = 0; i < ms; i++) {
		if (rec_count() >= n)
			return true;
		sleep_ms(1);
	}
	return rec_count() >= n;
}

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int fds_before, threads_before;

/* What rte_eal_cleanup runs, in its order. */
static void eal_side_cleanup(void)
{
	eal_alarm_cleanup();
	CU_ASSERT_EQUAL(eal_intr_thread_stop(), 0);
}

static void check_nothing_left(void)
{
	eal_side_cleanup();
	CU_ASSERT_EQUAL(test_count_fds(), fds_before);
	CU_ASSERT_EQUAL(test_count_threads(), threads_before);
}

static void test_bad_arguments(void)
{
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_eal_alarm_set(0, record, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(UINT64_MAX, record, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(UINT64_MAX - 999999, record, NULL), -EINVAL);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(1000, NULL, NULL), -EINVAL);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(NULL, NULL), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	/* Nothing to cancel: 0 and ENOENT. */
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(record, (void *)-1), 0);
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	/* The largest accepted delay is armed (and never fires). */
	CU_ASSERT_EQUAL(rte_eal_alarm_set(UINT64_MAX - 1000000, record, NULL), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(record, NULL), 1);
	check_nothing_left();
}

static void test_order_and_thread(void)
{
	rec_reset();
	uint64_t t0 = mono_us();
	/* Set out of order; two with the same delay keep the order they were set in. */
	CU_ASSERT_EQUAL(rte_eal_alarm_set(30000, record, (void *)3), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(10000, record, (void *)1), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(20000, record, (void *)2), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(40000, record, (void *)4), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(40000, record, (void *)5), 0);
	CU_ASSERT_TRUE(wait_count(5, 2000));
	CU_ASSERT_TRUE(mono_us() - t0 >= 40000);
	pthread_mutex_lock(&rec_lock);
	CU_ASSERT_EQUAL(rec_n, 5);
	for (int i = 0; i < rec_n && i < 5; i++)
		CU_ASSERT_EQUAL(rec_order[i], i + 1);
	pthread_mutex_unlock(&rec_lock);
	CU_ASSERT_EQUAL(atomic_load(&rec_in_intr), 5);
	/* Fired alarms are gone. */
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(record, (void *)-1), 0);
	check_nothing_left();
}

static void first_fire_fn(void *arg)
{
	/* Read by the test thread while it waits: an atomic store (TSan). */
	__atomic_store_n((uint64_t *)arg, mono_us(), __ATOMIC_RELEASE);
}

static void test_not_early(void)
{
	uint64_t fired = 0;
	uint64_t t0 = mono_us();
	CU_ASSERT_EQUAL(rte_eal_alarm_set(15000, first_fire_fn, &fired), 0);
	for (int i = 0; i < 2000 && __atomic_load_n(&fired, __ATOMIC_ACQUIRE) == 0; i++)
		sleep_ms(1);
	fired = __atomic_load_n(&fired, __ATOMIC_ACQUIRE);
	CU_ASSERT_TRUE(fired != 0);
	CU_ASSERT_TRUE(fired - t0 >= 15000);
	check_nothing_left();
}

static void other_fn(void *arg)
{
	record(arg);
}

static void test_cancel_one_all_by_arg(void)
{
	rec_reset();
	CU_ASSERT_EQUAL(rte_eal_alarm_set(50000, record, (void *)1), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(50000, record, (void *)2), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(50000, record, (void *)2), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(50000, other_fn, (void *)2), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(50000, record, (void *)3), 0);
	/* By argument: both (record, 2), not (other_fn, 2). */
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(record, (void *)2), 2);
	/* One. */
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(record, (void *)3), 1);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(record, (void *)3), 0);
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	/* Every alarm of a callback. */
	CU_ASSERT_EQUAL(rte_eal_alarm_set(50000, record, (void *)7), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(record, (void *)-1), 2);
	/* Only other_fn's is left, and it fires. */
	CU_ASSERT_TRUE(wait_count(1, 2000));
	sleep_ms(20);
	CU_ASSERT_EQUAL(rec_count(), 1);
	CU_ASSERT_EQUAL(rec_order[0], 2);
	check_nothing_left();
}

/* Inside a callback: cancel itself (refused, EINPROGRESS), cancel another (works), set. */
static _Atomic int inside_self_ret = -2, inside_self_errno, inside_other_ret = -2;

static void canceller_fn(void *arg)
{
	RTE_SET_USED(arg);
	rte_errno = 0;
	atomic_store(&inside_self_ret, rte_eal_alarm_cancel(canceller_fn, (void *)-1));
	atomic_store(&inside_self_errno, rte_errno);
	atomic_store(&inside_other_ret, rte_eal_alarm_cancel(record, (void *)99));
	/* Set from inside: a new alarm that fires after this callback returns. */
	rte_eal_alarm_set(1000, record, (void *)42);
	record((void *)1);
}

static void test_cancel_and_set_inside_callback(void)
{
	rec_reset();
	CU_ASSERT_EQUAL(rte_eal_alarm_set(5000, canceller_fn, NULL), 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(60000, record, (void *)99), 0);
	CU_ASSERT_TRUE(wait_count(2, 2000));
	sleep_ms(80); /* the cancelled alarm's time: it must not fire */
	CU_ASSERT_EQUAL(atomic_load(&inside_self_ret), 0);
	CU_ASSERT_EQUAL(atomic_load(&inside_self_errno), EINPROGRESS);
	CU_ASSERT_EQUAL(atomic_load(&inside_other_ret), 1);
	CU_ASSERT_EQUAL(rec_count(), 2);
	CU_ASSERT_EQUAL(rec_order[0], 1);
	CU_ASSERT_EQUAL(rec_order[1], 42);
	check_nothing_left();
}

/* A periodic timer: the callback sets itself again until told to stop. */
static _Atomic int periodic_runs;

static void periodic_fn(void *arg)
{
	RTE_SET_USED(arg);
	if (atomic_fetch_add(&periodic_runs, 1) + 1 < 5)
		rte_eal_alarm_set(1000, periodic_fn, NULL);
}

static void test_periodic_by_set_inside(void)
{
	atomic_store(&periodic_runs, 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(1000, periodic_fn, NULL), 0);
	for (int i = 0; i < 2000 && atomic_load(&periodic_runs) < 5; i++)
		sleep_ms(1);
	sleep_ms(10);
	CU_ASSERT_EQUAL(atomic_load(&periodic_runs), 5);
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(periodic_fn, (void *)-1), 0);
	check_nothing_left();
}

/* Cancel from another thread while the callback runs: waits for it, then it is gone. */
static _Atomic int slow_started, slow_finished;

static void slow_fn(void *arg)
{
	RTE_SET_USED(arg);
	atomic_store(&slow_started, 1);
	sleep_ms(100);
	atomic_store(&slow_finished, 1);
}

static void test_cancel_waits_for_running(void)
{
	atomic_store(&slow_started, 0);
	atomic_store(&slow_finished, 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(1000, slow_fn, NULL), 0);
	for (int i = 0; i < 2000 && !atomic_load(&slow_started); i++)
		sleep_ms(1);
	CU_ASSERT_TRUE_FATAL(atomic_load(&slow_started));
	rte_errno = 0;
	/* The running one is not counted: it was not cancelled, it completed. */
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(slow_fn, NULL), 0);
	CU_ASSERT_TRUE(atomic_load(&slow_finished));
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
	check_nothing_left();
}

static void test_cleanup_with_pending(void)
{
	rec_reset();
	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(rte_eal_alarm_set(100000 + (uint64_t)i, record, (void *)1), 0);
	/* Timer fd and interrupt thread are there while alarms are pending. */
	CU_ASSERT_TRUE(test_count_fds() > fds_before);
	check_nothing_left();
	sleep_ms(150);
	CU_ASSERT_EQUAL(rec_count(), 0);
	/* And alarms work again after cleanup. */
	CU_ASSERT_EQUAL(rte_eal_alarm_set(1000, record, (void *)2), 0);
	CU_ASSERT_TRUE(wait_count(1, 2000));
	check_nothing_left();
}

/* Cleanup while a callback runs: waits for it, drops what it sets. */
static void slow_setter_fn(void *arg)
{
	slow_fn(arg);
	rte_eal_alarm_set(1000, record, (void *)5);
}

static void test_cleanup_while_running(void)
{
	rec_reset();
	atomic_store(&slow_started, 0);
	atomic_store(&slow_finished, 0);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(1000, slow_setter_fn, NULL), 0);
	for (int i = 0; i < 2000 && !atomic_load(&slow_started); i++)
		sleep_ms(1);
	eal_alarm_cleanup();
	CU_ASSERT_TRUE(atomic_load(&slow_finished));
	check_nothing_left();
	sleep_ms(20);
	CU_ASSERT_EQUAL(rec_count(), 0);
}

/* Through rte_eal_init/rte_eal_cleanup: pending alarms are cancelled, nothing is left. */
static void test_eal_cleanup_cancels(void)
{
	rec_reset();
	char *argv[] = {"prog", "--no-pci", NULL};
	CU_ASSERT_EQUAL_FATAL(rte_eal_init(2, argv), 1);
	CU_ASSERT_EQUAL(rte_eal_alarm_set(100000, record, NULL), 0);
	CU_ASSERT_EQUAL(rte_eal_cleanup(), 0);
	CU_ASSERT_EQUAL(test_count_fds(), fds_before);
	CU_ASSERT_EQUAL(test_count_threads(), threads_before);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_eal_alarm_cancel(record, (void *)-1), 0);
	CU_ASSERT_EQUAL(rte_errno, ENOENT);
}

/*
 * iopl(3) needs CAP_SYS_RAWIO and a kernel that still offers it (CONFIG_X86_IOPL_IOPERM; some
 * kernels answer ENOSYS even to root), so the expectation is what the kernel answers this
 * process, asked directly.
 */
static void test_iopl(void)
{
#if defined(__x86_64__) || defined(__i386__)
	int expect = syscall(SYS_iopl, 3) == 0 ? 0 : -1;
#else
	int expect = -1;
#endif
	CU_ASSERT_EQUAL(rte_eal_iopl_init(), expect);
	CU_ASSERT_EQUAL(rte_eal_iopl_init(), expect);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	fds_before = test_count_fds();
	threads_before = test_count_threads();
	CU_pSuite s = CU_add_suite("alarm", NULL, NULL);
	if (s == NULL)
		return 1;
	CU_add_test(s, "bad arguments", test_bad_arguments);
	CU_add_test(s, "deadline order, set order on ties, interrupt thread",
		    test_order_and_thread);
	CU_add_test(s, "an alarm never fires early", test_not_early);
	CU_add_test(s, "cancel one, all, by argument", test_cancel_one_all_by_arg);
	CU_add_test(s, "cancel and set from inside a callback",
		    test_cancel_and_set_inside_callback);
	CU_add_test(s, "a callback re-arming itself", test_periodic_by_set_inside);
	CU_add_test(s, "cancel from another thread waits for the running callback",
		    test_cancel_waits_for_running);
	CU_add_test(s, "cleanup with pending alarms leaves no fd or thread",
		    test_cleanup_with_pending);
	CU_add_test(s, "cleanup waits for a running callback", test_cleanup_while_running);
	CU_add_test(s, "rte_eal_cleanup cancels alarms", test_eal_cleanup_cancels);
	CU_add_test(s, "rte_eal_iopl_init: 0 exactly when the kernel grants iopl(3)", test_iopl);
	return test_run_registry();
}
