/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_VA_WINDOW_H
#define EAL_VA_WINDOW_H

/*
 * Where IOVA-as-VA DMA memory goes (doc/memory.md "Where DMA memory is placed"): a virtual
 * range below the IOMMU's address width, so that every address in it is also a valid IOVA.
 * Pure: the Linux side (lib/eal/linux/eal_mem_va.c) supplies the occupied ranges of the
 * process (/proc/self/maps) and makes the reservation.
 */

#include <stdint.h>

/* [start, end) */
struct eal_va_span {
	uint64_t start;
	uint64_t end;
};

/*
 * Choose a free range inside [lo, hi) avoiding the busy spans (any order, may overlap), its
 * start aligned to align (a power of two): the lowest one of want bytes; when none is that
 * big, the largest free one of at least min bytes (its length rounded down to align). 0 with
 * *start and *len set, or -ENOSPC.
 */
int eal_va_window_pick(uint64_t lo, uint64_t hi, struct eal_va_span *busy, unsigned int n,
		       uint64_t want, uint64_t min, uint64_t align, uint64_t *start, uint64_t *len);

/*
 * The range a /proc/<pid>/maps line starts with ("7f0000000000-7f0000021000 rw-p ...").
 * 0, or -1 when the line does not start with two hex numbers, start below end, joined by '-'.
 */
int eal_va_maps_line(const char *line, struct eal_va_span *span);

#endif
