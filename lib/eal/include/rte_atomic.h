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
 */

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

#ifdef __cplusplus
}
#endif
#endif
