/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_COMMON_H
#define RTE_COMMON_H

/*
 * Basic macros, attributes and bit helpers shared by every openeal header, with DPDK 22.11's
 * names and meaning, so that code written for DPDK finds them where it expects.
 */

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/queue.h>

#include <rte_config.h>
#include <rte_compat.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef typeof
#define typeof __typeof__
#endif
#ifndef asm
#define asm __asm__
#endif

/* Compiler tests DPDK code makes (RTE_CC_IS_GNU is 1 for gcc and clang, which openeal needs). */
#ifdef __clang__
#define RTE_CC_CLANG
#else
#define RTE_CC_GCC
#define GCC_VERSION (__GNUC__ * 10000 + __GNUC_MINOR__ * 100 + __GNUC_PATCHLEVEL__)
#endif
#define RTE_CC_IS_GNU 1
#define RTE_STD_C11 __extension__

#define _RTE_STR(x) #x
#define RTE_STR_(x) _RTE_STR(x)
#define RTE_STR(x) _RTE_STR(x)
#define RTE_DIM(a) (sizeof(a) / sizeof((a)[0]))
/* As DPDK's: each argument is evaluated once (a statement expression, so not at file scope). */
#define RTE_MIN(a, b)                                                                               \
	__extension__({                                                                             \
		__typeof__(a) rte_min_a_ = (a);                                                     \
		__typeof__(b) rte_min_b_ = (b);                                                     \
		rte_min_a_ < rte_min_b_ ? rte_min_a_ : rte_min_b_;                                  \
	})
#define RTE_MAX(a, b)                                                                               \
	__extension__({                                                                             \
		__typeof__(a) rte_max_a_ = (a);                                                     \
		__typeof__(b) rte_max_b_ = (b);                                                     \
		rte_max_a_ > rte_max_b_ ? rte_max_a_ : rte_max_b_;                                  \
	})
#define RTE_SWAP(a, b)                                                                              \
	__extension__({                                                                             \
		__typeof__(a) rte_swap_t_ = (a);                                                    \
		(a) = (b);                                                                          \
		(b) = rte_swap_t_;                                                                  \
	})
#define RTE_SET_USED(x) (void)(x)
#define RTE_SIZEOF_FIELD(type, field) (sizeof(((type *)0)->field))
#define RTE_CAST_FIELD(var, field, type) (*(type *)((uintptr_t)(var) + offsetof(__typeof__(*(var)), field)))
/* A mask of the ln low bits, of type tp. */
#define RTE_LEN2MASK(ln, tp) ((tp)((uint64_t)-1 >> (sizeof(uint64_t) * CHAR_BIT - (ln))))
/* A compile-time assertion usable as a statement. */
#define RTE_BUILD_BUG_ON(condition) ((void)sizeof(char[1 - 2 * !!(condition)]))

/* Format-string helpers for variadic macros without GNU's ", ## __VA_ARGS__". */
#define RTE_FMT(fmt, ...) fmt "%.0s", __VA_ARGS__ ""
#define RTE_FMT_HEAD(fmt, ...) fmt
#define RTE_FMT_TAIL(fmt, ...) __VA_ARGS__

#define RTE_PRAGMA(x) _Pragma(#x)
#define RTE_PRAGMA_WARNING(w) RTE_PRAGMA(GCC warning #w)
#define RTE_DEPRECATED(x) RTE_PRAGMA_WARNING(#x is deprecated)

#define __rte_unused __attribute__((__unused__))
#define __rte_used __attribute__((used))
#define __rte_always_inline inline __attribute__((always_inline))
#define __rte_noinline __attribute__((noinline))
#define __rte_noreturn __attribute__((noreturn))
#define __rte_hot __attribute__((hot))
#define __rte_cold __attribute__((cold))
#define __rte_packed __attribute__((__packed__))
#define __rte_aligned(a) __attribute__((__aligned__(a)))
#define __rte_may_alias __attribute__((__may_alias__))
#define __rte_weak __attribute__((__weak__))
#define __rte_warn_unused_result __attribute__((warn_unused_result))
#define __rte_deprecated __attribute__((__deprecated__))
#define __rte_deprecated_msg(msg) __attribute__((__deprecated__(msg)))
#define __rte_format_printf(fmt, args) __attribute__((format(printf, fmt, args)))
#define __rte_alloc_size(...) __attribute__((alloc_size(__VA_ARGS__)))
#ifdef __cplusplus
#define __rte_restrict __restrict
#else
#define __rte_restrict restrict
#endif
/* Code that reads memory ASan would flag (DPDK's memory tests scan whole segments). */
#if defined(__clang__)
#define __rte_no_asan __attribute__((no_sanitize("address", "hwaddress")))
#else
#define __rte_no_asan __attribute__((no_sanitize_address))
#endif

typedef uint64_t unaligned_uint64_t __rte_aligned(1);
typedef uint32_t unaligned_uint32_t __rte_aligned(1);
typedef uint16_t unaligned_uint16_t __rte_aligned(1);

