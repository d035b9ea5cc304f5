/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_CONFIG_H
#define RTE_CONFIG_H

/*
 * Build-time limits and the target, under the names DPDK 22.11 generates into its
 * rte_build_config.h. DPDK code tests these with #if (RTE_EXEC_ENV_IS_WINDOWS in DPDK's own
 * unit tests, RTE_ARCH_X86 in PMDs), so each is defined to 0 or 1 where DPDK does, and an
 * RTE_ARCH_* only for the architecture being compiled for. The limits have DPDK's default
 * values: structures sized by them keep DPDK's layout.
 */

#define RTE_EXEC_ENV_LINUX 1
#define RTE_EXEC_ENV_LINUXAPP 1
#define RTE_EXEC_ENV_IS_LINUX 1
#define RTE_EXEC_ENV_IS_FREEBSD 0
#define RTE_EXEC_ENV_IS_WINDOWS 0

#if defined(__x86_64__)
#define RTE_ARCH_X86 1
#define RTE_ARCH_X86_64 1
#define RTE_ARCH_64 1
#define RTE_ARCH "x86_64"
#elif defined(__aarch64__)
#define RTE_ARCH_ARM 1
#define RTE_ARCH_ARM64 1
#define RTE_ARCH_64 1
#define RTE_ARCH "arm64"
#else
#error "openeal supports x86_64 and aarch64 (doc/architecture.md)"
#endif

/* 64 bytes on both targets: openeal's structures use one size on every build (doc/abi.md). */
#define RTE_CACHE_LINE_SIZE 64
#define RTE_CACHE_LINE_MIN_SIZE 64

#define RTE_MAX_LCORE 128
#define RTE_MAX_NUMA_NODES 32

#endif
