/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The heap behind rte_malloc and memzones (see eal_malloc_heap.h). Headers live in the memory
 * they describe, as in any boundary-tag allocator: a region starts with its own header, then
 * elements follow back to back, each knowing its size and its physical predecessor, so that a
 * free can merge with both neighbours in constant time.
 */

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <rte_common.h>

#include "eal_malloc_heap.h"

#define ELEM_FREE 0x66726565u /* "free" */
#define ELEM_BUSY 0x62757379u /* "busy" */
/* Smallest element worth keeping as a free fragment: a header and one cache line. */
#define MIN_ELEM (2 * EAL_HEAP_HDR)

struct eal_heap_region {
	_Alignas(EAL_HEAP_HDR) struct eal_heap *heap;
	struct eal_heap_region *next;
	void *owner;
	uintptr_t end; /* first byte after the region */
	size_t len;    /* of the whole region, this header included */
};

struct eal_heap_elem {
	_Alignas(EAL_HEAP_HDR) struct eal_heap_region *region;
	struct eal_heap_elem *prev; /* physically previous element; NULL for the first */
	struct eal_heap_elem *free_next;
	struct eal_heap_elem *free_prev;
	size_t size; /* from this header to the next element's */
	uint32_t magic;
	uint32_t bin;
};

_Static_assert(sizeof(struct eal_heap_region) == EAL_HEAP_HDR, "region header size");
_Static_assert(sizeof(struct eal_heap_elem) == EAL_HEAP_HDR, "element header size");

static unsigned int bin_of(size_t size)
{
	return (unsigned int)(63 - __builtin_clzll((unsigned long long)size));
}

static void free_insert(struct eal_heap *h, struct eal_heap_elem *e)
{
	unsigned int b = bin_of(e->size);

	e->magic = ELEM_FREE;
	e->bin = b;
	e->free_prev = NULL;
	e->free_next = h->bins[b];
	if (h->bins[b] != NULL)
		h->bins[b]->free_prev = e;
	h->bins[b] = e;
	h->nfree++;
}

static void free_remove(struct eal_heap *h, struct eal_heap_elem *e)
{
	if (e->free_prev != NULL)
		e->free_prev->free_next = e->free_next;
	else
		h->bins[e->bin] = e->free_next;
	if (e->free_next != NULL)
		e->free_next->free_prev = e->free_prev;
	h->nfree--;
}

static struct eal_heap_elem *next_of(const struct eal_heap_elem *e)
{
	uintptr_t next = (uintptr_t)e + e->size;

	return next < e->region->end ? (struct eal_heap_elem *)next : NULL;
}

/* Can [u - header, u + need) of free element e be allocated, leaving usable fragments? */
static bool placement_ok(const struct eal_heap *h, const struct eal_heap_elem *e, uintptr_t u,
			 size_t need, size_t bound)
{
	const uintptr_t f = (uintptr_t)e;
	const uintptr_t end = f + e->size;

	if (u < f + EAL_HEAP_HDR || u > end || end - u < need)
		return false;
	uintptr_t before = u - EAL_HEAP_HDR - f, after = end - (u + need);
	if ((before != 0 && before < MIN_ELEM) || (after != 0 && after < MIN_ELEM))
		return false;
	if (bound != 0 && ((u + need - 1) & ~((uintptr_t)bound - 1)) > u)
		return false;
	return h->ops->fits == NULL || h->ops->fits(h->ctx, e->region->owner, u, need) == 0;
}

/*
 * Where the user area of a need-byte allocation aligned to align, not crossing a multiple of
 * bound (0: no bound), can start in e, or 0.
 *
 * First at the top of the element, as DPDK places its blocks: the free space then stays below
 * and the space a block is freed into lies above its lower neighbour, so rte_realloc grows a
 * block in place into a block freed after it (DPDK's test_malloc.c relies on that layout).
 * Otherwise (a tail too small to keep, a boundary or a placement fits refused) the lowest
 * acceptable start, searched upwards.
 */
