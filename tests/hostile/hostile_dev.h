/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef HOSTILE_DEV_H
#define HOSTILE_DEV_H

#include "fake_sysfs.h"

/*
 * A function for the hostile trees: one 128 KiB memory BAR, on driver (NULL: none), in IOMMU
 * group (-1: none), with ids no PMD takes, so that rte_eal_init never reaches for the host's
 * vfio or uio.
 */
struct fake_pci_dev hostile_dev(const char *addr, const char *driver, int group);

#endif
