/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_MEMORY_H
#define RTE_MEMORY_H

/*
 * DMA memory: address translation and NUMA placement, with DPDK 22.11's names (a subset).
 * Memory from rte_malloc/rte_memzone lives in segments backed by hugepages when the machine has
 * free ones, else (IOVA as VA only) by ordinary locked pages; see doc/memory.md.
 *
 * In VA mode the IOVA of this memory is its virtual address: it is placed below the IOMMU's
 * address width (from --base-virtaddr, default 4 GiB) so that the IOMMU can take it. Only when
 * no such range can be had (the fallback: one warning, rte_iova_report.iova_remap) does a
 * segment get an IOVA allocated inside the IOMMU's usable ranges. In PA mode the IOVA is the
 * physical address. See doc/memory.md.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SOCKET_ID_ANY
#define SOCKET_ID_ANY -1
#endif
/* Sockets (NUMA nodes) openeal keeps a heap for: RTE_MAX_NUMA_NODES (rte_config.h). */

#define RTE_PGSIZE_4K (1ULL << 12)
#define RTE_PGSIZE_64K (1ULL << 16)
#define RTE_PGSIZE_2M (1ULL << 21)
#define RTE_PGSIZE_1G (1ULL << 30)

/*
 * The IOVA a device uses for virtaddr. For memory from rte_malloc/rte_memzone this is the
 * segment's IOVA (see above: virtaddr itself in VA mode but for the fallback); for any other
 * address: the address itself in VA mode, its physical address in PA mode. RTE_BAD_IOVA when it
 * cannot be told (PA mode, not readable).
 */
rte_iova_t rte_mem_virt2iova(const void *virtaddr);

/*
 * The physical address of virtaddr from /proc/self/pagemap, or RTE_BAD_PHYS_ADDR (not mapped,
 * or frame numbers hidden: they need CAP_SYS_ADMIN).
 */
phys_addr_t rte_mem_virt2phy(const void *virtaddr);

/*
 * Memory segments (DPDK 22.11's memseg API). A memseg is one page of DMA memory; a memseg list
 * is one openeal segment (a mapping handed whole to a heap, doc/memory.md), all of whose pages
 * have the same size and socket. Lists and memsegs stay valid until rte_eal_cleanup (heaps do
 * not shrink before it). openeal keeps no fbarray: struct rte_memseg_list has no memseg_arr.
 */
#define RTE_MEMSEG_FLAG_DO_NOT_FREE (1 << 0) /* never set: every page is heap memory */

struct rte_memseg {
	rte_iova_t iova; /* of addr */
	union {
		void *addr;
		uint64_t addr_64;
	};
	size_t len;	      /* one page */
	uint64_t hugepage_sz; /* the page size (the system's for locked ordinary pages) */
	int32_t socket_id;
	uint32_t nchannel; /* 0: not known */
	uint32_t nrank;	   /* 0: not known */
	uint32_t flags;
} __rte_packed;

struct rte_memseg_list {
	union {
		void *base_va;
		uint64_t addr_64;
	};
	uint64_t page_sz;
	int socket_id;
	volatile uint32_t version; /* 0: there are no secondary processes to keep in step */
	size_t len;
	unsigned int external; /* 1: memory added to an external heap (rte_malloc.h) */
	unsigned int heap;     /* 1: every list belongs to a socket's heap */
};

/* Walk callbacks: 0 goes on, 1 stops the walk (it returns 1), -1 stops it with an error (-1). */
typedef int (*rte_memseg_walk_t)(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
				 void *arg);
typedef int (*rte_memseg_list_walk_t)(const struct rte_memseg_list *msl, void *arg);

/*
 * Call func for every memseg (every page of every list), or every list, in the order the lists
 * were made. 0 when the walk got to the end, else what stopped it (1 or -1). The walk holds the
 * memory lock: func may call rte_mem_virt2memseg(_list) and rte_memseg_get_fd(_offset), but
 * must not allocate or free DMA memory (as in DPDK). The _thread_unsafe variants take no lock,
 * for callers that hold it already (a walk inside a walk).
 */
int rte_memseg_walk(rte_memseg_walk_t func, void *arg);
int rte_memseg_walk_thread_unsafe(rte_memseg_walk_t func, void *arg);
int rte_memseg_list_walk(rte_memseg_list_walk_t func, void *arg);
int rte_memseg_list_walk_thread_unsafe(rte_memseg_list_walk_t func, void *arg);

/* The memseg (page) holding virt, looked for in msl (NULL: in every list); NULL if none. */
struct rte_memseg *rte_mem_virt2memseg(const void *virt, const struct rte_memseg_list *msl);
/* The memseg list holding virt, or NULL. */
struct rte_memseg_list *rte_mem_virt2memseg_list(const void *virt);

/*
 * The file descriptor behind a memseg, and the memseg's offset in it. openeal keeps none
 * (anonymous mappings; a --huge-dir file is closed and unlinked once mapped, so nothing is left
 * behind), so these always fail: -1 with rte_errno ENOTSUP, or EINVAL when ms is not a memseg
 * of ours (or offset is NULL).
 */
int rte_memseg_get_fd(const struct rte_memseg *ms);
int rte_memseg_get_fd_thread_unsafe(const struct rte_memseg *ms);
int rte_memseg_get_fd_offset(const struct rte_memseg *ms, size_t *offset);
int rte_memseg_get_fd_offset_thread_unsafe(const struct rte_memseg *ms, size_t *offset);

/* Bytes of DMA memory mapped now (every list's length). */
uint64_t rte_eal_get_physmem_size(void);
/* One line per memseg list (address, IOVA, length, page size, socket) into f. */
void rte_dump_physmem_layout(FILE *f);

/* The NUMA node of the CPU the caller runs on (0 without libnuma or on a single-node machine). */
unsigned int rte_socket_id(void);

/* openeal: the number of sockets (NUMA nodes) memory can be placed on (1 without libnuma). */
unsigned int rte_socket_count(void);

#ifdef __cplusplus
}
#endif
#endif