static uintptr_t place(const struct eal_heap *h, const struct eal_heap_elem *e, size_t need,
		       size_t align, size_t bound)
{
	const uintptr_t f = (uintptr_t)e;
	const uintptr_t end = f + e->size;

	if (end - f >= need + EAL_HEAP_HDR) {
		uintptr_t top = RTE_ALIGN_FLOOR(end - need, (uintptr_t)align);
		if (placement_ok(h, e, top, need, bound))
			return top;
	}
	uintptr_t u = RTE_ALIGN_CEIL(f + EAL_HEAP_HDR, (uintptr_t)align);

	for (;;) {
		/* A gap before the element must hold a free element of its own. */
		uintptr_t gap = u - EAL_HEAP_HDR - f;
		if (gap != 0 && gap < MIN_ELEM) {
			u += align;
			continue;
		}
		if (u > end || end - u < need)
			return 0;
		/* Crossing a multiple of bound: start at that multiple instead (aligned up). */
		uintptr_t crossed = (u + need - 1) & ~((uintptr_t)bound - 1);
		if (bound != 0 && crossed > u) {
			u = RTE_ALIGN_CEIL(crossed, (uintptr_t)align);
			continue;
		}
		if (h->ops->fits == NULL)
			return u;
		uintptr_t next = h->ops->fits(h->ctx, e->region->owner, u, need);
		if (next == 0)
			return u;
		if (next <= u)
			return 0;
		u = RTE_ALIGN_CEIL(next, (uintptr_t)align);
	}
}

static void trim_locked(struct eal_heap *h, struct eal_heap_elem *a, size_t need);

/* Turn [u - header, u + need) of free element e into an allocated element. */
static void *carve(struct eal_heap *h, struct eal_heap_elem *e, uintptr_t u, size_t need)
{
	const uintptr_t f = (uintptr_t)e;
	const uintptr_t end = f + e->size;
	struct eal_heap_region *region = e->region;
	struct eal_heap_elem *next = next_of(e);
	struct eal_heap_elem *a = (struct eal_heap_elem *)(u - EAL_HEAP_HDR);

	free_remove(h, e);
	if ((uintptr_t)a > f) {
		e->size = (uintptr_t)a - f;
		free_insert(h, e);
		a->region = region;
		a->prev = e;
	}
	a->size = end - (uintptr_t)a;
	if (next != NULL)
		next->prev = a;
	a->magic = ELEM_BUSY;
	h->busy++;
	h->busy_bytes += a->size;
	/* The tail beyond need becomes free again, as a shrinking resize gives it back. */
	trim_locked(h, a, need);
	return (void *)u;
}

static struct eal_heap_elem *add_region_locked(struct eal_heap *h, void *start, size_t len,
					       void *owner)
{
	struct eal_heap_region *r = start;
	struct eal_heap_elem *e = (struct eal_heap_elem *)(r + 1);

	r->heap = h;
	r->owner = owner;
	r->len = len;
	r->end = (uintptr_t)start + len;
	r->next = h->regions;
	h->regions = r;
	h->total += len;
	e->region = r;
	e->prev = NULL;
	e->size = len - sizeof(*r);
	free_insert(h, e);
	return e;
}

void eal_heap_init(struct eal_heap *h, const struct eal_heap_ops *ops, void *ctx, int socket)
{
	memset(h, 0, sizeof(*h));
	pthread_mutex_init(&h->lock, NULL);
	h->ops = ops;
	h->ctx = ctx;
	h->socket = socket;
}

void eal_heap_add_region(struct eal_heap *h, void *start, size_t len, void *owner)
{
	pthread_mutex_lock(&h->lock);
	add_region_locked(h, start, len, owner);
	pthread_mutex_unlock(&h->lock);
}

int eal_heap_remove_region(struct eal_heap *h, void *start)
{
	int ret = -ENOENT;

	pthread_mutex_lock(&h->lock);
	for (struct eal_heap_region **pr = &h->regions; *pr != NULL; pr = &(*pr)->next) {
		struct eal_heap_region *r = *pr;
		if ((void *)r != start)
			continue;
		/* Unused: one free element spans it (frees merge with both neighbours). */
		struct eal_heap_elem *e = (struct eal_heap_elem *)(r + 1);
		ret = -EBUSY;
		if (e->magic == ELEM_FREE && e->size == r->len - sizeof(*r)) {
			free_remove(h, e);
			*pr = r->next;
			h->total -= r->len;
			e->magic = 0;
			ret = 0;
		}
		break;
	}
	pthread_mutex_unlock(&h->lock);
	return ret;
}

