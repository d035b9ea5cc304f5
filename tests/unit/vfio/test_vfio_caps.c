/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Capability chains of VFIO INFO buffers, crafted byte by byte: well-formed chains decode to
 * the right values; loops, offsets outside the buffer or inside the fixed part, and capabilities
 * cut short are refused. Each buffer is a malloc of exactly its length, so an over-read is an
 * ASan report in the sanitizer run.
 */

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfio.h>
#include <rte_common.h>

#include "eal_vfio_internal.h"
#include "test_vfio.h"

/* A buffer under construction: bytes at explicit offsets, exact length at the end. */
struct buf {
	uint8_t bytes[4096];
	size_t len;
};

static void put(struct buf *b, size_t off, const void *data, size_t size)
{
	memcpy(b->bytes + off, data, size);
	if (off + size > b->len)
		b->len = off + size;
}

static void put_hdr(struct buf *b, size_t off, uint16_t id, uint32_t next)
{
	struct vfio_info_cap_header h = {.id = id, .version = 1, .next = next};
	put(b, off, &h, sizeof(h));
}

static void put_u32(struct buf *b, size_t off, uint32_t v)
{
	put(b, off, &v, sizeof(v));
}

/* A copy of exactly len bytes (len may cut the buffer short). */
static void *exact(const struct buf *b, size_t len)
{
	void *p = malloc(len ? len : 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p, b->bytes, len);
	return p;
}

static int parse_region(const struct buf *b, size_t len, struct rte_vfio_region_info *info)
{
	void *p = exact(b, len);
	int ret = vfio_region_info_parse(p, len, info);
	free(p);
	return ret;
}

static int parse_iommu(const struct buf *b, size_t len, struct rte_vfio_iommu_info *info)
{
	void *p = exact(b, len);
	int ret = vfio_iommu_info_parse(p, len, info);
	free(p);
	return ret;
}

#define RI_SIZE sizeof(struct vfio_region_info) /* 32: capabilities start here */

static void region_fixed(struct buf *b, uint32_t flags, uint32_t cap_offset)
{
	struct vfio_region_info ri = {.argsz = 0,
				      .flags = flags,
				      .index = 3,
				      .cap_offset = cap_offset,
				      .size = 0x4000,
				      .offset = 3ULL << 40};
	memset(b, 0, sizeof(*b));
	put(b, 0, &ri, sizeof(ri));
}

/* Sparse mmap with n areas at off; returns the offset just past it. */
static size_t put_sparse(struct buf *b, size_t off, uint32_t next, uint32_t n)
{
	put_hdr(b, off, VFIO_REGION_INFO_CAP_SPARSE_MMAP, next);
	put_u32(b, off + 8, n);
	put_u32(b, off + 12, 0);
	for (uint32_t i = 0; i < n; i++) {
		struct vfio_region_sparse_mmap_area a = {.offset = 0x3000ULL * i,
							 .size = 0x1000 + i};
		put(b, off + 16 + i * sizeof(a), &a, sizeof(a));
	}
	return off + 16 + n * sizeof(struct vfio_region_sparse_mmap_area);
}

static void test_region_no_caps(void)
{
	struct buf b;
	struct rte_vfio_region_info info;

	region_fixed(&b, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_MMAP, 0);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), 0);
	CU_ASSERT_EQUAL(info.index, 3);
	CU_ASSERT_EQUAL(info.size, 0x4000);
	CU_ASSERT_EQUAL(info.offset, 3ULL << 40);
	CU_ASSERT_EQUAL(info.flags, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_MMAP);
	CU_ASSERT_FALSE(info.sparse);
	CU_ASSERT_FALSE(info.msix_mappable);

	/* CAPS flagged but offset 0: the kernel's "buffer too small" answer, not an error. */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, 0);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), 0);
	CU_ASSERT_FALSE(info.sparse);

	/* Shorter than the fixed structure. */
	CU_ASSERT_EQUAL(parse_region(&b, RI_SIZE - 1, &info), -EINVAL);
}

