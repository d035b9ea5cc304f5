/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_BYTEORDER_H
#define RTE_BYTEORDER_H

/*
 * Byte swaps and CPU <-> little/big-endian conversions with DPDK 22.11's names.
 *
 * Device registers and descriptors have a fixed byte order; the rte_be*_t / rte_le*_t types
 * say which (they are plain integers, as in DPDK: the compiler does not check them).
 *
 * Three forms, as in DPDK:
 *  RTE_STATIC_BSWAP*, RTE_BE*, RTE_LE*  integer constant expressions, for static initializers
 *                                       and case labels;
 *  rte_bswap*                           functions; the compiler builtins they use fold
 *                                       constants and emit bswap/rev for the rest;
 *  rte_cpu_to_* / rte_*_to_cpu          macros, so that a conversion that is the identity on
 *                                       this CPU stays a constant expression (DPDK drivers
 *                                       write rte_cpu_to_le_32(C) in initializers).
 */

#include <stdint.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_BIG_ENDIAN 1
#define RTE_LITTLE_ENDIAN 2

/* x86_64 is little-endian; aarch64 is either, which the compiler says (rte_config.h refuses
 * other targets). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define RTE_BYTE_ORDER RTE_BIG_ENDIAN
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RTE_BYTE_ORDER RTE_LITTLE_ENDIAN
#else
#error "openeal: the compiler does not say the target's byte order (__BYTE_ORDER__)"
#endif

typedef uint16_t rte_be16_t;
typedef uint32_t rte_be32_t;
typedef uint64_t rte_be64_t;
typedef uint16_t rte_le16_t;
typedef uint32_t rte_le32_t;
typedef uint64_t rte_le64_t;

#define RTE_STATIC_BSWAP16(v) ((uint16_t)((((uint16_t)(v) & UINT16_C(0x00ff)) << 8) | \
					  (((uint16_t)(v) & UINT16_C(0xff00)) >> 8)))
#define RTE_STATIC_BSWAP32(v)                                                                      \
	((uint32_t)((((uint32_t)(v) & UINT32_C(0x000000ff)) << 24) |                               \
		    (((uint32_t)(v) & UINT32_C(0x0000ff00)) << 8) |                                \
		    (((uint32_t)(v) & UINT32_C(0x00ff0000)) >> 8) |                                \
		    (((uint32_t)(v) & UINT32_C(0xff000000)) >> 24)))
#define RTE_STATIC_BSWAP64(v)                                                                      \
	((uint64_t)(((uint64_t)RTE_STATIC_BSWAP32((uint64_t)(v) & UINT32_MAX) << 32) |              \
		    RTE_STATIC_BSWAP32((uint64_t)(v) >> 32)))

#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
#define RTE_BE16(v) ((rte_be16_t)RTE_STATIC_BSWAP16(v))
#define RTE_BE32(v) ((rte_be32_t)RTE_STATIC_BSWAP32(v))
#define RTE_BE64(v) ((rte_be64_t)RTE_STATIC_BSWAP64(v))
#define RTE_LE16(v) ((rte_le16_t)(v))
#define RTE_LE32(v) ((rte_le32_t)(v))
#define RTE_LE64(v) ((rte_le64_t)(v))
#else
#define RTE_BE16(v) ((rte_be16_t)(v))
#define RTE_BE32(v) ((rte_be32_t)(v))
#define RTE_BE64(v) ((rte_be64_t)(v))
#define RTE_LE16(v) ((rte_le16_t)RTE_STATIC_BSWAP16(v))
#define RTE_LE32(v) ((rte_le32_t)RTE_STATIC_BSWAP32(v))
#define RTE_LE64(v) ((rte_le64_t)RTE_STATIC_BSWAP64(v))
#endif

/* DPDK's portable versions, kept for code that calls them by name. */
static inline uint16_t rte_constant_bswap16(uint16_t x)
{
	return RTE_STATIC_BSWAP16(x);
}

static inline uint32_t rte_constant_bswap32(uint32_t x)
{
	return RTE_STATIC_BSWAP32(x);
}

static inline uint64_t rte_constant_bswap64(uint64_t x)
{
	return RTE_STATIC_BSWAP64(x);
}

static inline uint16_t rte_bswap16(uint16_t x)
{
	return __builtin_bswap16(x);
}

static inline uint32_t rte_bswap32(uint32_t x)
{
	return __builtin_bswap32(x);
}

static inline uint64_t rte_bswap64(uint64_t x)
{
	return __builtin_bswap64(x);
}

#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
#define rte_cpu_to_le_16(x) ((rte_le16_t)(x))
#define rte_cpu_to_le_32(x) ((rte_le32_t)(x))
#define rte_cpu_to_le_64(x) ((rte_le64_t)(x))
#define rte_cpu_to_be_16(x) ((rte_be16_t)rte_bswap16(x))
#define rte_cpu_to_be_32(x) ((rte_be32_t)rte_bswap32(x))
#define rte_cpu_to_be_64(x) ((rte_be64_t)rte_bswap64(x))
#define rte_le_to_cpu_16(x) ((uint16_t)(x))
#define rte_le_to_cpu_32(x) ((uint32_t)(x))
#define rte_le_to_cpu_64(x) ((uint64_t)(x))
#define rte_be_to_cpu_16(x) rte_bswap16(x)
#define rte_be_to_cpu_32(x) rte_bswap32(x)
#define rte_be_to_cpu_64(x) rte_bswap64(x)
#else
#define rte_cpu_to_le_16(x) ((rte_le16_t)rte_bswap16(x))
#define rte_cpu_to_le_32(x) ((rte_le32_t)rte_bswap32(x))
#define rte_cpu_to_le_64(x) ((rte_le64_t)rte_bswap64(x))
#define rte_cpu_to_be_16(x) ((rte_be16_t)(x))
#define rte_cpu_to_be_32(x) ((rte_be32_t)(x))
#define rte_cpu_to_be_64(x) ((rte_be64_t)(x))
#define rte_le_to_cpu_16(x) rte_bswap16(x)
#define rte_le_to_cpu_32(x) rte_bswap32(x)
#define rte_le_to_cpu_64(x) rte_bswap64(x)
#define rte_be_to_cpu_16(x) ((uint16_t)(x))
#define rte_be_to_cpu_32(x) ((uint32_t)(x))
#define rte_be_to_cpu_64(x) ((uint64_t)(x))
#endif

#ifdef __cplusplus
}
#endif
#endif
