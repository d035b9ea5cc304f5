/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA memory: segments from the per-OS backing, one heap per socket over them, the
 * -m/--socket-mem limits and reservation, and address translation. Nothing is reserved at
 * rte_eal_init unless -m/--socket-mem asks: heaps grow on demand, which keeps init fast.
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>
#include <rte_memory.h>

#include "eal_iova_private.h"
#include "eal_malloc_heap.h"
#include "eal_memory.h"

RTE_LOG_REGISTER(eal_mem_logtype, lib.eal.mem, NOTICE);
#define MEM_LOG(level, fmt, ...) rte_log(RTE_LOG_##level, eal_mem_logtype, fmt "\n", ##__VA_ARGS__)

static struct {
	pthread_mutex_t lock;
	bool ready;
	enum rte_iova_mode mode;
	struct eal_mem_policy policy;
	char huge_dir[sizeof(((struct eal_config *)0)->huge_dir)];
	size_t limit_total; /* 0: none */
	size_t limit_socket[RTE_MAX_NUMA_NODES];
	bool socket_limited;
	size_t used_total;
	size_t used_socket[RTE_MAX_NUMA_NODES];
	unsigned int nb_sockets;
	uint64_t base_virtaddr; /* --base-virtaddr, 0: the default */
	bool va_pending;	/* IOVA as VA: the range is reserved with the first segment */
	struct eal_mem_seg_list segs;
	struct eal_heap heaps[RTE_MAX_NUMA_NODES];
} mem = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .segs = TAILQ_HEAD_INITIALIZER(mem.segs),
};

void eal_mem_lock(void)
{
	pthread_mutex_lock(&mem.lock);
}

void eal_mem_unlock(void)
{
	pthread_mutex_unlock(&mem.lock);
}

struct eal_mem_seg_list *eal_mem_segs_locked(void)
{
	return &mem.segs;
}

enum rte_iova_mode eal_mem_iova_mode(void)
{
	return mem.mode;
}

bool eal_mem_ready(void)
{
	return __atomic_load_n(&mem.ready, __ATOMIC_ACQUIRE);
}

struct eal_heap *eal_mem_heap(unsigned int socket)
{
	return &mem.heaps[socket];
}

size_t eal_phys_contiguous(const uint64_t *pa, size_t page_sz, size_t first, size_t count)
{
	for (size_t i = 1; i < count; i++)
		if (pa[first + i] != pa[first] + i * page_sz)
			return i;
	return count;
}

struct eal_mem_seg *eal_mem_seg_find_locked(const void *va)
{
	struct eal_mem_seg *seg;
	uintptr_t a = (uintptr_t)va;

	TAILQ_FOREACH(seg, &mem.segs, next)
	if (a >= (uintptr_t)seg->va && a - (uintptr_t)seg->va < seg->len)
		return seg;
	return NULL;
}

static rte_iova_t seg_iova(const struct eal_mem_seg *seg, const void *va)
{
	size_t off = (uintptr_t)va - (uintptr_t)seg->va;

	if (seg->page_pa != NULL) {
		rte_iova_t page = seg->page_pa[off / seg->page_sz];
		return page == RTE_BAD_IOVA ? RTE_BAD_IOVA : page + off % seg->page_sz;
	}
	return seg->iova + off;
}

rte_iova_t eal_mem_seg_iova(const void *va)
{
	rte_iova_t iova = RTE_BAD_IOVA;

	eal_mem_lock();
	const struct eal_mem_seg *seg = eal_mem_seg_find_locked(va);
	if (seg != NULL)
		iova = seg_iova(seg, va);
	eal_mem_unlock();
	return iova;
}

rte_iova_t rte_mem_virt2iova(const void *virtaddr)
{
	rte_iova_t iova = eal_mem_seg_iova(virtaddr);

	if (iova != RTE_BAD_IOVA)
		return iova;
	if (rte_eal_iova_mode() == RTE_IOVA_PA)
		return rte_mem_virt2phy(virtaddr);
	return (uintptr_t)virtaddr;
}

/* Would len more bytes on socket stay within -m / --socket-mem? (memory lock held) */
static bool limit_allows_locked(unsigned int socket, size_t len)
{
	if (mem.limit_total != 0 && (len > mem.limit_total - mem.used_total))
		return false;
	if (mem.socket_limited && len > mem.limit_socket[socket] - mem.used_socket[socket])
		return false;
	return true;
}

static void place_dma_range_locked(void);

