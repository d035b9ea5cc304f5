/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_VFIO_H
#define RTE_VFIO_H

/*
 * VFIO with DPDK 22.11's API: containers (an IOMMU address space, /dev/vfio/vfio), IOMMU groups
 * (/dev/vfio/N, the unit of isolation) attached to them, and device fds got from a group.
 *
 * A default container exists implicitly: devices set up with rte_vfio_setup_device() land in it
 * unless their group was bound to another container first, and RTE_VFIO_DEFAULT_CONTAINER_FD
 * names it. Groups are reference-counted across the devices of the group. Every failure logs
 * one line saying what failed, why, and what to do (see doc/vfio.md).
 *
 * <linux/vfio.h> is included so that drivers get the kernel ABI structures, as with DPDK.
 */

#include <stdint.h>

#include <linux/vfio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* DPDK's feature tests: VFIO and the device request interrupt exist on every supported kernel. */
#define VFIO_PRESENT
#define HAVE_VFIO_DEV_REQ_INTERFACE

#define VFIO_DIR "/dev/vfio"
#define VFIO_CONTAINER_PATH "/dev/vfio/vfio"
#define VFIO_GROUP_FMT "/dev/vfio/%u"
#define VFIO_NOIOMMU_GROUP_FMT "/dev/vfio/noiommu-%u"
#define VFIO_NOIOMMU_MODE "/sys/module/vfio/parameters/enable_unsafe_noiommu_mode"
/* vfio-pci places region N at offset N << 40 of the device fd (use the region info's offset). */
#define VFIO_GET_REGION_IDX(x) ((x) >> 40)

#define RTE_VFIO_TYPE1 VFIO_TYPE1_IOMMU
#define RTE_VFIO_SPAPR VFIO_SPAPR_TCE_v2_IOMMU
#define RTE_VFIO_NOIOMMU VFIO_NOIOMMU_IOMMU
#define RTE_VFIO_INFO_FLAG_CAPS VFIO_REGION_INFO_FLAG_CAPS
#define VFIO_CAP_OFFSET(x) ((x)->cap_offset)
#define RTE_VFIO_CAP_MSIX_MAPPABLE VFIO_REGION_INFO_CAP_MSIX_MAPPABLE

/* Names the default container wherever a container fd is expected. */
#define RTE_VFIO_DEFAULT_CONTAINER_FD (-1)

/*
 * Give the caller a device fd for dev_addr ("0000:00:02.0") and fill device_info (may be NULL).
 * The device's IOMMU group is found from <sysfs_base>/<dev_addr>/iommu_group (sysfs_base NULL:
 * $SYSFS_PCI_DEVICES or /sys/bus/pci/devices); the group is opened and attached to the default
 * container (or to the container it was bound to) unless a device of it is already set up. The
 * device name carries the --vfio-vf-token UUID when one was given.
 * Returns 0; 1 when the device has no IOMMU group (not usable through VFIO; one line says why);
 * -1 with rte_errno set, one line logged and nothing left open on failure.
 */
int rte_vfio_setup_device(const char *sysfs_base, const char *dev_addr, int *vfio_dev_fd,
			  struct vfio_device_info *device_info);

/*
 * Close a device fd from rte_vfio_setup_device. The last device of a group closes the group
 * (unless the group was bound explicitly), and the default container closes with its last group.
 * 0, or -1 with rte_errno set.
 */
int rte_vfio_release_device(const char *sysfs_base, const char *dev_addr, int fd);

/*
 * Check that the kernel module (e.g. "vfio") is loaded and that a container can be opened; logs
 * the outcome. 0 (also when VFIO is unavailable: rte_vfio_is_enabled() then says 0), -1 on error.
 */
int rte_vfio_enable(const char *modname);
/* 1 if the module is loaded ("vfio-pci" and "vfio_pci" are the same) and /dev/vfio/vfio exists. */
int rte_vfio_is_enabled(const char *modname);
/* 1 if vfio's enable_unsafe_noiommu_mode is set, 0 if not (or no such parameter), -1 on error. */
int rte_vfio_noiommu_is_enabled(void);

/*
 * Forget a group fd of the default container (DPDK: the caller closed it first). If the fd is
 * still open on that group it is closed here. -1 with rte_errno EBUSY while devices of the group
 * are set up, EINVAL for an unknown fd.
 */
int rte_vfio_clear_group(int vfio_group_fd);

/*
 * Read the IOMMU group of dev_addr from <sysfs_base>/<dev_addr>/iommu_group.
 * Returns 1 with *iommu_group_num set, 0 when the device has no IOMMU group, -1 on error.
 */
int rte_vfio_get_group_num(const char *sysfs_base, const char *dev_addr, int *iommu_group_num);

/*
 * Open a new container fd (API version and IOMMU type checked); the caller owns and closes it.
 * fd, or -1 with rte_errno set.
 */
int rte_vfio_get_container_fd(void);
/*
 * The fd of a group: the one already open in whichever container holds it, else the group is
 * opened and attached to the default container. Either way the group then stays open, also
 * after its devices are released, until rte_vfio_clear_group(), so the fd stays valid.
 * fd, or -1 with rte_errno set.
 */
int rte_vfio_get_group_fd(int iommu_group_num);

/* Create an extra container (DMA into it is the caller's business). fd, or -1. */
int rte_vfio_container_create(void);
/* Unbind every group and close the container. -1 with EBUSY while devices are set up in it. */
int rte_vfio_container_destroy(int container_fd);
/*
 * Open the group, check it is viable and attach it to the container (setting the IOMMU type if
 * it is the container's first group, and replaying the container's DMA mappings). Returns the
 * group fd (the same fd again if already bound there), or -1.
 */
int rte_vfio_container_group_bind(int container_fd, int iommu_group_num);
/* Detach and close the group. -1 with EBUSY while devices of the group are set up. */
int rte_vfio_container_group_unbind(int container_fd, int iommu_group_num);

/*
 * Map [vaddr, vaddr+len) at iova for device DMA (read and write) in a container. Before the
 * container has a group the mapping is recorded and made when the first group attaches.
 * 0, or -1 with rte_errno set (ENOMEM: the locked-memory limit; the line gives both figures).
 */
int rte_vfio_container_dma_map(int container_fd, uint64_t vaddr, uint64_t iova, uint64_t len);
/*
 * Remove the mappings inside [iova, iova+len); the range must not split one, and vaddr must be
 * the address those mappings were made with. 0, or -1 with rte_errno set.
 */
int rte_vfio_container_dma_unmap(int container_fd, uint64_t vaddr, uint64_t iova, uint64_t len);

#ifdef __cplusplus
}
#endif
#endif
