/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_VFIO_CALC_H
#define PCI_VFIO_CALC_H

/*
 * The decisions of the vfio-pci backend that need no kernel: which pieces of a BAR may be
 * mmapped, and which interrupt mechanism a device gets. Pure functions (no system calls, no
 * global state) so that the unit tests can cover every case; pci_vfio.c feeds them what VFIO
 * and config space report. Internal to the PCI bus.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_eal.h>
#include <rte_vfio_ext.h>

/* A part of a BAR to mmap: offset from the BAR's start and length. */
struct pci_vfio_piece {
	uint64_t offset;
	uint64_t len;
};

/* Each allowed area loses at most a middle part to the MSI-X hole: two pieces per area. */
#define PCI_VFIO_MAX_PIECES (2 * RTE_VFIO_MAX_SPARSE_AREAS)

struct pci_vfio_bar_layout {
	uint64_t bar_size;  /* the region's size from VFIO */
	uint64_t page_size; /* a power of two */
	/*
	 * The MSI-X table when it lies in this BAR and may not be mmapped (the region has no
	 * MSIX_MAPPABLE capability); table_size 0 otherwise.
	 */
	uint64_t table_offset;
	uint64_t table_size;
	/* The region's sparse-mmap capability: only these areas may be mmapped. */
	bool sparse;
	const struct rte_vfio_area *areas;
	uint32_t nb_areas;
};

/*
 * The pieces of the BAR that may be mmapped, in ascending order of the allowed areas: the
 * areas (the whole BAR without a sparse capability) less the MSI-X table rounded out to whole
 * pages, since mmap protects pages. Empty pieces are left out; 0 pieces means nothing may be
 * mmapped (e.g. a sub-page BAR holding the table).
 * Returns the number of pieces written to out, -EINVAL for inconsistent input (page size not
 * a power of two, a table or area outside the BAR, an area not starting on a page), -E2BIG if
 * max is too small.
 */
int pci_vfio_mmap_pieces(const struct pci_vfio_bar_layout *in, struct pci_vfio_piece *out,
			 unsigned int max);

/* Vectors each VFIO interrupt index offers with eventfd signalling (0: none or no eventfd). */
struct pci_vfio_irq_counts {
	uint32_t intx;
	uint32_t msi;
	uint32_t msix;
};

/*
 * The interrupt mechanism for a device: with mode RTE_INTR_MODE_NONE (no --vfio-intr) the best
 * it has, MSI-X, then MSI, then INTx; otherwise exactly the requested one. *index gets
 * VFIO_PCI_{MSIX,MSI,INTX}_IRQ_INDEX, or -1 when the device has no interrupt at all and none
 * was requested (not an error: a driver may not need one).
 * Returns 0, or -ENOTSUP when the requested mechanism is absent: msg then holds the one line
 * to log (device, what was asked, what the device has, the fix).
 */
int pci_vfio_intr_choose(const struct pci_vfio_irq_counts *c, enum rte_intr_mode mode,
			 const char *dev_name, int *index, char *msg, size_t msg_size);

/* "MSI-X", "MSI", "INTx" for a VFIO interrupt index ("none" for -1). */
const char *pci_vfio_intr_name(int index);

#endif
