/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device fds: set up (group attached on demand, VF token in the device name, device info),
 * release (reverse order: device, then the group if it was its last device, then the default
 * container if it was its last group), and region information for the bus backends.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_uuid.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "eal_mem_dma.h"
#include "eal_vfio_private.h"

struct vfio_device_list vfio_devices = TAILQ_HEAD_INITIALIZER(vfio_devices);

int vfio_device_name(char *buf, size_t size, const char *dev_addr, const rte_uuid_t token)
{
	char uuid[RTE_UUID_STRLEN];

	if (token == NULL || rte_uuid_is_null(token))
		return snprintf(buf, size, "%s", dev_addr);
	rte_uuid_unparse(token, uuid, sizeof(uuid));
	return snprintf(buf, size, "%s vf_token=%s", dev_addr, uuid);
}

static void read_dev_driver(const struct vfio_origin *o, char *out, size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/driver", vfio_sysfs_base(o->sysfs_base), o->dev_addr);
	vfio_link_basename(path, out, size);
}

/*
 * VFIO_GROUP_GET_DEVICE_FD, with the VF token first when one was given: the kernel refuses a
 * token (EINVAL) for a device that is neither a VF of a vfio-pci PF nor such a PF, so a token
 * meant for some devices must not break the others.
 */
static int device_open(struct vfio_group *g, const struct vfio_origin *o)
{
	char name[PATH_MAX], driver[64];
	rte_uuid_t token;
	struct vfio_fail f = {
	    .step = VFIO_STEP_DEVICE_FD, .dev_addr = o->dev_addr, .group_num = g->num};
	int fd;

	rte_eal_vfio_get_vf_token(token);
	if (!rte_uuid_is_null(token)) {
		vfio_device_name(name, sizeof(name), o->dev_addr, token);
		fd = ioctl(g->fd, VFIO_GROUP_GET_DEVICE_FD, name);
		if (fd >= 0)
			return fd;
		if (errno != EINVAL) {
			f.err = errno;
			f.vf_token = true;
			vfio_fail_log(&f);
			rte_errno = f.err;
			return -1;
		}
		VFIO_LOG(DEBUG, "%s: no VF token needed (not a VF or PF of vfio-pci)\n",
			 o->dev_addr);
	}
	fd = ioctl(g->fd, VFIO_GROUP_GET_DEVICE_FD, o->dev_addr);
	if (fd >= 0)
		return fd;
	f.err = errno;
	read_dev_driver(o, driver, sizeof(driver));
	f.dev_driver = driver;
	vfio_fail_log(&f);
	rte_errno = f.err;
	return -1;
}

int rte_vfio_setup_device(const char *sysfs_base, const char *dev_addr, int *vfio_dev_fd,
			  struct vfio_device_info *device_info)
{
	struct vfio_origin o = {.sysfs_base = sysfs_base, .dev_addr = dev_addr, .group_num = -1};
	char link[PATH_MAX];
	int num;

	if (dev_addr == NULL || vfio_dev_fd == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	int found = vfio_group_num_read(sysfs_base, dev_addr, &num);
	if (found < 0)
		return -1;
	if (found == 0) {
		snprintf(link, sizeof(link), "%s/%s/iommu_group", vfio_sysfs_base(sysfs_base),
			 dev_addr);
		struct vfio_fail f = {.step = VFIO_STEP_GROUP_LINK,
				      .err = ENOENT,
				      .dev_addr = dev_addr,
				      .group_num = -1,
				      .path = link};
		vfio_fail_log(&f);
		return 1;
	}
	o.group_num = num;

	struct vfio_device *d = calloc(1, sizeof(*d));
	if (d == NULL) {
		rte_errno = ENOMEM;
		return -1;
	}
	snprintf(d->addr, sizeof(d->addr), "%s", dev_addr);

	vfio_lock();
	struct vfio_group *g = vfio_group_find_locked(num);
	if (g == NULL)
		g = vfio_group_attach_locked(vfio_default_container(), num, &o);
	if (g == NULL)
		goto fail;
	int fd = device_open(g, &o);
	if (fd < 0)
		goto fail_group;
	if (device_info != NULL) {
		memset(device_info, 0, sizeof(*device_info));
		device_info->argsz = sizeof(*device_info);
		if (ioctl(fd, VFIO_DEVICE_GET_INFO, device_info) != 0) {
			struct vfio_fail f = {.step = VFIO_STEP_DEVICE_INFO,
					      .err = errno,
					      .dev_addr = dev_addr,
					      .group_num = num};
			vfio_fail_log(&f);
			close(fd);
			rte_errno = f.err;
			goto fail_group;
		}
	}
	d->group = g;
	d->fd = fd;
	g->devices++;
	TAILQ_INSERT_TAIL(&vfio_devices, d, next);
	bool in_default = g->container->is_default;
	vfio_unlock();
	VFIO_LOG(DEBUG, "%s: device fd %d (IOMMU group %d, %s container)\n", dev_addr, fd, num,
		 in_default ? "default" : "extra");
	/* The EAL's DMA memory goes into the default container with its first device. */
	if (in_default && eal_mem_dma_vfio_device_added() != 0) {
		int err = rte_errno; /* the line was logged */
		rte_vfio_release_device(sysfs_base, dev_addr, fd);
		rte_errno = err;
		return -1;
	}
	*vfio_dev_fd = fd;
	return 0;

fail_group:
	if (g->devices == 0 && !g->pinned)
		vfio_group_detach_locked(g);
fail:
	vfio_unlock();
	free(d);
	return -1;
}

int rte_vfio_release_device(const char *sysfs_base, const char *dev_addr, int fd)
{
	struct vfio_device *d;

	RTE_SET_USED(sysfs_base); /* the fd identifies the device; sysfs may be gone already */
	vfio_lock();
	TAILQ_FOREACH(d, &vfio_devices, next)
	if (d->fd == fd)
		break;
	if (d == NULL || (dev_addr != NULL && strcmp(d->addr, dev_addr) != 0)) {
		VFIO_LOG(ERR, "cannot release %s: fd %d is not a device fd set up for it\n",
			 dev_addr != NULL ? dev_addr : "device", fd);
		vfio_unlock();
		rte_errno = EINVAL;
		return -1;
	}
	struct vfio_group *g = d->group;
	close(d->fd);
	TAILQ_REMOVE(&vfio_devices, d, next);
	free(d);
	if (--g->devices == 0 && !g->pinned)
		vfio_group_detach_locked(g);
	vfio_unlock();
	return 0;
}

#define REGION_INFO_MAX_SIZE (64u * 1024u)

int rte_vfio_get_region_info(int vfio_dev_fd, uint32_t index, struct rte_vfio_region_info *info)
{
	const struct vfio_region_info fixed = {.index = index};
	size_t size;
	int ret = -1;

	if (info == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	void *buf = vfio_info_ioctl(
	    vfio_dev_fd, VFIO_DEVICE_GET_REGION_INFO, &fixed, sizeof(fixed), REGION_INFO_MAX_SIZE,
	    &size, "VFIO_DEVICE_GET_REGION_INFO(%u) on device fd %d", index, vfio_dev_fd);
	if (buf == NULL)
		return -1;
	int err = vfio_region_info_parse(buf, size, info);
	if (err < 0) {
		VFIO_LOG(ERR, "VFIO_DEVICE_GET_REGION_INFO(%u) on device fd %d: %s\n", index,
			 vfio_dev_fd,
			 err == -E2BIG ? "more sparse mmap areas than RTE_VFIO_MAX_SPARSE_AREAS"
				       : "the kernel returned a malformed capability chain");
		rte_errno = -err;
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}
