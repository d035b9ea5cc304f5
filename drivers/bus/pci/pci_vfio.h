/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_VFIO_H
#define PCI_VFIO_H

/*
 * State of a device mapped by the vfio-pci backend, shared by pci_vfio.c (device, regions,
 * BARs, config, I/O ports) and pci_vfio_intr.c (the interrupt handle and the device request
 * interrupt). Internal to the PCI bus.
 */

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <bus_pci_driver.h>

struct pci_vfio_req;

/* dev->backend_priv while the device is mapped. */
struct pci_vfio_state {
	struct rte_pci_device *dev;
	int dev_fd;	    /* from rte_vfio_setup_device */
	uint32_t dev_flags; /* vfio_device_info.flags */
	uint64_t cfg_offset, cfg_size;
	/* BAR regions: where they are in the device fd (pread/pwrite, mmap) and their sizes. */
	uint64_t bar_offset[PCI_MAX_RESOURCE];
	uint64_t bar_size[PCI_MAX_RESOURCE];
	/* The address range reserved for each mmapped BAR (its pieces are mapped inside). */
	void *bar_map[PCI_MAX_RESOURCE];
	size_t bar_map_len[PCI_MAX_RESOURCE];
	bool bus_master; /* map turned Bus Master Enable on: unmap turns it off */

	/* Interrupts (pci_vfio_intr.c). */
	bool own_intr_handle; /* dev->intr_handle was allocated by map, freed by unmap */
	int intr_index;	      /* VFIO_PCI_{INTX,MSI,MSIX}_IRQ_INDEX, or -1: none */
	uint32_t intr_vectors;
	int intr_fd; /* eventfd of vector 0, -1 when none */
	/* Guards enabled_vectors: enable/disable/ack may come from any thread. */
	pthread_mutex_t intr_lock;
	uint32_t enabled_vectors; /* vectors the kernel has triggers for; 0: disabled */
	struct pci_vfio_req *req;
};

/* VFIO_DEVICE_SET_IRQS with count eventfds (fds NULL: DATA_NONE). 0 or -errno, no log. */
int pci_vfio_set_irqs(const struct pci_vfio_state *st, uint32_t index, uint32_t action,
		      uint32_t count, const int32_t *fds);

/*
 * Give dev->intr_handle its eventfd, type and operations for the mechanism chosen from what
 * the device offers and --vfio-intr. 0, or -errno after one line (nothing left behind).
 */
int pci_vfio_intr_setup(struct pci_vfio_state *st);
/* Disable the interrupt if enabled, close the eventfds, release dev->intr_handle. */
void pci_vfio_intr_teardown(struct pci_vfio_state *st);

/*
 * Register the device request interrupt: when the kernel wants the device back (host
 * hot-unplug, unbind), the EAL interrupt thread removes the device's driver, which unmaps and
 * releases it. 0 (also when the kernel offers no request interrupt: one NOTICE line), or
 * -errno after one line.
 */
int pci_vfio_req_setup(struct pci_vfio_state *st);
/* Stop the request interrupt; safe from its own callback (the removal path runs there). */
void pci_vfio_req_teardown(struct pci_vfio_state *st);

#endif
