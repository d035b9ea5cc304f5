/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_UIO_COMMON_H
#define PCI_UIO_COMMON_H

/*
 * What the two uio backends (uio_pci_generic, igb_uio) share; internal to the PCI bus.
 *
 * Both kernel drivers expose a device the same way: /dev/uioN (found under the device's
 * sysfs "uio" directory) whose read() returns an interrupt count, and the sysfs files of the
 * PCI device itself: "resourceN" (mmap for memory BARs, pread/pwrite for I/O BARs) and
 * "config". They differ only in how an interrupt is unmasked again, so a backend is its
 * ops table plus a pci_uio_intr_setup_t that gives the interrupt handle its type and ops.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <bus_pci_driver.h>
#include <interrupts_driver.h>

/*
 * Called by pci_uio_map once /dev/uioN and the sysfs config file are open: h already has fd
 * (/dev/uioN), dev_fd (config) and a 4-byte read size; set its type and its operations.
 * 0 or a negative errno after one log line.
 */
typedef int (*pci_uio_intr_setup_t)(struct rte_pci_device *dev, struct rte_intr_handle *h);

/* The map op of a uio backend: uioN, /dev/uioN, every memory BAR, bus mastering, the
 * interrupt handle (dev->intr_handle, allocated here when the bus gave none). */
int pci_uio_map(struct rte_pci_device *dev, pci_uio_intr_setup_t intr_setup);
void pci_uio_unmap(struct rte_pci_device *dev);

/* Config space through the sysfs "config" file (kept open while mapped). */
int pci_uio_read_config(const struct rte_pci_device *dev, void *buf, size_t len, off_t off);
int pci_uio_write_config(const struct rte_pci_device *dev, const void *buf, size_t len, off_t off);

/*
 * I/O BARs through pread/pwrite on the sysfs "resourceN" file, whose offsets are port offsets
 * in the BAR; the kernel does the in/out instruction of the access's width (1, 2 or 4 bytes).
 * p->base holds that file's descriptor and p->len the BAR's length.
 */
int pci_uio_ioport_map(struct rte_pci_device *dev, int bar, struct rte_pci_ioport *p);
void pci_uio_ioport_read(struct rte_pci_ioport *p, void *data, size_t len, off_t off);
void pci_uio_ioport_write(struct rte_pci_ioport *p, const void *data, size_t len, off_t off);
int pci_uio_ioport_unmap(struct rte_pci_ioport *p);

/* uio gives the device no IOMMU mapping of its own: DMA addresses are physical ones. */
enum rte_iova_mode pci_uio_iova_constraint(const struct rte_pci_device *dev);

/* Rx-queue interrupts on a single-vector device: the uio fd itself is efds[0]. */
int pci_uio_efd_enable(struct rte_intr_handle *h, uint32_t nb_efd, void *priv);
void pci_uio_efd_disable(struct rte_intr_handle *h, void *priv);

/* ---- pieces of pci_uio_map, exposed for the unit tests ---- */

/* Where the uioN character devices are: "/dev". Unit tests point it at a temporary directory. */
extern const char *pci_uio_dev_dir;

/*
 * N of the single "uioN" entry in the device's "uio" directory (devdirfd: the device's sysfs
 * directory, devpath its path for messages), or a negative errno after one line naming the
 * device, the directory, what is wrong and how to fix it.
 */
int pci_uio_find_num(const struct rte_pci_device *dev, int devdirfd, const char *devpath);

/*
 * The file to mmap for memory BAR bar, written into name: "resourceN_wc" when the device's
 * driver sets RTE_PCI_DRV_WC_ACTIVATE, the BAR is prefetchable and the kernel offers that
 * file; "resourceN" otherwise. Returns whether the write-combining file was chosen.
 */
bool pci_uio_bar_file(const struct rte_pci_device *dev, int devdirfd, int bar, char *name,
		      size_t size);

#endif
