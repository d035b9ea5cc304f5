/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_malloc and friends over the per-socket heaps (eal_memory.c, eal_malloc_heap.c). */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>
#include <rte_malloc.h>

#include "eal_malloc.h"
#include "eal_malloc_heap.h"
#include "eal_memory.h"

extern int eal_mem_logtype;
#define MEM_LOG(level, fmt, ...) rte_log(RTE_LOG_##level, eal_mem_logtype, fmt "\n", ##__VA_ARGS__)

int eal_malloc_socket_order(int requested, unsigned int current, unsigned int nb_sockets, bool numa,
			    unsigned int *order, unsigned int max)
{
	unsigned int n = 0;

	if (max == 0 || nb_sockets == 0)
		return -EINVAL;
	if (requested != SOCKET_ID_ANY) {
		if (requested < 0 || requested >= RTE_MAX_NUMA_NODES)
			return -EINVAL;
		/* Without NUMA knowledge there is one heap; a device's node still gets memory. */
		if (!numa) {
			order[0] = 0;
			return 1;
		}
		if ((unsigned int)requested >= nb_sockets)
			return -EINVAL;
		order[0] = (unsigned int)requested;
		return 1;
	}
	if (!numa || current >= nb_sockets)
		current = 0;
	order[n++] = current;
	for (unsigned int s = 0; s < nb_sockets && n < max; s++)
		if (s != current)
			order[n++] = s;
	return (int)n;
}

/* The allocation behind rte_malloc_socket and rte_memzone_reserve. */
void *eal_malloc_on(size_t size, size_t align, size_t bound, int socket, const char *what)
{
	unsigned int order[RTE_MAX_NUMA_NODES];
	int err = ENOMEM;

	if (!eal_mem_ready()) {
		MEM_LOG(DEBUG, "%s: no DMA memory before rte_eal_init", what);
		rte_errno = E_RTE_NO_CONFIG;
		return NULL;
	}
	if (socket >= RTE_MAX_NUMA_NODES) {
		/* An external heap (rte_malloc_heap_create): its own memory only. */
		struct eal_heap *h = eal_malloc_ext_heap(socket);
		void *p = h != NULL ? eal_heap_alloc_bounded(h, size, align, bound, &err) : NULL;
		if (p == NULL) {
			MEM_LOG(DEBUG, "%s: %zu bytes on external socket %d: %s", what, size, socket,
				h == NULL ? "no such heap" : "no room");
			rte_errno = h == NULL ? EINVAL : err;
		}
		return p;
	}
	int n = eal_malloc_socket_order(socket, eal_numa_current_node(), eal_numa_nodes(),
					eal_numa_known(), order, RTE_DIM(order));
	if (n < 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		void *p = eal_heap_alloc_bounded(eal_mem_heap(order[i]), size, align, bound, &err);
		if (p != NULL)
			return p;
		if (err == EINVAL)
			break;
		if (err == EFAULT) {
			MEM_LOG(
			    ERR,
			    "%s: %zu bytes on socket %u: no physically contiguous block (IOVA as "
			    "PA needs one, and the hugepages the kernel gave are not adjacent); "
			    "fix: use larger hugepages (1 GiB), smaller allocations, or IOVA as VA "
			    "(vfio-pci)",
			    what, size, order[i]);
			err = ENOMEM;
		}
	}
	rte_errno = err;
	return NULL;
}

void *rte_malloc_socket(const char *type, size_t size, unsigned int align, int socket)
{
	RTE_SET_USED(type);
	return eal_malloc_on(size, align, 0, socket, "rte_malloc");
}

void *rte_malloc(const char *type, size_t size, unsigned int align)
{
	return rte_malloc_socket(type, size, align, SOCKET_ID_ANY);
}

