/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * External heaps (rte_malloc.h): named heaps over memory the caller brings. Each has a socket
 * id of its own from 256 up (DPDK's first external id), never reused while the process lives,
 * so that a stale id cannot reach a newer heap. Their memory is listed as segments like the
 * EAL's own (eal_mem_seg_add_external), so translation, memsegs and the IOMMU mapping treat it
 * alike; the heaps never grow. The internal heaps answer to DPDK's names, "socket_<N>".
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>
#include <rte_malloc.h>

#include "eal_malloc_heap.h"
#include "eal_memory.h"

#define EXT_MAX 32
#define EXT_FIRST_SOCKET 256

struct ext_heap {
	bool used;
	char name[RTE_HEAP_NAME_MAX_LEN];
	int socket;
	unsigned int regions;
	struct eal_heap heap;
};

static pthread_mutex_t ext_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ext_heap ext[EXT_MAX];
static int next_socket = EXT_FIRST_SOCKET;

/* An external heap never grows: its memory is what was added. */
static int ext_grow(void *ctx, size_t min_len, void **start, size_t *len, void **owner)
{
	RTE_SET_USED(ctx);
	RTE_SET_USED(min_len);
	RTE_SET_USED(start);
	RTE_SET_USED(len);
	RTE_SET_USED(owner);
	return -ENOMEM;
}

/* rte_eal_cleanup: the region's segment goes, the caller's memory stays. */
static void ext_release(void *ctx, void *owner, void *start, size_t len)
{
	RTE_SET_USED(ctx);
	RTE_SET_USED(start);
	RTE_SET_USED(len);
	eal_mem_seg_remove_external(owner);
}

static const struct eal_heap_ops ext_ops = {.grow = ext_grow, .release = ext_release};

/* "socket_<N>" of an internal heap: N, else -1. */
static int internal_socket(const char *name)
{
	unsigned int s;
	char tail;

	if (sscanf(name, "socket_%u%c", &s, &tail) != 1 || s >= RTE_MAX_NUMA_NODES ||
	    s >= rte_socket_count())
		return -1;
	return (int)s;
}

static bool name_ok(const char *name)
{
	return name != NULL && name[0] != '\0' && strnlen(name, RTE_HEAP_NAME_MAX_LEN) < RTE_HEAP_NAME_MAX_LEN;
}

static struct ext_heap *find_locked(const char *name)
{
	for (unsigned int i = 0; i < EXT_MAX; i++)
		if (ext[i].used && strcmp(ext[i].name, name) == 0)
			return &ext[i];
	return NULL;
}

struct eal_heap *eal_malloc_ext_heap(int socket)
{
	struct eal_heap *h = NULL;

	pthread_mutex_lock(&ext_lock);
	for (unsigned int i = 0; i < EXT_MAX; i++)
		if (ext[i].used && ext[i].socket == socket)
			h = &ext[i].heap;
	pthread_mutex_unlock(&ext_lock);
	return h;
}

void eal_malloc_ext_foreach(void (*fn)(const char *name, int socket, struct eal_heap *h, void *arg),
			    void *arg)
{
	pthread_mutex_lock(&ext_lock);
	for (unsigned int i = 0; i < EXT_MAX; i++)
		if (ext[i].used)
			fn(ext[i].name, ext[i].socket, &ext[i].heap, arg);
	pthread_mutex_unlock(&ext_lock);
}

int rte_malloc_heap_create(const char *heap_name)
{
	int err = 0;

	if (!name_ok(heap_name))
		err = EINVAL;
	else if (!eal_mem_ready())
		err = E_RTE_NO_CONFIG;
	if (err != 0) {
		rte_errno = err;
		return -1;
	}
	pthread_mutex_lock(&ext_lock);
	struct ext_heap *e = NULL;
	if (find_locked(heap_name) != NULL || internal_socket(heap_name) >= 0) {
		err = EEXIST;
	} else {
		for (unsigned int i = 0; e == NULL && i < EXT_MAX; i++)
			if (!ext[i].used)
				e = &ext[i];
		err = e == NULL ? ENOSPC : 0;
	}
	if (e != NULL) {
		*e = (struct ext_heap){.used = true, .socket = next_socket++};
		snprintf(e->name, sizeof(e->name), "%s", heap_name);
		eal_heap_init(&e->heap, &ext_ops, e, e->socket);
	}
	pthread_mutex_unlock(&ext_lock);
	if (err != 0) {
		rte_errno = err;
		return -1;
	}
	return 0;
}

int rte_malloc_heap_destroy(const char *heap_name)
{
	int err = 0;

	if (!name_ok(heap_name)) {
		rte_errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&ext_lock);
	struct ext_heap *e = find_locked(heap_name);
	if (e == NULL)
		err = internal_socket(heap_name) >= 0 ? EPERM : ENOENT;
	else if (e->regions != 0)
		err = EBUSY;
	else
		e->used = false;
	pthread_mutex_unlock(&ext_lock);
	if (err != 0) {
		rte_errno = err;
		return -1;
	}
	return 0;
}

/* The external heap named heap_name, ext_lock held; else -1 with rte_errno. */
static struct ext_heap *ext_of_locked(const char *heap_name)
{
	struct ext_heap *e = name_ok(heap_name) ? find_locked(heap_name) : NULL;

	if (e == NULL)
		rte_errno = !name_ok(heap_name)		   ? EINVAL
			    : internal_socket(heap_name) >= 0 ? EPERM
							      : ENOENT;
	return e;
}

int rte_malloc_heap_memory_add(const char *heap_name, void *va_addr, size_t len,
			       rte_iova_t iova_addrs[], unsigned int n_pages, size_t page_sz)
{
	struct eal_mem_seg *seg;

	/* The region's header takes a cache line: anything smaller is no memory at all. */
	if (va_addr == NULL || page_sz == 0 || !RTE_IS_POWER_OF_2(page_sz) || len == 0 ||
	    len % page_sz != 0 || (iova_addrs != NULL && len / page_sz != n_pages) ||
	    (uintptr_t)va_addr % page_sz != 0 ||
	    len < 4 * RTE_CACHE_LINE_SIZE) {
		rte_errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&ext_lock);
	struct ext_heap *e = ext_of_locked(heap_name);
	int ret = -1;
	if (e != NULL &&
	    eal_mem_seg_add_external(va_addr, len, page_sz, iova_addrs, e->socket, &seg) == 0) {
		eal_heap_add_region(&e->heap, va_addr, len, seg);
		e->regions++;
		ret = 0;
	}
	pthread_mutex_unlock(&ext_lock);
	return ret;
}

int rte_malloc_heap_memory_remove(const char *heap_name, void *va_addr, size_t len)
{
	if (va_addr == NULL || len == 0) {
		rte_errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&ext_lock);
	struct ext_heap *e = ext_of_locked(heap_name);
	int ret = -1;
	if (e != NULL) {
		eal_mem_lock();
		struct eal_mem_seg *seg = eal_mem_seg_find_locked(va_addr);
		bool match = seg != NULL && seg->external && seg->socket == e->socket &&
			     seg->va == va_addr && seg->len == len;
		eal_mem_unlock();
		int r = match ? eal_heap_remove_region(&e->heap, va_addr) : -ENOENT;
		if (r == 0) {
			eal_mem_seg_remove_external(seg);
			e->regions--;
			ret = 0;
		} else {
			rte_errno = -r;
		}
	}
	pthread_mutex_unlock(&ext_lock);
	return ret;
}

int rte_malloc_heap_get_socket(const char *name)
{
	if (name == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	int s = internal_socket(name);
	if (s >= 0)
		return s;
	pthread_mutex_lock(&ext_lock);
	struct ext_heap *e = name_ok(name) ? find_locked(name) : NULL;
	s = e != NULL ? e->socket : -1;
	pthread_mutex_unlock(&ext_lock);
	if (s < 0)
		rte_errno = ENOENT;
	return s;
}

int rte_malloc_heap_socket_is_external(int socket_id)
{
	if (socket_id >= 0 && socket_id < RTE_MAX_NUMA_NODES)
		return 0;
	if (eal_malloc_ext_heap(socket_id) != NULL)
		return 1;
	rte_errno = EINVAL;
	return -1;
}

void eal_malloc_ext_cleanup(void)
{
	pthread_mutex_lock(&ext_lock);
	for (unsigned int i = 0; i < EXT_MAX; i++) {
		if (!ext[i].used)
			continue;
		eal_heap_destroy(&ext[i].heap);
		ext[i].used = false;
	}
	pthread_mutex_unlock(&ext_lock);
}
