/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_RANDOM_H
#define RTE_RANDOM_H

/*
 * Fast pseudo-random numbers (DPDK 22.11's API), not for cryptography. Each thread has its
 * own generator state, so calls from different threads never contend; the generators are
 * seeded from the kernel's entropy when the library loads, and rte_srand reseeds every
 * thread's generator (each thread's sequence is then a function of the seed and of the order
 * in which threads first drew a number).
 */

#include <stdint.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Reseed every thread's generator from seedval (effective at each thread's next draw). */
void rte_srand(uint64_t seedval);

/* A uniformly distributed 64-bit number. */
uint64_t rte_rand(void);

/* A uniformly distributed number in [0, upper_bound); 0 when upper_bound is 0 or 1. */
uint64_t rte_rand_max(uint64_t upper_bound);

/* A uniformly distributed double in [0, 1). */
__rte_experimental
double rte_drand(void);

#ifdef __cplusplus
}
#endif
#endif
