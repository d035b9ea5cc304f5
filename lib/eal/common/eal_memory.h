/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_MEMORY_H
#define EAL_MEMORY_H

/*
 * DMA memory inside the EAL. Segments come from a per-OS backing (lib/eal/linux: hugetlbfs or
 * MAP_HUGETLB, else locked ordinary pages, bound to a NUMA node); one heap per socket carves
 * them (eal_malloc_heap.c); memzones and rte_malloc take from the heaps; the per-OS DMA layer
 * maps segments into the IOMMU (VFIO) with IOVAs chosen inside its usable ranges.
 *
 * Lock order: memzone lock, then a heap's lock, then the memory lock, then VFIO's.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_memory.h>

#include "eal_private.h"

/* One mapping from the backing, handed whole to one heap. */
struct eal_mem_seg {
	TAILQ_ENTRY(eal_mem_seg) next;
	void *va;
	size_t len;
	size_t page_sz;
	int socket;
	bool huge;	      /* hugepages; else locked ordinary pages */
	uint64_t *page_pa;    /* PA mode: the physical address of each page */
	rte_iova_t iova;      /* VA mode: the IOVA of va */
	bool iova_from_space; /* iova was allocated in the IOMMU's space (not va) */
	bool dma_mapped;      /* in the default VFIO container */
	bool preallocated;    /* reserved by -m/--socket-mem */
	bool placed;	      /* inside the IOVA-as-VA range (eal_mem_va_*) */
	bool external;		    /* the caller's memory (rte_malloc_heap_memory_add) */
	bool no_dma;		    /* external memory with no IOVA (page_pa all RTE_BAD_IOVA) */
	struct rte_memseg_list msl; /* the memseg API's view (eal_memseg.c) */
	struct rte_memseg *ms;	    /* one per page */
};
TAILQ_HEAD(eal_mem_seg_list, eal_mem_seg);

/* How segments may be backed, from the options and the IOVA mode. */
struct eal_mem_policy {
	bool huge;	      /* try hugepages (not --no-huge) */
	bool small;	      /* locked ordinary pages when no hugepage is free (VA mode) */
	bool need_phys;	      /* PA mode: record each page's physical address */
	const char *huge_dir; /* --huge-dir: a hugetlbfs mount; NULL: MAP_HUGETLB */
};

/*
 * Set the memory up for the IOVA mode in force: policy, limits, and the -m/--socket-mem
 * reservation (nothing is reserved otherwise). 0, or -1 with rte_errno set and one line logged
 * (nothing left behind).
 */
int eal_memory_init(const struct eal_config *cfg);
/* Free every memzone, allocation and segment; unmap them from the IOMMU (rte_eal_cleanup). */
void eal_memory_cleanup(void);

/* The memory lock and the segment list it guards (for the DMA layer). */
void eal_mem_lock(void);
void eal_mem_unlock(void);
struct eal_mem_seg_list *eal_mem_segs_locked(void);
enum rte_iova_mode eal_mem_iova_mode(void);

/* The IOVA of va when it lies in one of our segments; RTE_BAD_IOVA otherwise. */
rte_iova_t eal_mem_seg_iova(const void *va);
/* The segment holding va, or NULL (memory lock held). */
struct eal_mem_seg *eal_mem_seg_find_locked(const void *va);

/*
 * Are pages [first, first + count) physically contiguous, pa holding each page's physical
 * address? Returns count when they are, else the index (relative to first) of the first page
 * that does not follow its predecessor.
 */
size_t eal_phys_contiguous(const uint64_t *pa, size_t page_sz, size_t first, size_t count);

/*
 * The placement check of PA-mode heaps (eal_heap_ops.fits): an allocation must not cross a gap
 * between physical pages of its segment (owner, an eal_mem_seg with page_pa).
 */
uintptr_t eal_mem_pa_fits(void *ctx, void *owner, uintptr_t start, size_t len);

/*
 * External memory (rte_malloc_heap_memory_add): list [va, va+len), pages of page_sz whose IOVAs
 * are iovas (NULL: the addresses, VA mode only), as a segment of socket (an external heap's id),
 * mapped for DMA as the others; never unmapped from the process by us. what names the caller.
 * 0, or -1 with rte_errno set and one line logged.
 */
int eal_mem_seg_add_external(void *va, size_t len, size_t page_sz, const rte_iova_t *iovas,
			     int socket, struct eal_mem_seg **out);
/* Take such a segment out again (its heap region already removed). */
void eal_mem_seg_remove_external(struct eal_mem_seg *seg);

