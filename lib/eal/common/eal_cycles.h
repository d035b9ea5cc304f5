/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_CYCLES_H
#define EAL_CYCLES_H

/*
 * Where rte_get_tsc_hz() gets the TSC frequency (doc/cycles.md), tried in this order. Each
 * source returns the frequency in Hz, or 0 when it does not know it.
 */

#include <stddef.h>
#include <stdint.h>

enum eal_tsc_source {
	EAL_TSC_SRC_CPUID_15H,	  /* x86 CPUID leaf 0x15: crystal clock and TSC ratio */
	EAL_TSC_SRC_HYPERVISOR,	  /* x86 CPUID leaf 0x40000010 (KVM, VMware, ACRN guests) */
	EAL_TSC_SRC_ARCH_COUNTER, /* arm64: CNTFRQ_EL0; elsewhere the counter is in ns */
	EAL_TSC_SRC_SYSFS,	  /* /sys/devices/system/cpu/cpu0/tsc_freq_khz, where it exists */
	EAL_TSC_SRC_CPUINFO,	  /* /proc/cpuinfo "cpu MHz" when it is the kernel's cpu_khz */
	EAL_TSC_SRC_MEASURED,	  /* 2 ms against CLOCK_MONOTONIC_RAW */
};

/* (common/eal_common_cycles.c) */
uint64_t eal_tsc_hz_cpuid_15h(void);
uint64_t eal_tsc_hz_hypervisor(void);
uint64_t eal_tsc_hz_arch_counter(void);
/* Count TSC cycles for ms milliseconds of CLOCK_MONOTONIC_RAW, busy. */
uint64_t eal_tsc_hz_measure(unsigned int ms);
/* The source rte_get_tsc_hz() used (it looks the frequency up first if needed). */
enum eal_tsc_source eal_tsc_hz_source(void);
const char *eal_tsc_source_name(enum eal_tsc_source src);

/*
 * The "cpu MHz" of the first processor in /proc/cpuinfo text, in Hz, when that figure is the
 * kernel's fixed cpu_khz and the TSC runs at it: the CPU has constant_tsc and nonstop_tsc and
 * no aperfmperf (with which the kernel prints a sampled current frequency instead). 0
 * otherwise. (common/eal_common_cycles.c; pure, fuzzed)
 */
uint64_t eal_tsc_hz_parse_cpuinfo(const char *text, size_t len);

/*
 * (linux/eal_tsc_freq.c) The file sources, from these paths (NULL: the real ones).
 * cpuinfo also needs cpufreq_dir to be absent: with a cpufreq driver "cpu MHz" is its current
 * frequency.
 */
uint64_t eal_tsc_hz_sysfs(const char *path);
uint64_t eal_tsc_hz_cpuinfo(const char *path, const char *cpufreq_dir);

#endif
