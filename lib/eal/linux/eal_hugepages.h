/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_HUGEPAGES_H
#define EAL_HUGEPAGES_H

/*
 * Hugepages as Linux shows them: sizes and free counts (per node too) under
 * /sys/kernel/mm/hugepages and /sys/devices/system/node, hugetlbfs mounts in /proc/mounts, the
 * default size in /proc/meminfo. The line parsers are pure for the unit tests.
 */

#include <stdbool.h>
#include <stddef.h>

#define EAL_MAX_HUGEPAGE_SIZES 4

/*
 * A /proc/mounts line: when it is a hugetlbfs mount, copy its directory (octal escapes such as
 * \040 decoded) into dir and its page size ("pagesize=2M" option, else default_size) into
 * *page_sz, and return true.
 */
bool eal_hugetlbfs_parse_mount(const char *line, char *dir, size_t dir_size, size_t *page_sz,
			       size_t default_size);
/* "2M", "1G", "2048k", "4096" (bytes) -> bytes; 0 when malformed. */
size_t eal_hugepage_size_parse(const char *text);

/* The hugepage sizes the kernel supports, ascending. Returns how many (0: none). */
unsigned int eal_hugepage_sizes(size_t *sizes, unsigned int max);
/* Free hugepages of size page_sz on node (-1: all nodes). */
unsigned long eal_hugepages_free(size_t page_sz, int node);
/* The page size of the hugetlbfs mount at dir; false when dir is no hugetlbfs mount. */
bool eal_hugetlbfs_mount_size(const char *dir, size_t *page_sz);

#endif
