/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The heap over ordinary memory: alignment, boundaries, splitting and coalescing, exhaustion, growth,
 * thread safety, and the placement check PA mode uses (fed by an injected pagemap reader).
 */

#include <CUnit/CUnit.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "eal_malloc_heap.h"
#include "eal_memory.h"
#include "eal_pagemap.h"
#include "test_mem.h"

#define REGION (1u << 20)

/* Regions come from aligned_alloc, at most max_regions of them. */
struct fake_backing {
	unsigned int grows, releases, max_regions;
	size_t region_len;
	int fail_with;
};

static int fake_grow(void *ctx, size_t min_len, void **start, size_t *len, void **owner)
{
	struct fake_backing *b = ctx;
	if (b->fail_with != 0)
		return -b->fail_with;
	if (b->grows == b->max_regions)
		return -ENOMEM;
	size_t l = RTE_ALIGN_CEIL(RTE_MAX(min_len, b->region_len), (size_t)4096);
	void *p = aligned_alloc(4096, l);
	if (p == NULL)
		return -ENOMEM;
	b->grows++;
	*start = p;
	*len = l;
	*owner = b;
	return 0;
}

static void fake_release(void *ctx, void *owner, void *start, size_t len)
{
	struct fake_backing *b = ctx;
	RTE_SET_USED(owner);
	RTE_SET_USED(len);
	b->releases++;
	free(start);
}

static const struct eal_heap_ops fake_ops = {.grow = fake_grow, .release = fake_release};

static void heap_with(struct eal_heap *h, struct fake_backing *b, unsigned int max_regions)
{
	*b = (struct fake_backing){.max_regions = max_regions, .region_len = REGION};
	eal_heap_init(h, &fake_ops, b, 0);
}

static void test_alignment(void)
{
	struct eal_heap h;
	struct fake_backing b;
	heap_with(&h, &b, 4);
	void *p[32];
	for (unsigned int i = 0; i < RTE_DIM(p); i++) {
		size_t align = (size_t)1 << (i % 14); /* 1 .. 8 KiB */
		p[i] = eal_heap_alloc(&h, 1 + i * 37, align, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p[i]);
		CU_ASSERT_EQUAL((uintptr_t)p[i] % RTE_MAX(align, (size_t)64), 0);
		CU_ASSERT_TRUE(eal_heap_usable_size(p[i]) >= 1 + i * 37);
		memset(p[i], 0xa5, 1 + i * 37);
	}
	/* A 64 KiB alignment in a fresh 1 MiB region. */
	void *big = eal_heap_alloc(&h, 100, 65536, NULL);
	CU_ASSERT_EQUAL((uintptr_t)big % 65536, 0);
	int err = 0;
	CU_ASSERT_PTR_NULL(eal_heap_alloc(&h, 100, 48, &err));
	CU_ASSERT_EQUAL(err, EINVAL);
	CU_ASSERT_PTR_NULL(eal_heap_alloc(&h, 0, 0, &err));
	CU_ASSERT_EQUAL(err, EINVAL);
	for (unsigned int i = 0; i < RTE_DIM(p); i++)
		CU_ASSERT_EQUAL(eal_heap_free(p[i]), 0);
	CU_ASSERT_EQUAL(eal_heap_free(big), 0);
	struct eal_heap_stats st;
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.busy, 0);
	CU_ASSERT_EQUAL(st.nfree, b.grows); /* everything merged back: one free element a region */
	eal_heap_destroy(&h);
	CU_ASSERT_EQUAL(b.releases, b.grows);
}

