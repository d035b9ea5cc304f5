/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_RWLOCK_H
#define RTE_RWLOCK_H

/*
 * Reader/writer spinlocks with DPDK 22.11's names, layout and semantics: any number of
 * readers or one writer. Writers are preferred: once a writer waits, new readers wait too,
 * so a steady stream of readers cannot starve it.
 *
 * cnt holds, from bit 2 up, the number of readers (RTE_RWLOCK_READ each), and two flags:
 * RTE_RWLOCK_WRITE (a writer holds the lock) and RTE_RWLOCK_WAIT (a writer waits for it).
 * A reader adds itself and backs out if it finds a flag set, so readers need no
 * compare-and-swap loop.
 *
 * trylock functions return 0 when the lock was taken, -EBUSY when not. The _tm variants
 * take the lock itself, as in rte_spinlock.h.
 */

#include <errno.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_pause.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_RWLOCK_WAIT 0x1
#define RTE_RWLOCK_WRITE 0x2
#define RTE_RWLOCK_MASK (RTE_RWLOCK_WAIT | RTE_RWLOCK_WRITE)
#define RTE_RWLOCK_READ 0x4

typedef struct {
	int32_t cnt;
} rte_rwlock_t;

#define RTE_RWLOCK_INITIALIZER { 0 }

static inline void rte_rwlock_init(rte_rwlock_t *rwl)
{
	rwl->cnt = 0;
}

static inline void rte_rwlock_read_lock(rte_rwlock_t *rwl)
{
	for (;;) {
		while (__atomic_load_n(&rwl->cnt, __ATOMIC_RELAXED) & RTE_RWLOCK_MASK)
			rte_pause();
		int32_t before = __atomic_fetch_add(&rwl->cnt, RTE_RWLOCK_READ, __ATOMIC_ACQUIRE);
		if (!(before & RTE_RWLOCK_MASK))
			return;
		/* A writer came in between: let it go first. */
		__atomic_fetch_sub(&rwl->cnt, RTE_RWLOCK_READ, __ATOMIC_RELAXED);
	}
}

static inline int rte_rwlock_read_trylock(rte_rwlock_t *rwl)
{
	int32_t before = __atomic_fetch_add(&rwl->cnt, RTE_RWLOCK_READ, __ATOMIC_ACQUIRE);

	if (before & RTE_RWLOCK_MASK) {
		__atomic_fetch_sub(&rwl->cnt, RTE_RWLOCK_READ, __ATOMIC_RELAXED);
		return -EBUSY;
	}
	return 0;
}

static inline void rte_rwlock_read_unlock(rte_rwlock_t *rwl)
{
	__atomic_fetch_sub(&rwl->cnt, RTE_RWLOCK_READ, __ATOMIC_RELEASE);
}

/* Free of readers and writers (a waiting writer's flag does not stop another writer). */
static inline int rte_rwlock_write_trylock(rte_rwlock_t *rwl)
{
	int32_t cur = __atomic_load_n(&rwl->cnt, __ATOMIC_RELAXED);

	if (cur < RTE_RWLOCK_WRITE &&
	    __atomic_compare_exchange_n(&rwl->cnt, &cur, cur + RTE_RWLOCK_WRITE, 1,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return 0;
	return -EBUSY;
}

static inline void rte_rwlock_write_lock(rte_rwlock_t *rwl)
{
	for (;;) {
		int32_t cur = __atomic_load_n(&rwl->cnt, __ATOMIC_RELAXED);
		/* Free (the WAIT flag may be ours): take it, clearing WAIT. */
		if (cur < RTE_RWLOCK_WRITE &&
		    __atomic_compare_exchange_n(&rwl->cnt, &cur, RTE_RWLOCK_WRITE, 1,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		/* Stop new readers, then wait for the lock to drain. */
		if (!(cur & RTE_RWLOCK_WAIT))
			__atomic_fetch_or(&rwl->cnt, RTE_RWLOCK_WAIT, __ATOMIC_RELAXED);
		while (__atomic_load_n(&rwl->cnt, __ATOMIC_RELAXED) > RTE_RWLOCK_WAIT)
			rte_pause();
	}
}

static inline void rte_rwlock_write_unlock(rte_rwlock_t *rwl)
{
	__atomic_fetch_sub(&rwl->cnt, RTE_RWLOCK_WRITE, __ATOMIC_RELEASE);
}

static inline void rte_rwlock_read_lock_tm(rte_rwlock_t *rwl)
{
	rte_rwlock_read_lock(rwl);
}

static inline void rte_rwlock_read_unlock_tm(rte_rwlock_t *rwl)
{
	rte_rwlock_read_unlock(rwl);
}

static inline void rte_rwlock_write_lock_tm(rte_rwlock_t *rwl)
{
	rte_rwlock_write_lock(rwl);
}

static inline void rte_rwlock_write_unlock_tm(rte_rwlock_t *rwl)
{
	rte_rwlock_write_unlock(rwl);
}

#ifdef __cplusplus
}
#endif
#endif
