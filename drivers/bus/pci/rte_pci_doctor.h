/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PCI_DOCTOR_H
#define RTE_PCI_DOCTOR_H

/*
 * What stands between each PCI function and an openeal driver, with the command that fixes it:
 * the library behind `openeal doctor` (doc/doctor.md), for any tool or application that wants
 * to explain a device that was not probed (openeal; DPDK has no equivalent).
 *
 * rte_pci_doctor_run reads the machine's facts (rte_eal_doctor.h), scans the PCI devices
 * directory ($SYSFS_PCI_DEVICES or /sys/bus/pci/devices), asks the IOVA decision what
 * rte_eal_init would choose (rte_eal_iova_evaluate: the same table, nothing initialised), and
 * judges every function: its kernel driver (rte_pci_bind.h's view), its IOMMU group with the
 * group's type and whether VFIO can use it (the binding code's viability rule), the openeal PMD
 * whose ID table matches it, and the IOVA decision's verdict. Nothing is probed, mapped or
 * bound. Only for the real sysfs (SYSFS_PCI_DEVICES unset), when a function is on vfio-pci in
 * a viable group, is that group opened in a container of its own for VFIO's usable IOVA
 * ranges, and closed again.
 *
 * Not for a process whose EAL is initialised: a scan there would disturb the probed devices,
 * and that process's own decision is rte_eal_iova_report / rte_eal_iova_devices.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_eal_doctor.h>
#include <rte_iova.h>
#include <rte_pci_bind.h>
#include <rte_vfio_ext.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_PCI_DOCTOR_MAX_BLOCKING 8
#define RTE_PCI_DOCTOR_TEXT_LEN 512

enum rte_pci_doctor_verdict {
	RTE_PCI_DOCTOR_PROBEABLE,     /* an openeal PMD would take it now */
	RTE_PCI_DOCTOR_NOT_PROBEABLE, /* a PMD matches, but something stops it: reason, fix */
	RTE_PCI_DOCTOR_NO_PMD,	      /* no openeal PMD matches its ids: not for openeal */
};

/* A function of the same IOMMU group that keeps VFIO from using the group. */
struct rte_pci_doctor_member {
	char addr[PCI_PRI_STR_SIZE];
	char driver[RTE_PCI_BIND_NAME_MAX];
};

struct rte_pci_doctor_device {
	/* Address, ids, class, binding (userspace/kernel/none), driver, override, IOMMU group,
	 * network interfaces: as rte_pci_bind_status_list reads them. */
	struct rte_pci_bind_status status;
	char name[PCI_PRI_STR_SIZE];
	/* The group's sysfs type ("DMA", "DMA-FQ", "identity"; "" when no group or unreadable)
	 * and what it does to the device's addresses. */
	char group_type[16];
	enum rte_iova_domain domain;
	/* VFIO can use the group: every other function unbound or on vfio-pci, pci-stub or
	 * pcieport. False without a group. */
	bool vfio_viable;
	unsigned int nb_blocking; /* functions keeping it from VFIO (the first MAX are listed) */
	struct rte_pci_doctor_member blocking[RTE_PCI_DOCTOR_MAX_BLOCKING];
	char pmd[64]; /* the openeal PMD that would take it; "" when none matches */
	/* The IOVA decision's view of it (need, verdict, line), when it took part. */
	bool described;
	struct rte_iova_device iova;

	enum rte_pci_doctor_verdict verdict;
	char reason[RTE_PCI_DOCTOR_TEXT_LEN]; /* why not probeable, or why not for openeal */
	char fix[RTE_PCI_DOCTOR_TEXT_LEN];    /* the command or step that fixes it; "" if none */
};

/* VFIO_IOMMU_GET_INFO of one viable vfio-pci group, the IOMMU as VFIO will use it. */
struct rte_pci_doctor_vfio {
	bool asked; /* a group was tried */
	int group;  /* which one */
	int error;  /* 0, or the errno of the failed step (its line was logged) */
	struct rte_vfio_iommu_info info;
	unsigned int addr_bits; /* bits the highest usable IOVA needs; 0 when unknown */
};

struct rte_pci_doctor {
	struct rte_eal_doctor_host host;
	/* What rte_eal_init would decide with the options given (rule A2, mode DC: it fails). */
	struct rte_iova_report iova;
	struct rte_pci_doctor_vfio vfio;
	/* The IOMMU's address width and where it came from: "intel-iommu/cap" (the narrowest
	 * MGAW, the IOVA decision's input), else "vfio" (usable ranges); NULL when unknown. */
	unsigned int addr_bits;
	const char *addr_bits_source;
	bool vfio_pci_loaded; /* the PCI bus has a vfio-pci driver */
	size_t nb_devices;    /* every function, in address order */
	struct rte_pci_doctor_device *devices;
};

/*
 * Fill *d as described above for rte_eal_init options --iova-mode requested (RTE_IOVA_DC: not
 * given) and --no-huge (no_huge). 0 even when the report shows problems; -1 with rte_errno set
 * when it cannot be produced: EINVAL (d NULL), EBUSY (the EAL is initialised), or the errno of a
 * failed scan or status read (its line was logged). Free with rte_pci_doctor_free.
 */
int rte_pci_doctor_run(struct rte_pci_doctor *d, enum rte_iova_mode requested, bool no_huge);
void rte_pci_doctor_free(struct rte_pci_doctor *d);

/* "probeable", "not_probeable", "no_pmd". */
const char *rte_pci_doctor_verdict_name(enum rte_pci_doctor_verdict verdict);

#ifdef __cplusplus
}
#endif
#endif
