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
 * kernel driver's name plus a pci_uio_intr_setup_t that gives the interrupt handle its type
 * and ops; the operations table is the same for both.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <bus_pci_driver.h>
#include <interrupts_driver.h>

#include "pci_backend.h"

/*
 * Called by the map op once /dev/uioN and the sysfs config file are open: h already has fd
 * (/dev/uioN), dev_fd (config) and a 4-byte read size; set its type and its operations.
 * 0 or a negative errno after one log line.
 */
typedef int (*pci_uio_intr_setup_t)(struct rte_pci_device *dev, struct rte_intr_handle *h);

/*
 * A uio backend: the backend sets be.kdrv_name, be.kdrv and intr_setup; registration fills
 * every operation of be with the common uio ones (map: uioN, /dev/uioN, every memory BAR,
 * bus mastering, then the interrupt handle through intr_setup; config space through the sysfs
 * "config" file; I/O BARs through pread/pwrite on "resourceN"; IOVA as physical addresses).
 */
struct pci_uio_backend {
	struct rte_pci_backend be;
	pci_uio_intr_setup_t intr_setup;
	/*
	 * The handle type whose meaning is this driver's interrupt control, and the operations
	 * for handles of that type that carry none (an application's own handle on a /dev/uioN
	 * fd, as DPDK code builds them): priv is NULL there. RTE_INTR_HANDLE_UNKNOWN: none.
	 */
	enum rte_intr_handle_type default_type;
	const struct rte_intr_ops *default_ops;
};

void pci_uio_backend_register(struct pci_uio_backend *ub);

#define PCI_UIO_BACKEND_REGISTER(ub)                      \
	RTE_INIT_PRIO(pci_uio_backend_register_##ub, BUS) \
	{                                                 \
		pci_uio_backend_register(&(ub));          \
	}

/* ---- pieces of the map op, exposed for the unit tests ---- */

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
