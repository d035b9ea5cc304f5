/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_DOCTOR_PRIVATE_H
#define EAL_DOCTOR_PRIVATE_H

/*
 * The pieces of rte_eal_doctor_host_read (rte_eal_doctor.h), one reader per topic, and the
 * pure decoders the unit tests drive with crafted input.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_eal_doctor.h>

/* The IOMMU units of $SYSFS_CLASS_IOMMU (or /sys/class/iommu), sorted by name. */
void eal_doctor_read_iommus(struct rte_eal_doctor_host *host);
/* Hugepage sizes with their per-node counts, and the hugetlbfs mounts. */
void eal_doctor_read_hugepages(struct rte_eal_doctor_host *host);

/*
 * Decode VT-d's capability register (the hex text of intel-iommu/cap) into u's mgaw_bits
 * (bits 21:16, plus one) and sagaw_bits (bits 12:8: bit n means a (2 + n)-level page table,
 * 30 + 9n address bits, at most 64).
 */
void eal_doctor_vtd_cap_decode(uint64_t cap, struct rte_eal_doctor_iommu *u);

#endif
