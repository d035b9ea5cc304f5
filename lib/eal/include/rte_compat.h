/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_COMPAT_H
#define RTE_COMPAT_H

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

#endif