static void test_region_sparse_and_msix(void)
{
	struct buf b;
	struct rte_vfio_region_info info;

	/* fixed | sparse(2 areas) | unknown cap 99 | msix mappable */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS | VFIO_REGION_INFO_FLAG_MMAP, RI_SIZE);
	size_t unknown = RI_SIZE + 16 + 2 * 16;
	size_t msix = unknown + 8 + 8;
	CU_ASSERT_EQUAL(put_sparse(&b, RI_SIZE, (uint32_t)unknown, 2), unknown);
	put_hdr(&b, unknown, 99, (uint32_t)msix);
	put_u32(&b, unknown + 8, 0xdeadbeef);
	put_hdr(&b, msix, VFIO_REGION_INFO_CAP_MSIX_MAPPABLE, 0);

	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), 0);
	CU_ASSERT_TRUE(info.sparse);
	CU_ASSERT_TRUE(info.msix_mappable);
	CU_ASSERT_EQUAL(info.nb_areas, 2);
	CU_ASSERT_EQUAL(info.areas[0].offset, 0);
	CU_ASSERT_EQUAL(info.areas[0].size, 0x1000);
	CU_ASSERT_EQUAL(info.areas[1].offset, 0x3000);
	CU_ASSERT_EQUAL(info.areas[1].size, 0x1001);

	/* A chain walked backwards (kernel order is not assumed) decodes the same. */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, RI_SIZE + 8);
	put_hdr(&b, RI_SIZE, VFIO_REGION_INFO_CAP_MSIX_MAPPABLE, 0);
	put_sparse(&b, RI_SIZE + 8, RI_SIZE, 1);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), 0);
	CU_ASSERT_TRUE(info.msix_mappable);
	CU_ASSERT_EQUAL(info.nb_areas, 1);

	/* Sparse with no area at all: nothing of the region may be mmapped. */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, RI_SIZE);
	put_sparse(&b, RI_SIZE, 0, 0);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), 0);
	CU_ASSERT_TRUE(info.sparse);
	CU_ASSERT_EQUAL(info.nb_areas, 0);
}

static void test_region_loops(void)
{
	struct buf b;
	struct rte_vfio_region_info info;

	/* A capability pointing at itself. */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, RI_SIZE);
	put_hdr(&b, RI_SIZE, VFIO_REGION_INFO_CAP_MSIX_MAPPABLE, RI_SIZE);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), -EINVAL);

	/* A -> B -> A, B being a well-formed sparse capability. */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, RI_SIZE);
	put_hdr(&b, RI_SIZE, 99, RI_SIZE + 8);
	put_sparse(&b, RI_SIZE + 8, RI_SIZE, 1);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), -EINVAL);
}

static void test_region_out_of_range(void)
{
	struct buf b;
	struct rte_vfio_region_info info;

	/* First offset past the end, at the end, and header cut by the end. */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, 4096);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), -EINVAL);
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, RI_SIZE);
	CU_ASSERT_EQUAL(parse_region(&b, RI_SIZE, &info), -EINVAL);
	put_hdr(&b, RI_SIZE, VFIO_REGION_INFO_CAP_MSIX_MAPPABLE, 0);
	CU_ASSERT_EQUAL(parse_region(&b, RI_SIZE + 7, &info), -EINVAL);
	CU_ASSERT_EQUAL(parse_region(&b, RI_SIZE + 8, &info), 0);

	/* A next pointer with the high bits set, and one into the fixed structure. */
	put_hdr(&b, RI_SIZE, 99, 0xfffffff8u);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), -EINVAL);
	put_hdr(&b, RI_SIZE, 99, 8);
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), -EINVAL);
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, 4); /* first cap inside the fixed part */
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), -EINVAL);
	/* At 16 the "header" is the size field, whose upper half reads as next = 0: the chain
	 * would end cleanly there, so only the offset check refuses it. */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, 16);
	put_hdr(&b, RI_SIZE, VFIO_REGION_INFO_CAP_MSIX_MAPPABLE, 0); /* room for one cap */
	CU_ASSERT_EQUAL(parse_region(&b, b.len, &info), -EINVAL);
	CU_ASSERT_FALSE(info.msix_mappable);
}

