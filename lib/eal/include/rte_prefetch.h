/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PREFETCH_H
#define RTE_PREFETCH_H

/*
 * Cache prefetch hints with DPDK 22.11's names. A hint never faults and never changes what a
 * program computes, only when the data arrives:
 *   rte_prefetch0             into every cache level (x86 prefetcht0, aarch64 pldl1keep);
 *   rte_prefetch1             into L2 and below (prefetcht1, pldl2keep);
 *   rte_prefetch2             into L3 and below (prefetcht2, pldl3keep);
 *   rte_prefetch_non_temporal for data used once, keeping it from evicting the rest
 *                             (prefetchnta, pldl1strm);
 *   rte_prefetch*_write       the same for data about to be written (experimental in DPDK).
 * The compiler's __builtin_prefetch emits these instructions from the read/write and
 * locality arguments (3 = keep in all levels ... 0 = non-temporal).
 *
 * The pointers are volatile-qualified as in DPDK; the builtin takes a plain pointer, so the
 * address goes through uintptr_t, which -Wcast-qual (DPDK's own flag) accepts.
 */

#include <stdint.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_PREFETCH_PTR_(p) ((const void *)(uintptr_t)(p))

static inline void rte_prefetch0(const volatile void *p)
{
	__builtin_prefetch(RTE_PREFETCH_PTR_(p), 0, 3);
}

static inline void rte_prefetch1(const volatile void *p)
{
	__builtin_prefetch(RTE_PREFETCH_PTR_(p), 0, 2);
}

static inline void rte_prefetch2(const volatile void *p)
{
	__builtin_prefetch(RTE_PREFETCH_PTR_(p), 0, 1);
}

static inline void rte_prefetch_non_temporal(const volatile void *p)
{
	__builtin_prefetch(RTE_PREFETCH_PTR_(p), 0, 0);
}

__rte_experimental static inline void rte_prefetch0_write(const void *p)
{
	__builtin_prefetch(p, 1, 3);
}

__rte_experimental static inline void rte_prefetch1_write(const void *p)
{
	__builtin_prefetch(p, 1, 2);
}

__rte_experimental static inline void rte_prefetch2_write(const void *p)
{
	__builtin_prefetch(p, 1, 1);
}

/*
 * Push a cache line from this core's caches towards the shared last level, for data another
 * core will read next (x86 CLDEMOTE). The instruction is encoded by hand, as assemblers
 * before binutils 2.31 lack it; CPUs without it execute it as a no-op (it is in the hint
 * space). aarch64 has no such hint, so it does nothing there, as in DPDK.
 */
__rte_experimental static inline void rte_cldemote(const volatile void *p)
{
#if defined(__x86_64__)
	__asm__ volatile(".byte 0x0f, 0x1c, 0x06" : : "S"(p));
#else
	RTE_SET_USED(p);
#endif
}

#ifdef __cplusplus
}
#endif
#endif
