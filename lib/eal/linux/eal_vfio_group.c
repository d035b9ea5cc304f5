/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IOMMU groups: open /dev/vfio/N, check viability, attach to a container (the first group of a
 * container selects its IOMMU type and replays its DMA mappings), and the DPDK calls that bind,
 * unbind, fetch and forget groups. A group stays open while a device of it is set up, or until
 * unbound when it was bound explicitly.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_vfio.h>

#include "eal_vfio_private.h"

struct vfio_group_list vfio_groups = TAILQ_HEAD_INITIALIZER(vfio_groups);

struct vfio_group *vfio_group_find_locked(int num)
{
	struct vfio_group *g;

	TAILQ_FOREACH(g, &vfio_groups, next)
	if (g->num == num)
		return g;
	return NULL;
}

/* Log a non-viable group with the other devices of the group and their drivers. */
static void log_not_viable(struct vfio_fail *f, const struct vfio_origin *o)
{
	struct vfio_group_member members[VFIO_MAX_MEMBERS];
	char dir[PATH_MAX];

	vfio_group_devices_dir(dir, sizeof(dir), o, f->group_num);
	int total = vfio_group_members_read(dir, members, RTE_DIM(members));
	if (total > 0) {
		f->members = members;
		f->total_members = (unsigned int)total;
		f->nb_members = RTE_MIN(f->total_members, (unsigned int)RTE_DIM(members));
	}
	vfio_fail_log(f);
}

static void log_open_failure(struct vfio_fail *f, const char *path)
{
	char comm[64];

	if (f->err == EACCES || f->err == EPERM) {
		vfio_fail_add_owner(f, path);
	} else if (f->err == EBUSY) {
		f->self_pid = (int)getpid();
		f->holder_pid = vfio_group_holder_find(path, comm, sizeof(comm));
		f->holder_comm = comm;
	}
	vfio_fail_log(f);
}

struct vfio_group *vfio_group_attach_locked(struct vfio_container *c, int num,
					    const struct vfio_origin *origin)
{
	struct vfio_origin o = *origin;
	struct vfio_fail f = {.dev_addr = o.dev_addr, .group_num = num};
	struct vfio_group_status status = {.argsz = sizeof(status)};
	char path[PATH_MAX];
	struct stat st;
	int fd = -1;

	o.group_num = num;
	struct vfio_group *g = calloc(1, sizeof(*g));
	if (g == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	if (c->fd < 0) {
		c->fd = vfio_container_open(&o);
		if (c->fd < 0)
			goto fail; /* rte_errno set, line logged */
	}
	snprintf(path, sizeof(path), VFIO_GROUP_FMT, (unsigned int)num);
	f.path = path;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		f.step = VFIO_STEP_OPEN_GROUP;
		f.err = errno;
		log_open_failure(&f, path);
		rte_errno = f.err;
		goto fail;
	}
	if (fstat(fd, &st) != 0 || ioctl(fd, VFIO_GROUP_GET_STATUS, &status) != 0) {
		f.step = VFIO_STEP_GROUP_STATUS;
		f.err = errno;
		vfio_fail_log(&f);
		rte_errno = f.err;
		goto fail;
	}
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		f.step = VFIO_STEP_GROUP_STATUS;
		log_not_viable(&f, &o);
		rte_errno = EPERM;
		goto fail;
	}
	if (ioctl(fd, VFIO_GROUP_SET_CONTAINER, &c->fd) != 0) {
		f.step = VFIO_STEP_SET_CONTAINER;
		f.err = errno;
		if (f.err == EPERM)
			log_not_viable(&f, &o); /* a driver claimed a device since the check */
		else
			vfio_fail_log(&f);
		rte_errno = f.err;
		goto fail;
	}
	/* From here closing fd detaches the group, and with it the IOMMU if it was the first. */
	c->nb_groups++;
	if (c->iommu_type == 0 &&
	    (vfio_container_set_iommu_locked(c, &o) != 0 || vfio_dma_replay_locked(c, &o) != 0)) {
		close(fd);
		c->nb_groups--;
		vfio_container_settle_locked(c);
		free(g);
		return NULL;
	}
	g->container = c;
	g->num = num;
	g->fd = fd;
	g->rdev = st.st_rdev;
	TAILQ_INSERT_TAIL(&vfio_groups, g, next);
	return g;

fail:
	if (fd >= 0)
		close(fd);
	vfio_container_settle_locked(c);
	free(g);
	return NULL;
}