static void seg_destroy(struct eal_mem_seg *seg)
{
	eal_memseg_free(seg);
	if (seg->external)
		free(seg->page_pa); /* the memory is the caller's */
	else
		eal_mem_backing_free(seg);
	free(seg);
}

/*
 * A new segment of at least min_len bytes on socket, listed, and mapped for DMA when the IOMMU
 * is in use. check_limit is false for the -m/--socket-mem reservation itself.
 */
static int seg_create(unsigned int socket, size_t min_len, bool check_limit,
		      struct eal_mem_seg **out)
{
	eal_mem_lock();
	if (mem.va_pending) {
		mem.va_pending = false;
		place_dma_range_locked();
	}
	bool allowed = !check_limit || limit_allows_locked(socket, min_len);
	eal_mem_unlock();
	if (!allowed) {
		MEM_LOG(
		    WARNING,
		    "no more DMA memory on socket %u: %zu kB more would pass the -m/--socket-mem "
		    "limit or --socket-limit (%zu kB in use); fix: raise the limit",
		    socket, min_len >> 10,
		    (mem.socket_limited ? mem.used_socket[socket] : mem.used_total) >> 10);
		return -ENOMEM;
	}

	struct eal_mem_seg *seg = calloc(1, sizeof(*seg));
	if (seg == NULL)
		return -ENOMEM;
	seg->socket = (int)socket;
	int ret = eal_mem_backing_alloc(min_len, (int)socket, &mem.policy, seg);
	if (ret != 0) {
		free(seg);
		return ret;
	}
	if (mem.policy.need_phys) {
		ret = eal_mem_backing_phys(seg);
		if (ret != 0) {
			seg_destroy(seg);
			return ret;
		}
	} else {
		seg->iova = (uintptr_t)seg->va;
	}
	ret = eal_memseg_build(seg);
	if (ret != 0) {
		seg_destroy(seg);
		return ret;
	}

	eal_mem_lock();
	/* Page rounding may have taken more than asked: the limit counts what was taken. */
	if (check_limit && !limit_allows_locked(socket, seg->len)) {
		eal_mem_unlock();
		MEM_LOG(WARNING,
			"no more DMA memory on socket %u: a %zu kB segment would pass the "
			"-m/--socket-mem limit or --socket-limit; fix: raise the limit",
			socket, seg->len >> 10);
		seg_destroy(seg);
		return -ENOMEM;
	}
	TAILQ_INSERT_TAIL(&mem.segs, seg, next);
	mem.used_total += seg->len;
	mem.used_socket[socket] += seg->len;
	ret = eal_mem_dma_seg_added_locked(seg);
	if (ret != 0) {
		TAILQ_REMOVE(&mem.segs, seg, next);
		mem.used_total -= seg->len;
		mem.used_socket[socket] -= seg->len;
		eal_mem_unlock();
		seg_destroy(seg);
		return -EIO;
	}
	eal_mem_unlock();
	MEM_LOG(DEBUG, "socket %u: new %zu kB segment at %p (%s pages of %zu kB)", socket,
		seg->len >> 10, seg->va, seg->huge ? "huge" : "locked", seg->page_sz >> 10);
	*out = seg;
	return 0;
}

/* Does [va, va+len) overlap a segment? (memory lock held) */
static bool overlaps_locked(uintptr_t va, size_t len)
{
	const struct eal_mem_seg *seg;

	TAILQ_FOREACH(seg, &mem.segs, next)
	if (va < (uintptr_t)seg->va + seg->len && (uintptr_t)seg->va < va + len)
		return true;
	return false;
}

/*
 * IOVA as VA must hold for external memory too: IOVAs given must be the addresses (or
 * RTE_BAD_IOVA), -1 with one line otherwise. 1 when the memory lies beyond the IOMMU's width,
 * where no IOVA can be its address: it is then the CPU's only (one warning line), as memory
 * added without IOVAs is in DPDK. 0: DMA memory with IOVA == VA.
 */
