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

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SOCKET_ID_ANY
#define SOCKET_ID_ANY -1
#endif
/* Sockets (NUMA nodes) openeal keeps a heap for. */
#define RTE_MAX_NUMA_NODES 32

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

/* The NUMA node of the CPU the caller runs on (0 without libnuma or on a single-node machine). */
unsigned int rte_socket_id(void);

/* openeal: the number of sockets (NUMA nodes) memory can be placed on (1 without libnuma). */
unsigned int rte_socket_count(void);

#ifdef __cplusplus
}
#endif
#endif
