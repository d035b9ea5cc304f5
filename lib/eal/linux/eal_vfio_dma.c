/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA mappings of containers. Every mapping is recorded, so a container that loses its last
 * group (the kernel then forgets its IOMMU and mappings) gets them back with its next first
 * group, and so that mapping before any device exists works. Locked-memory accounting is read
 * from the process so that an ENOMEM from the kernel becomes a line with the real figures.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "eal_vfio_private.h"

/* CAP_IPC_LOCK, from <linux/capability.h>, which clashes with glibc headers. */
#define VFIO_CAP_IPC_LOCK 14

bool vfio_memlock_enough(const struct vfio_memlock *m, uint64_t len)
{
	if (m->cap_ipc_lock || m->limit == UINT64_MAX)
		return true;
	return m->locked <= m->limit && len <= m->limit - m->locked;
}

void vfio_memlock_read(struct vfio_memlock *m)
{
	struct rlimit rl;
	char line[256];

	*m = (struct vfio_memlock){.limit = UINT64_MAX};
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		m->limit = (uint64_t)rl.rlim_cur;
	FILE *f = fopen("/proc/self/status", "re");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long long v;
		if (sscanf(line, "VmLck: %llu kB", &v) == 1)
			m->locked = (uint64_t)v * 1024;
		else if (sscanf(line, "CapEff: %llx", &v) == 1)
			m->cap_ipc_lock = (v >> VFIO_CAP_IPC_LOCK) & 1;
	}
	fclose(f);
}

int rte_vfio_memlock_check(uint64_t len)
{
	struct vfio_memlock m;

	vfio_memlock_read(&m);
	if (vfio_memlock_enough(&m, len))
		return 0;
	struct vfio_fail f = {
	    .step = VFIO_STEP_DMA_MAP, .err = ENOMEM, .group_num = -1, .len = len, .memlock = m};
	vfio_fail_log(&f);
	rte_errno = ENOMEM;
	return -1;
}

/* o: the device whose group attach replays the mapping; NULL for a direct call on c. */
static void log_dma_failure(enum vfio_step step, int err, uint64_t iova, uint64_t len,
			    const struct vfio_container *c, const struct vfio_origin *o)
{
	char name[48];
	struct vfio_fail f = {.step = step,
			      .err = err,
			      .dev_addr = o != NULL ? o->dev_addr : NULL,
			      .group_num = o != NULL ? o->group_num : -1,
			      .container = name,
			      .iova = iova,
			      .len = len};

	if (c->is_default)
		snprintf(name, sizeof(name), "default container");
	else
		snprintf(name, sizeof(name), "container fd %d", c->fd);
	if (err == ENOMEM)
		vfio_memlock_read(&f.memlock);
	vfio_fail_log(&f);
}

static int map_one(const struct vfio_container *c, const struct vfio_dma_record *r)
{
	struct vfio_iommu_type1_dma_map map = {
	    .argsz = sizeof(map),
	    .flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
	    .vaddr = r->vaddr,
	    .iova = r->iova,
	    .size = r->len,
	};

	return ioctl(c->fd, VFIO_IOMMU_MAP_DMA, &map) == 0 ? 0 : errno;
}

int vfio_dma_replay_locked(struct vfio_container *c, const struct vfio_origin *o)
{
	for (unsigned int i = 0; i < c->nb_maps; i++) {
		int err = map_one(c, &c->maps[i]);
		if (err != 0) {
			/* The caller closes the group: the IOMMU goes, and the mappings made here.
			 */
			log_dma_failure(VFIO_STEP_DMA_MAP, err, c->maps[i].iova, c->maps[i].len, c,
					o);
			rte_errno = err;
			return -1;
		}
	}
	if (c->nb_maps > 0)
		VFIO_LOG(DEBUG, "container fd %d: %u recorded DMA mappings made\n", c->fd,
			 c->nb_maps);
	return 0;
}

/* Arguments both calls share: a non-empty, page-aligned range that does not wrap. */
static bool range_ok(const char *what, uint64_t vaddr, uint64_t iova, uint64_t len)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	if (len != 0 && iova + len - 1 >= iova && vaddr + len - 1 >= vaddr && vaddr % page == 0 &&
	    iova % page == 0 && len % page == 0)
		return true;
	VFIO_LOG(ERR,
		 "cannot %s vaddr 0x%" PRIx64 " IOVA 0x%" PRIx64 " length 0x%" PRIx64
		 ": the range must be non-empty, not wrap around, and be aligned to the %" PRIu64
		 "-byte page size\n",
		 what, vaddr, iova, len, page);
	rte_errno = EINVAL;
	return false;
}

