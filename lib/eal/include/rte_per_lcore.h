/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PER_LCORE_H
#define RTE_PER_LCORE_H

/* Per-lcore variables are thread-local, as in DPDK (lcores are threads: rte_lcore.h). */
#define RTE_DEFINE_PER_LCORE(type, name) __thread __typeof__(type) per_lcore_##name
#define RTE_DECLARE_PER_LCORE(type, name) extern __thread __typeof__(type) per_lcore_##name
#define RTE_PER_LCORE(name) (per_lcore_##name)

#endif