static int check_external_va(void *va, size_t len, size_t page_sz, const rte_iova_t *iovas)
{
	unsigned int width = eal_iova_dma_addr_bits();

	for (size_t i = 0; iovas != NULL && i < len / page_sz; i++)
		if (iovas[i] != (uintptr_t)va + i * page_sz && iovas[i] != RTE_BAD_IOVA) {
			MEM_LOG(ERR,
				"rte_malloc_heap_memory_add: page %zu of %p has IOVA 0x%" PRIx64
				" but in IOVA-as-VA mode a page's IOVA is its address; fix: pass "
				"NULL (or the addresses) as iova_addrs",
				i, va, iovas[i]);
			return -1;
		}
	if (width != 0 && width < 64 && (uintptr_t)va + len > (UINT64_C(1) << width)) {
		MEM_LOG(WARNING,
			"rte_malloc_heap_memory_add: [%p, 0x%" PRIxPTR ") lies beyond the IOMMU's "
			"%u-bit address width, so its IOVA cannot be its address (IOVA as VA): "
			"added for the CPU only, not for DMA (its IOVA is RTE_BAD_IOVA); fix: map "
			"it below 0x%" PRIx64 " (e.g. mmap with MAP_FIXED_NOREPLACE from 4 GiB), "
			"or --iova-mode pa",
			va, (uintptr_t)va + len, width, UINT64_C(1) << width);
		return 1;
	}
	return 0;
}

int eal_mem_seg_add_external(void *va, size_t len, size_t page_sz, const rte_iova_t *iovas,
			     int socket, struct eal_mem_seg **out)
{
	/*
	 * Per-page IOVAs are kept when the mode is PA (given, or none known: RTE_BAD_IOVA for
	 * each, as in DPDK) and for memory no device can reach; else IOVA == VA.
	 */
	bool pa = mem.mode == RTE_IOVA_PA;
	int beyond = pa ? 0 : check_external_va(va, len, page_sz, iovas);
	if (beyond < 0) {
		rte_errno = EINVAL;
		return -1;
	}
	bool no_dma = beyond == 1 || (pa && iovas == NULL);
	size_t pages = len / page_sz;
	struct eal_mem_seg *seg = calloc(1, sizeof(*seg));
	if (seg == NULL) {
		rte_errno = ENOMEM;
		return -1;
	}
	*seg = (struct eal_mem_seg){.va = va,
				    .len = len,
				    .page_sz = page_sz,
				    .socket = socket,
				    .external = true,
				    .no_dma = no_dma,
				    .iova = (uintptr_t)va};
	if (pa || no_dma) {
		seg->page_pa = malloc(pages * sizeof(*seg->page_pa));
		for (size_t i = 0; seg->page_pa != NULL && i < pages; i++)
			seg->page_pa[i] = no_dma ? RTE_BAD_IOVA : iovas[i];
	}
	if (((pa || no_dma) && seg->page_pa == NULL) || eal_memseg_build(seg) != 0) {
		seg_destroy(seg);
		rte_errno = ENOMEM;
		return -1;
	}
	seg->msl.external = 1;
	eal_mem_lock();
	if (overlaps_locked((uintptr_t)va, len)) {
		eal_mem_unlock();
		MEM_LOG(ERR, "rte_malloc_heap_memory_add: [%p, +%zu) overlaps DMA memory openeal "
			     "holds already; fix: add memory of your own, once",
			va, len);
		seg_destroy(seg);
		rte_errno = EEXIST;
		return -1;
	}
	TAILQ_INSERT_TAIL(&mem.segs, seg, next);
	if (eal_mem_dma_seg_added_locked(seg) != 0) {
		TAILQ_REMOVE(&mem.segs, seg, next);
		eal_mem_unlock();
		seg_destroy(seg);
		rte_errno = EIO;
		return -1;
	}
	eal_mem_unlock();
	*out = seg;
	return 0;
}

void eal_mem_seg_remove_external(struct eal_mem_seg *seg)
{
	eal_mem_lock();
	eal_mem_dma_seg_removed_locked(seg);
	TAILQ_REMOVE(&mem.segs, seg, next);
	eal_mem_unlock();
	seg_destroy(seg);
}

static int heap_grow(void *ctx, size_t min_len, void **start, size_t *len, void **owner)
{
	const struct eal_heap *h = ctx;
	struct eal_mem_seg *seg;
	int ret = seg_create((unsigned int)h->socket, min_len, true, &seg);

	if (ret != 0)
		return ret;
	*start = seg->va;
	*len = seg->len;
	*owner = seg;
	return 0;
}

uintptr_t eal_mem_pa_fits(void *ctx, void *owner, uintptr_t start, size_t len)
{
	const struct eal_mem_seg *seg = owner;
	uintptr_t base = (uintptr_t)seg->va;
	size_t first = (start - base) / seg->page_sz;
	size_t count = (start + len - 1 - base) / seg->page_sz - first + 1;

	RTE_SET_USED(ctx);
	size_t k = eal_phys_contiguous(seg->page_pa, seg->page_sz, first, count);
	return k == count ? 0 : base + (first + k) * seg->page_sz;
}

