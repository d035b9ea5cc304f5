/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_PAGEMAP_H
#define EAL_PAGEMAP_H

/*
 * Physical addresses from /proc/self/pagemap: one 64-bit entry per base page, bit 63 "present",
 * bits 0-54 the frame number (zero unless the reader has CAP_SYS_ADMIN). The reader is a
 * parameter so that the unit tests can feed crafted entries; eal_pagemap_self() reads the
 * process's own file.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define EAL_PAGEMAP_PRESENT (1ULL << 63)
#define EAL_PAGEMAP_PFN_MASK ((1ULL << 55) - 1)

struct eal_pagemap {
	/* pread semantics on a pagemap file: bytes read, or -1. */
	ssize_t (*read)(void *ctx, void *buf, size_t len, off_t off);
	void *ctx;
	size_t base_page; /* the entries' page size (sysconf(_SC_PAGESIZE)) */
	int fd;		  /* eal_pagemap_open's file (ctx points here) */
};

/*
 * The physical address of each page_sz page of [va, va + npages * page_sz) into pa (the
 * address of its first byte). 0, or -EFAULT when a page is not present or its frame number is
 * hidden, -EIO when the file cannot be read.
 */
int eal_pagemap_phys(const struct eal_pagemap *pm, uintptr_t va, size_t page_sz, size_t npages,
		     uint64_t *pa);

/* Open /proc/self/pagemap into pm (close with eal_pagemap_close; pm must not move). 0 or -errno. */
int eal_pagemap_open(struct eal_pagemap *pm);
void eal_pagemap_close(struct eal_pagemap *pm);

#endif
