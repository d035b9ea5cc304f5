/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_eal_paging.h: the page size, read once (sysconf is a libc call, not free in a loop). */

#include <unistd.h>

#include <rte_eal_paging.h>

size_t rte_mem_page_size(void)
{
	static size_t page_size;
	size_t sz = __atomic_load_n(&page_size, __ATOMIC_RELAXED);

	if (sz == 0) {
		long v = sysconf(_SC_PAGESIZE);
		/* POSIX requires the value; 4096 is every Linux's smallest page size. */
		sz = v > 0 ? (size_t)v : 4096;
		__atomic_store_n(&page_size, sz, __ATOMIC_RELAXED);
	}
	return sz;
}
