/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_IOVA_DECIDE_H
#define EAL_IOVA_DECIDE_H

/*
 * The IOVA decision table as pure functions: facts in, mode, reason and per-device verdicts
 * out, no I/O. eal_iova.c gathers the facts and logs; the unit tests drive every row
 * (doc/iova.md lists them).
 */

#include <stdbool.h>

#include <rte_iova.h>

struct eal_iova_bus_input {
	const char *name;
	enum rte_iova_mode iommu_class; /* get_iommu_class, or summed from the described devices */
	bool described;			/* its devices are in the device list: class only reported */
};

struct eal_iova_input {
	enum rte_iova_mode requested; /* --iova-mode */
	bool phys_readable;
	bool hugepages; /* free hugepages and no --no-huge */
	bool no_huge;	/* --no-huge (for the fix text) */
	bool iommu_present;
	unsigned int iommu_addr_bits; /* 0: unknown */
	unsigned int va_bits;
	unsigned int nb_buses;
	struct eal_iova_bus_input buses[RTE_IOVA_MAX_BUSES];
	unsigned int nb_devices;
	struct rte_iova_device *devices; /* ok/why written by eal_iova_decide */
};

struct eal_iova_decision {
	enum rte_iova_mode mode; /* DC when error != 0 */
	int error;	  /* an errno when rte_eal_init must fail (--iova-mode=pa unusable) */
	const char *rule; /* "A1".."B7" */
	char reason[RTE_IOVA_TEXT_LEN];
	/* Why the mode is what it is, short, for the device lines: "--iova-mode=va". */
	char cause[RTE_IOVA_TEXT_LEN / 2];
	/* Some DMA memory has IOVA != VA: never set by the table, by the memory layer (fallback). */
	bool iova_remap;
	unsigned int nb_refused;
};

/* Decide the mode from in and write every device's verdict (in->devices[i].ok and why). */
void eal_iova_decide(struct eal_iova_input *in, struct eal_iova_decision *out);

/*
 * The verdict for one device under a decision already made (probe and hotplug time): sets
 * dev->ok and dev->why. in supplies the facts the fix depends on (its devices are not read).
 */
void eal_iova_verdict(const struct eal_iova_input *in, const struct eal_iova_decision *d,
		      struct rte_iova_device *dev);

#endif
