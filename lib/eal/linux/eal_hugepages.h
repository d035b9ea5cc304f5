/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_HUGEPAGES_H
#define EAL_HUGEPAGES_H

/*
 * Hugepages as Linux shows them, read in one place for the memory code, the IOVA decision and
 * `openeal doctor` (rte_eal_doctor.h), so that they cannot disagree: the sizes and their counts
 * (reserved and free, overall and per NUMA node) and the hugetlbfs mounts. Each source can be
 * replaced, as $SYSFS_PCI_DEVICES replaces the PCI devices directory, so that tests and the
 * doctor on a generated tree see the tree's hugepages and never the host's:
 *
 *   sizes, counts   $SYSFS_HUGEPAGES    or /sys/kernel/mm/hugepages
 *   per NUMA node   $SYSFS_NODES        or /sys/devices/system/node
 *   mounts          $OPENEAL_MOUNTINFO  or /proc/self/mountinfo (the file rte_pci_bind reads)
 *
 * The line parsers are pure for the unit tests.
 */

#include <stdbool.h>
#include <stddef.h>

#define EAL_MAX_HUGEPAGE_SIZES 4

/* The directories and file above, the override when it is set and not empty. */
const char *eal_hugepages_sysfs_dir(void);
const char *eal_hugepages_nodes_dir(void);
const char *eal_hugepages_mountinfo(void);

/* "2M", "1G", "2048k", "4096" (bytes) -> bytes; 0 when malformed. */
size_t eal_hugepage_size_parse(const char *text);
/*
 * One line of mountinfo: when it is a hugetlbfs mount, copy its mount point (octal escapes such
 * as \040 decoded) into dir and the pagesize= super option into *page_sz (0 when absent or
 * unreadable), and return true. Malformed lines and other filesystems: false.
 */
bool eal_hugetlbfs_mountinfo_parse(const char *line, char *dir, size_t dir_size, size_t *page_sz);

/* The hugepage sizes the kernel supports, ascending. Returns how many (0: none). */
unsigned int eal_hugepage_sizes(size_t *sizes, unsigned int max);
/* The NUMA node numbers of the nodes directory, ascending. Returns how many. */
unsigned int eal_hugepage_nodes(unsigned int *nodes, unsigned int max);

struct eal_hugepage_count {
	unsigned long nr;   /* nr_hugepages: reserved */
	unsigned long free; /* free_hugepages */
};
/* The counts of size page_sz on node (-1: all nodes); false when that size is not shown there. */
bool eal_hugepages_count(size_t page_sz, int node, struct eal_hugepage_count *count);
/* Free hugepages of size page_sz on node (-1: all nodes); 0 when not shown. */
unsigned long eal_hugepages_free(size_t page_sz, int node);

/*
 * Call fn for each hugetlbfs mount, in mountinfo order, with its directory and page size (0:
 * not shown); stop early when fn returns false.
 */
void eal_hugetlbfs_mounts(bool (*fn)(const char *dir, size_t page_sz, void *arg), void *arg);
/*
 * The page size of the hugetlbfs mount at dir (the kernel's default size when the mount does not
 * show one); false when dir is no hugetlbfs mount.
 */
bool eal_hugetlbfs_mount_size(const char *dir, size_t *page_sz);

#endif
