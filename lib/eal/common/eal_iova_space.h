/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_IOVA_SPACE_H
#define EAL_IOVA_SPACE_H

/*
 * The free part of an IOMMU's usable IOVA space, for memory whose virtual addresses the IOMMU
 * cannot take as IOVAs (beyond its address width, or inside a reserved window such as the MSI
 * doorbells). Starts as the usable ranges VFIO reports; segments mapped with IOVA = VA are
 * reserved out of it, the others get a range allocated from it. Pure: no I/O, no locking (the
 * memory layer holds its lock).
 */

#include <stdbool.h>
#include <stdint.h>

struct eal_iova_span {
	uint64_t start;
	uint64_t last; /* inclusive, so that a span may end at UINT64_MAX */
};

struct eal_iova_space {
	struct eal_iova_span *free; /* sorted, disjoint, not adjacent */
	unsigned int nb;
	unsigned int max;
};

/* Start from the usable spans (any order, may overlap). 0, -EINVAL (a span ends before it
 * starts) or -ENOMEM. */
int eal_iova_space_init(struct eal_iova_space *s, const struct eal_iova_span *usable,
			unsigned int n);
void eal_iova_space_fini(struct eal_iova_space *s);

/* Is [start, start+len) entirely free? (false for len 0 or a range that wraps) */
bool eal_iova_space_is_free(const struct eal_iova_space *s, uint64_t start, uint64_t len);
/* Take [start, start+len) out of the free space: 0, -ENOENT when not entirely free, -ENOMEM. */
int eal_iova_space_reserve(struct eal_iova_space *s, uint64_t start, uint64_t len);
/*
 * Take the lowest free range of len bytes aligned to align (a power of two), never starting at
 * IOVA 0 (a device seeing 0 usually means a missing address). 0 with *iova set, -EINVAL, or
 * -ENOSPC when no free span is big enough.
 */
int eal_iova_space_alloc(struct eal_iova_space *s, uint64_t len, uint64_t align, uint64_t *iova);
/* Give [start, start+len) back. 0, -EINVAL when part of it is free already, or -ENOMEM. */
int eal_iova_space_free(struct eal_iova_space *s, uint64_t start, uint64_t len);

#endif
