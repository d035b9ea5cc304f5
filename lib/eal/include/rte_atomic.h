/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_ATOMIC_H
#define RTE_ATOMIC_H

/*
 * Memory barriers with DPDK's names and per-architecture meaning.
 *
 *  rte_mb/wmb/rmb       order memory accesses as seen by devices (DMA) and other CPUs.
 *  rte_smp_mb/wmb/rmb   order accesses to normal memory between CPUs only.
 *  rte_io_mb/wmb/rmb    order MMIO accesses against normal memory (what rte_read/rte_write
 *                       put around a register access, see rte_io.h).
 *  rte_compiler_barrier stops the compiler from moving memory accesses across it; no
 *                       instruction.
 *
 * x86 keeps stores in order and loads in order (Intel SDM vol. 3, 8.2.2), also for uncached
 * MMIO, so the I/O write and read barriers only need to stop the compiler; a full barrier
 * still needs mfence because a later load may pass an earlier store. aarch64 needs real
 * barriers: outer-shareable dmb variants (osh*) reach devices, inner-shareable (ish*) are
 * enough between CPUs. DPDK uses dmb rather than dsb here: MMIO needs ordering, not the
 * completion that dsb waits for.
 *
 * Other architectures are refused at compile time rather than given barriers that might be
 * too weak for device memory.
 *
 * After the barriers: DPDK's rte_atomic16/32/64 operations and counters, and the 128-bit
 * compare-and-exchange.
 */

#include <stdint.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

#define rte_compiler_barrier()                       \
	do {                                         \
		__asm__ volatile("" : : : "memory"); \
	} while (0)

#if defined(__x86_64__) || defined(__i386__)

#define rte_mb() __asm__ volatile("mfence" : : : "memory")
#define rte_wmb() __asm__ volatile("sfence" : : : "memory")
#define rte_rmb() __asm__ volatile("lfence" : : : "memory")

#define rte_smp_wmb() rte_compiler_barrier()
#define rte_smp_rmb() rte_compiler_barrier()

/*
 * A locked add to a stack slot below the red zone is a full barrier between CPUs and costs
 * less than mfence on current cores; the slot is never live, so the add changes nothing.
 */
static __rte_always_inline void rte_smp_mb(void)
{
#if defined(__x86_64__)
	__asm__ volatile("lock addl $0, -128(%%rsp)" : : : "memory", "cc");
#else
	__asm__ volatile("lock addl $0, -128(%%esp)" : : : "memory", "cc");
#endif
}

#define rte_io_mb() rte_mb()
#define rte_io_wmb() rte_compiler_barrier()
#define rte_io_rmb() rte_compiler_barrier()

#elif defined(__aarch64__)

#define rte_mb() __asm__ volatile("dmb osh" : : : "memory")
#define rte_wmb() __asm__ volatile("dmb oshst" : : : "memory")
#define rte_rmb() __asm__ volatile("dmb oshld" : : : "memory")

#define rte_smp_mb() __asm__ volatile("dmb ish" : : : "memory")
#define rte_smp_wmb() __asm__ volatile("dmb ishst" : : : "memory")
#define rte_smp_rmb() __asm__ volatile("dmb ishld" : : : "memory")

#define rte_io_mb() rte_mb()
#define rte_io_wmb() rte_wmb()
#define rte_io_rmb() rte_rmb()

#else
#error "openeal: rte_atomic.h defines barriers for x86 and aarch64 only"
#endif

/*
 * Fence between threads with a C11/GCC memory order (__ATOMIC_ACQUIRE, ...). On x86 the
 * sequentially consistent one uses rte_smp_mb, cheaper than the mfence the compiler emits.
 */
static __rte_always_inline void rte_atomic_thread_fence(int memorder)
{
#if defined(__x86_64__) || defined(__i386__)
	if (memorder == __ATOMIC_SEQ_CST) {
		rte_smp_mb();
		return;
	}
#endif
	__atomic_thread_fence(memorder);
}