static void test_region_truncated_sparse(void)
{
	struct buf b;
	struct rte_vfio_region_info info;

	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, RI_SIZE);
	size_t end = put_sparse(&b, RI_SIZE, 0, 2);
	/* The last area is one byte short; then the area count field itself is cut. */
	CU_ASSERT_EQUAL(parse_region(&b, end - 1, &info), -EINVAL);
	CU_ASSERT_EQUAL(parse_region(&b, RI_SIZE + 10, &info), -EINVAL);
	CU_ASSERT_EQUAL(parse_region(&b, end, &info), 0);

	/* A huge area count must not be multiplied into a small number or read. */
	put_u32(&b, RI_SIZE + 8, 0xffffffffu);
	CU_ASSERT_EQUAL(parse_region(&b, end, &info), -EINVAL);
	put_u32(&b, RI_SIZE + 8, 0x10000001u); /* * 16 wraps to 16 in 32 bits */
	CU_ASSERT_EQUAL(parse_region(&b, end, &info), -EINVAL);

	/* More areas than the structure holds, all present in the buffer. */
	region_fixed(&b, VFIO_REGION_INFO_FLAG_CAPS, RI_SIZE);
	end = put_sparse(&b, RI_SIZE, 0, RTE_VFIO_MAX_SPARSE_AREAS + 1);
	CU_ASSERT_EQUAL(parse_region(&b, end, &info), -E2BIG);
}

#define II_SIZE sizeof(struct vfio_iommu_type1_info)

static void iommu_fixed(struct buf *b, uint32_t flags, uint32_t cap_offset)
{
	struct vfio_iommu_type1_info ii = {
	    .argsz = 0, .flags = flags, .iova_pgsizes = 0x40201000, .cap_offset = cap_offset};
	memset(b, 0, sizeof(*b));
	put(b, 0, &ii, sizeof(ii));
}

static size_t put_ranges(struct buf *b, size_t off, uint32_t next, uint32_t n,
			 const struct vfio_iova_range *r)
{
	put_hdr(b, off, VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE, next);
	put_u32(b, off + 8, n);
	put_u32(b, off + 12, 0);
	for (uint32_t i = 0; i < n; i++)
		put(b, off + 16 + i * sizeof(*r), &r[i], sizeof(*r));
	return off + 16 + n * sizeof(*r);
}

