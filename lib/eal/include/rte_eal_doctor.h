/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_EAL_DOCTOR_H
#define RTE_EAL_DOCTOR_H

/*
 * The machine's facts that userspace DMA depends on, for `openeal doctor` and any tool that
 * wants to explain why a device cannot be used (openeal; DPDK has no equivalent): the IOMMU
 * units and their address width, hugepages per size and NUMA node, hugetlbfs mounts, the
 * locked-memory limit, and whether this process can read physical addresses. Nothing needs the
 * EAL to be initialised; nothing is changed. The per-device half (IOMMU groups, drivers,
 * verdicts) is the PCI bus's: rte_pci_doctor.h.
 *
 * Where the facts come from (each directory can be replaced for tests, as $SYSFS_PCI_DEVICES
 * replaces the PCI devices directory):
 *   IOMMU units     $SYSFS_CLASS_IOMMU   or /sys/class/iommu      (as the IOVA decision)
 *   hugepages       $SYSFS_HUGEPAGES     or /sys/kernel/mm/hugepages
 *   per NUMA node   $SYSFS_NODES         or /sys/devices/system/node
 *   mounts          $OPENEAL_MOUNTINFO   or /proc/self/mountinfo  (as rte_pci_bind)
 *   memlock         getrlimit(RLIMIT_MEMLOCK), VmLck and CapEff of /proc/self/status
 *   pagemap         the IOVA decision's own probe of /proc/self/pagemap
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_memory.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_EAL_DOCTOR_MAX_IOMMUS 16
#define RTE_EAL_DOCTOR_MAX_SAGAW 5
#define RTE_EAL_DOCTOR_MAX_HUGEPAGE_SIZES 4
#define RTE_EAL_DOCTOR_MAX_MOUNTS 8

/* What kind of IOMMU a /sys/class/iommu entry is, from the attribute directory it has. */
enum rte_eal_doctor_iommu_kind {
	RTE_EAL_DOCTOR_IOMMU_OTHER = 0, /* an entry without intel-iommu/ or amd-iommu/ (SMMU...) */
	RTE_EAL_DOCTOR_IOMMU_INTEL,	/* intel-iommu/: VT-d, a DMAR unit */
	RTE_EAL_DOCTOR_IOMMU_AMD,	/* amd-iommu/: AMD-Vi */
};

struct rte_eal_doctor_iommu {
	char name[32]; /* "dmar0", "ivhd0" */
	enum rte_eal_doctor_iommu_kind kind;
	/* Intel only (intel-iommu/cap), 0 / none when unreadable or not Intel: */
	unsigned int mgaw_bits; /* maximum guest address width */
	unsigned int nb_sagaw;	/* page-table depths it supports, as address widths */
	unsigned int sagaw_bits[RTE_EAL_DOCTOR_MAX_SAGAW]; /* ascending: 39, 48, 57 */
};

struct rte_eal_doctor_hugepages {
	uint64_t page_size;    /* bytes */
	unsigned long nr;      /* nr_hugepages: reserved */
	unsigned long free;    /* free_hugepages */
	unsigned int nb_nodes; /* NUMA nodes that show this size, in node order */
	struct {
		unsigned int node;
		unsigned long nr, free;
	} nodes[RTE_MAX_NUMA_NODES];
};

struct rte_eal_doctor_mount {
	char dir[PATH_MAX]; /* hugetlbfs mount point */
	uint64_t page_size; /* its pagesize= option in bytes; 0 when the kernel did not show it */
};

struct rte_eal_doctor_host {
	/* IOMMU: present as the IOVA decision sees it (units or IOMMU groups exist). */
	bool iommu_present;
	unsigned int nb_iommus; /* units listed (at most RTE_EAL_DOCTOR_MAX_IOMMUS) */
	struct rte_eal_doctor_iommu iommus[RTE_EAL_DOCTOR_MAX_IOMMUS];
	/* The narrowest unit's MGAW: the IOVA decision's input. 0 when no unit shows one. */
	unsigned int iommu_addr_bits;
	unsigned int va_bits; /* bits this process's virtual addresses use */

	/* Hugepages, ascending sizes; the directory they were read from (for fix lines). */
	char hugepages_dir[PATH_MAX];
	unsigned int nb_hugepage_sizes;
	struct rte_eal_doctor_hugepages hugepages[RTE_EAL_DOCTOR_MAX_HUGEPAGE_SIZES];
	unsigned int nb_mounts;
	struct rte_eal_doctor_mount mounts[RTE_EAL_DOCTOR_MAX_MOUNTS];

	/* RLIMIT_MEMLOCK in bytes (UINT64_MAX: unlimited), what is locked already (VmLck), and
	 * CAP_IPC_LOCK, which lifts the limit. */
	uint64_t memlock_soft;
	uint64_t memlock_hard;
	uint64_t memlock_locked;
	bool cap_ipc_lock;

	/* /proc/self/pagemap gives this process frame numbers (needs CAP_SYS_ADMIN). */
	bool phys_readable;
};

/*
 * Read every fact above into *host. Parts that cannot be read are left empty (no IOMMU unit, no
 * hugepage size): their absence is what the doctor reports. 0, or -1 with rte_errno EINVAL
 * when host is NULL.
 */
int rte_eal_doctor_host_read(struct rte_eal_doctor_host *host);

/* "Intel VT-d", "AMD-Vi", "other". */
const char *rte_eal_doctor_iommu_kind_name(enum rte_eal_doctor_iommu_kind kind);

/*
 * The smallest amount of memory an EAL process locks for DMA: one memory segment (2 MiB,
 * doc/memory.md). A locked-memory limit below it (without CAP_IPC_LOCK) stops every vfio device
 * and VA mode on ordinary pages.
 */
#define RTE_EAL_DOCTOR_DMA_MIN_LOCKED (2ULL << 20)

/* Can RTE_EAL_DOCTOR_DMA_MIN_LOCKED more bytes be locked under the soft limit? */
bool rte_eal_doctor_memlock_enough(const struct rte_eal_doctor_host *host);

/* Free hugepages of any size (what PA mode needs for its memory)? */
bool rte_eal_doctor_hugepages_free(const struct rte_eal_doctor_host *host);

#ifdef __cplusplus
}
#endif
#endif
