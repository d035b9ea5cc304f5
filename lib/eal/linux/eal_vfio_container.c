/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VFIO containers: the default one (opened with its first group, closed with its last, so a
 * process with no vfio device holds no vfio fd) and the ones callers create; the IOMMU type
 * chosen when a container gets its first group; IOMMU information; cleanup.
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "eal_vfio_private.h"

RTE_LOG_REGISTER(vfio_logtype, lib.eal.vfio, NOTICE);

static pthread_mutex_t vfio_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Preference order: Type1v2 has the unmap semantics (no splitting) the DMA records assume. */
static const int iommu_types[] = {VFIO_TYPE1v2_IOMMU, VFIO_TYPE1_IOMMU};

static struct vfio_container default_container = {.is_default = true, .fd = -1};
static struct vfio_container_list containers = TAILQ_HEAD_INITIALIZER(containers);

void vfio_lock(void)
{
	pthread_mutex_lock(&vfio_mutex);
}

void vfio_unlock(void)
{
	pthread_mutex_unlock(&vfio_mutex);
}

struct vfio_container *vfio_default_container(void)
{
	return &default_container;
}

struct vfio_container *vfio_container_find_locked(int container_fd)
{
	struct vfio_container *c;

	if (container_fd == RTE_VFIO_DEFAULT_CONTAINER_FD)
		return &default_container;
	if (container_fd < 0)
		return NULL;
	if (default_container.fd == container_fd)
		return &default_container;
	TAILQ_FOREACH(c, &containers, next)
	if (c->fd == container_fd)
		return c;
	return NULL;
}

static bool has_iommu_type(int fd)
{
	for (size_t i = 0; i < RTE_DIM(iommu_types); i++)
		if (ioctl(fd, VFIO_CHECK_EXTENSION, iommu_types[i]) > 0)
			return true;
	return false;
}

int vfio_container_open(const struct vfio_origin *o)
{
	struct vfio_fail f = {
	    .dev_addr = o->dev_addr, .group_num = o->group_num, .path = VFIO_CONTAINER_PATH};
	int fd = open(VFIO_CONTAINER_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		f.step = VFIO_STEP_OPEN_CONTAINER;
		f.err = errno;
		if (f.err == EACCES || f.err == EPERM)
			vfio_fail_add_owner(&f, VFIO_CONTAINER_PATH);
		vfio_fail_log(&f);
		rte_errno = f.err;
		return -1;
	}
	int version = ioctl(fd, VFIO_GET_API_VERSION);
	if (version != VFIO_API_VERSION) {
		f.step = VFIO_STEP_API_VERSION;
		f.value = version;
		vfio_fail_log(&f);
		close(fd);
		rte_errno = ENOTSUP;
		return -1;
	}
	if (!has_iommu_type(fd)) {
		f.step = VFIO_STEP_IOMMU_TYPE;
		vfio_fail_log(&f);
		close(fd);
		rte_errno = ENOTSUP;
		return -1;
	}
	return fd;
}

int vfio_container_set_iommu_locked(struct vfio_container *c, const struct vfio_origin *o)
{
	struct vfio_fail f = {.dev_addr = o->dev_addr, .group_num = o->group_num};

	for (size_t i = 0; i < RTE_DIM(iommu_types); i++) {
		if (ioctl(c->fd, VFIO_CHECK_EXTENSION, iommu_types[i]) <= 0)
			continue;
		if (ioctl(c->fd, VFIO_SET_IOMMU, iommu_types[i]) == 0) {
			c->iommu_type = iommu_types[i];
			VFIO_LOG(INFO, "%s container: IOMMU type %s (first group: %d)\n",
				 c->is_default ? "default" : "extra",
				 c->iommu_type == VFIO_TYPE1v2_IOMMU ? "Type1v2" : "Type1",
				 o->group_num);
			return 0;
		}
		/* Report the preferred type's reason; a later type may still succeed. */
		if (f.err == 0) {
			f.err = errno;
			f.value = iommu_types[i];
		}
	}
	f.step = f.err ? VFIO_STEP_SET_IOMMU : VFIO_STEP_IOMMU_TYPE;
	vfio_fail_log(&f);
	rte_errno = f.err ? f.err : ENOTSUP;
	return -1;
}