static void test_iommu_info(void)
{
	/* What the lab's vIOMMU reports (doc/vfio.md, shared/lab-notes.md). */
	static const struct vfio_iova_range lab[] = {{0, 0xfedfffff}, {0xfef00000, 0x7fffffffff}};
	struct buf b;
	struct rte_vfio_iommu_info info;

	iommu_fixed(&b, VFIO_IOMMU_INFO_PGSIZES | VFIO_IOMMU_INFO_CAPS, II_SIZE);
	size_t avail = put_ranges(&b, II_SIZE, 0, 2, lab);
	put_hdr(&b, II_SIZE, VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE, (uint32_t)avail);
	put_hdr(&b, avail, VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL, 0);
	put_u32(&b, avail + 8, 65535);

	CU_ASSERT_EQUAL(parse_iommu(&b, b.len, &info), 0);
	CU_ASSERT_EQUAL(info.pgsizes, 0x40201000);
	CU_ASSERT_TRUE(info.has_iova_ranges);
	CU_ASSERT_EQUAL(info.nb_iova_ranges, 2);
	CU_ASSERT_EQUAL(info.iova_ranges[0].start, 0);
	CU_ASSERT_EQUAL(info.iova_ranges[0].end, 0xfedfffff);
	CU_ASSERT_EQUAL(info.iova_ranges[1].start, 0xfef00000);
	CU_ASSERT_EQUAL(info.iova_ranges[1].end, 0x7fffffffff);
	CU_ASSERT_TRUE(info.has_dma_avail);
	CU_ASSERT_EQUAL(info.dma_avail, 65535);

	/* DMA_AVAIL cut short. */
	CU_ASSERT_EQUAL(parse_iommu(&b, avail + 11, &info), -EINVAL);

	/* Without PGSIZES the page sizes are unknown; without CAPS nothing else is read. */
	iommu_fixed(&b, 0, II_SIZE);
	CU_ASSERT_EQUAL(parse_iommu(&b, b.len, &info), 0);
	CU_ASSERT_EQUAL(info.pgsizes, 0);
	CU_ASSERT_FALSE(info.has_iova_ranges);

	/* An old kernel's structure, without cap_offset: page sizes only. */
	iommu_fixed(&b, VFIO_IOMMU_INFO_PGSIZES | VFIO_IOMMU_INFO_CAPS, II_SIZE);
	CU_ASSERT_EQUAL(parse_iommu(&b, 16, &info), 0);
	CU_ASSERT_EQUAL(info.pgsizes, 0x40201000);
	CU_ASSERT_FALSE(info.has_iova_ranges);
	CU_ASSERT_EQUAL(parse_iommu(&b, 15, &info), -EINVAL);
}

static void test_iommu_bad_chains(void)
{
	static const struct vfio_iova_range bad[] = {{0x2000, 0x1000}};
	static const struct vfio_iova_range one[] = {{0, 0xffff}};
	struct buf b;
	struct rte_vfio_iommu_info info;

	/* end before start */
	iommu_fixed(&b, VFIO_IOMMU_INFO_CAPS, II_SIZE);
	size_t end = put_ranges(&b, II_SIZE, 0, 1, bad);
	CU_ASSERT_EQUAL(parse_iommu(&b, end, &info), -EINVAL);

	/* range list cut short, and a loop through a valid capability */
	iommu_fixed(&b, VFIO_IOMMU_INFO_CAPS, II_SIZE);
	end = put_ranges(&b, II_SIZE, 0, 1, one);
	CU_ASSERT_EQUAL(parse_iommu(&b, end - 8, &info), -EINVAL);
	put_hdr(&b, II_SIZE, VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE, II_SIZE);
	CU_ASSERT_EQUAL(parse_iommu(&b, end, &info), -EINVAL);

	/* More ranges than the structure holds. */
	struct vfio_iova_range many[RTE_VFIO_MAX_IOVA_RANGES + 1];
	for (unsigned int i = 0; i < RTE_DIM(many); i++)
		many[i] = (struct vfio_iova_range){.start = i * 0x10000ULL,
						   .end = i * 0x10000ULL + 0xfff};
	iommu_fixed(&b, VFIO_IOMMU_INFO_CAPS, II_SIZE);
	end = put_ranges(&b, II_SIZE, 0, RTE_DIM(many), many);
	CU_ASSERT_EQUAL(parse_iommu(&b, end, &info), -E2BIG);
}

void test_vfio_add_caps_suite(void)
{
	CU_pSuite s = CU_add_suite("vfio_capability_chains", NULL, NULL);
	CU_add_test(s, "region info without capabilities", test_region_no_caps);
	CU_add_test(s, "region sparse mmap, MSI-X mappable, unknown cap",
		    test_region_sparse_and_msix);
	CU_add_test(s, "region chain loops are refused", test_region_loops);
	CU_add_test(s, "region offsets out of range are refused", test_region_out_of_range);
	CU_add_test(s, "truncated and oversized sparse capabilities", test_region_truncated_sparse);
	CU_add_test(s, "IOMMU info: page sizes, IOVA ranges, DMA avail", test_iommu_info);
	CU_add_test(s, "IOMMU info: bad chains are refused", test_iommu_bad_chains);
}
