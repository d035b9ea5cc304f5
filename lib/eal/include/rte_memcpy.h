/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_MEMCPY_H
#define RTE_MEMCPY_H

/*
 * rte_memcpy and the fixed-size rte_movN copies with DPDK 22.11's names and semantics
 * (non-overlapping buffers; rte_memcpy returns dst).
 *
 * They are memcpy on purpose. DPDK's x86 version is hand-written SSE/AVX2/AVX-512 code whose
 * variant is chosen by the -march the *consumer* compiles with, so the same source behaves
 * differently per build, and it predates compilers that inline small copies well. Today gcc
 * and clang expand a memcpy of a constant size (every rte_movN) into the widest vector moves
 * the target allows, and glibc's memcpy picks the best routine for the running CPU (AVX,
 * ERMS) at load time for the others. A plain memcpy is as fast for the sizes PMDs copy,
 * correct for any alignment, and visible to the compiler's and sanitizers' checks.
 */

#include <stdint.h>
#include <string.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

static __rte_always_inline void rte_mov16(uint8_t *dst, const uint8_t *src)
{
	memcpy(dst, src, 16);
}

static __rte_always_inline void rte_mov32(uint8_t *dst, const uint8_t *src)
{
	memcpy(dst, src, 32);
}

static __rte_always_inline void rte_mov48(uint8_t *dst, const uint8_t *src)
{
	memcpy(dst, src, 48);
}

static __rte_always_inline void rte_mov64(uint8_t *dst, const uint8_t *src)
{
	memcpy(dst, src, 64);
}

static __rte_always_inline void rte_mov128(uint8_t *dst, const uint8_t *src)
{
	memcpy(dst, src, 128);
}

static __rte_always_inline void rte_mov256(uint8_t *dst, const uint8_t *src)
{
	memcpy(dst, src, 256);
}

static __rte_always_inline void *rte_memcpy(void *dst, const void *src, size_t n)
{
	return memcpy(dst, src, n);
}

#ifdef __cplusplus
}
#endif
#endif