void vfio_container_settle_locked(struct vfio_container *c)
{
	if (c->nb_groups != 0)
		return;
	c->iommu_type = 0;
	if (c->is_default && c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}

int rte_vfio_enable(const char *modname)
{
	if (modname == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	if (!vfio_module_loaded(modname)) {
		VFIO_LOG(INFO,
			 "module %s is not loaded: VFIO support disabled (modprobe vfio-pci "
			 "enables it)\n",
			 modname);
		return 0;
	}
	struct vfio_origin o = {.group_num = -1};
	int fd = vfio_container_open(&o);
	if (fd < 0)
		return 0; /* the line is logged; rte_vfio_is_enabled() still answers */
	close(fd);
	VFIO_LOG(DEBUG, "VFIO support available\n");
	return 0;
}

int rte_vfio_get_container_fd(void)
{
	struct vfio_origin o = {.group_num = -1};

	return vfio_container_open(&o);
}

int rte_vfio_container_create(void)
{
	struct vfio_container *c = calloc(1, sizeof(*c));
	struct vfio_origin o = {.group_num = -1};

	if (c == NULL) {
		rte_errno = ENOMEM;
		return -1;
	}
	c->fd = vfio_container_open(&o);
	if (c->fd < 0) {
		free(c);
		return -1;
	}
	vfio_lock();
	TAILQ_INSERT_TAIL(&containers, c, next);
	vfio_unlock();
	return c->fd;
}

static void container_free_locked(struct vfio_container *c)
{
	struct vfio_group *g, *prev;

	/* Reverse order of attachment: the last group out releases the IOMMU. */
	for (g = TAILQ_LAST(&vfio_groups, vfio_group_list); g != NULL; g = prev) {
		prev = TAILQ_PREV(g, vfio_group_list, next);
		if (g->container == c)
			vfio_group_detach_locked(g);
	}
	if (c->fd >= 0)
		close(c->fd);
	free(c->maps);
	if (c->is_default) {
		*c = (struct vfio_container){.is_default = true, .fd = -1};
	} else {
		TAILQ_REMOVE(&containers, c, next);
		free(c);
	}
}

int rte_vfio_container_destroy(int container_fd)
{
	vfio_lock();
	struct vfio_container *c = vfio_container_find_locked(container_fd);
	if (c == NULL || c->is_default) {
		VFIO_LOG(ERR, "cannot destroy container fd %d: %s\n", container_fd,
			 c == NULL ? "no container has this fd"
				   : "the default container lives as long as its devices");
		vfio_unlock();
		rte_errno = EINVAL;
		return -1;
	}
	struct vfio_device *d;
	TAILQ_FOREACH(d, &vfio_devices, next)
	{
		if (d->group->container == c) {
			VFIO_LOG(ERR,
				 "cannot destroy container fd %d: device %s (IOMMU group %d) is "
				 "still set up in it; fix: release it first "
				 "(rte_vfio_release_device)\n",
				 container_fd, d->addr, d->group->num);
			vfio_unlock();
			rte_errno = EBUSY;
			return -1;
		}
	}
	container_free_locked(c);
	vfio_unlock();
	return 0;
}

#define IOMMU_INFO_MAX_SIZE (64u * 1024u)

int rte_vfio_container_get_iommu_info(int container_fd, struct rte_vfio_iommu_info *info)
{
	const struct vfio_iommu_type1_info fixed = {0};
	size_t size;
	void *buf = NULL;
	int ret = -1;

	if (info == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	vfio_lock();
	struct vfio_container *c = vfio_container_find_locked(container_fd);
	if (c == NULL || c->iommu_type == 0) {
		VFIO_LOG(ERR, "no IOMMU information for container fd %d: %s\n", container_fd,
			 c == NULL
			     ? "no container has this fd"
			     : "it has no group yet, and the IOMMU type comes with the first");
		rte_errno = c == NULL ? EINVAL : ENODEV;
		goto out;
	}
	buf =
	    vfio_info_ioctl(c->fd, VFIO_IOMMU_GET_INFO, &fixed, sizeof(fixed), IOMMU_INFO_MAX_SIZE,
			    &size, "VFIO_IOMMU_GET_INFO on container fd %d", c->fd);
	if (buf == NULL)
		goto out;
	int err = vfio_iommu_info_parse(buf, size, info);
	if (err < 0) {
		VFIO_LOG(ERR, "VFIO_IOMMU_GET_INFO on container fd %d: %s\n", c->fd,
			 err == -E2BIG ? "more usable IOVA ranges than RTE_VFIO_MAX_IOVA_RANGES"
				       : "the kernel returned a malformed capability chain");
		rte_errno = -err;
		goto out;
	}
	info->iommu_type = c->iommu_type;
	ret = 0;
out:
	vfio_unlock();
	free(buf);
	return ret;
}

void eal_vfio_cleanup(void)
{
	vfio_lock();
	struct vfio_device *d;
	while ((d = TAILQ_FIRST(&vfio_devices)) != NULL) {
		VFIO_LOG(WARNING, "cleanup: device %s was not released; closing its fd\n", d->addr);
		close(d->fd);
		TAILQ_REMOVE(&vfio_devices, d, next);
		free(d);
	}
	struct vfio_container *c;
	while ((c = TAILQ_FIRST(&containers)) != NULL)
		container_free_locked(c);
	container_free_locked(&default_container);
	vfio_unlock();
}
