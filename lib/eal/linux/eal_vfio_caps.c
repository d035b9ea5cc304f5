/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decoding of VFIO INFO buffers: a fixed structure followed by a capability chain whose offsets
 * (relative to the start of the buffer) come from the kernel. The decoder trusts none of them:
 * every read is bounds-checked against the buffer, fields are copied out with memcpy (the
 * buffer gives no alignment guarantee), and a chain longer than the buffer could hold without
 * revisiting an offset is a loop.
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <linux/vfio.h>

#include "eal_vfio_internal.h"

/* Called for each capability with its header and the bytes from it to the end of the buffer. */
typedef int (*cap_fn)(void *arg, const struct vfio_info_cap_header *hdr, const uint8_t *cap,
		      size_t avail);

static int cap_walk(const uint8_t *buf, size_t len, size_t fixed, uint32_t first, cap_fn fn,
		    void *arg)
{
	const size_t hdr_size = sizeof(struct vfio_info_cap_header);
	/* Distinct headers that fit after the fixed part: more steps than this means a cycle. */
	size_t steps_left = len > fixed ? (len - fixed) / hdr_size : 0;
	uint64_t off = first;

	while (off != 0) {
		struct vfio_info_cap_header hdr;

		if (steps_left-- == 0)
			return -EINVAL;
		if (off < fixed || off > len || len - off < hdr_size)
			return -EINVAL;
		memcpy(&hdr, buf + off, hdr_size);
		int ret = fn(arg, &hdr, buf + off, len - off);
		if (ret < 0)
			return ret;
		off = hdr.next;
	}
	return 0;
}

static int region_cap(void *arg, const struct vfio_info_cap_header *hdr, const uint8_t *cap,
		      size_t avail)
{
	struct rte_vfio_region_info *info = arg;

	switch (hdr->id) {
	case VFIO_REGION_INFO_CAP_MSIX_MAPPABLE:
		info->msix_mappable = true;
		return 0;
	case VFIO_REGION_INFO_CAP_SPARSE_MMAP: {
		const size_t head = offsetof(struct vfio_region_info_cap_sparse_mmap, areas);
		const size_t area_size = sizeof(struct vfio_region_sparse_mmap_area);
		uint32_t nr;

		if (avail < head)
			return -EINVAL;
		memcpy(&nr, cap + offsetof(struct vfio_region_info_cap_sparse_mmap, nr_areas),
		       sizeof(nr));
		if ((uint64_t)nr * area_size > avail - head)
			return -EINVAL;
		if (nr > RTE_VFIO_MAX_SPARSE_AREAS)
			return -E2BIG;
		info->sparse = true;
		info->nb_areas = nr;
		for (uint32_t i = 0; i < nr; i++) {
			struct vfio_region_sparse_mmap_area a;

			memcpy(&a, cap + head + i * area_size, area_size);
			info->areas[i].offset = a.offset;
			info->areas[i].size = a.size;
		}
		return 0;
	}
	default:
		return 0;
	}
}

int vfio_region_info_parse(const void *buf, size_t len, struct rte_vfio_region_info *info)
{
	struct vfio_region_info ri;

	memset(info, 0, sizeof(*info));
	if (len < sizeof(ri))
		return -EINVAL;
	memcpy(&ri, buf, sizeof(ri));
	info->index = ri.index;
	info->flags = ri.flags;
	info->size = ri.size;
	info->offset = ri.offset;
	/* A buffer too small for the chain comes back with cap_offset 0: no capabilities. */
	if (!(ri.flags & VFIO_REGION_INFO_FLAG_CAPS) || ri.cap_offset == 0)
		return 0;
	return cap_walk(buf, len, sizeof(ri), ri.cap_offset, region_cap, info);
}

static int iommu_cap(void *arg, const struct vfio_info_cap_header *hdr, const uint8_t *cap,
		     size_t avail)
{
	struct rte_vfio_iommu_info *info = arg;

	switch (hdr->id) {
	case VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE: {
		const size_t head =
		    offsetof(struct vfio_iommu_type1_info_cap_iova_range, iova_ranges);
		const size_t range_size = sizeof(struct vfio_iova_range);
		uint32_t nr;

		if (avail < head)
			return -EINVAL;
		memcpy(&nr, cap + offsetof(struct vfio_iommu_type1_info_cap_iova_range, nr_iovas),
		       sizeof(nr));
		if ((uint64_t)nr * range_size > avail - head)
			return -EINVAL;
		if (nr > RTE_VFIO_MAX_IOVA_RANGES)
			return -E2BIG;
		info->has_iova_ranges = true;
		info->nb_iova_ranges = nr;
		for (uint32_t i = 0; i < nr; i++) {
			struct vfio_iova_range r;

			memcpy(&r, cap + head + i * range_size, range_size);
			if (r.end < r.start)
				return -EINVAL;
			info->iova_ranges[i].start = r.start;
			info->iova_ranges[i].end = r.end;
		}
		return 0;
	}
	case VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL: {
		struct vfio_iommu_type1_info_dma_avail da;

		if (avail < sizeof(da))
			return -EINVAL;
		memcpy(&da, cap, sizeof(da));
		info->has_dma_avail = true;
		info->dma_avail = da.avail;
		return 0;
	}
	default:
		return 0;
	}
}

int vfio_iommu_info_parse(const void *buf, size_t len, struct rte_vfio_iommu_info *info)
{
	struct vfio_iommu_type1_info ii;
	/* cap_offset came later than the first fields: older kernels fill only up to pgsizes. */
	const size_t base = offsetof(struct vfio_iommu_type1_info, cap_offset);

	memset(info, 0, sizeof(*info));
	if (len < base)
		return -EINVAL;
	memset(&ii, 0, sizeof(ii));
	memcpy(&ii, buf, len < sizeof(ii) ? len : sizeof(ii));
	if (ii.flags & VFIO_IOMMU_INFO_PGSIZES)
		info->pgsizes = ii.iova_pgsizes;
	if (!(ii.flags & VFIO_IOMMU_INFO_CAPS) || len < sizeof(ii) || ii.cap_offset == 0)
		return 0;
	return cap_walk(buf, len, sizeof(ii), ii.cap_offset, iommu_cap, info);
}