/* External heaps (eal_malloc_ext.c): the heap of an external socket id or NULL; forget all. */
struct eal_heap *eal_malloc_ext_heap(int socket);
void eal_malloc_ext_cleanup(void);
/* Call fn for each external heap, in creation-slot order, with the heaps' lock held. */
void eal_malloc_ext_foreach(void (*fn)(const char *name, int socket, struct eal_heap *h, void *arg),
			    void *arg);

/* The heap of a socket (memory ready); socket already checked. */
struct eal_heap *eal_mem_heap(unsigned int socket);
bool eal_mem_ready(void);

/*
 * The memseg API's view of a segment (eal_memseg.c): fill seg->msl and one rte_memseg per page
 * (0 or -ENOMEM), refresh their IOVAs after the segment's changed (memory lock held), free.
 */
int eal_memseg_build(struct eal_mem_seg *seg);
void eal_memseg_update_iova_locked(struct eal_mem_seg *seg);
void eal_memseg_free(struct eal_mem_seg *seg);

/* Memzones (eal_memzone.c): refresh their IOVAs after segments got IOVAs; free them all. */
void eal_memzone_refresh_iova(void);
void eal_memzone_free_all(void);

/* Per OS: the backing (lib/eal/linux/eal_mem_backing.c). */
/* Are there free hugepages usable with cfg (--huge-dir's size when given)? Cheap. */
bool eal_mem_hugepages_available(const struct eal_config *cfg);
/* Validate cfg's memory options against the machine (--huge-dir). 0 or -1 (line logged). */
int eal_mem_backing_check(const struct eal_config *cfg);
/*
 * Map, place on socket (when NUMA is known), fault in and lock a segment of at least min_len
 * bytes: fills va, len, page_sz, huge. 0, or a negative errno with one line logged.
 */
int eal_mem_backing_alloc(size_t min_len, int socket, const struct eal_mem_policy *p,
			  struct eal_mem_seg *seg);
void eal_mem_backing_free(struct eal_mem_seg *seg);
/*
 * Fault in every page of a new mapping (page_sz apart), reporting a page the kernel cannot
 * supply as -ENOMEM rather than dying of SIGBUS at the first store. 0 or a negative errno.
 */
int eal_mem_populate(void *va, size_t len, size_t page_sz);
/* The physical address of each page of seg into seg->page_pa (allocated here). 0 or -errno. */
int eal_mem_backing_phys(struct eal_mem_seg *seg);
/*
 * Per OS: the virtual range IOVA-as-VA DMA memory is placed in (lib/eal/linux/eal_mem_va.c).
 * Reserve [start, start+len) inside [lo, hi), start aligned to align: at lo for want bytes
 * when that is free, else the lowest free range of want bytes, else the largest of at least
 * min. Nothing else of the process can map there while it is held. 0, -ENOSPC (no such free
 * range), -EBUSY (one is held already) or another negative errno.
 */
int eal_mem_va_reserve(uint64_t lo, uint64_t hi, uint64_t want, uint64_t min, uint64_t align,
		       uint64_t *start, uint64_t *len);
bool eal_mem_va_active(void);
/* The range held (0, 0 when none). */
void eal_mem_va_range(uint64_t *start, uint64_t *len);
/*
 * A part of len bytes aligned to align for a new segment, to be mapped with MAP_FIXED: 0 with
 * *addr set (NULL when no range is held: map anywhere), or -ENOSPC when the range is full.
 */
int eal_mem_va_take(size_t len, size_t align, void **addr);
/* Reserve a part again (its segment unmapped, or its mapping failed) and mark it free. */
void eal_mem_va_give(void *addr, size_t len);
/* Let the whole range go (rte_eal_cleanup, after every segment was freed). */
void eal_mem_va_release(void);
/* The machine's RAM in bytes (0 when unknown): how much DMA memory there can ever be. */
uint64_t eal_mem_ram_size(void);
/* NUMA (lib/eal/linux/eal_numa.c). */
unsigned int eal_numa_nodes(void);
bool eal_numa_known(void); /* libnuma present and the kernel has NUMA */
unsigned int eal_numa_current_node(void);

/* Per OS: DMA mapping (lib/eal/linux/eal_mem_dma.c), called with the memory lock held. */
/* A segment was added: map it if the IOMMU is in use. 0 or -1 (logged). */
int eal_mem_dma_seg_added_locked(struct eal_mem_seg *seg);
/* A segment is going: unmap it. */
void eal_mem_dma_seg_removed_locked(struct eal_mem_seg *seg);
/* Forget the IOMMU state (after every segment was removed). */
void eal_mem_dma_reset_locked(void);

#endif
