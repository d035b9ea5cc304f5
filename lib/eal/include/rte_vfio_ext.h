/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_VFIO_EXT_H
#define RTE_VFIO_EXT_H

/*
 * openeal additions to rte_vfio.h for bus drivers and tools (DPDK has no equivalent): region
 * and IOMMU information with their capability chains decoded and bounds-checked, so that no
 * driver walks kernel-provided offsets by hand, and the locked-memory check that DMA needs.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_vfio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* vfio-pci reports at most two mmap-able areas per BAR (around the MSI-X table). */
#define RTE_VFIO_MAX_SPARSE_AREAS 16
/* The usable IOVA space is split by the platform's reserved regions; a handful in practice. */
#define RTE_VFIO_MAX_IOVA_RANGES 64

struct rte_vfio_area {
	uint64_t offset; /* from the start of the region */
	uint64_t size;
};

struct rte_vfio_region_info {
	uint32_t index;
	uint32_t flags;	 /* VFIO_REGION_INFO_FLAG_READ/WRITE/MMAP/CAPS */
	uint64_t size;	 /* 0: the region is not implemented (e.g. an unused BAR) */
	uint64_t offset; /* of the region in the device fd, for pread/pwrite/mmap */
	/* VFIO_REGION_INFO_CAP_MSIX_MAPPABLE: the MSI-X table of this BAR may be mmapped too. */
	bool msix_mappable;
	/*
	 * VFIO_REGION_INFO_CAP_SPARSE_MMAP: only the areas may be mmapped (nb_areas may be 0: then
	 * nothing may). Without the capability, the whole region may be mmapped when FLAG_MMAP.
	 */
	bool sparse;
	uint32_t nb_areas;
	struct rte_vfio_area areas[RTE_VFIO_MAX_SPARSE_AREAS];
};

/*
 * VFIO_DEVICE_GET_REGION_INFO for region index of a device fd, capabilities included.
 * 0, or -1 with rte_errno set and one line logged (EINVAL also for a malformed capability chain,
 * E2BIG for more sparse areas than RTE_VFIO_MAX_SPARSE_AREAS).
 */
int rte_vfio_get_region_info(int vfio_dev_fd, uint32_t index, struct rte_vfio_region_info *info);

struct rte_vfio_iova_range {
	uint64_t start;
	uint64_t end; /* inclusive */
};

struct rte_vfio_iommu_info {
	int iommu_type;	  /* VFIO_TYPE1v2_IOMMU or VFIO_TYPE1_IOMMU */
	uint64_t pgsizes; /* bitmap of IOMMU page sizes; 0 when the kernel did not report it */
	/* VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE; without it every IOVA is assumed usable. */
	bool has_iova_ranges;
	uint32_t nb_iova_ranges;
	struct rte_vfio_iova_range iova_ranges[RTE_VFIO_MAX_IOVA_RANGES];
	/* VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL: how many more DMA mappings the container accepts. */
	bool has_dma_avail;
	uint32_t dma_avail;
};

/*
 * VFIO_IOMMU_GET_INFO of a container (RTE_VFIO_DEFAULT_CONTAINER_FD for the default one). The
 * container needs a group attached (the IOMMU type is only set then): -1 with rte_errno ENODEV
 * otherwise. 0, or -1 with rte_errno set and one line logged.
 */
int rte_vfio_container_get_iommu_info(int container_fd, struct rte_vfio_iommu_info *info);

/*
 * Can len more bytes be pinned for DMA under this process's RLIMIT_MEMLOCK (counting what is
 * locked already; CAP_IPC_LOCK lifts the limit)? 0 if so, else -1 with rte_errno ENOMEM and one
 * line giving the limit, what is needed and how to raise it.
 */
int rte_vfio_memlock_check(uint64_t len);

/*
 * The kernel's viability rule (vfio_dev_driver_allowed): may a device on this kernel driver
 * (NULL or "" = unbound) share an IOMMU group with a device given to vfio? Yes for unbound
 * devices, pci-stub, and drivers that manage DMA ownership themselves: vfio-pci and its
 * variant drivers (mlx5_vfio_pci, ...), pcieport for bridges. Any other driver makes the
 * group non-viable. Used by VFIO setup, binding and the doctor alike.
 */
bool rte_vfio_driver_keeps_group_viable(const char *driver);

#ifdef __cplusplus
}
#endif
#endif
