/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_EAL_PAGING_H
#define RTE_EAL_PAGING_H

/*
 * Page-granular memory primitives with DPDK 22.11's names (an EAL-internal header there,
 * which DPDK's own unit tests include): map, unmap, lock, and the system page size.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rte_mem_prot {
	RTE_PROT_READ = 1 << 0,
	RTE_PROT_WRITE = 1 << 1,
	RTE_PROT_EXECUTE = 1 << 2,
};

enum rte_map_flags {
	RTE_MAP_SHARED = 1 << 0,
	RTE_MAP_PRIVATE = 1 << 1,
	RTE_MAP_ANONYMOUS = 1 << 2,
	/* Map at requested_addr or fail; unlike DPDK (MAP_FIXED) an existing mapping there is
	 * never replaced: the call fails with EEXIST. */
	RTE_MAP_FORCE_ADDRESS = 1 << 3,
};

/*
 * Map size bytes of fd from offset (or anonymous memory) with RTE_PROT_* protections and
 * RTE_MAP_* flags, at requested_addr if given (a hint unless RTE_MAP_FORCE_ADDRESS). The
 * address, or NULL with rte_errno set (one line logged).
 */
__rte_internal
void *rte_mem_map(void *requested_addr, size_t size, int prot, int flags, int fd,
		  uint64_t offset);
/* Unmap what rte_mem_map mapped. 0, or -1 with rte_errno set. */
__rte_internal
int rte_mem_unmap(void *virt, size_t size);
/* The system page size (what anonymous mappings are made of). */
__rte_internal
size_t rte_mem_page_size(void);
/* Keep the pages of [virt, virt + size) resident. 0, or -1 with rte_errno set (ENOMEM: over
 * RLIMIT_MEMLOCK, EPERM: not allowed to lock). */
__rte_internal
int rte_mem_lock(const void *virt, size_t size);

#ifdef __cplusplus
}
#endif
#endif