void eal_heap_destroy(struct eal_heap *h)
{
	pthread_mutex_lock(&h->lock);
	struct eal_heap_region *r = h->regions;
	while (r != NULL) {
		struct eal_heap_region *next = r->next;
		if (h->ops->release != NULL)
			h->ops->release(h->ctx, r->owner, r, r->len);
		r = next;
	}
	h->regions = NULL;
	memset(h->bins, 0, sizeof(h->bins));
	h->total = h->busy_bytes = 0;
	h->busy = h->nfree = 0;
	pthread_mutex_unlock(&h->lock);
}

static void *alloc_locked(struct eal_heap *h, size_t need, size_t align, size_t bound, int *err)
{
	for (unsigned int b = bin_of(need + EAL_HEAP_HDR); b < EAL_HEAP_BINS; b++) {
		for (struct eal_heap_elem *e = h->bins[b]; e != NULL; e = e->free_next) {
			uintptr_t u = place(h, e, need, align, bound);
			if (u != 0)
				return carve(h, e, u, need);
		}
	}
	/* Room for the region header, the worst alignment (or boundary) gap and the element. */
	size_t min_len = need + RTE_MAX(align, bound) + 2 * EAL_HEAP_HDR + MIN_ELEM;
	if (min_len < need) {
		*err = ENOMEM;
		return NULL;
	}
	void *start, *owner;
	size_t len;
	int ret = h->ops->grow(h->ctx, min_len, &start, &len, &owner);
	if (ret < 0) {
		*err = -ret;
		return NULL;
	}
	struct eal_heap_elem *e = add_region_locked(h, start, len, owner);
	uintptr_t u = place(h, e, need, align, bound);
	if (u == 0) {
		/* Only fits can refuse a fresh region that is large enough. */
		*err = EFAULT;
		return NULL;
	}
	return carve(h, e, u, need);
}

void *eal_heap_alloc_bounded(struct eal_heap *h, size_t size, size_t align, size_t bound,
			     int *err)
{
	int dummy;

	if (err == NULL)
		err = &dummy;
	*err = 0;
	if (size == 0 || size > SIZE_MAX / 4 || (align != 0 && !RTE_IS_POWER_OF_2(align)) ||
	    align > SIZE_MAX / 4 || (bound != 0 && !RTE_IS_POWER_OF_2(bound)) ||
	    bound > SIZE_MAX / 4) {
		*err = EINVAL;
		return NULL;
	}
	if (align < EAL_HEAP_HDR)
		align = EAL_HEAP_HDR;
	size_t need = RTE_ALIGN_CEIL(size, (size_t)EAL_HEAP_HDR);
	if (bound != 0 && need > bound) {
		*err = EINVAL;
		return NULL;
	}

	pthread_mutex_lock(&h->lock);
	void *p = alloc_locked(h, need, align, bound, err);
	pthread_mutex_unlock(&h->lock);
	return p;
}

void *eal_heap_alloc(struct eal_heap *h, size_t size, size_t align, int *err)
{
	return eal_heap_alloc_bounded(h, size, align, 0, err);
}

static struct eal_heap_elem *busy_elem(const void *ptr)
{
	if (ptr == NULL || ((uintptr_t)ptr % EAL_HEAP_HDR) != 0)
		return NULL;
	struct eal_heap_elem *e = (struct eal_heap_elem *)((uintptr_t)ptr - EAL_HEAP_HDR);
	return e->magic == ELEM_BUSY ? e : NULL;
}

int eal_heap_free(void *ptr)
{
	struct eal_heap_elem *e = busy_elem(ptr);

	if (e == NULL)
		return -EINVAL;
	struct eal_heap *h = e->region->heap;
	pthread_mutex_lock(&h->lock);
	if (e->magic != ELEM_BUSY) { /* freed by another thread meanwhile */
		pthread_mutex_unlock(&h->lock);
		return -EINVAL;
	}
	h->busy--;
	h->busy_bytes -= e->size;

	struct eal_heap_elem *next = next_of(e);
	if (next != NULL && next->magic == ELEM_FREE) {
		free_remove(h, next);
		e->size += next->size;
		next->magic = 0;
	}
	struct eal_heap_elem *prev = e->prev;
	if (prev != NULL && prev->magic == ELEM_FREE) {
		free_remove(h, prev);
		prev->size += e->size;
		e->magic = 0;
		e = prev;
	}
	next = next_of(e);
	if (next != NULL)
		next->prev = e;
	free_insert(h, e);
	pthread_mutex_unlock(&h->lock);
	return 0;
}

