/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_SCAN_GROUPS_H
#define PCI_SCAN_GROUPS_H

/*
 * The scan's check that a device's iommu_group link leads somewhere, without following every
 * link. The kernel writes one link text per device depth ("../../../kernel/iommu_groups/N"),
 * and the same text from the same depth always reaches the same directory. So each distinct
 * directory part of the texts is listed once per scan (resolved from the first device that
 * names it) and a group is looked up in that listing. "Not listed" is not a verdict: the
 * caller then follows the link itself and reports exactly what is wrong with it.
 */

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Distinct directory parts remembered per scan; more are checked link by link. */
#define PCI_GROUP_DIRS_MAX 8

struct pci_group_dir {
	char *prefix;	  /* the link text up to its last '/' */
	uint32_t *groups; /* sorted numbers of its group directories; NULL when it was unlistable */
	size_t nb_groups;
};

/* Shared by the scan threads; entries are only ever added, under the lock. */
struct pci_group_dirs {
	pthread_mutex_t lock;
	unsigned int nb;
	struct pci_group_dir dir[PCI_GROUP_DIRS_MAX];
};

void pci_group_dirs_init(struct pci_group_dirs *g);
void pci_group_dirs_release(struct pci_group_dirs *g);

/*
 * Is the link target read from dirfd's "iommu_group" a directory that exists? true only when
 * the listing of its directory part has it; false means "follow the link to know".
 */
bool pci_group_dirs_has(struct pci_group_dirs *g, int dirfd, const char *target);

#endif
