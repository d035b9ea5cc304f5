/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_BITOPS_H
#define RTE_BITOPS_H

/*
 * Bit helpers with DPDK's names.
 *
 * From DPDK 22.11: RTE_BIT32/64 and the rte_bit_relaxed_* functions on a 32- or 64-bit word.
 * "Relaxed" means what DPDK means: a plain (volatile) read-modify-write, neither atomic nor
 * ordered against other accesses, so the word must not be changed by another thread at the
 * same time. Getters and test-and-* return the bit *in place* (the word masked by it, so
 * rte_bit_relaxed_get32(5, &w) is 0 or 32), not 0/1, as in DPDK. nr must be below the width:
 * RTE_ASSERT checks it in RTE_ENABLE_ASSERT builds. They are __rte_experimental, as in 22.11.
 *
 * From later DPDK releases, because register-layout code in drivers written since uses them
 * and they are plain macros: RTE_GENMASK32/64(high, low) (bits low..high set, inclusive),
 * RTE_SHIFT_VAL32/64(val, nr) and RTE_FIELD_GET32/64(mask, reg) (the field under mask,
 * shifted down to bit 0).
 */

#include <stdint.h>

#include <rte_common.h>
#include <rte_debug.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_BIT64(nr) (UINT64_C(1) << (nr))
#define RTE_BIT32(nr) (UINT32_C(1) << (nr))

#define RTE_SHIFT_VAL32(val, nr) ((uint32_t)(val) << (nr))
#define RTE_SHIFT_VAL64(val, nr) ((uint64_t)(val) << (nr))

#define RTE_GENMASK32(high, low) (((~UINT32_C(0)) << (low)) & (~UINT32_C(0) >> (31u - (high))))
#define RTE_GENMASK64(high, low) (((~UINT64_C(0)) << (low)) & (~UINT64_C(0) >> (63u - (high))))

#define RTE_FIELD_GET32(mask, reg) ((uint32_t)(((reg) & (mask)) >> __builtin_ctz(mask)))
#define RTE_FIELD_GET64(mask, reg) ((uint64_t)(((reg) & (mask)) >> __builtin_ctzll(mask)))

__rte_experimental static inline uint32_t rte_bit_relaxed_get32(unsigned int nr,
								volatile uint32_t *addr)
{
	RTE_ASSERT(nr < 32);
	return *addr & RTE_BIT32(nr);
}

__rte_experimental static inline void rte_bit_relaxed_set32(unsigned int nr,
							   volatile uint32_t *addr)
{
	RTE_ASSERT(nr < 32);
	*addr = *addr | RTE_BIT32(nr);
}

__rte_experimental static inline void rte_bit_relaxed_clear32(unsigned int nr,
							     volatile uint32_t *addr)
{
	RTE_ASSERT(nr < 32);
	*addr = *addr & ~RTE_BIT32(nr);
}

__rte_experimental static inline uint32_t rte_bit_relaxed_test_and_set32(unsigned int nr,
									 volatile uint32_t *addr)
{
	RTE_ASSERT(nr < 32);
	uint32_t old = *addr;
	*addr = old | RTE_BIT32(nr);
	return old & RTE_BIT32(nr);
}

__rte_experimental static inline uint32_t rte_bit_relaxed_test_and_clear32(unsigned int nr,
									   volatile uint32_t *addr)
{
	RTE_ASSERT(nr < 32);
	uint32_t old = *addr;
	*addr = old & ~RTE_BIT32(nr);
	return old & RTE_BIT32(nr);
}

__rte_experimental static inline uint64_t rte_bit_relaxed_get64(unsigned int nr,
								volatile uint64_t *addr)
{
	RTE_ASSERT(nr < 64);
	return *addr & RTE_BIT64(nr);
}

__rte_experimental static inline void rte_bit_relaxed_set64(unsigned int nr,
							   volatile uint64_t *addr)
{
	RTE_ASSERT(nr < 64);
	*addr = *addr | RTE_BIT64(nr);
}

__rte_experimental static inline void rte_bit_relaxed_clear64(unsigned int nr,
							     volatile uint64_t *addr)
{
	RTE_ASSERT(nr < 64);
	*addr = *addr & ~RTE_BIT64(nr);
}

__rte_experimental static inline uint64_t rte_bit_relaxed_test_and_set64(unsigned int nr,
									 volatile uint64_t *addr)
{
	RTE_ASSERT(nr < 64);
	uint64_t old = *addr;
	*addr = old | RTE_BIT64(nr);
	return old & RTE_BIT64(nr);
}

__rte_experimental static inline uint64_t rte_bit_relaxed_test_and_clear64(unsigned int nr,
									   volatile uint64_t *addr)
{
	RTE_ASSERT(nr < 64);
	uint64_t old = *addr;
	*addr = old & ~RTE_BIT64(nr);
	return old & RTE_BIT64(nr);
}

#ifdef __cplusplus
}
#endif
#endif
