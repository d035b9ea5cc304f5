/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_MALLOC_HEAP_H
#define EAL_MALLOC_HEAP_H

/*
 * A heap over regions of DMA memory (one heap per NUMA socket). Each region is carved into
 * elements with a 64-byte header; free elements sit in power-of-two size-class lists, are taken
 * first-fit, split, and coalesced with their neighbours when freed. The heap asks its owner for
 * a new region when nothing fits (grow), and may ask whether a candidate placement is acceptable
 * (fits: physically contiguous in PA mode). Thread-safe: one mutex per heap. Pure of any OS
 * call, so the unit tests run it over ordinary memory.
 */

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EAL_HEAP_HDR 64	 /* element header; also the minimum alignment */
#define EAL_HEAP_BINS 64 /* one free list per power of two */

struct eal_heap_region;
struct eal_heap_elem;

struct eal_heap_ops {
	/*
	 * Give the heap a new region of at least min_len bytes: *start (64-byte aligned), *len (a
	 * multiple of 64) and *owner (returned by eal_heap_owner for pointers inside it). 0, or
	 * a negative errno (the heap allocation then fails with it).
	 */
	int (*grow)(void *ctx, size_t min_len, void **start, size_t *len, void **owner);
	/*
	 * May [start, start+len) of owner's region be handed out? 0 if so, else the lowest address
	 * above start where a placement may succeed. NULL: every placement is acceptable.
	 */
	uintptr_t (*fits)(void *ctx, void *owner, uintptr_t start, size_t len);
	/* Give a region back (eal_heap_destroy). */
	void (*release)(void *ctx, void *owner, void *start, size_t len);
};

struct eal_heap {
	pthread_mutex_t lock;
	const struct eal_heap_ops *ops;
	void *ctx;
	int socket; /* for the owner's bookkeeping */
	struct eal_heap_region *regions;
	struct eal_heap_elem *bins[EAL_HEAP_BINS];
	size_t total;	    /* bytes of all regions */
	size_t busy_bytes;  /* bytes of allocated elements, headers included */
	unsigned int busy;  /* allocated elements */
	unsigned int nfree; /* free elements */
};

struct eal_heap_stats {
	size_t total;
	size_t free_bytes;
	size_t greatest_free; /* largest free element, header excluded */
	size_t busy_bytes;
	unsigned int busy;
	unsigned int nfree;
};

void eal_heap_init(struct eal_heap *h, const struct eal_heap_ops *ops, void *ctx, int socket);
/* Give every region back through ops->release; the heap is empty (and usable) again. */
void eal_heap_destroy(struct eal_heap *h);

/*
 * size bytes aligned to align (0: 64; else a power of two), or NULL with an errno in *err
 * (err may be NULL): EINVAL (size 0, align not a power of two, overflow), what grow returned
 * (ENOMEM), or EFAULT when a fresh region had no placement that fits accepted.
 */
void *eal_heap_alloc(struct eal_heap *h, size_t size, size_t align, int *err);
/*
 * The same, and the block does not cross a multiple of bound (0: no bound; else a power of
 * two no smaller than size rounded up to 64, or EINVAL).
 */
void *eal_heap_alloc_bounded(struct eal_heap *h, size_t size, size_t align, size_t bound,
			     int *err);
/* Free a pointer from eal_heap_alloc (of any heap). -EINVAL for anything else (nothing done). */
int eal_heap_free(void *ptr);
/*
 * Resize an allocated block in place to size bytes: shrinking always succeeds (the tail
 * becomes free when worth keeping); growing takes from the free element after it. 0,
 * -ENOSPC when it cannot grow in place (or fits refuses the longer block), -EINVAL for a
 * pointer that is not an allocated block or a size of 0. Nothing changes on failure.
 */
int eal_heap_resize(void *ptr, size_t size);
/* The heap, region owner and usable size of an allocated pointer; NULL/0 when ptr is not one. */
struct eal_heap *eal_heap_of(const void *ptr);
void *eal_heap_owner(const void *ptr);
size_t eal_heap_usable_size(const void *ptr);
/* Add a region the caller already has (preallocation): as if grow had returned it. */
void eal_heap_add_region(struct eal_heap *h, void *start, size_t len, void *owner);
void eal_heap_stats(struct eal_heap *h, struct eal_heap_stats *st);
/*
 * Take the region that starts at start out of the heap, without release: 0, -EBUSY (something
 * in it is allocated) or -ENOENT (no such region). For external memory (rte_malloc_heap).
 */
int eal_heap_remove_region(struct eal_heap *h, void *start);

#endif
