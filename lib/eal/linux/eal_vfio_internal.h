/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_VFIO_INTERNAL_H
#define EAL_VFIO_INTERNAL_H

/*
 * The pure parts of the VFIO layer, kept apart from the ioctls so that unit tests can drive
 * them with crafted input: sysfs link parsing, capability-chain decoding of kernel buffers,
 * device naming with a VF token, and the one-line failure messages. Plus eal_vfio_cleanup()
 * for rte_eal_cleanup().
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_uuid.h>
#include <rte_vfio_ext.h>

/* Defaults when sysfs_base is NULL; $SYSFS_PCI_DEVICES overrides, as for the PCI bus. */
#define VFIO_SYSFS_PCI_DEVICES "/sys/bus/pci/devices"
#define VFIO_SYSFS_IOMMU_GROUPS "/sys/kernel/iommu_groups"

/* sysfs_base, else $SYSFS_PCI_DEVICES, else VFIO_SYSFS_PCI_DEVICES. */
const char *vfio_sysfs_base(const char *sysfs_base);

/*
 * The target of a device's iommu_group link ("../../../kernel/iommu_groups/7") to its number.
 * 0, or -1 when the last component is not a plain non-negative decimal number.
 */
int vfio_parse_group_link(const char *target, int *num);

/* One device of an IOMMU group as sysfs shows it. */
struct vfio_group_member {
	char addr[64];	 /* the entry name in the group's devices/ (a PCI address for PCI) */
	char driver[64]; /* kernel driver name, "" when unbound */
};
/* How many members the failure lines name; more are counted, not named. */
#define VFIO_MAX_MEMBERS 16

/*
 * Read a group's devices directory (<dev>/iommu_group/devices, or
 * /sys/kernel/iommu_groups/N/devices) into at most max members sorted by name, each with its
 * driver. Returns the total number of entries (can exceed max), or -1 if unreadable.
 */
int vfio_group_members_read(const char *devices_dir, struct vfio_group_member *members,
			    unsigned int max);


/*
 * The name for VFIO_GROUP_GET_DEVICE_FD: dev_addr, or "dev_addr vf_token=UUID" when token is
 * not all zeroes (token may be NULL). snprintf's return convention.
 */
int vfio_device_name(char *buf, size_t size, const char *dev_addr, const rte_uuid_t token);

/*
 * Decode the buffer filled by VFIO_DEVICE_GET_REGION_INFO / VFIO_IOMMU_GET_INFO (len bytes, the
 * fixed structure followed by its capability chain). Every offset is checked against len; a
 * chain that loops, points outside the buffer, inside the fixed structure, or whose capability
 * does not fit is refused with -EINVAL. Unknown capabilities are skipped. Returns 0, -EINVAL,
 * or -E2BIG when there are more areas/ranges than the structure holds.
 */
int vfio_region_info_parse(const void *buf, size_t len, struct rte_vfio_region_info *info);
int vfio_iommu_info_parse(const void *buf, size_t len, struct rte_vfio_iommu_info *info);

/* Locked-memory facts of a process. */
struct vfio_memlock {
	uint64_t limit;	   /* RLIMIT_MEMLOCK soft limit in bytes; UINT64_MAX when unlimited */
	uint64_t locked;   /* VmLck: pinned by vfio or mlock'ed already */
	bool cap_ipc_lock; /* the limit does not apply */
};
/* Would pinning len more bytes stay within the limit? */
bool vfio_memlock_enough(const struct vfio_memlock *m, uint64_t len);

/* The step of VFIO setup or use that failed. */
enum vfio_step {
	VFIO_STEP_GROUP_LINK,	  /* reading <dev>/iommu_group */
	VFIO_STEP_OPEN_CONTAINER, /* open(/dev/vfio/vfio) */
	VFIO_STEP_API_VERSION,	  /* VFIO_GET_API_VERSION gave another version */
	VFIO_STEP_OPEN_GROUP,	  /* open(/dev/vfio/N) */
	VFIO_STEP_GROUP_STATUS,	  /* err 0: the group is not viable; else the ioctl failed */
	VFIO_STEP_SET_CONTAINER,  /* VFIO_GROUP_SET_CONTAINER */
	VFIO_STEP_IOMMU_TYPE,	  /* no IOMMU type the container supports (err 0) */
	VFIO_STEP_SET_IOMMU,	  /* VFIO_SET_IOMMU */
	VFIO_STEP_DEVICE_FD,	  /* VFIO_GROUP_GET_DEVICE_FD */
	VFIO_STEP_DEVICE_INFO,	  /* VFIO_DEVICE_GET_INFO */
	VFIO_STEP_DMA_MAP,	  /* VFIO_IOMMU_MAP_DMA */
	VFIO_STEP_DMA_UNMAP,	  /* VFIO_IOMMU_UNMAP_DMA */
	VFIO_STEP_MEMLOCK,	  /* the up-front locked-memory check (rte_vfio_memlock_check) */
};

/* Everything a failure line is computed from; unset fields are 0/NULL (group_num -1). */
struct vfio_fail {
	enum vfio_step step;
	int err;	       /* errno of the failed call */
	const char *dev_addr;  /* the device being set up, NULL for group/container operations */
	int group_num;	       /* -1 when unknown */
	const char *container; /* "default container", "container fd 9": DMA on a container */
	const char *path;      /* the file the step used */
	/* EACCES/EPERM on open: who we are and what the node allows. */
	unsigned int uid;
	bool path_stat_known;
	unsigned int path_uid;
	unsigned int path_mode;
	/* EBUSY on a group: the process holding it (holder_pid 0: unknown). */
	int self_pid;
	int holder_pid;
	const char *holder_comm;
	/* Not viable: the group's devices (dev_addr among them is skipped). */
	const struct vfio_group_member *members;
	unsigned int nb_members;    /* entries in members */
	unsigned int total_members; /* entries in the group's devices directory */
	/* GET_DEVICE_FD: the device's own driver ("" unbound, NULL unknown), token passed. */
	const char *dev_driver;
	bool vf_token;
	/* SET_IOMMU: the type tried; API_VERSION: the version the kernel reported. */
	int value;
	/* DMA. */
	uint64_t iova;
	uint64_t len;
	struct vfio_memlock memlock;
};

/*
 * The failure as one line (no newline): "<subject>: <what failed>: <why>; fix: <what to do>",
 * the subject being the device, else the group, else the container, else "vfio".
 * snprintf's return convention; the text is truncated to size.
 */
int vfio_fail_format(const struct vfio_fail *f, char *buf, size_t size);

/* Close every group and container and forget every DMA record (rte_eal_cleanup). */
void eal_vfio_cleanup(void);

#endif
