/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA memory in the IOMMU through VFIO's default container. When the first vfio device is set
 * up, every segment is mapped (after one up-front check of the locked-memory limit); segments
 * added later are mapped as they come. In VA mode a segment keeps IOVA = VA when the IOMMU's
 * usable ranges (VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE) hold that address, which the placement
 * below the IOMMU's width (eal_mem_va.c) makes the rule; only in the fallback does it get an
 * IOVA allocated inside them (eal_iova_space.c). In PA mode each physically contiguous run is
 * mapped at its physical address.
 *
 * The VFIO layer records every mapping and replays it when its default container gets a new
 * first group, so mappings made while no device is attached (or between hot-unplug and plug)
 * are not lost.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_log.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "../common/eal_iova_private.h"
#include "../common/eal_iova_space.h"
#include "../common/eal_memory.h"
#include "eal_mem_dma.h"

extern int eal_mem_logtype;
#define MEM_LOG(level, fmt, ...) rte_log(RTE_LOG_##level, eal_mem_logtype, fmt "\n", ##__VA_ARGS__)

/* Guarded by the memory lock. */
static struct {
	bool active; /* the default container has (had) a device: segments are mapped */
	struct eal_iova_space space;
	unsigned int remapped; /* segments whose IOVA is not their VA */
} dma;

/* Map [va, va+len) at iova into the default container. */
static int map_range(uint64_t va, uint64_t iova, uint64_t len)
{
	return rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, va, iova, len);
}

static void unmap_range(uint64_t va, uint64_t iova, uint64_t len)
{
	rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, va, iova, len);
}

/* PA mode: each physically contiguous run of pages at its physical address. */
static int map_pa_locked(struct eal_mem_seg *seg)
{
	size_t npages = seg->len / seg->page_sz;

	for (size_t first = 0; first < npages;) {
		size_t run = eal_phys_contiguous(seg->page_pa, seg->page_sz, first, npages - first);
		uint64_t va = (uintptr_t)seg->va + first * seg->page_sz;
		if (map_range(va, seg->page_pa[first], run * seg->page_sz) != 0) {
			/* Take back the runs mapped so far. */
			for (size_t f = 0; f < first;) {
				size_t r =
				    eal_phys_contiguous(seg->page_pa, seg->page_sz, f, npages - f);
				unmap_range((uintptr_t)seg->va + f * seg->page_sz, seg->page_pa[f],
					    r * seg->page_sz);
				f += r;
			}
			return -1;
		}
		first += run;
	}
	return 0;
}

static void unmap_pa_locked(struct eal_mem_seg *seg)
{
	size_t npages = seg->len / seg->page_sz;

	for (size_t first = 0; first < npages;) {
		size_t run = eal_phys_contiguous(seg->page_pa, seg->page_sz, first, npages - first);
		unmap_range((uintptr_t)seg->va + first * seg->page_sz, seg->page_pa[first],
			    run * seg->page_sz);
		first += run;
	}
}

/*
 * A VA-mode segment got an IOVA that is not its address. Expected in the fallback (no range
 * below the IOMMU's width could be had: init warned); otherwise this IOMMU is narrower than
 * the range the memory was placed in (a device behind another IOMMU, or one whose width the
 * kernel does not show), which is worth the same one warning.
 */
static void note_remapped(const struct eal_mem_seg *seg, uint64_t iova)
{
	char why[192];

	MEM_LOG(DEBUG, "segment %p (%zu kB): IOVA 0x%" PRIx64 " (its address is outside the IOMMU's usable ranges)",
		seg->va, seg->len >> 10, iova);
	snprintf(why, sizeof(why),
		 "DMA memory at %p is outside the usable IOVA ranges of the device's IOMMU, so "
		 "it got IOVA 0x%" PRIx64 " (IOVA != VA)",
		 seg->va, iova);
	if (eal_iova_note_fallback(why))
		MEM_LOG(WARNING,
			"IOVA as VA: %s; a PMD that uses pointers as DMA addresses will fault; fix: "
			"a lower --base-virtaddr, less DMA memory, or --iova-mode pa",
			why);
}

/* VA mode: IOVA = VA where the IOMMU takes it, else an IOVA from its usable space. */
static int map_va_locked(struct eal_mem_seg *seg)
{
	uint64_t va = (uintptr_t)seg->va;
	uint64_t iova = va;
	bool from_space = false;

	if (eal_iova_space_reserve(&dma.space, va, seg->len) != 0) {
		int ret = eal_iova_space_alloc(&dma.space, seg->len, seg->page_sz, &iova);
		if (ret != 0) {
			MEM_LOG(
			    ERR,
			    "cannot map a %zu kB DMA segment for the IOMMU: its address %p is "
			    "outside the IOMMU's usable IOVA ranges and no free range of that size "
			    "is left in them; fix: use less DMA memory (-m)",
			    seg->len >> 10, seg->va);
			rte_errno = ENOSPC;
			return -1;
		}
		from_space = true;
	}
	if (map_range(va, iova, seg->len) != 0) {
		eal_iova_space_free(&dma.space, iova, seg->len);
		return -1;
	}
	seg->iova = iova;
	seg->iova_from_space = from_space;
	eal_memseg_update_iova_locked(seg);
	dma.remapped += from_space;
	if (from_space)
		note_remapped(seg, iova);
	return 0;
}