void *rte_zmalloc_socket(const char *type, size_t size, unsigned int align, int socket)
{
	void *p = rte_malloc_socket(type, size, align, socket);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

void *rte_zmalloc(const char *type, size_t size, unsigned int align)
{
	return rte_zmalloc_socket(type, size, align, SOCKET_ID_ANY);
}

void *rte_calloc_socket(const char *type, size_t num, size_t size, unsigned int align, int socket)
{
	if (size != 0 && num > SIZE_MAX / size) {
		rte_errno = EINVAL;
		return NULL;
	}
	return rte_zmalloc_socket(type, num * size, align, socket);
}

void *rte_calloc(const char *type, size_t num, size_t size, unsigned int align)
{
	return rte_calloc_socket(type, num, size, align, SOCKET_ID_ANY);
}

/* Is ptr inside one of our segments (so that its header may be read)? */
static bool ours(const void *ptr)
{
	eal_mem_lock();
	bool found = eal_mem_seg_find_locked(ptr) != NULL;
	eal_mem_unlock();
	return found;
}

void rte_free(void *ptr)
{
	if (ptr == NULL)
		return;
	if (!ours(ptr) || eal_heap_free(ptr) != 0)
		MEM_LOG(ERR, "rte_free(%p): not memory from rte_malloc (or freed already); ignored",
			ptr);
}

void *rte_realloc_socket(void *ptr, size_t size, unsigned int align, int socket)
{
	if (ptr == NULL)
		return rte_malloc_socket(NULL, size, align, socket);
	struct eal_heap *h = ours(ptr) ? eal_heap_of(ptr) : NULL;
	if (h == NULL) {
		MEM_LOG(ERR, "rte_realloc(%p): not memory from rte_malloc (or freed already)", ptr);
		rte_errno = EINVAL;
		return NULL;
	}
	if (size == 0) {
		rte_free(ptr);
		return NULL;
	}
	if (align != 0 && !RTE_IS_POWER_OF_2(align)) {
		rte_errno = EINVAL;
		return NULL;
	}
	size_t want_align = RTE_MAX((size_t)align, (size_t)EAL_HEAP_HDR);
	if ((socket == SOCKET_ID_ANY || socket == h->socket) &&
	    ((uintptr_t)ptr & (want_align - 1)) == 0 && eal_heap_resize(ptr, size) == 0)
		return ptr;
	/* Another socket, another alignment, or no room after it: move. */
	void *moved = rte_malloc_socket(NULL, size, align, socket);
	if (moved == NULL)
		return NULL;
	memcpy(moved, ptr, RTE_MIN(size, eal_heap_usable_size(ptr)));
	rte_free(ptr);
	return moved;
}

void *rte_realloc(void *ptr, size_t size, unsigned int align)
{
	return rte_realloc_socket(ptr, size, align, SOCKET_ID_ANY);
}

rte_iova_t rte_malloc_virt2iova(const void *addr)
{
	return eal_mem_seg_iova(addr);
}

int rte_malloc_validate(const void *ptr, size_t *size)
{
	size_t usable = ptr != NULL && ours(ptr) ? eal_heap_usable_size(ptr) : 0;

	if (usable == 0)
		return -1;
	if (size != NULL)
		*size = usable;
	return 0;
}

int rte_malloc_get_socket_stats(int socket, struct rte_malloc_socket_stats *stats)
{
	struct eal_heap_stats st;
	struct eal_heap *ext = socket >= RTE_MAX_NUMA_NODES ? eal_malloc_ext_heap(socket) : NULL;

	if (stats == NULL || socket < 0 || (socket >= RTE_MAX_NUMA_NODES && ext == NULL)) {
		rte_errno = EINVAL;
		return -1;
	}
	memset(stats, 0, sizeof(*stats));
	if (!eal_mem_ready())
		return 0;
	eal_heap_stats(ext != NULL ? ext : eal_mem_heap((unsigned int)socket), &st);
	stats->heap_totalsz_bytes = st.total;
	stats->heap_freesz_bytes = st.free_bytes;
	stats->greatest_free_size = st.greatest_free;
	stats->free_count = st.nfree;
	stats->alloc_count = st.busy;
	stats->heap_allocsz_bytes = st.busy_bytes;
	return 0;
}

static void dump_heap(FILE *f, const char *name, int socket, struct eal_heap *h)
{
	struct eal_heap_stats st;

	eal_heap_stats(h, &st);
	fprintf(f,
		"Heap %s (socket %d):\n"
		"\tHeap_size:%zu,\n\tFree_size:%zu,\n\tAlloc_size:%zu,\n"
		"\tGreatest_free_size:%zu,\n\tAlloc_count:%u,\n\tFree_count:%u,\n",
		name, socket, st.total, st.free_bytes, st.busy_bytes, st.greatest_free, st.busy,
		st.nfree);
}

static void dump_ext_heap(const char *name, int socket, struct eal_heap *h, void *arg)
{
	dump_heap(arg, name, socket, h);
}

void rte_malloc_dump_stats(FILE *f, const char *type)
{
	RTE_SET_USED(type);
	if (f == NULL || !eal_mem_ready())
		return;
	for (unsigned int s = 0; s < eal_numa_nodes(); s++) {
		char name[RTE_HEAP_NAME_MAX_LEN];
		snprintf(name, sizeof(name), "socket_%u", s);
		dump_heap(f, name, (int)s, eal_mem_heap(s));
	}
	eal_malloc_ext_foreach(dump_ext_heap, f);
}

void rte_malloc_dump_heaps(FILE *f)
{
	rte_malloc_dump_stats(f, NULL);
}
