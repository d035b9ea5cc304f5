/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_DOCTOR_PRIVATE_H
#define PCI_DOCTOR_PRIVATE_H

/*
 * The pieces of rte_pci_doctor_run (rte_pci_doctor.h): reading one function's IOMMU group, the
 * VFIO question, and the verdict, which is pure so that the unit tests can drive every rule
 * with crafted facts.
 */

#include <stdbool.h>

#include <rte_pci_doctor.h>

/*
 * The group of dev (dev->status names it): its type, domain, and the other functions that keep
 * VFIO from using it (rte_pci_bind's viability rule). dev_dir is the function's sysfs
 * directory.
 */
void pci_doctor_group_read(const char *dev_dir, struct rte_pci_doctor_device *dev);

/*
 * Ask VFIO for the usable IOVA ranges through the first function on vfio-pci whose group is
 * viable, in a container of its own that is destroyed again (fills d->vfio).
 */
void pci_doctor_vfio_ask(struct rte_pci_doctor *d);

/*
 * The verdict on dev (its facts filled) under d's machine facts, IOVA decision and
 * vfio_pci_loaded: verdict, reason, fix. needs_mapping: the matching PMD needs the device's
 * BARs mapped (RTE_PCI_DRV_NEED_MAPPING), so the device must be on a userspace driver.
 */
void pci_doctor_judge(const struct rte_pci_doctor *d, struct rte_pci_doctor_device *dev,
		      bool needs_mapping);

#endif