static int map_seg_locked(struct eal_mem_seg *seg)
{
	if (seg->no_dma)
		return 0; /* external memory without IOVAs: the CPU's only */
	int ret = seg->page_pa != NULL ? map_pa_locked(seg) : map_va_locked(seg);

	if (ret == 0)
		seg->dma_mapped = true;
	return ret;
}

static void unmap_seg_locked(struct eal_mem_seg *seg)
{
	if (!seg->dma_mapped)
		return;
	if (seg->page_pa != NULL) {
		unmap_pa_locked(seg);
	} else {
		unmap_range((uintptr_t)seg->va, seg->iova, seg->len);
		eal_iova_space_free(&dma.space, seg->iova, seg->len);
		dma.remapped -= seg->iova_from_space;
		/* Until mapped again, the only meaningful IOVA is the address itself. */
		seg->iova = (uintptr_t)seg->va;
		seg->iova_from_space = false;
		eal_memseg_update_iova_locked(seg);
	}
	seg->dma_mapped = false;
}

/* The usable IOVA space of the default container's IOMMU. 0 or -1 (logged). */
static int load_space_locked(void)
{
	struct rte_vfio_iommu_info info;
	struct eal_iova_span spans[RTE_VFIO_MAX_IOVA_RANGES];
	unsigned int n = 0;

	if (rte_vfio_container_get_iommu_info(RTE_VFIO_DEFAULT_CONTAINER_FD, &info) != 0)
		return -1;
	if (info.has_iova_ranges) {
		for (; n < info.nb_iova_ranges; n++)
			spans[n] = (struct eal_iova_span){.start = info.iova_ranges[n].start,
							  .last = info.iova_ranges[n].end};
	} else {
		/* Kernels before 5.4 do not say: every IOVA is taken as usable. */
		spans[n++] = (struct eal_iova_span){.start = 0, .last = UINT64_MAX};
	}
	int ret = eal_iova_space_init(&dma.space, spans, n);
	if (ret != 0) {
		MEM_LOG(ERR, "cannot use the IOMMU's IOVA ranges: %s", strerror(-ret));
		rte_errno = -ret;
		return -1;
	}
	return 0;
}

int eal_mem_dma_vfio_device_added(void)
{
	struct eal_mem_seg *seg;
	size_t total = 0;
	unsigned int n = 0;
	int ret = 0;

	if (!eal_mem_ready())
		return 0;
	eal_mem_lock();
	if (dma.active)
		goto out;
	if (eal_mem_iova_mode() != RTE_IOVA_PA && load_space_locked() != 0) {
		ret = -1;
		goto out;
	}
	TAILQ_FOREACH(seg, eal_mem_segs_locked(), next)
	total += seg->len;
	/* One clear line now rather than an ENOMEM from the kernel halfway through. */
	if (total != 0 && rte_vfio_memlock_check(total) != 0) {
		ret = -1;
		goto fail;
	}
	TAILQ_FOREACH(seg, eal_mem_segs_locked(), next)
	{
		if (map_seg_locked(seg) != 0) {
			ret = -1;
			goto fail;
		}
		n++;
	}
	dma.active = true;
	MEM_LOG(
	    INFO,
	    "DMA memory in the IOMMU (default VFIO container): %u segment(s), %zu kB, %u with "
	    "IOVAs allocated inside the IOMMU's usable ranges; later segments are mapped as they "
	    "come",
	    n, total >> 10, dma.remapped);
	goto out;

fail:
	TAILQ_FOREACH(seg, eal_mem_segs_locked(), next)
	unmap_seg_locked(seg);
	eal_iova_space_fini(&dma.space);
out:
	eal_mem_unlock();
	/* Memzones carry their IOVA: refresh them outside the memory lock (lock order). */
	if (ret == 0)
		eal_memzone_refresh_iova();
	return ret;
}

int eal_mem_dma_seg_added_locked(struct eal_mem_seg *seg)
{
	if (!dma.active || seg->no_dma)
		return 0;
	if (rte_vfio_memlock_check(seg->len) != 0)
		return -1;
	return map_seg_locked(seg);
}

void eal_mem_dma_seg_removed_locked(struct eal_mem_seg *seg)
{
	unmap_seg_locked(seg);
}

void eal_mem_dma_reset_locked(void)
{
	eal_iova_space_fini(&dma.space);
	dma.active = false;
	dma.remapped = 0;
}
