/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PMD_E1000_H
#define RTE_PMD_E1000_H

/*
 * net_e1000: a PCI driver for Intel 8254x/8257x gigabit controllers as QEMU emulates them
 * (82540EM: "-device e1000"; 82574L: "-device e1000e"). It has no packet path: it exists to
 * prove that a PMD reaches its BARs, I/O ports and interrupts the same way on every kernel
 * driver backend (vfio-pci, uio_pci_generic, igb_uio).
 *
 * At probe it resets the controller, reads the MAC address (RAL0/RAH0) and the link state,
 * maps the I/O BAR when the device has one, and registers an interrupt callback for link
 * changes and for a test cause software can raise. These calls answer for a probed device,
 * named as the bus names it ("0000:00:02.0"). Each returns 0, or -EINVAL (NULL argument),
 * -ENODEV (no device of that name probed by net_e1000), or as documented.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_PMD_E1000_DRIVER_NAME "net_e1000"

/* How often the device's interrupt callback ran, and which causes it found in ICR. */
struct rte_pmd_e1000_intr_stats {
	uint64_t callbacks; /* runs of the callback */
	uint64_t lsc;	    /* link status change */
	uint64_t test;	    /* the test cause raised by rte_pmd_e1000_test_intr_raise */
	uint64_t other;	    /* any other cause */
	uint64_t spurious;  /* runs that found no cause (shared INTx line, or already read) */
};

/* The MAC address read from RAL0/RAH0 at probe. */
int rte_pmd_e1000_mac_addr_get(const char *devname, uint8_t mac[6]);
/* The link state now (STATUS.LU): *up is 1 or 0. */
int rte_pmd_e1000_link_get(const char *devname, int *up);
int rte_pmd_e1000_intr_stats_get(const char *devname, struct rte_pmd_e1000_intr_stats *stats);
/* Make the device raise its test interrupt cause (a write to ICS); the callback counts it. */
int rte_pmd_e1000_test_intr_raise(const char *devname);
/*
 * The STATUS register read twice: through BAR0 (memory) and through the I/O BAR
 * (IOADDR/IODATA window). -ENOTSUP (with *mmio still set) when the device has no usable
 * I/O BAR.
 */
int rte_pmd_e1000_status_get(const char *devname, uint32_t *mmio, uint32_t *ioport);

#ifdef __cplusplus
}
#endif
#endif
