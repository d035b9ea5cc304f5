/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OPENEAL_FAKE_SYSFS_HOST_H
#define OPENEAL_FAKE_SYSFS_HOST_H

/*
 * The machine-wide parts of a fake sysfs tree, next to the PCI devices of fake_sysfs.h (same
 * root R; additive, that header is unchanged):
 *
 *   R/class/iommu/<name>/intel-iommu/cap     (Intel: the capability register, hex)
 *   R/class/iommu/<name>/amd-iommu/          (AMD)
 *   R/kernel/mm/hugepages/hugepages-<kB>kB/{nr_hugepages, free_hugepages}
 *   R/devices/system/node/node<N>/hugepages/hugepages-<kB>kB/{nr_hugepages, free_hugepages}
 *   R/proc/self/mountinfo                    (empty until lines are added)
 *
 * fake_sysfs_host_env() points every override variable at the tree: SYSFS_PCI_DEVICES,
 * SYSFS_CLASS_IOMMU, SYSFS_IOMMU_GROUPS, SYSFS_HUGEPAGES, SYSFS_NODES, OPENEAL_MOUNTINFO (the
 * EAL's IOVA decision and memory code read the same ones as the doctor);
 * fake_sysfs_host_env_clear() unsets the IOMMU ones and puts the others back where
 * test_restore_sysfs_env() says (the process's empty tree). 0 or -1 with errno, as fake_sysfs.h.
 */

#include <stdint.h>

#include "fake_sysfs.h"

int fake_sysfs_add_intel_iommu(struct fake_sysfs *fs, const char *name, uint64_t cap);
int fake_sysfs_add_amd_iommu(struct fake_sysfs *fs, const char *name);
/* Write the counts of one hugepage size (node < 0: the machine-wide directory). */
int fake_sysfs_set_hugepages(struct fake_sysfs *fs, int node, unsigned long size_kb,
			     unsigned long nr, unsigned long free);
/* Append one line (without newline) to R/proc/self/mountinfo. */
int fake_sysfs_add_mountinfo(struct fake_sysfs *fs, const char *line);

int fake_sysfs_host_env(struct fake_sysfs *fs);
void fake_sysfs_host_env_clear(void);

#endif
