/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_DEBUG_H
#define RTE_DEBUG_H

/*
 * Debugging aids with DPDK 22.11's names, for applications and drivers. openeal's own code
 * never calls rte_panic (its errors are returned, doc/architecture.md); a driver that calls it
 * has chosen to end the process.
 */

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The calling thread's backtrace on stderr (glibc's backtrace; names need -rdynamic). */
void rte_dump_stack(void);

/* Log the message at CRIT with the function's name, dump the stack, abort(). */
#define rte_panic(...) rte_panic_(__func__, __VA_ARGS__, "dummy")
#define rte_panic_(func, format, ...) __rte_panic(func, format "%.0s", __VA_ARGS__)

/* DPDK's symbol name, so that binaries built against DPDK's headers link too. */
__rte_noreturn void __rte_panic(const char *funcname, const char *format, ...)
	__rte_format_printf(2, 3);

/* RTE_VERIFY always checks; RTE_ASSERT only when RTE_ENABLE_ASSERT is defined, as in DPDK. */
#define RTE_VERIFY(exp)                                                                             \
	do {                                                                                        \
		if (unlikely(!(exp)))                                                               \
			rte_panic("line %d\tassert \"%s\" failed\n", __LINE__, #exp);               \
	} while (0)

#ifdef RTE_ENABLE_ASSERT
#define RTE_ASSERT(exp) RTE_VERIFY(exp)
#else
#define RTE_ASSERT(exp) do { } while (0)
#endif

#ifdef __cplusplus
}
#endif
#endif