/* A block never crosses a multiple of bound, whatever sits before it; bad bounds refused. */
static void test_bounded(void)
{
	struct eal_heap h;
	struct fake_backing b;
	heap_with(&h, &b, 8);
	void *p[64];
	unsigned int moved = 0;
	for (unsigned int i = 0; i < RTE_DIM(p); i++) {
		size_t size = 700 + (i * 997) % 3300; /* up to 4000 bytes, against a 4 KiB bound */
		p[i] = eal_heap_alloc_bounded(&h, size, 64, 4096, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p[i]);
		uintptr_t a = (uintptr_t)p[i];
		CU_ASSERT_EQUAL(a / 4096, (a + size - 1) / 4096);
		moved += a % 4096 == 0; /* pushed to a boundary at least once */
		memset(p[i], 0x5a, size);
	}
	CU_ASSERT_TRUE(moved > 0);
	/* A bound with an alignment larger than it: the alignment alone keeps it inside. */
	void *q = eal_heap_alloc_bounded(&h, 128, 8192, 256, NULL);
	CU_ASSERT_PTR_NOT_NULL(q);
	CU_ASSERT_EQUAL((uintptr_t)q % 8192, 0);
	int err = 0;
	CU_ASSERT_PTR_NULL(eal_heap_alloc_bounded(&h, 100, 64, 3000, &err)); /* not a power of 2 */
	CU_ASSERT_EQUAL(err, EINVAL);
	CU_ASSERT_PTR_NULL(eal_heap_alloc_bounded(&h, 4097, 64, 4096, &err)); /* larger than it */
	CU_ASSERT_EQUAL(err, EINVAL);
	CU_ASSERT_PTR_NULL(eal_heap_alloc_bounded(&h, 40, 64, 32, &err)); /* 64 after rounding */
	CU_ASSERT_EQUAL(err, EINVAL);
	for (unsigned int i = 0; i < RTE_DIM(p); i++)
		CU_ASSERT_EQUAL(eal_heap_free(p[i]), 0);
	CU_ASSERT_EQUAL(eal_heap_free(q), 0);
	struct eal_heap_stats st;
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.busy, 0);
	CU_ASSERT_EQUAL(st.nfree, b.grows);
	eal_heap_destroy(&h);
}

static void test_coalescing(void)
{
	struct eal_heap h;
	struct fake_backing b;
	struct eal_heap_stats st;
	heap_with(&h, &b, 1);
	void *a = eal_heap_alloc(&h, 1000, 0, NULL);
	void *c = eal_heap_alloc(&h, 1000, 0, NULL);
	void *d = eal_heap_alloc(&h, 1000, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	/* Each is carved from the top of the free space, as DPDK does (see place()). */
	CU_ASSERT_TRUE((uintptr_t)a > (uintptr_t)c && (uintptr_t)c > (uintptr_t)d);
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.busy, 3);
	CU_ASSERT_EQUAL(st.nfree, 1); /* the tail */

	/* Free the middle one: a hole of its own. Then a: merges with the hole (next). */
	CU_ASSERT_EQUAL(eal_heap_free(c), 0);
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.nfree, 2);
	CU_ASSERT_EQUAL(eal_heap_free(a), 0);
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.nfree, 2);
	/*
	 * The merged hole serves an allocation as large as both, at c's address (its top would
	 * leave a fragment below too small to keep).
	 */
	void *ac = eal_heap_alloc(&h, 2000, 0, NULL);
	CU_ASSERT_PTR_EQUAL(ac, c);
	CU_ASSERT_EQUAL(eal_heap_free(ac), 0);
	/* d merges with the hole before it and the tail after it: one free element. */
	CU_ASSERT_EQUAL(eal_heap_free(d), 0);
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.nfree, 1);
	CU_ASSERT_EQUAL(st.free_bytes, REGION - EAL_HEAP_HDR);
	CU_ASSERT_EQUAL(st.greatest_free, REGION - 2 * EAL_HEAP_HDR);
	CU_ASSERT_EQUAL(st.busy_bytes, 0);
	/* Double free and foreign pointers are refused. */
	CU_ASSERT_EQUAL(eal_heap_free(d), -EINVAL);
	CU_ASSERT_EQUAL(eal_heap_free((char *)a + 64), -EINVAL);
	eal_heap_destroy(&h);
}