/* Zero-size markers of a position in a structure (DPDK's mbuf uses them). */
__extension__ typedef void *RTE_MARKER[0];
__extension__ typedef uint8_t RTE_MARKER8[0];
__extension__ typedef uint16_t RTE_MARKER16[0];
__extension__ typedef uint32_t RTE_MARKER32[0];
__extension__ typedef uint64_t RTE_MARKER64[0];

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define RTE_CACHE_LINE_SIZE_LOG2 6
#define RTE_CACHE_LINE_MASK (RTE_CACHE_LINE_SIZE - 1)
#define RTE_CACHE_LINE_ROUNDUP(size) RTE_ALIGN_CEIL(size, RTE_CACHE_LINE_SIZE)
#define __rte_cache_aligned __rte_aligned(RTE_CACHE_LINE_SIZE)
#define __rte_cache_min_aligned __rte_aligned(RTE_CACHE_LINE_MIN_SIZE)

/* Round v up/down to a power-of-two alignment; the PTR forms take and give pointers. */
#define RTE_ALIGN_FLOOR(v, a) ((__typeof__(v))((v) & (~((__typeof__(v))((a)-1)))))
#define RTE_ALIGN_CEIL(v, a) RTE_ALIGN_FLOOR(((v) + ((__typeof__(v))(a)-1)), a)
#define RTE_ALIGN(v, a) RTE_ALIGN_CEIL(v, a)
#define RTE_PTR_ALIGN_FLOOR(ptr, a) ((__typeof__(ptr))RTE_ALIGN_FLOOR((uintptr_t)(ptr), a))
#define RTE_PTR_ALIGN_CEIL(ptr, a)                                                                  \
	RTE_PTR_ALIGN_FLOOR((__typeof__(ptr))RTE_PTR_ADD(ptr, (a)-1), a)
#define RTE_PTR_ALIGN(ptr, a) RTE_PTR_ALIGN_CEIL(ptr, a)
/* Round v to a multiple of mul, which need not be a power of two. */
#define RTE_ALIGN_MUL_CEIL(v, mul) ((((v) + (__typeof__(v))(mul)-1) / ((__typeof__(v))(mul))) * (mul))
#define RTE_ALIGN_MUL_FLOOR(v, mul) (((v) / ((__typeof__(v))(mul))) * (mul))
#define RTE_ALIGN_MUL_NEAR(v, mul)                                                                  \
	__extension__({                                                                             \
		__typeof__(v) rte_near_c_ = RTE_ALIGN_MUL_CEIL(v, mul);                             \
		__typeof__(v) rte_near_f_ = RTE_ALIGN_MUL_FLOOR(v, mul);                            \
		(rte_near_c_ - (v)) > ((v)-rte_near_f_) ? rte_near_f_ : rte_near_c_;                \
	})
#define RTE_PTR_ADD(ptr, x) ((void *)((uintptr_t)(ptr) + (x)))
#define RTE_PTR_SUB(ptr, x) ((void *)((uintptr_t)(ptr) - (x)))
#define RTE_PTR_DIFF(a, b) ((uintptr_t)(a) - (uintptr_t)(b))
#define RTE_IS_POWER_OF_2(n) ((n) && !(((n)-1) & (n)))

/* align must be a power of two (as in DPDK; 0 is not). */
static inline int rte_is_aligned(const void *const __rte_restrict ptr, const unsigned int align)
{
	return ((uintptr_t)ptr & (align - 1)) == 0;
}

static inline int rte_is_power_of_2(uint32_t n)
{
	return n && !(n & (n - 1));
}

/*
 * Bit scans. DPDK's rte_bsf32/64 leave 0 undefined (the builtin's rule); the _safe forms
 * return 0 for it and the position through pos otherwise. rte_fls_* are 1-based (0 for 0).
 */
static inline uint32_t rte_bsf32(uint32_t v)
{
	return (uint32_t)__builtin_ctz(v);
}

static inline int rte_bsf32_safe(uint32_t v, uint32_t *pos)
{
	if (v == 0)
		return 0;
	*pos = rte_bsf32(v);
	return 1;
}

static inline uint32_t rte_bsf64(uint64_t v)
{
	return (uint32_t)__builtin_ctzll(v);
}

static inline int rte_bsf64_safe(uint64_t v, uint32_t *pos)
{
	if (v == 0)
		return 0;
	*pos = rte_bsf64(v);
	return 1;
}

static inline uint32_t rte_fls_u32(uint32_t x)
{
	return x == 0 ? 0 : 32 - (uint32_t)__builtin_clz(x);
}

static inline uint32_t rte_fls_u64(uint64_t x)
{
	return x == 0 ? 0 : 64 - (uint32_t)__builtin_clzll(x);
}