/*
 * Split the tail of busy element a beyond need user bytes into a free element when it is worth
 * keeping, merged with a free successor. The heap's busy_bytes follow a's size.
 */
static void trim_locked(struct eal_heap *h, struct eal_heap_elem *a, size_t need)
{
	const uintptr_t tail = (uintptr_t)a + EAL_HEAP_HDR + need;
	const uintptr_t end = (uintptr_t)a + a->size;

	if (end - tail < MIN_ELEM)
		return;
	struct eal_heap_elem *next = next_of(a);
	struct eal_heap_elem *t = (struct eal_heap_elem *)tail;
	t->region = a->region;
	t->prev = a;
	t->size = end - tail;
	if (next != NULL && next->magic == ELEM_FREE) {
		free_remove(h, next);
		t->size += next->size;
		next->magic = 0;
		next = next_of(t);
	}
	if (next != NULL)
		next->prev = t;
	free_insert(h, t);
	h->busy_bytes -= end - tail;
	a->size = tail - (uintptr_t)a;
}

int eal_heap_resize(void *ptr, size_t size)
{
	struct eal_heap_elem *e = busy_elem(ptr);

	if (e == NULL || size == 0 || size > SIZE_MAX / 4)
		return -EINVAL;
	const size_t need = RTE_ALIGN_CEIL(size, (size_t)EAL_HEAP_HDR);
	struct eal_heap *h = e->region->heap;
	int ret = 0;

	pthread_mutex_lock(&h->lock);
	if (e->magic != ELEM_BUSY) {
		ret = -EINVAL;
	} else if (need + EAL_HEAP_HDR > e->size) {
		/* Grow into the free element after it, if that is enough. */
		struct eal_heap_elem *next = next_of(e);
		if (next == NULL || next->magic != ELEM_FREE || e->size + next->size < need + EAL_HEAP_HDR)
			ret = -ENOSPC;
		if (ret == 0 && h->ops->fits != NULL &&
		    h->ops->fits(h->ctx, e->region->owner, (uintptr_t)ptr, need) != 0)
			ret = -ENOSPC;
		if (ret == 0) {
			free_remove(h, next);
			e->size += next->size;
			h->busy_bytes += next->size;
			next->magic = 0;
			struct eal_heap_elem *after = next_of(e);
			if (after != NULL)
				after->prev = e;
		}
	}
	if (ret == 0)
		trim_locked(h, e, need);
	pthread_mutex_unlock(&h->lock);
	return ret;
}

struct eal_heap *eal_heap_of(const void *ptr)
{
	const struct eal_heap_elem *e = busy_elem(ptr);

	return e != NULL ? e->region->heap : NULL;
}

void *eal_heap_owner(const void *ptr)
{
	const struct eal_heap_elem *e = busy_elem(ptr);

	return e != NULL ? e->region->owner : NULL;
}

size_t eal_heap_usable_size(const void *ptr)
{
	const struct eal_heap_elem *e = busy_elem(ptr);

	return e != NULL ? e->size - EAL_HEAP_HDR : 0;
}

void eal_heap_stats(struct eal_heap *h, struct eal_heap_stats *st)
{
	memset(st, 0, sizeof(*st));
	pthread_mutex_lock(&h->lock);
	st->total = h->total;
	st->busy_bytes = h->busy_bytes;
	st->busy = h->busy;
	st->nfree = h->nfree;
	for (unsigned int b = 0; b < EAL_HEAP_BINS; b++) {
		for (const struct eal_heap_elem *e = h->bins[b]; e != NULL; e = e->free_next) {
			st->free_bytes += e->size;
			if (e->size - EAL_HEAP_HDR > st->greatest_free)
				st->greatest_free = e->size - EAL_HEAP_HDR;
		}
	}
	pthread_mutex_unlock(&h->lock);
}