static void test_exhaustion(void)
{
	struct eal_heap h;
	struct fake_backing b;
	heap_with(&h, &b, 2);
	void *p[64];
	unsigned int n = 0;
	int err = 0;
	while (n < RTE_DIM(p) && (p[n] = eal_heap_alloc(&h, 100000, 0, &err)) != NULL)
		n++;
	/* Two 1 MiB regions hold ten 100 kB blocks each (less the headers). */
	CU_ASSERT_EQUAL(n, 20);
	CU_ASSERT_EQUAL(err, ENOMEM);
	CU_ASSERT_EQUAL(b.grows, 2);
	/* Room freed is found again without growing. */
	CU_ASSERT_EQUAL(eal_heap_free(p[3]), 0);
	p[3] = eal_heap_alloc(&h, 100000, 0, &err);
	CU_ASSERT_PTR_NOT_NULL(p[3]);
	CU_ASSERT_EQUAL(b.grows, 2);
	/* Bigger than a region: grow is asked for enough. */
	b.max_regions = 3;
	void *huge = eal_heap_alloc(&h, 3 * REGION, 4096, &err);
	CU_ASSERT_PTR_NOT_NULL(huge);
	CU_ASSERT_EQUAL(b.grows, 3);
	/* What grow says is what the caller gets. */
	b.fail_with = EPERM;
	CU_ASSERT_PTR_NULL(eal_heap_alloc(&h, 4 * REGION, 0, &err));
	CU_ASSERT_EQUAL(err, EPERM);
	eal_heap_destroy(&h);
	CU_ASSERT_EQUAL(b.releases, 3);
}

struct worker {
	struct eal_heap *h;
	unsigned int seed;
	unsigned int errors;
};

static void *churn(void *arg)
{
	struct worker *w = arg;
	void *slots[64] = {0};
	for (int i = 0; i < 20000; i++) {
		unsigned int k = (unsigned int)rand_r(&w->seed) % RTE_DIM(slots);
		if (slots[k] != NULL) {
			/* The pattern must have survived other threads' work. */
			if (*(unsigned char *)slots[k] != (unsigned char)k)
				w->errors++;
			if (eal_heap_free(slots[k]) != 0)
				w->errors++;
			slots[k] = NULL;
		} else {
			size_t sz = 1 + (size_t)rand_r(&w->seed) % 4000;
			slots[k] = eal_heap_alloc(w->h, sz, 0, NULL);
			if (slots[k] == NULL)
				w->errors++;
			else
				memset(slots[k], (int)k, sz);
		}
	}
	for (unsigned int k = 0; k < RTE_DIM(slots); k++)
		if (slots[k] != NULL)
			eal_heap_free(slots[k]);
	return NULL;
}

static void test_threads(void)
{
	struct eal_heap h;
	struct fake_backing b;
	heap_with(&h, &b, 64);
	pthread_t t[4];
	struct worker w[4];
	for (unsigned int i = 0; i < 4; i++) {
		w[i] = (struct worker){.h = &h, .seed = i + 1};
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, churn, &w[i]), 0);
	}
	for (unsigned int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CU_ASSERT_EQUAL(w[i].errors, 0);
	}
	struct eal_heap_stats st;
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.busy, 0);
	CU_ASSERT_EQUAL(st.busy_bytes, 0);
	CU_ASSERT_EQUAL(st.nfree, b.grows);
	eal_heap_destroy(&h);
}

/*
 * PA mode: an 8-page region whose "physical" pages, as an injected pagemap says, are
 * contiguous for pages 0-2 and 3-7 but not across 2-3.
 */
struct fake_pagemap {
	uintptr_t base;
	uint64_t pfn[8];
};

static ssize_t fake_read(void *ctx, void *buf, size_t len, off_t off)
{
	const struct fake_pagemap *f = ctx;
	size_t page = (size_t)off / 8;
	size_t first = f->base / 4096;
	if (len != 8 || page < first || page >= first + 8)
		return -1;
	uint64_t entry = EAL_PAGEMAP_PRESENT | f->pfn[page - first];
	memcpy(buf, &entry, 8);
	return 8;
}

struct pa_backing {
	void *mem;
	uint64_t pa[8];
	struct eal_mem_seg seg;
};

