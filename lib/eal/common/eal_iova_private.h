/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_IOVA_PRIVATE_H
#define EAL_IOVA_PRIVATE_H

/*
 * The IOVA decision inside the EAL: rte_eal_init runs it once the buses are scanned, and
 * rte_eal_cleanup forgets it. The facts about the machine come from per-OS probes
 * (lib/eal/linux/eal_iova_probe.c), each cheap enough for rte_eal_init.
 */

#include <stdbool.h>

#include <rte_iova.h>

#include "eal_private.h"

/*
 * Gather the facts, decide, log every input and the conclusion at INFO, and set the mode
 * rte_eal_iova_mode() reports. 0, or -1 with rte_errno set and one line logged when the
 * requested mode cannot work (--iova-mode=pa without usable physical addresses).
 */
int eal_iova_decide_mode(const struct eal_config *cfg);
/* Forget the decision and the devices (rte_eal_cleanup, failed init). */
void eal_iova_forget(void);
/* The IOMMU address width the decision read: 0 when there is no IOMMU or it is not known. */
unsigned int eal_iova_dma_addr_bits(void);
/*
 * The memory layer could not keep IOVA = VA for some DMA memory (doc/memory.md "The
 * fallback"): the report says so (iova_remap, and why appended to its reason). true the first
 * time, so that the caller logs its one warning line only then.
 */
bool eal_iova_note_fallback(const char *why);

/* Per-OS probes. */
/* Does /proc/self/pagemap give this process non-zero frame numbers? Probed once. */
bool eal_iova_phys_readable(void);
/* Is there an IOMMU ($SYSFS_CLASS_IOMMU or $SYSFS_IOMMU_GROUPS not empty)? */
bool eal_iova_iommu_present(void);
/* The narrowest IOMMU address width the kernel shows (Intel VT-d MGAW), 0 when unknown. */
unsigned int eal_iova_iommu_addr_bits(void);
/* How many bits the process's virtual addresses use (its highest mappings: the stack). */
unsigned int eal_iova_va_bits(void);

#endif