/* Every bit below the highest set bit of x set too. */
static inline uint32_t rte_combine32ms1b(uint32_t x)
{
	return x == 0 ? 0 : UINT32_MAX >> __builtin_clz(x);
}

static inline uint64_t rte_combine64ms1b(uint64_t v)
{
	return v == 0 ? 0 : UINT64_MAX >> __builtin_clzll(v);
}

/* The next power of two >= x (0 for 0, and for x above 2^31 as the rounding wraps). */
static inline uint32_t rte_align32pow2(uint32_t x)
{
	return rte_combine32ms1b(x - 1) + 1;
}

/* The previous power of two <= x (0 for 0). */
static inline uint32_t rte_align32prevpow2(uint32_t x)
{
	return x == 0 ? 0 : (uint32_t)1 << (31 - __builtin_clz(x));
}

static inline uint64_t rte_align64pow2(uint64_t v)
{
	return rte_combine64ms1b(v - 1) + 1;
}

static inline uint64_t rte_align64prevpow2(uint64_t v)
{
	return v == 0 ? 0 : (uint64_t)1 << (63 - __builtin_clzll(v));
}

/* log2 of v rounded up: 0 for 0 and 1, 3 for 5..8. */
static inline uint32_t rte_log2_u32(uint32_t v)
{
	return v <= 1 ? 0 : rte_fls_u32(v - 1);
}

static inline uint32_t rte_log2_u64(uint64_t v)
{
	return v <= 1 ? 0 : rte_fls_u64(v - 1);
}

#define RTE_BAD_IOVA ((rte_iova_t)-1)
#define RTE_BAD_PHYS_ADDR ((rte_iova_t)-1)
typedef uint64_t rte_iova_t;
typedef uint64_t phys_addr_t;

#define rte_container_of(ptr, type, member)                                                         \
	((type *)((char *)(ptr) - offsetof(type, member)))
#ifndef container_of
#define container_of(ptr, type, member) rte_container_of(ptr, type, member)
#endif

/*
 * Constructors. Drivers and buses register themselves before main() runs, so an application
 * gets every driver it links without naming them. Buses use a higher priority than drivers so
 * that a bus exists before its drivers register onto it.
 */
#define RTE_PRIORITY_LOG 101
#define RTE_PRIORITY_BUS 110
#define RTE_PRIORITY_CLASS 120
#define RTE_PRIORITY_LAST 65535
#define RTE_PRIO(prio) RTE_PRIORITY_##prio

#define RTE_INIT_PRIO(func, prio)                                                                   \
	static void __attribute__((constructor(RTE_PRIO(prio)), used)) func(void)
#define RTE_INIT(func) RTE_INIT_PRIO(func, LAST)
#define RTE_FINI_PRIO(func, prio)                                                                   \
	static void __attribute__((destructor(RTE_PRIO(prio)), used)) func(void)
#define RTE_FINI(func) RTE_FINI_PRIO(func, LAST)

/* DPDK uses these for its own queue entries; they map to <sys/queue.h>. */
#define RTE_TAILQ_HEAD(name, type) TAILQ_HEAD(name, type)
#define RTE_TAILQ_ENTRY(type) TAILQ_ENTRY(type)
#define RTE_TAILQ_FOREACH(var, head, field) TAILQ_FOREACH(var, head, field)
#define RTE_TAILQ_FIRST(head) TAILQ_FIRST(head)
#define RTE_TAILQ_NEXT(elem, field) TAILQ_NEXT(elem, field)

/*
 * A size such as "64M", "0x20g", "512 k": a number in C syntax with an optional K, M or G
 * suffix (powers of 1024). Returns 0 for a negative number or one out of range (DPDK 22.11).
 */
uint64_t rte_str_to_size(const char *str);

/*
 * For applications (DPDK's "rte_exit(EXIT_FAILURE, \"Cannot init EAL\\n\")"): logs the
 * message at CRIT, runs rte_eal_cleanup() and exits with exit_code. The library itself never
 * calls it.
 */
__rte_noreturn void rte_exit(int exit_code, const char *format, ...) __rte_format_printf(2, 3);

/* Tags read by tools from a PMD's binary (DPDK's pmdinfogen convention); harmless otherwise. */
#define RTE_PMD_EXPORT_NAME_ARRAY(n, idx) n##idx[]
#define RTE_PMD_EXPORT_NAME(name, idx)                                                              \
	static const char RTE_PMD_EXPORT_NAME_ARRAY(this_pmd_name, idx) __rte_used = RTE_STR(name)
#define DRV_EXP_TAG(name, tag) __##name##_##tag
#define RTE_PMD_REGISTER_PARAM_STRING(name, str)                                                    \
	static const char DRV_EXP_TAG(name, param_string_export)[] __rte_used = str
#define RTE_PMD_REGISTER_KMOD_DEP(name, str)                                                        \
	static const char DRV_EXP_TAG(name, kmod_dep_export)[] __rte_used = str

#ifdef __cplusplus
}
#endif
#endif