static struct vfio_container *container_or_log(int container_fd, const char *what)
{
	struct vfio_container *c = vfio_container_find_locked(container_fd);

	if (c == NULL) {
		VFIO_LOG(ERR, "cannot %s: no container has fd %d\n", what, container_fd);
		rte_errno = EINVAL;
	}
	return c;
}

int rte_vfio_container_dma_map(int container_fd, uint64_t vaddr, uint64_t iova, uint64_t len)
{
	int ret = -1;

	if (!range_ok("map", vaddr, iova, len))
		return -1;
	vfio_lock();
	struct vfio_container *c = container_or_log(container_fd, "map DMA");
	if (c == NULL)
		goto out;
	for (unsigned int i = 0; i < c->nb_maps; i++) {
		const struct vfio_dma_record *r = &c->maps[i];
		if (iova <= r->iova + (r->len - 1) && r->iova <= iova + (len - 1)) {
			log_dma_failure(VFIO_STEP_DMA_MAP, EEXIST, iova, len, c, NULL);
			rte_errno = EEXIST;
			goto out;
		}
	}
	if (c->nb_maps == c->max_maps) {
		unsigned int max = c->max_maps ? c->max_maps * 2 : 16;
		struct vfio_dma_record *maps = realloc(c->maps, max * sizeof(*maps));
		if (maps == NULL) {
			rte_errno = ENOMEM;
			goto out;
		}
		c->maps = maps;
		c->max_maps = max;
	}
	struct vfio_dma_record rec = {.vaddr = vaddr, .iova = iova, .len = len};
	if (c->iommu_type != 0) {
		int err = map_one(c, &rec);
		if (err != 0) {
			log_dma_failure(VFIO_STEP_DMA_MAP, err, iova, len, c, NULL);
			rte_errno = err;
			goto out;
		}
	}
	c->maps[c->nb_maps++] = rec;
	ret = 0;
out:
	vfio_unlock();
	return ret;
}

int rte_vfio_container_dma_unmap(int container_fd, uint64_t vaddr, uint64_t iova, uint64_t len)
{
	const uint64_t last = iova + (len - 1);
	unsigned int inside = 0;
	int ret = -1;

	if (!range_ok("unmap", vaddr, iova, len))
		return -1;
	vfio_lock();
	struct vfio_container *c = container_or_log(container_fd, "unmap DMA");
	if (c == NULL)
		goto out;
	for (unsigned int i = 0; i < c->nb_maps; i++) {
		const struct vfio_dma_record *r = &c->maps[i];
		const uint64_t r_last = r->iova + (r->len - 1);

		if (r_last < iova || r->iova > last)
			continue;
		if (r->iova < iova || r_last > last) {
			VFIO_LOG(ERR,
				 "cannot unmap IOVA 0x%" PRIx64 "-0x%" PRIx64
				 ": it would split the mapping 0x%" PRIx64 "-0x%" PRIx64
				 "; fix: unmap whole mappings\n",
				 iova, last, r->iova, r_last);
			rte_errno = EINVAL;
			goto out;
		}
		if (r->vaddr - vaddr != r->iova - iova) {
			VFIO_LOG(ERR,
				 "cannot unmap IOVA 0x%" PRIx64 ": it was mapped from vaddr "
				 "0x%" PRIx64 ", not 0x%" PRIx64 "\n",
				 r->iova, r->vaddr, vaddr + (r->iova - iova));
			rte_errno = EINVAL;
			goto out;
		}
		inside++;
	}
	if (inside == 0) {
		VFIO_LOG(ERR,
			 "cannot unmap IOVA 0x%" PRIx64 "-0x%" PRIx64 ": nothing is mapped there\n",
			 iova, last);
		rte_errno = ENOENT;
		goto out;
	}
	if (c->iommu_type != 0) {
		struct vfio_iommu_type1_dma_unmap unmap = {
		    .argsz = sizeof(unmap), .iova = iova, .size = len};
		if (ioctl(c->fd, VFIO_IOMMU_UNMAP_DMA, &unmap) != 0) {
			int err = errno;
			log_dma_failure(VFIO_STEP_DMA_UNMAP, err, iova, len, c, NULL);
			rte_errno = err;
			goto out;
		}
	}
	unsigned int kept = 0;
	for (unsigned int i = 0; i < c->nb_maps; i++) {
		const struct vfio_dma_record *r = &c->maps[i];
		if (r->iova + (r->len - 1) < iova || r->iova > last)
			c->maps[kept++] = *r;
	}
	c->nb_maps = kept;
	ret = 0;
out:
	vfio_unlock();
	return ret;
}
