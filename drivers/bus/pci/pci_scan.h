/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_SCAN_H
#define PCI_SCAN_H

/*
 * Internal entry point for tools in this tree that link the static library (bench-scan; the
 * shared library does not export it, openeal list calls the bus's scan op): scan the PCI
 * devices directory ($SYSFS_PCI_DEVICES or /sys/bus/pci/devices) into the bus's device list,
 * as the bus's scan op does, without rte_eal_init. Also a rescan: devices in use are kept,
 * others refreshed or dropped. The devices are then reached with
 * rte_bus_find_by_name("pci")->find_device or RTE_DEV_FOREACH(dev, "bus=pci", &it), and
 * freed by the bus's cleanup op. 0, or -1 with rte_errno set (one line logged).
 */
int rte_pci_scan(void);

#endif
