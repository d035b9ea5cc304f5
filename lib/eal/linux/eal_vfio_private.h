/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_VFIO_PRIVATE_H
#define EAL_VFIO_PRIVATE_H

/*
 * State shared by the eal_vfio_*.c files: containers, the groups attached to them and the DMA
 * mappings recorded per container. One mutex guards all of it; functions named *_locked expect
 * the caller to hold it.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/types.h>

#include <rte_log.h>

#include "eal_vfio_internal.h"

extern int vfio_logtype;
#define VFIO_LOG(level, ...) rte_log(RTE_LOG_##level, vfio_logtype, __VA_ARGS__)

/* Where an operation comes from, for the failure lines (dev_addr NULL: a bare group number). */
struct vfio_origin {
	const char *sysfs_base;
	const char *dev_addr;
	int group_num; /* -1 when not about a group */
};

struct vfio_container;

struct vfio_group {
	TAILQ_ENTRY(vfio_group) next;
	struct vfio_container *container;
	int num;
	int fd;
	dev_t rdev;	      /* recognises the fd in rte_vfio_clear_group after a caller close */
	unsigned int devices; /* device fds handed out and not yet released */
	bool pinned;	      /* opened by group_bind/get_group_fd: stays without devices */
};
TAILQ_HEAD(vfio_group_list, vfio_group);

/* A device fd handed out by rte_vfio_setup_device; release finds its group from the fd alone,
 * since sysfs may no longer describe a device that is being removed. */
struct vfio_device {
	TAILQ_ENTRY(vfio_device) next;
	struct vfio_group *group;
	int fd;
	char addr[64];
};
TAILQ_HEAD(vfio_device_list, vfio_device);

/* A DMA mapping the caller asked for; replayed when a container gets its first group. */
struct vfio_dma_record {
	uint64_t vaddr;
	uint64_t iova;
	uint64_t len;
};

struct vfio_container {
	TAILQ_ENTRY(vfio_container) next;
	bool is_default;
	int fd;		/* -1: the default container while it has no group */
	int iommu_type; /* 0 until the first group attaches; the kernel drops it with the last */
	unsigned int nb_groups;
	struct vfio_dma_record *maps;
	unsigned int nb_maps;
	unsigned int max_maps;
};
TAILQ_HEAD(vfio_container_list, vfio_container);

void vfio_lock(void);
void vfio_unlock(void);

/* Every group of every container, every device fd handed out. */
extern struct vfio_group_list vfio_groups;
extern struct vfio_device_list vfio_devices;

/* The container a caller's fd names (RTE_VFIO_DEFAULT_CONTAINER_FD: the default), or NULL. */
struct vfio_container *vfio_container_find_locked(int container_fd);
struct vfio_container *vfio_default_container(void);
/* Open /dev/vfio/vfio and check the API version and IOMMU types. fd or -1 (line logged). */
int vfio_container_open(const struct vfio_origin *o);
/* Select the IOMMU type (Type1v2, then Type1) on a container that just got its first group. */
int vfio_container_set_iommu_locked(struct vfio_container *c, const struct vfio_origin *o);
/*
 * Called when c may have lost its last group: the kernel has then dropped its IOMMU and every
 * mapping (the records stay, for the next first group); the default container is closed.
 */
void vfio_container_settle_locked(struct vfio_container *c);

struct vfio_group *vfio_group_find_locked(int num);
/* Open, check and attach group num to c. NULL (line logged, nothing left open) on failure. */
struct vfio_group *vfio_group_attach_locked(struct vfio_container *c, int num,
					    const struct vfio_origin *o);
/* Close the group's fd and forget it. */
void vfio_group_detach_locked(struct vfio_group *g);
/* Number of a device's group: 1 found, 0 no iommu_group link, -1 error (rte_errno). */
int vfio_group_num_read(const char *sysfs_base, const char *dev_addr, int *num);
/* The devices directory of a group: through the device's link when known, else by number. */
void vfio_group_devices_dir(char *buf, size_t size, const struct vfio_origin *o, int num);
/* The last component of a symlink's target into out ("" when path is no readable link). */
void vfio_link_basename(const char *path, char *out, size_t size);
/* Is /sys/module/<modname> there (dashes read as underscores)? */
bool vfio_module_loaded(const char *modname);
/* pid of a process with node open (its comm in comm), 0 if none is visible. */
int vfio_group_holder_find(const char *node, char *comm, size_t comm_size);
/* Fill the permission context of f: our uid, and the node's owner and mode when stat works. */
void vfio_fail_add_owner(struct vfio_fail *f, const char *path);

/* Make every recorded mapping of c in its IOMMU (first group attached). 0 or -1 (logged). */
int vfio_dma_replay_locked(struct vfio_container *c, const struct vfio_origin *o);
/* Read this process's locked-memory facts. */
void vfio_memlock_read(struct vfio_memlock *m);

/* Format f and log it at ERR. */
void vfio_fail_log(const struct vfio_fail *f);

/*
 * An INFO ioctl whose answer can end in a capability chain: first with the fixed part, then
 * once more with the argsz the kernel asked for unless that is over max_size. fixed
 * (fixed_size bytes, starting with the u32 argsz, which is set here) holds the request's
 * inputs. Returns the malloc'd answer and its size in *size, or NULL with rte_errno set:
 * ENOMEM, or the ioctl's errno after the line "<fmt...> failed: <reason>".
 */
void *vfio_info_ioctl(int fd, unsigned long request, const void *fixed, size_t fixed_size,
		      size_t max_size, size_t *size, const char *fmt, ...)
    __rte_format_printf(7, 8);

#endif