static void heap_release(void *ctx, void *owner, void *start, size_t len)
{
	struct eal_mem_seg *seg = owner;

	RTE_SET_USED(ctx);
	RTE_SET_USED(start);
	RTE_SET_USED(len);
	eal_mem_lock();
	eal_mem_dma_seg_removed_locked(seg);
	TAILQ_REMOVE(&mem.segs, seg, next);
	mem.used_total -= seg->len;
	mem.used_socket[seg->socket] -= seg->len;
	eal_mem_unlock();
	seg_destroy(seg);
}

static const struct eal_heap_ops va_heap_ops = {
    .grow = heap_grow,
    .release = heap_release,
};
static const struct eal_heap_ops pa_heap_ops = {
    .grow = heap_grow,
    .fits = eal_mem_pa_fits,
    .release = heap_release,
};

/*
 * IOVA as VA: keep a virtual range below the IOMMU's address width for every DMA segment, so
 * that each address is its own IOVA (doc/memory.md "Where DMA memory is placed"). From
 * --base-virtaddr, else 4 GiB (DPDK's default hint: above the 32-bit devices' window and
 * x86's MSI doorbells at 0xfee00000), as large as the machine's RAM (locked DMA memory can
 * never be more) plus room to align a 1 GiB page; a PROT_NONE reservation costs no memory.
 * It is made with the first segment (at init with -m/--socket-mem), not at every init: its
 * mmap and munmap cost ~8 us here, which an init that never uses DMA memory need not pay.
 */
#define VA_DEFAULT_BASE (UINT64_C(1) << 32)
#define VA_ALIGN (UINT64_C(2) << 20)
#define VA_GIB (UINT64_C(1) << 30)
/* A smaller free range than this is not worth keeping: the fallback is used instead. */
#define VA_MIN (UINT64_C(64) << 20)

/* Called with the memory lock held, once, before the first segment is made. */
static void place_dma_range_locked(void)
{
	unsigned int width = eal_iova_dma_addr_bits();
	unsigned int va_bits = eal_iova_va_bits();
	unsigned int top = width != 0 && width < va_bits ? width : va_bits;
	uint64_t hi = top >= 64 ? UINT64_MAX : UINT64_C(1) << top;
	uint64_t lo = mem.base_virtaddr != 0 ? RTE_ALIGN_CEIL(mem.base_virtaddr, VA_ALIGN)
					     : VA_DEFAULT_BASE;
	uint64_t want = RTE_ALIGN_CEIL(eal_mem_ram_size(), VA_GIB) + VA_GIB;
	uint64_t start, len;
	char why[256];

	if (lo < hi) {
		int ret = eal_mem_va_reserve(lo, hi, RTE_MIN(want, hi - lo), VA_MIN, VA_ALIGN,
					     &start, &len);
		if (ret == 0) {
			MEM_LOG(INFO,
				"DMA memory placed in [0x%" PRIx64 ", 0x%" PRIx64 ") (%" PRIu64
				" MB, below 2^%u): IOVA = VA",
				start, start + len, len >> 20, top);
			return;
		}
	}
	if (width == 0) {
		/* No IOMMU width to honour: wherever the kernel maps is as good. */
		MEM_LOG(INFO, "DMA memory: no free range from 0x%" PRIx64 " to 0x%" PRIx64
			", mapped anywhere", lo, hi);
		return;
	}
	snprintf(why, sizeof(why),
		 "no free virtual range of %" PRIu64 " MB or more in [0x%" PRIx64 ", 0x%" PRIx64
		 ") (from %s to the IOMMU's %u-bit width), so DMA memory gets IOVAs allocated "
		 "inside the IOMMU's ranges (IOVA != VA)",
		 VA_MIN >> 20, lo, hi, mem.base_virtaddr != 0 ? "--base-virtaddr" : "4 GiB", width);
	if (eal_iova_note_fallback(why))
		MEM_LOG(WARNING,
			"IOVA as VA: %s; a PMD that uses pointers as DMA addresses will fault; fix: "
			"--base-virtaddr at a free address below 2^%u, less DMA memory, or "
			"--iova-mode pa",
			why, width);
}

