/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_COMMON_H
#define RTE_COMMON_H

/* Basic macros shared by every openeal header, with DPDK's names. */

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/queue.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_STR_(x) #x
#define RTE_STR(x) RTE_STR_(x)
#define RTE_DIM(a) (sizeof(a) / sizeof((a)[0]))
#define RTE_MIN(a, b) ((a) < (b) ? (a) : (b))
#define RTE_MAX(a, b) ((a) > (b) ? (a) : (b))
#define RTE_SET_USED(x) (void)(x)

#define __rte_unused __attribute__((unused))
#define __rte_used __attribute__((used))
#define __rte_always_inline inline __attribute__((always_inline))
#define __rte_noinline __attribute__((noinline))
#define __rte_packed __attribute__((__packed__))
#define __rte_aligned(a) __attribute__((__aligned__(a)))
#define __rte_weak __attribute__((__weak__))
#define __rte_format_printf(fmt, args) __attribute__((format(printf, fmt, args)))
/*
 * ABI markers (doc/abi.md), as in DPDK: a program that uses an experimental symbol gets a
 * warning unless it defines ALLOW_EXPERIMENTAL_API, and one that uses an internal symbol an
 * error unless it defines ALLOW_INTERNAL_API (openeal's own libraries do). The symbols go in
 * the map's EXPERIMENTAL or INTERNAL node; tests/abi checks that marker and node agree.
 */
#ifdef ALLOW_EXPERIMENTAL_API
#define __rte_experimental
#else
#define __rte_experimental                                                                          \
	__attribute__((deprecated("experimental API: define ALLOW_EXPERIMENTAL_API to use it")))
#endif
#ifdef ALLOW_INTERNAL_API
#define __rte_internal
#else
#define __rte_internal                                                                              \
	__attribute__((error("internal to openeal's libraries (ALLOW_INTERNAL_API), not public API")))
#endif
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define RTE_CACHE_LINE_SIZE 64
#define __rte_cache_aligned __rte_aligned(RTE_CACHE_LINE_SIZE)

/* Round v up/down to a power-of-two alignment. */
#define RTE_ALIGN_FLOOR(v, a) ((__typeof__(v))((v) & (~((__typeof__(v))((a)-1)))))
#define RTE_ALIGN_CEIL(v, a) RTE_ALIGN_FLOOR(((v) + ((__typeof__(v))(a)-1)), a)
#define RTE_ALIGN(v, a) RTE_ALIGN_CEIL(v, a)
#define RTE_PTR_ADD(ptr, x) ((void *)((uintptr_t)(ptr) + (x)))
#define RTE_PTR_SUB(ptr, x) ((void *)((uintptr_t)(ptr) - (x)))
#define RTE_PTR_DIFF(a, b) ((uintptr_t)(a) - (uintptr_t)(b))
#define RTE_IS_POWER_OF_2(n) ((n) && !(((n)-1) & (n)))

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