static int pa_grow(void *ctx, size_t min_len, void **start, size_t *len, void **owner)
{
	struct pa_backing *b = ctx;
	if (b->seg.va != NULL || min_len > 8 * 4096)
		return -ENOMEM;
	b->seg =
	    (struct eal_mem_seg){.va = b->mem, .len = 8 * 4096, .page_sz = 4096, .page_pa = b->pa};
	*start = b->mem;
	*len = 8 * 4096;
	*owner = &b->seg;
	return 0;
}

/* The placement rule of the EAL's PA heaps, over the test's segment. */
static const struct eal_heap_ops pa_ops = {.grow = pa_grow, .fits = eal_mem_pa_fits};

static void test_pa_contiguity(void)
{
	struct pa_backing b = {.mem = aligned_alloc(4096, 8 * 4096)};
	struct fake_pagemap fp = {.base = (uintptr_t)b.mem,
				  .pfn = {100, 101, 102, 500, 501, 502, 503, 504}};
	struct eal_pagemap pm = {.read = fake_read, .ctx = &fp, .base_page = 4096};
	CU_ASSERT_PTR_NOT_NULL_FATAL(b.mem);

	/* The reader turns frame numbers into addresses; a hidden frame is an error. */
	CU_ASSERT_EQUAL(eal_pagemap_phys(&pm, (uintptr_t)b.mem, 4096, 8, b.pa), 0);
	CU_ASSERT_EQUAL(b.pa[0], 100 * 4096);
	CU_ASSERT_EQUAL(b.pa[3], 500 * 4096);
	CU_ASSERT_EQUAL(eal_phys_contiguous(b.pa, 4096, 0, 8), 3);
	CU_ASSERT_EQUAL(eal_phys_contiguous(b.pa, 4096, 3, 5), 5);
	CU_ASSERT_EQUAL(eal_phys_contiguous(b.pa, 4096, 1, 2), 2);
	fp.pfn[5] = 0;
	uint64_t tmp[8];
	CU_ASSERT_EQUAL(eal_pagemap_phys(&pm, (uintptr_t)b.mem, 4096, 8, tmp), -EFAULT);
	CU_ASSERT_EQUAL(eal_pagemap_phys(&pm, (uintptr_t)b.mem + 8 * 4096, 4096, 1, tmp), -EIO);

	struct eal_heap h;
	eal_heap_init(&h, &pa_ops, &b, 0);
	/* 3 pages at the top of the region: pages 5-7, which are contiguous. */
	void *three = eal_heap_alloc(&h, 3 * 4096, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(three);
	CU_ASSERT_EQUAL((uintptr_t)three, (uintptr_t)b.mem + 5 * 4096);
	CU_ASSERT_EQUAL(eal_heap_free(three), 0);
	/* With the last page elsewhere, the top is not contiguous: the search goes upwards,
	 * past pages 0-2 (the headers push 3 pages into page 3), to page 3. */
	b.pa[7] = 900 * 4096;
	three = eal_heap_alloc(&h, 3 * 4096, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(three);
	CU_ASSERT_EQUAL((uintptr_t)three, (uintptr_t)b.mem + 3 * 4096);
	/* A small one still fits (before the gap or after the three pages). */
	void *small = eal_heap_alloc(&h, 1000, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL(small);
	/* 4 contiguous pages do not exist any more: refused, and nothing more to grow. */
	int err = 0;
	CU_ASSERT_PTR_NULL(eal_heap_alloc(&h, 4 * 4096, 0, &err));
	CU_ASSERT_EQUAL(err, ENOMEM);
	eal_heap_free(three);
	eal_heap_free(small);
	/* Now 5 pages from page 3: exactly what is left contiguous (minus the header). */
	void *five = eal_heap_alloc(&h, 4 * 4096, 4096, NULL);
	CU_ASSERT_PTR_NOT_NULL(five);
	CU_ASSERT_TRUE((uintptr_t)five >= (uintptr_t)b.mem + 3 * 4096);
	eal_heap_free(five);
	eal_heap_destroy(&h);
	free(b.mem);
}

static void test_pa_fresh_region_refused(void)
{
	/* A fresh region with no acceptable placement: EFAULT, which rte_malloc reports. */
	struct pa_backing b = {.mem = aligned_alloc(4096, 8 * 4096)};
	for (int i = 0; i < 8; i++)
		b.pa[i] = (uint64_t)(1000 - i * 10) * 4096; /* no two pages adjacent */
	struct eal_heap h;
	eal_heap_init(&h, &pa_ops, &b, 0);
	int err = 0;
	CU_ASSERT_PTR_NULL(eal_heap_alloc(&h, 2 * 4096, 0, &err));
	CU_ASSERT_EQUAL(err, EFAULT);
	eal_heap_destroy(&h);
	free(b.mem);
}

/* In-place resize: shrink, grow into the free block after it, refuse when that is too small. */
static void test_resize(void)
{
	struct eal_heap h;
	struct fake_backing b;
	struct eal_heap_stats st;
	heap_with(&h, &b, 1);
	/* Carved from the top: hi above lo. */
	char *hi = eal_heap_alloc(&h, 1024, 0, NULL);
	char *lo = eal_heap_alloc(&h, 1024, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(lo);
	CU_ASSERT_EQUAL(hi - lo, 1024 + EAL_HEAP_HDR);
	memset(lo, 0x5a, 1024);

	/* The block after lo is busy: growing in place is refused, nothing changes. */
	CU_ASSERT_EQUAL(eal_heap_resize(lo, 2048), -ENOSPC);
	CU_ASSERT_EQUAL(eal_heap_usable_size(lo), 1024);
	/* Freed, it is lo's to grow into: all of it, then part of it. */
	CU_ASSERT_EQUAL(eal_heap_free(hi), 0);
	CU_ASSERT_EQUAL(eal_heap_resize(lo, 2048 + EAL_HEAP_HDR), 0);
	CU_ASSERT_EQUAL(eal_heap_usable_size(lo), 2048 + EAL_HEAP_HDR);
	CU_ASSERT_EQUAL(eal_heap_resize(lo, 2048 + 2 * EAL_HEAP_HDR), -ENOSPC);
	CU_ASSERT_EQUAL(eal_heap_resize(lo, 1500), 0);
	CU_ASSERT_EQUAL(eal_heap_usable_size(lo), 1536);
	CU_ASSERT_EQUAL((unsigned char)lo[1023], 0x5a);
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.busy, 1);
	CU_ASSERT_EQUAL(st.busy_bytes, 1536 + EAL_HEAP_HDR);
	CU_ASSERT_EQUAL(st.nfree, 2); /* below lo, and the tail the shrink gave back */
	/* A shrink that leaves less than a fragment worth keeping keeps the block's size. */
	CU_ASSERT_EQUAL(eal_heap_resize(lo, 1500 - 64), 0);
	CU_ASSERT_EQUAL(eal_heap_usable_size(lo), 1536);
	CU_ASSERT_EQUAL(eal_heap_resize(lo, 0), -EINVAL);
	CU_ASSERT_EQUAL(eal_heap_resize(lo + 64, 64), -EINVAL);
	CU_ASSERT_EQUAL(eal_heap_free(lo), 0);
	eal_heap_stats(&h, &st);
	CU_ASSERT_EQUAL(st.nfree, 1);
	CU_ASSERT_EQUAL(st.busy_bytes, 0);
	eal_heap_destroy(&h);
}

void test_mem_add_heap_suite(void)
{
	CU_pSuite s = CU_add_suite("heap", NULL, NULL);
	CU_add_test(s, "alignment", test_alignment);
	CU_add_test(s, "bounded: no block crosses a boundary", test_bounded);
	CU_add_test(s, "splitting and coalescing", test_coalescing);
	CU_add_test(s, "resize in place", test_resize);
	CU_add_test(s, "exhaustion and growth", test_exhaustion);
	CU_add_test(s, "four threads churning", test_threads);
	CU_add_test(s, "PA contiguity via an injected pagemap", test_pa_contiguity);
	CU_add_test(s, "PA: fresh region without a contiguous placement",
		    test_pa_fresh_region_refused);
}