static void memory_teardown(void)
{
	eal_memzone_free_all();
	eal_malloc_ext_cleanup();
	for (unsigned int s = 0; s < RTE_MAX_NUMA_NODES; s++)
		eal_heap_destroy(&mem.heaps[s]);
	eal_mem_va_release();
	eal_mem_lock();
	eal_mem_dma_reset_locked();
	mem.va_pending = false;
	__atomic_store_n(&mem.ready, false, __ATOMIC_RELEASE);
	mem.limit_total = 0;
	mem.socket_limited = false;
	memset(mem.limit_socket, 0, sizeof(mem.limit_socket));
	eal_mem_unlock();
}

/* Reserve amount bytes on socket now, as one segment handed to the socket's heap. */
static int reserve(unsigned int socket, size_t amount, const char *option)
{
	struct eal_mem_seg *seg;

	if (socket >= mem.nb_sockets) {
		MEM_LOG(
		    ERR,
		    "option %s: socket %u does not exist (memory can be placed on %u socket(s)%s)",
		    option, socket, mem.nb_sockets,
		    eal_numa_known() ? "" : ": openeal was built without libnuma");
		return -EINVAL;
	}
	int ret = seg_create(socket, amount, false, &seg);
	if (ret != 0) {
		MEM_LOG(ERR, "option %s: cannot reserve %zu MB on socket %u (see above)", option,
			amount >> 20, socket);
		return ret;
	}
	seg->preallocated = true;
	eal_heap_add_region(&mem.heaps[socket], seg->va, seg->len, seg);
	return 0;
}

static int reserve_from_options(const struct eal_config *cfg)
{
	int ret = 0;

	if (cfg->nb_socket_mem > 0) {
		for (unsigned int s = 0; ret == 0 && s < cfg->nb_socket_mem; s++)
			if (cfg->socket_mem[s] != 0)
				ret = reserve(s, cfg->socket_mem[s], "--socket-mem");
		/* The limit is what was reserved: page rounding may exceed what was asked. */
		mem.socket_limited = true;
		for (unsigned int s = 0; s < RTE_MAX_NUMA_NODES; s++)
			mem.limit_socket[s] = mem.used_socket[s];
	} else if (cfg->mem_total != 0) {
		ret = reserve(eal_numa_current_node(), cfg->mem_total, "-m");
		mem.limit_total = RTE_MAX((size_t)cfg->mem_total, mem.used_total);
	}
	/* --socket-limit caps growth per socket (0: none there), never below what was reserved. */
	if (ret == 0 && cfg->nb_socket_limit > 0) {
		mem.socket_limited = true;
		for (unsigned int s = 0; s < RTE_MAX_NUMA_NODES; s++) {
			size_t lim = s < cfg->nb_socket_limit && cfg->socket_limit[s] != 0
					 ? (size_t)cfg->socket_limit[s]
					 : SIZE_MAX;
			mem.limit_socket[s] = RTE_MAX(lim, mem.used_socket[s]);
		}
	}
	return ret;
}

int eal_memory_init(const struct eal_config *cfg)
{
	if (eal_mem_backing_check(cfg) != 0)
		return -1;
	snprintf(mem.huge_dir, sizeof(mem.huge_dir), "%s", cfg->huge_dir);
	mem.mode = rte_eal_iova_mode();
	mem.policy = (struct eal_mem_policy){
	    .huge = !cfg->no_huge,
	    .small = mem.mode != RTE_IOVA_PA,
	    .need_phys = mem.mode == RTE_IOVA_PA,
	    .huge_dir = mem.huge_dir[0] != '\0' ? mem.huge_dir : NULL,
	};
	mem.base_virtaddr = cfg->base_virtaddr;
	mem.va_pending = mem.mode != RTE_IOVA_PA;
	mem.nb_sockets = eal_numa_nodes();
	for (unsigned int s = 0; s < RTE_MAX_NUMA_NODES; s++)
		eal_heap_init(&mem.heaps[s], mem.policy.need_phys ? &pa_heap_ops : &va_heap_ops,
			      &mem.heaps[s], (int)s);
	__atomic_store_n(&mem.ready, true, __ATOMIC_RELEASE);

	int ret = reserve_from_options(cfg);
	if (ret != 0) {
		memory_teardown();
		rte_errno = -ret;
		return -1;
	}
	MEM_LOG(INFO, "DMA memory: IOVA as %s, %s%s, %s",
		rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA",
		mem.policy.huge ? "hugepages" : "no hugepages (--no-huge)",
		mem.policy.small ? " else locked pages" : "",
		mem.used_total != 0 ? "reserved up front (-m/--socket-mem)" : "grown on demand");
	return 0;
}

void eal_memory_cleanup(void)
{
	if (!eal_mem_ready())
		return;
	memory_teardown();
}
