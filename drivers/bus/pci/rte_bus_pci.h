/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_BUS_PCI_H
#define RTE_BUS_PCI_H

/* Application- and driver-facing PCI bus API (DPDK 22.11 names; public and stable here). */

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include <rte_common.h>
#include <rte_pci.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_pci_device;
struct rte_pci_driver;

/* Print every scanned PCI device (address, ids, driver, BARs) to f. */
void rte_pci_dump(FILE *f);

/*
 * Configuration space access through the device's kernel-driver backend (sysfs "config" for
 * devices not bound to a userspace driver). Return the number of bytes transferred, or a
 * negative value on error.
 */
int rte_pci_read_config(const struct rte_pci_device *device, void *buf, size_t len, off_t offset);
int rte_pci_write_config(const struct rte_pci_device *device, const void *buf, size_t len,
			 off_t offset);

/*
 * Capability walks with loop guards and bounds checks. Return the capability's offset in
 * config space, 0 when absent, or a negative value when config space cannot be read.
 */
off_t rte_pci_find_capability(const struct rte_pci_device *dev, uint8_t cap);
/* The next capability cap after the one at offset (offset 0: from the start). */
off_t rte_pci_find_next_capability(const struct rte_pci_device *dev, uint8_t cap, off_t offset);
off_t rte_pci_find_ext_capability(const struct rte_pci_device *dev, uint32_t cap);

/* Set or clear Bus Master Enable in the command register. 0, or negative on error. */
int rte_pci_set_bus_master(const struct rte_pci_device *dev, bool enable);

/* MMIO access to a mapped BAR with bounds checks. Bytes transferred, or negative. */
int rte_pci_mmio_read(const struct rte_pci_device *device, int bar, void *buf, size_t len,
		      off_t offset);
int rte_pci_mmio_write(const struct rte_pci_device *device, int bar, const void *buf, size_t len,
		       off_t offset);

/* An I/O-port BAR as the backend gives it to a driver. */
struct rte_pci_ioport {
	struct rte_pci_device *dev;
	uint64_t base;
	uint64_t len; /* only filled by some backends */
};
int rte_pci_ioport_map(struct rte_pci_device *dev, int bar, struct rte_pci_ioport *p);
void rte_pci_ioport_read(struct rte_pci_ioport *p, void *data, size_t len, off_t offset);
void rte_pci_ioport_write(struct rte_pci_ioport *p, const void *data, size_t len, off_t offset);
int rte_pci_ioport_unmap(struct rte_pci_ioport *p);

#ifdef __cplusplus
}
#endif
#endif
