/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PAUSE_H
#define RTE_PAUSE_H

/*
 * Spin-wait helpers with DPDK 22.11's names.
 *
 * rte_pause() tells the CPU that this is a busy-wait loop: on x86 `pause` keeps the loop from
 * flooding the memory pipeline and yields to the sibling hyperthread; on aarch64 `yield` is
 * the equivalent hint. Neither gives the CPU away to the scheduler.
 *
 * rte_wait_until_equal_16/32/64(addr, expected, memorder) spin until *addr == expected.
 * memorder is __ATOMIC_ACQUIRE (later accesses stay after the load that saw the value) or
 * __ATOMIC_RELAXED, as in DPDK (a constant release order makes the compiler warn,
 * -Winvalid-memory-model, once the function is inlined). DPDK's aarch64 build can wait with wfe; openeal spins with rte_pause on both
 * targets, which gives the same results at the cost of some power.
 */

#include <stdint.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline void rte_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ volatile("pause" : : : "memory");
#elif defined(__aarch64__)
	__asm__ volatile("yield" : : : "memory");
#else
#error "openeal: rte_pause is defined for x86 and aarch64 only"
#endif
}

static __rte_always_inline void rte_wait_until_equal_16(volatile uint16_t *addr, uint16_t expected,
							int memorder)
{
	while (__atomic_load_n(addr, memorder) != expected)
		rte_pause();
}

static __rte_always_inline void rte_wait_until_equal_32(volatile uint32_t *addr, uint32_t expected,
							int memorder)
{
	while (__atomic_load_n(addr, memorder) != expected)
		rte_pause();
}

static __rte_always_inline void rte_wait_until_equal_64(volatile uint64_t *addr, uint64_t expected,
							int memorder)
{
	while (__atomic_load_n(addr, memorder) != expected)
		rte_pause();
}

/*
 * Spin until ((*addr & mask) cond expected) holds, cond being a comparison operator
 * (==, !=, <, ...); *addr is read with memorder (__ATOMIC_ACQUIRE or __ATOMIC_RELAXED).
 * A macro because cond is an operator; addr is evaluated once per load and expected once.
 */
#define RTE_WAIT_UNTIL_MASKED(addr, mask, cond, expected, memorder)                                \
	do {                                                                                        \
		const __typeof__(*(addr)) rte_wait_expected_ = (expected);                          \
		while (!((__atomic_load_n((addr), (memorder)) & (mask)) cond rte_wait_expected_))   \
			rte_pause();                                                                \
	} while (0)

#ifdef __cplusplus
}
#endif
#endif
