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
/* 0, or -1 (rte_errno EINVAL: bad socket or NULL stats). */
int rte_malloc_get_socket_stats(int socket, struct rte_malloc_socket_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
