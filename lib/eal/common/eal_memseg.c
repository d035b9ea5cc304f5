/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memseg API (rte_memory.h) over openeal's segments: each segment is a memseg list and
 * each of its pages a memseg, kept in an array built when the segment is made, so that
 * rte_mem_virt2memseg hands out a pointer that stays valid (segments live until cleanup).
 * Lookups walk the segment list: a process has tens of segments at most.
 *
 * Walks hold the memory lock; a thread-local depth lets the lookups called from a walk's
 * callback run without taking it again (the lock is not recursive).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>

#include <rte_errno.h>
#include <rte_memory.h>

#include "eal_memory.h"

static __thread unsigned int walking;

static rte_iova_t page_iova(const struct eal_mem_seg *seg, size_t i)
{
	if (seg->page_pa != NULL)
		return seg->page_pa[i];
	return seg->iova + i * seg->page_sz;
}

int eal_memseg_build(struct eal_mem_seg *seg)
{
	size_t n = seg->len / seg->page_sz;

	seg->ms = calloc(n, sizeof(*seg->ms));
	if (seg->ms == NULL)
		return -ENOMEM;
	seg->msl = (struct rte_memseg_list){
	    .base_va = seg->va,
	    .page_sz = seg->page_sz,
	    .socket_id = seg->socket,
	    .len = seg->len,
	    .heap = 1,
	};
	for (size_t i = 0; i < n; i++)
		seg->ms[i] = (struct rte_memseg){
		    .iova = page_iova(seg, i),
		    .addr = (char *)seg->va + i * seg->page_sz,
		    .len = seg->page_sz,
		    .hugepage_sz = seg->page_sz,
		    .socket_id = seg->socket,
		};
	return 0;
}

void eal_memseg_update_iova_locked(struct eal_mem_seg *seg)
{
	size_t n = seg->len / seg->page_sz;

	for (size_t i = 0; seg->ms != NULL && i < n; i++)
		seg->ms[i].iova = page_iova(seg, i);
}

void eal_memseg_free(struct eal_mem_seg *seg)
{
	free(seg->ms);
	seg->ms = NULL;
}

static void lock(void)
{
	if (walking == 0)
		eal_mem_lock();
}

static void unlock(void)
{
	if (walking == 0)
		eal_mem_unlock();
}

/* Walk every page (func) or every list (list_func) of the segment list; the lock is held. */
static int walk(rte_memseg_walk_t func, rte_memseg_list_walk_t list_func, void *arg)
{
	const struct eal_mem_seg *seg;
	int ret = 0;

	walking++;
	TAILQ_FOREACH(seg, eal_mem_segs_locked(), next)
	{
		if (list_func != NULL) {
			ret = list_func(&seg->msl, arg);
		} else {
			size_t n = seg->len / seg->page_sz;
			for (size_t i = 0; ret == 0 && i < n; i++)
				ret = func(&seg->msl, &seg->ms[i], arg);
		}
		if (ret != 0)
			break;
	}
	walking--;
	return ret < 0 ? -1 : ret > 0 ? 1 : 0;
}

int rte_memseg_walk_thread_unsafe(rte_memseg_walk_t func, void *arg)
{
	return walk(func, NULL, arg);
}

int rte_memseg_list_walk_thread_unsafe(rte_memseg_list_walk_t func, void *arg)
{
	return walk(NULL, func, arg);
}

int rte_memseg_walk(rte_memseg_walk_t func, void *arg)
{
	lock();
	int ret = walk(func, NULL, arg);
	unlock();
	return ret;
}

int rte_memseg_list_walk(rte_memseg_list_walk_t func, void *arg)
{
	lock();
	int ret = walk(NULL, func, arg);
	unlock();
	return ret;
}

/* The segment whose list is msl, or that holds virt when msl is NULL (lock held). */
static struct eal_mem_seg *seg_of_locked(const void *virt, const struct rte_memseg_list *msl)
{
	struct eal_mem_seg *seg = eal_mem_seg_find_locked(virt);

	return seg != NULL && (msl == NULL || msl == &seg->msl) ? seg : NULL;
}

struct rte_memseg *rte_mem_virt2memseg(const void *virt, const struct rte_memseg_list *msl)
{
	struct rte_memseg *ms = NULL;

	lock();
	struct eal_mem_seg *seg = seg_of_locked(virt, msl);
	if (seg != NULL)
		ms = &seg->ms[((uintptr_t)virt - (uintptr_t)seg->va) / seg->page_sz];
	unlock();
	return ms;
}

struct rte_memseg_list *rte_mem_virt2memseg_list(const void *virt)
{
	lock();
	struct eal_mem_seg *seg = seg_of_locked(virt, NULL);
	unlock();
	return seg != NULL ? &seg->msl : NULL;
}

/* Is ms one of our memsegs? Compared as a pointer only: ms may point anywhere. (lock held) */
static bool is_memseg_locked(const struct rte_memseg *ms)
{
	const struct eal_mem_seg *seg;

	TAILQ_FOREACH(seg, eal_mem_segs_locked(), next)
	if (seg->ms != NULL && (uintptr_t)ms >= (uintptr_t)seg->ms &&
	    (uintptr_t)ms < (uintptr_t)(seg->ms + seg->len / seg->page_sz))
		return true;
	return false;
}

static int get_fd(const struct rte_memseg *ms, bool take_lock)
{
	if (take_lock)
		lock();
	bool ours = is_memseg_locked(ms);
	if (take_lock)
		unlock();
	rte_errno = ours ? ENOTSUP : EINVAL;
	return -1;
}

int rte_memseg_get_fd(const struct rte_memseg *ms)
{
	return get_fd(ms, true);
}

int rte_memseg_get_fd_thread_unsafe(const struct rte_memseg *ms)
{
	return get_fd(ms, false);
}

int rte_memseg_get_fd_offset(const struct rte_memseg *ms, size_t *offset)
{
	if (offset == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	return get_fd(ms, true);
}

int rte_memseg_get_fd_offset_thread_unsafe(const struct rte_memseg *ms, size_t *offset)
{
	if (offset == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	return get_fd(ms, false);
}

uint64_t rte_eal_get_physmem_size(void)
{
	const struct eal_mem_seg *seg;
	uint64_t total = 0;

	lock();
	TAILQ_FOREACH(seg, eal_mem_segs_locked(), next)
	total += seg->len;
	unlock();
	return total;
}

void rte_dump_physmem_layout(FILE *f)
{
	const struct eal_mem_seg *seg;
	unsigned int i = 0;

	lock();
	TAILQ_FOREACH(seg, eal_mem_segs_locked(), next)
	fprintf(f,
		"Segment %u: IOVA:0x%" PRIx64 ", len:%zu, virt:%p, socket_id:%d, "
		"hugepage_sz:%zu, pages:%zu\n",
		i++, seg->ms != NULL ? seg->ms[0].iova : RTE_BAD_IOVA, seg->len, seg->va,
		seg->socket, seg->page_sz, seg->len / seg->page_sz);
	unlock();
}
