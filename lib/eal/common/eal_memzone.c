/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memzones: named blocks from the heaps. Each descriptor is allocated on its own so that the
 * pointer handed out stays valid while others come and go; a name lookup is a linear walk, as
 * in DPDK (memzones are few and reserved at setup time).
 */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>
#include <rte_memzone.h>

#include "eal_malloc.h"
#include "eal_malloc_heap.h"
#include "eal_memory.h"

/* DPDK's default maximum. */
#define MEMZONE_MAX 2560

#define MEMZONE_FLAGS                                                                  \
	(RTE_MEMZONE_2MB | RTE_MEMZONE_1GB | RTE_MEMZONE_16MB | RTE_MEMZONE_16GB |     \
	 RTE_MEMZONE_256KB | RTE_MEMZONE_256MB | RTE_MEMZONE_512MB | RTE_MEMZONE_4GB | \
	 RTE_MEMZONE_SIZE_HINT_ONLY | RTE_MEMZONE_IOVA_CONTIG)

static pthread_mutex_t mz_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rte_memzone **zones; /* MEMZONE_MAX slots, NULL when free */

static struct rte_memzone **find_locked(const char *name)
{
	for (unsigned int i = 0; zones != NULL && i < MEMZONE_MAX; i++)
		if (zones[i] != NULL && strncmp(zones[i]->name, name, RTE_MEMZONE_NAMESIZE) == 0)
			return &zones[i];
	return NULL;
}

static struct rte_memzone **free_slot_locked(void)
{
	if (zones == NULL) {
		zones = calloc(MEMZONE_MAX, sizeof(*zones));
		if (zones == NULL)
			return NULL;
	}
	for (unsigned int i = 0; i < MEMZONE_MAX; i++)
		if (zones[i] == NULL)
			return &zones[i];
	return NULL;
}

static int check_args(const char *name, size_t len, unsigned int flags, unsigned int align)
{
	if (name == NULL || name[0] == '\0' || len == 0 || (flags & ~MEMZONE_FLAGS) != 0 ||
	    (align != 0 && !RTE_IS_POWER_OF_2(align)))
		return EINVAL;
	if (strnlen(name, RTE_MEMZONE_NAMESIZE) == RTE_MEMZONE_NAMESIZE)
		return ENAMETOOLONG;
	return 0;
}

const struct rte_memzone *rte_memzone_reserve_bounded(const char *name, size_t len, int socket_id,
						      unsigned int flags, unsigned int align,
						      unsigned int bound)
{
	int err = check_args(name, len, flags, align);

	/* DPDK's rule: the cache-line-rounded length must fit between two boundaries. */
	if (err == 0 && bound != 0 &&
	    (!RTE_IS_POWER_OF_2(bound) || RTE_ALIGN_CEIL(len, (size_t)RTE_CACHE_LINE_SIZE) > bound))
		err = EINVAL;

	if (err != 0) {
		rte_errno = err;
		return NULL;
	}
	pthread_mutex_lock(&mz_lock);
	struct rte_memzone **slot = NULL;
	struct rte_memzone *mz = NULL;
	void *addr = NULL;
	if (find_locked(name) != NULL) {
		err = EEXIST;
		goto fail;
	}
	slot = free_slot_locked();
	if (slot == NULL) {
		err = zones == NULL ? ENOMEM : ENOSPC;
		goto fail;
	}
	mz = calloc(1, sizeof(*mz));
	if (mz == NULL) {
		err = ENOMEM;
		goto fail;
	}
	len = RTE_ALIGN_CEIL(len, (size_t)RTE_CACHE_LINE_SIZE);
	addr = eal_malloc_on(len, align, bound, socket_id, "rte_memzone_reserve");
	if (addr == NULL) {
		err = rte_errno;
		goto fail;
	}
	snprintf(mz->name, sizeof(mz->name), "%s", name);
	mz->addr = addr;
	mz->len = len;
	mz->iova = eal_mem_seg_iova(addr);
	mz->flags = flags;
	eal_mem_lock();
	const struct eal_mem_seg *seg = eal_mem_seg_find_locked(addr);
	mz->hugepage_sz = seg->page_sz;
	mz->socket_id = seg->socket;
	eal_mem_unlock();
	*slot = mz;
	pthread_mutex_unlock(&mz_lock);
	return mz;

fail:
	pthread_mutex_unlock(&mz_lock);
	free(mz);
	rte_errno = err;
	return NULL;
}

const struct rte_memzone *rte_memzone_reserve_aligned(const char *name, size_t len, int socket_id,
						      unsigned int flags, unsigned int align)
{
	return rte_memzone_reserve_bounded(name, len, socket_id, flags, align, 0);
}

const struct rte_memzone *rte_memzone_reserve(const char *name, size_t len, int socket_id,
					      unsigned int flags)
{
	return rte_memzone_reserve_aligned(name, len, socket_id, flags, RTE_CACHE_LINE_SIZE);
}

const struct rte_memzone *rte_memzone_lookup(const char *name)
{
	const struct rte_memzone *mz = NULL;

	if (name == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&mz_lock);
	struct rte_memzone **slot = find_locked(name);
	if (slot != NULL)
		mz = *slot;
	pthread_mutex_unlock(&mz_lock);
	if (mz == NULL)
		rte_errno = ENOENT;
	return mz;
}

int rte_memzone_free(const struct rte_memzone *mz)
{
	int ret = -EINVAL;

	if (mz == NULL)
		return -EINVAL;
	pthread_mutex_lock(&mz_lock);
	for (unsigned int i = 0; zones != NULL && i < MEMZONE_MAX; i++) {
		if (zones[i] != mz)
			continue;
		eal_heap_free(zones[i]->addr);
		free(zones[i]);
		zones[i] = NULL;
		ret = 0;
		break;
	}
	pthread_mutex_unlock(&mz_lock);
	return ret;
}

void eal_memzone_refresh_iova(void)
{
	pthread_mutex_lock(&mz_lock);
	for (unsigned int i = 0; zones != NULL && i < MEMZONE_MAX; i++)
		if (zones[i] != NULL)
			zones[i]->iova = eal_mem_seg_iova(zones[i]->addr);
	pthread_mutex_unlock(&mz_lock);
}

void eal_memzone_free_all(void)
{
	pthread_mutex_lock(&mz_lock);
	for (unsigned int i = 0; zones != NULL && i < MEMZONE_MAX; i++) {
		if (zones[i] != NULL) {
			eal_heap_free(zones[i]->addr);
			free(zones[i]);
		}
	}
	free(zones);
	zones = NULL;
	pthread_mutex_unlock(&mz_lock);
}
