/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_CYCLES_H
#define RTE_CYCLES_H

/*
 * Time-stamp counter and delays, with DPDK 22.11's names. The TSC frequency is the one the
 * kernel or the CPU already knows, looked up at the first rte_get_tsc_hz() call (no calibration
 * sleep at rte_eal_init, where DPDK sleeps about 100 ms); only when nothing knows it is it
 * measured, for 2 ms, against CLOCK_MONOTONIC_RAW. doc/cycles.md lists the sources in order.
 */

#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The cycle counter: TSC on x86, the virtual counter on arm64, else nanoseconds. */
static inline uint64_t rte_rdtsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
#elif defined(__aarch64__)
	uint64_t v;
	__asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(v));
	return v;
#else
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

/* rte_rdtsc after every earlier load and store has completed (a full barrier first). */
static inline uint64_t rte_rdtsc_precise(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ __volatile__("mfence" ::: "memory");
#elif defined(__aarch64__)
	__asm__ __volatile__("dsb sy\n\tisb" ::: "memory");
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
	return rte_rdtsc();
}

static inline uint64_t rte_get_tsc_cycles(void)
{
	return rte_rdtsc();
}

/* Cycles of rte_rdtsc per second (never 0). */
uint64_t rte_get_tsc_hz(void);

/* DPDK's timer: the TSC (openeal has no HPET support). */
static inline uint64_t rte_get_timer_cycles(void)
{
	return rte_get_tsc_cycles();
}

static inline uint64_t rte_get_timer_hz(void)
{
	return rte_get_tsc_hz();
}

/* Busy-wait at least us microseconds (CLOCK_MONOTONIC, so never short by a frequency error). */
void rte_delay_us_block(unsigned int us);
/* Sleep at least us microseconds (nanosleep), giving the CPU away. */
void rte_delay_us_sleep(unsigned int us);
/* Wait at least us microseconds: rte_delay_us_block unless a callback was registered. */
void rte_delay_us(unsigned int us);
/* Make rte_delay_us call userfunc (NULL: back to rte_delay_us_block). */
void rte_delay_us_callback_register(void (*userfunc)(unsigned int us));

static inline void rte_delay_ms(unsigned int ms)
{
	rte_delay_us(ms * 1000u);
}

#ifdef __cplusplus
}
#endif
#endif
