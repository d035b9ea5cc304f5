/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_SYSFS_PARSE_H
#define PCI_SYSFS_PARSE_H

/*
 * Parsers for the text the kernel shows in a PCI device's sysfs directory. Pure functions on
 * a buffer (no I/O), so they can be tested and fuzzed alone. Each returns 0, or -1 with a
 * short reason written to why (for the one warning the scan prints).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bus_pci_driver.h>
#include <rte_pci.h>

/* What the scan takes from "uevent". */
struct pci_uevent {
	uint16_t vendor_id, device_id;
	uint16_t subsystem_vendor_id, subsystem_device_id;
	uint32_t class_id; /* 24 bits */
	char driver[32];   /* DRIVER=, "" when the device is unbound */
	bool has_slot;	   /* PCI_SLOT_NAME= was present */
	struct rte_pci_addr slot;
};

/* "KEY=value\n" lines; PCI_ID, PCI_SUBSYS_ID and PCI_CLASS are required, others optional. */
int pci_parse_uevent(const char *buf, size_t len, struct pci_uevent *ue, char *why, size_t whylen);

/*
 * The "resource" file: one "start end flags" line (hex) per resource. At least the 6 BAR
 * lines must be there; up to max lines are stored, later ones are checked but dropped.
 */
int pci_parse_resource(const char *buf, size_t len, struct rte_pci_resource *res, unsigned int max,
		       unsigned int *nb, char *why, size_t whylen);

/* One number and an optional newline, nothing else: decimal (optionally negative) or hex
 * with a "0x" prefix, within [min, max]. */
int pci_parse_long(const char *buf, size_t len, long min, long max, long *value, char *why,
		   size_t whylen);
int pci_parse_hex(const char *buf, size_t len, uint64_t max, uint64_t *value, char *why,
		  size_t whylen);

/* The number at the end of a link target ("../../../kernel/iommu_groups/12" -> 12). */
int pci_parse_link_number(const char *target, long *value, char *why, size_t whylen);

/*
 * A directory name that is a number exactly as the kernel prints one ("%d", not negative):
 * no sign, no leading zero, nothing after, at most UINT32_MAX. Such names can be compared as
 * numbers; "007" and "7" are different directories.
 */
bool pci_parse_canonical_number(const char *name, uint32_t *value);
/* The PCI address at the end of a link target ("../0000:00:03.0"). */
int pci_parse_link_addr(const char *target, struct rte_pci_addr *addr, char *why, size_t whylen);

#endif
