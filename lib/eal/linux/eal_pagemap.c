/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Physical addresses (eal_pagemap.h), the "physical addresses readable" probe of the IOVA
 * decision, and rte_mem_virt2phy.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <unistd.h>

#include <rte_memory.h>

#include "../common/eal_iova_private.h"
#include "eal_pagemap.h"

int eal_pagemap_phys(const struct eal_pagemap *pm, uintptr_t va, size_t page_sz, size_t npages,
		     uint64_t *pa)
{
	for (size_t i = 0; i < npages; i++) {
		uintptr_t addr = va + i * page_sz;
		uint64_t entry;
		off_t off = (off_t)((addr / pm->base_page) * sizeof(entry));

		if (pm->read(pm->ctx, &entry, sizeof(entry), off) != (ssize_t)sizeof(entry))
			return -EIO;
		if ((entry & EAL_PAGEMAP_PRESENT) == 0 || (entry & EAL_PAGEMAP_PFN_MASK) == 0)
			return -EFAULT;
		pa[i] = (entry & EAL_PAGEMAP_PFN_MASK) * pm->base_page + addr % pm->base_page;
	}
	return 0;
}

static ssize_t fd_read(void *ctx, void *buf, size_t len, off_t off)
{
	return pread(*(int *)ctx, buf, len, off);
}

int eal_pagemap_open(struct eal_pagemap *pm)
{
	pm->fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pm->fd < 0)
		return -errno;
	pm->read = fd_read;
	pm->ctx = &pm->fd;
	pm->base_page = (size_t)sysconf(_SC_PAGESIZE);
	return 0;
}

void eal_pagemap_close(struct eal_pagemap *pm)
{
	close(pm->fd);
	pm->fd = -1;
}

phys_addr_t rte_mem_virt2phy(const void *virtaddr)
{
	struct eal_pagemap pm;
	uint64_t pa;

	if (eal_pagemap_open(&pm) != 0)
		return RTE_BAD_PHYS_ADDR;
	/* Page by page at the base size: the offset within it is kept by eal_pagemap_phys. */
	int ret = eal_pagemap_phys(&pm, (uintptr_t)virtaddr, pm.base_page, 1, &pa);
	eal_pagemap_close(&pm);
	return ret == 0 ? pa : RTE_BAD_PHYS_ADDR;
}

bool eal_iova_phys_readable(void)
{
	/* Capabilities do not come back once dropped, nor appear: one probe per process. */
	static _Atomic int readable = -1;
	int r = atomic_load(&readable);

	if (r < 0) {
		volatile uint64_t probe = 1; /* on the stack: a present page */
		r = rte_mem_virt2phy((const void *)&probe) != RTE_BAD_PHYS_ADDR;
		atomic_store(&readable, r);
	}
	return r == 1;
}
