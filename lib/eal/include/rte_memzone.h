/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_MEMZONE_H
#define RTE_MEMZONE_H

/*
 * Named, IOVA-contiguous blocks of DMA memory (DPDK 22.11 API, a subset), served by the same
 * heap as rte_malloc. Differences from DPDK: len 0 ("the biggest free block") is refused with
 * EINVAL, and the page-size flags are hints (the heap serves whatever backing it has). Every
 * memzone is IOVA-contiguous, RTE_MEMZONE_IOVA_CONTIG or not. rte_eal_cleanup frees them all.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_memory.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_MEMZONE_2MB 0x00000001
#define RTE_MEMZONE_1GB 0x00000002
#define RTE_MEMZONE_16MB 0x00000100
#define RTE_MEMZONE_16GB 0x00000200
#define RTE_MEMZONE_256KB 0x00010000
#define RTE_MEMZONE_256MB 0x00020000
#define RTE_MEMZONE_512MB 0x00040000
#define RTE_MEMZONE_4GB 0x00080000
#define RTE_MEMZONE_SIZE_HINT_ONLY 0x00000004
#define RTE_MEMZONE_IOVA_CONTIG 0x00100000

#define RTE_MEMZONE_NAMESIZE 32

struct rte_memzone {
	char name[RTE_MEMZONE_NAMESIZE];
	rte_iova_t iova; /* of addr */
	union {
		void *addr;
		uint64_t addr_64;
	};
	size_t len;
	uint64_t hugepage_sz; /* page size of the memory behind it */
	int32_t socket_id;
	uint32_t flags;
} __rte_packed;

/*
 * Reserve len bytes named name on socket_id (or SOCKET_ID_ANY), cache-line aligned (or align,
 * a power of two). NULL with rte_errno: EINVAL (bad arguments or flags), ENAMETOOLONG, EEXIST
 * (the name is taken), ENOSPC (no memzone slot left), ENOMEM, E_RTE_NO_CONFIG (before
 * rte_eal_init).
 */
const struct rte_memzone *rte_memzone_reserve(const char *name, size_t len, int socket_id,
					      unsigned int flags);
const struct rte_memzone *rte_memzone_reserve_aligned(const char *name, size_t len, int socket_id,
						      unsigned int flags, unsigned int align);
/*
 * The same, and the zone does not cross a multiple of bound (a power of two, no smaller than
 * len rounded up to a cache line; 0: no boundary), e.g. for a ring a device addresses with a
 * 32-bit offset from a 4 GiB window. EINVAL when bound is not such a value.
 */
const struct rte_memzone *rte_memzone_reserve_bounded(const char *name, size_t len, int socket_id,
						      unsigned int flags, unsigned int align,
						      unsigned int bound);
/* NULL (rte_errno ENOENT) when no memzone has this name. */
const struct rte_memzone *rte_memzone_lookup(const char *name);
/* 0, or -EINVAL (NULL or not a reserved memzone). */
int rte_memzone_free(const struct rte_memzone *mz);

#ifdef __cplusplus
}
#endif
#endif