/*
 * DPDK's legacy atomic operations (22.11 keeps them; new DPDK code uses the __atomic
 * builtins directly, which these are written with). Every operation here is sequentially
 * consistent, as DPDK documents for them (its x86 versions use lock-prefixed instructions,
 * which are full barriers).
 *
 * rte_atomicN_cmpset(dst, exp, src): if *dst == exp, store src; non-zero when it stored.
 * rte_atomicN_exchange(dst, val): store val, return the previous value.
 * rte_atomicN_t is a counter with init (to 0), read, set, add, sub, inc, dec, the *_return
 * forms (giving the new value), inc/dec_and_test (true when the result is 0),
 * test_and_set (1 when it changed the counter from 0 to 1, 0 when it was not 0) and clear.
 * Its cnt field is public, as in DPDK (code reads it directly).
 */

static inline int rte_atomic16_cmpset(volatile uint16_t *dst, uint16_t exp, uint16_t src)
{
	return __atomic_compare_exchange_n(dst, &exp, src, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static inline uint16_t rte_atomic16_exchange(volatile uint16_t *dst, uint16_t val)
{
	return __atomic_exchange_n(dst, val, __ATOMIC_SEQ_CST);
}

typedef struct {
	volatile int16_t cnt;
} rte_atomic16_t;

#define RTE_ATOMIC16_INIT(val) { (val) }

static inline void rte_atomic16_init(rte_atomic16_t *v)
{
	__atomic_store_n(&v->cnt, 0, __ATOMIC_SEQ_CST);
}

static inline int16_t rte_atomic16_read(const rte_atomic16_t *v)
{
	return __atomic_load_n(&v->cnt, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic16_set(rte_atomic16_t *v, int16_t new_value)
{
	__atomic_store_n(&v->cnt, new_value, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic16_add(rte_atomic16_t *v, int16_t inc)
{
	__atomic_fetch_add(&v->cnt, inc, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic16_sub(rte_atomic16_t *v, int16_t dec)
{
	__atomic_fetch_sub(&v->cnt, dec, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic16_inc(rte_atomic16_t *v)
{
	rte_atomic16_add(v, 1);
}

static inline void rte_atomic16_dec(rte_atomic16_t *v)
{
	rte_atomic16_sub(v, 1);
}

static inline int16_t rte_atomic16_add_return(rte_atomic16_t *v, int16_t inc)
{
	return __atomic_add_fetch(&v->cnt, inc, __ATOMIC_SEQ_CST);
}

static inline int16_t rte_atomic16_sub_return(rte_atomic16_t *v, int16_t dec)
{
	return __atomic_sub_fetch(&v->cnt, dec, __ATOMIC_SEQ_CST);
}

static inline int rte_atomic16_inc_and_test(rte_atomic16_t *v)
{
	return __atomic_add_fetch(&v->cnt, 1, __ATOMIC_SEQ_CST) == 0;
}

static inline int rte_atomic16_dec_and_test(rte_atomic16_t *v)
{
	return __atomic_sub_fetch(&v->cnt, 1, __ATOMIC_SEQ_CST) == 0;
}

static inline int rte_atomic16_test_and_set(rte_atomic16_t *v)
{
	return rte_atomic16_cmpset((volatile uint16_t *)&v->cnt, 0, 1);
}

static inline void rte_atomic16_clear(rte_atomic16_t *v)
{
	rte_atomic16_set(v, 0);
}

static inline int rte_atomic32_cmpset(volatile uint32_t *dst, uint32_t exp, uint32_t src)
{
	return __atomic_compare_exchange_n(dst, &exp, src, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static inline uint32_t rte_atomic32_exchange(volatile uint32_t *dst, uint32_t val)
{
	return __atomic_exchange_n(dst, val, __ATOMIC_SEQ_CST);
}

typedef struct {
	volatile int32_t cnt;
} rte_atomic32_t;

#define RTE_ATOMIC32_INIT(val) { (val) }

static inline void rte_atomic32_init(rte_atomic32_t *v)
{
	__atomic_store_n(&v->cnt, 0, __ATOMIC_SEQ_CST);
}

static inline int32_t rte_atomic32_read(const rte_atomic32_t *v)
{
	return __atomic_load_n(&v->cnt, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic32_set(rte_atomic32_t *v, int32_t new_value)
{
	__atomic_store_n(&v->cnt, new_value, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic32_add(rte_atomic32_t *v, int32_t inc)
{
	__atomic_fetch_add(&v->cnt, inc, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic32_sub(rte_atomic32_t *v, int32_t dec)
{
	__atomic_fetch_sub(&v->cnt, dec, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic32_inc(rte_atomic32_t *v)
{
	rte_atomic32_add(v, 1);
}

static inline void rte_atomic32_dec(rte_atomic32_t *v)
{
	rte_atomic32_sub(v, 1);
}

static inline int32_t rte_atomic32_add_return(rte_atomic32_t *v, int32_t inc)
{
	return __atomic_add_fetch(&v->cnt, inc, __ATOMIC_SEQ_CST);
}

static inline int32_t rte_atomic32_sub_return(rte_atomic32_t *v, int32_t dec)
{
	return __atomic_sub_fetch(&v->cnt, dec, __ATOMIC_SEQ_CST);
}

static inline int rte_atomic32_inc_and_test(rte_atomic32_t *v)
{
	return __atomic_add_fetch(&v->cnt, 1, __ATOMIC_SEQ_CST) == 0;
}

static inline int rte_atomic32_dec_and_test(rte_atomic32_t *v)
{
	return __atomic_sub_fetch(&v->cnt, 1, __ATOMIC_SEQ_CST) == 0;
}

static inline int rte_atomic32_test_and_set(rte_atomic32_t *v)
{
	return rte_atomic32_cmpset((volatile uint32_t *)&v->cnt, 0, 1);
}

static inline void rte_atomic32_clear(rte_atomic32_t *v)
{
	rte_atomic32_set(v, 0);
}

static inline int rte_atomic64_cmpset(volatile uint64_t *dst, uint64_t exp, uint64_t src)
{
	return __atomic_compare_exchange_n(dst, &exp, src, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static inline uint64_t rte_atomic64_exchange(volatile uint64_t *dst, uint64_t val)
{
	return __atomic_exchange_n(dst, val, __ATOMIC_SEQ_CST);
}

typedef struct {
	volatile int64_t cnt;
} rte_atomic64_t;

#define RTE_ATOMIC64_INIT(val) { (val) }

static inline void rte_atomic64_init(rte_atomic64_t *v)
{
	__atomic_store_n(&v->cnt, 0, __ATOMIC_SEQ_CST);
}

static inline int64_t rte_atomic64_read(rte_atomic64_t *v)
{
	return __atomic_load_n(&v->cnt, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic64_set(rte_atomic64_t *v, int64_t new_value)
{
	__atomic_store_n(&v->cnt, new_value, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic64_add(rte_atomic64_t *v, int64_t inc)
{
	__atomic_fetch_add(&v->cnt, inc, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic64_sub(rte_atomic64_t *v, int64_t dec)
{
	__atomic_fetch_sub(&v->cnt, dec, __ATOMIC_SEQ_CST);
}

static inline void rte_atomic64_inc(rte_atomic64_t *v)
{
	rte_atomic64_add(v, 1);
}

static inline void rte_atomic64_dec(rte_atomic64_t *v)
{
	rte_atomic64_sub(v, 1);
}

static inline int64_t rte_atomic64_add_return(rte_atomic64_t *v, int64_t inc)
{
	return __atomic_add_fetch(&v->cnt, inc, __ATOMIC_SEQ_CST);
}

static inline int64_t rte_atomic64_sub_return(rte_atomic64_t *v, int64_t dec)
{
	return __atomic_sub_fetch(&v->cnt, dec, __ATOMIC_SEQ_CST);
}

static inline int rte_atomic64_inc_and_test(rte_atomic64_t *v)
{
	return __atomic_add_fetch(&v->cnt, 1, __ATOMIC_SEQ_CST) == 0;
}

static inline int rte_atomic64_dec_and_test(rte_atomic64_t *v)
{
	return __atomic_sub_fetch(&v->cnt, 1, __ATOMIC_SEQ_CST) == 0;
}

static inline int rte_atomic64_test_and_set(rte_atomic64_t *v)
{
	return rte_atomic64_cmpset((volatile uint64_t *)&v->cnt, 0, 1);
}

static inline void rte_atomic64_clear(rte_atomic64_t *v)
{
	rte_atomic64_set(v, 0);
}

/*
 * A 16-byte value for rte_atomic128_cmp_exchange (16-byte aligned, as the instructions need).
 * The anonymous union is C11 but not C++98; __extension__ lets pedantic C++ builds take it.
 */
typedef struct {
	__extension__ union {
		uint64_t val[2];
		__extension__ __int128 int128;
	};
} __rte_aligned(16) rte_int128_t;

/*
 * DPDK 22.11's 128-bit compare-and-exchange (experimental there and here): if *dst == *exp,
 * store *src in *dst and return 1; else copy *dst to *exp and return 0. The comparison and
 * the store are one atomic operation.
 *
 * success and failure are __ATOMIC_* orders; both targets run the strongest of them, which
 * the contract allows ("this or a stronger model"). weak is accepted and ignored (the
 * operation never fails spuriously), which the contract allows too.
 *
 * x86_64: lock cmpxchg16b (a full barrier). It is written in assembly because the compiler's
 * 16-byte __atomic builtins go through libatomic unless the consumer builds with -mcx16.
 * aarch64: an exclusive load/store pair loop with acquire and release semantics (ldaxp and
 * stlxp, ARMv8.0, so no LSE requirement). When the values differ the loop still stores the
 * value it read back: only a successful store-exclusive proves that the 16 bytes were read
 * in one piece.
 */
__rte_experimental static inline int rte_atomic128_cmp_exchange(rte_int128_t *dst,
								rte_int128_t *exp,
								const rte_int128_t *src,
								unsigned int weak, int success,
								int failure)
{
	RTE_SET_USED(weak);
	RTE_SET_USED(success);
	RTE_SET_USED(failure);
#if defined(__x86_64__)
	uint8_t same;

	__asm__ volatile("lock cmpxchg16b %[dst]\n\tsete %[same]"
			 : [dst] "+m"(dst->int128), [same] "=q"(same), "+a"(exp->val[0]),
			   "+d"(exp->val[1])
			 : "b"(src->val[0]), "c"(src->val[1])
			 : "memory", "cc");
	return same;
#elif defined(__aarch64__)
	uint64_t lo, hi;
	uint32_t failed;
	int same;

	do {
		__asm__ volatile("ldaxp %[lo], %[hi], %[dst]"
				 : [lo] "=&r"(lo), [hi] "=&r"(hi)
				 : [dst] "Q"(dst->int128)
				 : "memory");
		same = lo == exp->val[0] && hi == exp->val[1];
		uint64_t new_lo = same ? src->val[0] : lo;
		uint64_t new_hi = same ? src->val[1] : hi;
		__asm__ volatile("stlxp %w[failed], %[nlo], %[nhi], %[dst]"
				 : [failed] "=&r"(failed), [dst] "=Q"(dst->int128)
				 : [nlo] "r"(new_lo), [nhi] "r"(new_hi)
				 : "memory");
	} while (failed);
	if (!same) {
		exp->val[0] = lo;
		exp->val[1] = hi;
	}
	return same;
#else
#error "openeal: rte_atomic128_cmp_exchange is defined for x86_64 and aarch64 only"
#endif
}

#ifdef __cplusplus
}
#endif
#endif
