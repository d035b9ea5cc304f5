/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_BACKEND_H
#define PCI_BACKEND_H

/*
 * Kernel-driver backends (internal to the PCI bus). How a device's BARs, config space and I/O
 * ports are reached depends on the kernel driver holding it (vfio-pci, uio_pci_generic,
 * igb_uio). Each backend is one file that fills this table and registers it from a
 * constructor; the scan gives every device the backend named by its sysfs driver, and common
 * code only ever calls through dev->backend. Adding a backend is adding a file.
 */

#include <stdint.h>
#include <sys/types.h>

#include <bus_pci_driver.h>
#include <interrupts_driver.h>
#include <rte_common.h>
#include <rte_eal.h>

struct rte_pci_backend {
	/* The sysfs driver name this backend serves ("vfio-pci"). */
	const char *kdrv_name;
	/* Reported in rte_pci_device.kdrv for devices on this backend. */
	enum rte_pci_kernel_driver kdrv;
	/*
	 * Map every BAR (mem_resource[i].addr) and make the device usable. On success the
	 * backend sets dev->backend_priv to non-NULL (its state): the bus reads that as
	 * "mapped" and calls unmap exactly once later. 0, or a negative errno after one log
	 * line saying what failed and what to do.
	 */
	int (*map)(struct rte_pci_device *dev);
	/* Undo map: clear mem_resource[i].addr, free backend_priv and set it to NULL. */
	void (*unmap)(struct rte_pci_device *dev);
	/* Config space; bytes transferred or negative. NULL: the bus uses sysfs "config". */
	int (*read_config)(const struct rte_pci_device *dev, void *buf, size_t len, off_t off);
	int (*write_config)(const struct rte_pci_device *dev, const void *buf, size_t len,
			    off_t off);
	/* I/O-port BARs, as rte_pci_ioport_* (NULL: not supported by this backend). */
	int (*ioport_map)(struct rte_pci_device *dev, int bar, struct rte_pci_ioport *p);
	void (*ioport_read)(struct rte_pci_ioport *p, void *data, size_t len, off_t off);
	void (*ioport_write)(struct rte_pci_ioport *p, const void *data, size_t len, off_t off);
	int (*ioport_unmap)(struct rte_pci_ioport *p);
	/* IOVA mode this device needs on this backend (RTE_IOVA_DC: either; NULL: DC). */
	enum rte_iova_mode (*iova_constraint)(const struct rte_pci_device *dev);
	/* Interrupts: the backend attaches ops to each handle it creates (interrupts_driver.h). */
	TAILQ_ENTRY(rte_pci_backend) next;
};

/* Add a backend. A second backend for the same kdrv_name is refused with a log line. */
void rte_pci_backend_register(struct rte_pci_backend *be);
/* The backend for a sysfs driver name, or NULL when none serves it. */
const struct rte_pci_backend *rte_pci_backend_find(const char *kdrv_name);

/*
 * Interrupt-handle efd ops (rte_intr_efd_enable/disable) for a backend whose interrupt has a
 * single vector: Rx events arrive on the handle's own fd, which becomes efds[0].
 */
int pci_single_efd_enable(struct rte_intr_handle *h, uint32_t nb_efd, void *priv);
void pci_single_efd_disable(struct rte_intr_handle *h, void *priv);

#define RTE_PCI_BACKEND_REGISTER(be)                  \
	RTE_INIT_PRIO(pci_backend_register_##be, BUS) \
	{                                             \
		rte_pci_backend_register(&(be));      \
	}

#endif
