/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_SPINLOCK_H
#define RTE_SPINLOCK_H

/*
 * Spinlocks with DPDK 22.11's names, layout and semantics: for short critical sections
 * between lcores (threads that do not sleep), where a mutex's system call would cost more
 * than the wait.
 *
 * Taking the lock is an acquire, releasing it a release: what one holder wrote inside is
 * seen by the next. The lock spins on a plain load (with rte_pause) and only retries the
 * atomic exchange once the lock looks free, so waiters do not keep the cache line bouncing.
 *
 * The _tm variants are DPDK's hardware transactional memory (Intel RTM) forms. openeal does
 * not use transactions: rte_tm_supported() is 0 and the _tm functions take the lock itself,
 * which is what DPDK does on a CPU without RTM, so a caller's results are the same.
 *
 * rte_spinlock_recursive_t may be taken again by the thread that holds it (a count of
 * nested takes); it is identified by rte_gettid().
 */

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_pause.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	volatile int locked; /* 0 free, 1 taken */
} rte_spinlock_t;

#define RTE_SPINLOCK_INITIALIZER { 0 }

static inline void rte_spinlock_init(rte_spinlock_t *sl)
{
	sl->locked = 0;
}

static inline void rte_spinlock_lock(rte_spinlock_t *sl)
{
	while (__atomic_exchange_n(&sl->locked, 1, __ATOMIC_ACQUIRE) != 0) {
		while (__atomic_load_n(&sl->locked, __ATOMIC_RELAXED) != 0)
			rte_pause();
	}
}

static inline void rte_spinlock_unlock(rte_spinlock_t *sl)
{
	__atomic_store_n(&sl->locked, 0, __ATOMIC_RELEASE);
}

/* 1 when the lock was free and is now taken by the caller, 0 when it is held. */
__rte_warn_unused_result static inline int rte_spinlock_trylock(rte_spinlock_t *sl)
{
	int expected = 0;

	return __atomic_compare_exchange_n(&sl->locked, &expected, 1, 0, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* 1 when some thread holds the lock (a snapshot: it may change right after). */
static inline int rte_spinlock_is_locked(rte_spinlock_t *sl)
{
	return __atomic_load_n(&sl->locked, __ATOMIC_ACQUIRE);
}

static inline int rte_tm_supported(void)
{
	return 0;
}

static inline void rte_spinlock_lock_tm(rte_spinlock_t *sl)
{
	rte_spinlock_lock(sl);
}

static inline void rte_spinlock_unlock_tm(rte_spinlock_t *sl)
{
	rte_spinlock_unlock(sl);
}

__rte_warn_unused_result static inline int rte_spinlock_trylock_tm(rte_spinlock_t *sl)
{
	return rte_spinlock_trylock(sl);
}

typedef struct {
	rte_spinlock_t sl;
	volatile int user;  /* rte_gettid() of the holder, -1 when free */
	volatile int count; /* nested takes by the holder */
} rte_spinlock_recursive_t;

#define RTE_SPINLOCK_RECURSIVE_INITIALIZER { RTE_SPINLOCK_INITIALIZER, -1, 0 }

static inline void rte_spinlock_recursive_init(rte_spinlock_recursive_t *slr)
{
	rte_spinlock_init(&slr->sl);
	slr->user = -1;
	slr->count = 0;
}

/*
 * Only the holder writes user and count, and only while it holds sl; another thread may read
 * user concurrently but never finds its own id there (relaxed atomics keep the reads whole).
 */
static inline void rte_spinlock_recursive_lock(rte_spinlock_recursive_t *slr)
{
	int id = rte_gettid();

	if (__atomic_load_n(&slr->user, __ATOMIC_RELAXED) != id) {
		rte_spinlock_lock(&slr->sl);
		__atomic_store_n(&slr->user, id, __ATOMIC_RELAXED);
	}
	slr->count++;
}

static inline void rte_spinlock_recursive_unlock(rte_spinlock_recursive_t *slr)
{
	if (--slr->count == 0) {
		__atomic_store_n(&slr->user, -1, __ATOMIC_RELAXED);
		rte_spinlock_unlock(&slr->sl);
	}
}

/* 1 when the caller now holds the lock (again), 0 when another thread holds it. */
__rte_warn_unused_result static inline int
rte_spinlock_recursive_trylock(rte_spinlock_recursive_t *slr)
{
	int id = rte_gettid();

	if (__atomic_load_n(&slr->user, __ATOMIC_RELAXED) != id) {
		if (rte_spinlock_trylock(&slr->sl) == 0)
			return 0;
		__atomic_store_n(&slr->user, id, __ATOMIC_RELAXED);
	}
	slr->count++;
	return 1;
}

static inline void rte_spinlock_recursive_lock_tm(rte_spinlock_recursive_t *slr)
{
	rte_spinlock_recursive_lock(slr);
}

static inline void rte_spinlock_recursive_unlock_tm(rte_spinlock_recursive_t *slr)
{
	rte_spinlock_recursive_unlock(slr);
}

__rte_warn_unused_result static inline int
rte_spinlock_recursive_trylock_tm(rte_spinlock_recursive_t *slr)
{
	return rte_spinlock_recursive_trylock(slr);
}

#ifdef __cplusplus
}
#endif
#endif