/* Forget g without closing its fd (closed already, or no longer ours to close). */
static void group_forget_locked(struct vfio_group *g)
{
	struct vfio_container *c = g->container;

	TAILQ_REMOVE(&vfio_groups, g, next);
	free(g);
	c->nb_groups--;
	vfio_container_settle_locked(c);
}

void vfio_group_detach_locked(struct vfio_group *g)
{
	close(g->fd);
	group_forget_locked(g);
}

/*
 * The fd of group num for a caller that keeps it: g, or when NULL the group newly attached to
 * c. Pinned, so releasing the group's last device does not close it. fd, or -1 (logged).
 */
static int group_fd_pinned_locked(struct vfio_container *c, struct vfio_group *g, int num,
				  const struct vfio_origin *o)
{
	if (g == NULL)
		g = vfio_group_attach_locked(c, num, o);
	if (g == NULL)
		return -1;
	g->pinned = true;
	return g->fd;
}

int rte_vfio_get_group_fd(int iommu_group_num)
{
	struct vfio_origin o = {.group_num = iommu_group_num};

	if (iommu_group_num < 0) {
		rte_errno = EINVAL;
		return -1;
	}
	vfio_lock();
	int fd = group_fd_pinned_locked(
	    vfio_default_container(), vfio_group_find_locked(iommu_group_num), iommu_group_num, &o);
	vfio_unlock();
	return fd;
}

int rte_vfio_clear_group(int vfio_group_fd)
{
	struct vfio_group *g;
	struct stat st;

	vfio_lock();
	TAILQ_FOREACH(g, &vfio_groups, next)
	if (g->fd == vfio_group_fd)
		break;
	if (g == NULL || g->devices > 0) {
		if (g == NULL)
			VFIO_LOG(ERR, "cannot clear group fd %d: no open IOMMU group has this fd\n",
				 vfio_group_fd);
		else
			VFIO_LOG(ERR,
				 "cannot clear IOMMU group %d: %u of its devices are still set up; "
				 "fix: release them first (rte_vfio_release_device)\n",
				 g->num, g->devices);
		vfio_unlock();
		rte_errno = g == NULL ? EINVAL : EBUSY;
		return -1;
	}
	/* DPDK callers close the fd before clearing; the fd number may even be reused by now. */
	if (fstat(g->fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == g->rdev)
		vfio_group_detach_locked(g);
	else
		group_forget_locked(g);
	vfio_unlock();
	return 0;
}

int rte_vfio_container_group_bind(int container_fd, int iommu_group_num)
{
	struct vfio_origin o = {.group_num = iommu_group_num};
	int fd = -1;

	if (iommu_group_num < 0) {
		rte_errno = EINVAL;
		return -1;
	}
	vfio_lock();
	struct vfio_container *c = vfio_container_find_locked(container_fd);
	struct vfio_group *g = vfio_group_find_locked(iommu_group_num);
	if (c == NULL) {
		VFIO_LOG(ERR, "cannot bind IOMMU group %d: no container has fd %d\n",
			 iommu_group_num, container_fd);
		rte_errno = EINVAL;
	} else if (g != NULL && g->container != c) {
		VFIO_LOG(ERR,
			 "cannot bind IOMMU group %d to container fd %d: it is attached to "
			 "container fd %d already; fix: unbind it there first "
			 "(rte_vfio_container_group_unbind)\n",
			 iommu_group_num, container_fd, g->container->fd);
		rte_errno = EBUSY;
	} else {
		fd = group_fd_pinned_locked(c, g, iommu_group_num, &o);
	}
	vfio_unlock();
	return fd;
}

int rte_vfio_container_group_unbind(int container_fd, int iommu_group_num)
{
	int ret = -1;

	vfio_lock();
	struct vfio_container *c = vfio_container_find_locked(container_fd);
	struct vfio_group *g = vfio_group_find_locked(iommu_group_num);
	if (c == NULL || g == NULL || g->container != c) {
		VFIO_LOG(ERR, "cannot unbind IOMMU group %d: it is not bound to container fd %d\n",
			 iommu_group_num, container_fd);
		rte_errno = EINVAL;
	} else if (g->devices > 0) {
		VFIO_LOG(ERR,
			 "cannot unbind IOMMU group %d: %u of its devices are still set up; fix: "
			 "release them first (rte_vfio_release_device)\n",
			 g->num, g->devices);
		rte_errno = EBUSY;
	} else {
		vfio_group_detach_locked(g);
		ret = 0;
	}
	vfio_unlock();
	return ret;
}
