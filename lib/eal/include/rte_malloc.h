/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_MALLOC_H
#define RTE_MALLOC_H

/*
 * DMA-capable heap memory, DPDK 22.11 API (a subset). Available between rte_eal_init and
 * rte_eal_cleanup (which frees everything). Every allocation is IOVA-contiguous: in VA mode
 * because a segment is mapped into the IOMMU as one range, in PA mode because an allocation that
 * would not be physically contiguous fails (with one log line saying so).
 *
 * type is ignored (as in DPDK). align 0 means a cache line; otherwise a power of two. socket is
 * a NUMA node or SOCKET_ID_ANY (the caller's node first, then any other). Without libnuma, or
 * on a single-node machine, every socket is served from socket 0's memory.
 * Failures return NULL with rte_errno set: EINVAL (bad size, alignment or socket), ENOMEM (the
 * -m/--socket-mem limit, or no memory), E_RTE_NO_CONFIG (rte_eal_init has not run).
 */

#include <stddef.h>

#include <stdio.h>

#include <rte_common.h>
#include <rte_memory.h>

#ifdef __cplusplus
extern "C" {
#endif

void *rte_malloc(const char *type, size_t size, unsigned int align);
void *rte_zmalloc(const char *type, size_t size, unsigned int align);
void *rte_calloc(const char *type, size_t num, size_t size, unsigned int align);
void *rte_malloc_socket(const char *type, size_t size, unsigned int align, int socket);
void *rte_zmalloc_socket(const char *type, size_t size, unsigned int align, int socket);
void *rte_calloc_socket(const char *type, size_t num, size_t size, unsigned int align, int socket);
/* NULL is ignored; a pointer not from rte_malloc is logged and ignored. */
void rte_free(void *ptr);

/*
 * Resize ptr (from rte_malloc) to size bytes, keeping its contents, as DPDK 22.11: in place
 * when ptr is aligned to align (0: 64) and on socket (SOCKET_ID_ANY for rte_realloc: any),
 * shrinking or growing into free space after it; else a new block (on socket), the contents
 * copied and ptr freed. ptr NULL: rte_malloc_socket. size 0: ptr is freed, NULL returned, as
 * DPDK's header says. NULL on failure (rte_errno), ptr then unchanged and still allocated.
 */
void *rte_realloc(void *ptr, size_t size, unsigned int align) __rte_alloc_size(2);
void *rte_realloc_socket(void *ptr, size_t size, unsigned int align, int socket)
	__rte_alloc_size(2);

/*
 * The IOVA of addr, a pointer into rte_malloc memory (addr itself in VA mode, but for the
 * fallback of doc/memory.md); RTE_BAD_IOVA for any other address.
 */
rte_iova_t rte_malloc_virt2iova(const void *addr);

struct rte_malloc_socket_stats {
	size_t heap_totalsz_bytes; /* memory the socket's heap holds */
	size_t heap_freesz_bytes;
	size_t greatest_free_size;
	unsigned int free_count;
	unsigned int alloc_count;
	size_t heap_allocsz_bytes;
};
/* 0, or -1 (rte_errno EINVAL: bad socket, internal or external, or NULL stats). */
int rte_malloc_get_socket_stats(int socket, struct rte_malloc_socket_stats *stats);
/*
 * The statistics of every heap, internal and external, to f (type is ignored, as in DPDK);
 * rte_malloc_dump_heaps adds each heap's name and socket.
 */
void rte_malloc_dump_stats(FILE *f, const char *type);
void rte_malloc_dump_heaps(FILE *f);

/*
 * Is ptr a block rte_malloc (or a memzone) handed out and not yet freed? 0 with *size (when
 * not NULL) set to its usable size, else -1.
 */
int rte_malloc_validate(const void *ptr, size_t *size);

/*
 * External heaps (DPDK 22.11): named heaps over memory the caller maps and brings. A heap has a
 * socket id of its own (rte_malloc_heap_get_socket, from 256 up, never reused) that
 * rte_malloc_socket / rte_memzone_reserve take like a NUMA node; it never grows. The internal
 * heaps are named "socket_<N>". Added memory is DMA memory like the EAL's (IOVAs, memsegs with
 * external = 1, the IOMMU mapping); in IOVA-as-VA mode its IOVA must be its address and it
 * must lie below the IOMMU's address width, else it is refused (doc/memory.md). Creating and
 * destroying heaps is not safe against allocations from them in other threads (as in DPDK).
 * All return 0, or -1 with rte_errno.
 */
#define RTE_HEAP_NAME_MAX_LEN 32

/* EINVAL (NULL, empty or too long), EEXIST, ENOSPC (32 heaps exist), E_RTE_NO_CONFIG. */
int rte_malloc_heap_create(const char *heap_name);
/* EINVAL, ENOENT, EPERM (an internal heap), EBUSY (memory still added). */
int rte_malloc_heap_destroy(const char *heap_name);
/*
 * Add [va_addr, va_addr+len), n_pages pages of page_sz (a power of two; va_addr aligned to
 * it), with their IOVAs (iova_addrs: NULL means the addresses; IOVA as PA needs them). The
 * memory stays the caller's: it must outlive its removal (or rte_eal_cleanup). EINVAL (bad
 * arguments; IOVA as VA: IOVAs that are not the addresses, or beyond the IOMMU's width: one
 * line says which), ENOENT, EPERM, EEXIST (overlaps DMA memory held already), ENOMEM, EIO (the
 * IOMMU mapping failed).
 */
int rte_malloc_heap_memory_add(const char *heap_name, void *va_addr, size_t len,
			       rte_iova_t iova_addrs[], unsigned int n_pages, size_t page_sz);
/* Take back memory added, exactly as added: EINVAL, ENOENT, EPERM, EBUSY (blocks in use). */
int rte_malloc_heap_memory_remove(const char *heap_name, void *va_addr, size_t len);
/* The socket id of a heap by name; -1 with EINVAL (NULL) or ENOENT. */
int rte_malloc_heap_get_socket(const char *name);
/* 1 for an external heap's socket id, 0 for a NUMA socket, -1 (EINVAL) for anything else. */
int rte_malloc_heap_socket_is_external(int socket_id);

#ifdef __cplusplus
}
#endif
#endif
