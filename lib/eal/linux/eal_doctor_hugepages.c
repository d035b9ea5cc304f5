/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hugepages as an operator reserves them, for rte_eal_doctor_host_read: per size, reserved and
 * free, overall and per NUMA node, and the hugetlbfs mounts. Read by the memory code's own
 * reader (eal_hugepages.h), so the report shows what the IOVA decision and the allocator see,
 * from the same directories ($SYSFS_HUGEPAGES, $SYSFS_NODES, $OPENEAL_MOUNTINFO).
 */

#include <stdio.h>

#include <rte_common.h>

#include "eal_doctor_private.h"
#include "eal_hugepages.h"

static void read_size(struct rte_eal_doctor_hugepages *hp, size_t page_sz,
		      const unsigned int *nodes, unsigned int nb_nodes)
{
	struct eal_hugepage_count c;

	hp->page_size = page_sz;
	if (eal_hugepages_count(page_sz, -1, &c)) {
		hp->nr = c.nr;
		hp->free = c.free;
	}
	for (unsigned int i = 0; i < nb_nodes && hp->nb_nodes < RTE_DIM(hp->nodes); i++) {
		if (!eal_hugepages_count(page_sz, (int)nodes[i], &c))
			continue;
		hp->nodes[hp->nb_nodes].node = nodes[i];
		hp->nodes[hp->nb_nodes].nr = c.nr;
		hp->nodes[hp->nb_nodes].free = c.free;
		hp->nb_nodes++;
	}
}

static bool add_mount(const char *dir, size_t page_sz, void *arg)
{
	struct rte_eal_doctor_host *host = arg;
	struct rte_eal_doctor_mount *m = &host->mounts[host->nb_mounts++];

	snprintf(m->dir, sizeof(m->dir), "%s", dir);
	m->page_size = page_sz;
	return host->nb_mounts < RTE_EAL_DOCTOR_MAX_MOUNTS;
}

void eal_doctor_read_hugepages(struct rte_eal_doctor_host *host)
{
	size_t sizes[RTE_EAL_DOCTOR_MAX_HUGEPAGE_SIZES];
	unsigned int nodes[RTE_MAX_NUMA_NODES];
	unsigned int nb_nodes = eal_hugepage_nodes(nodes, RTE_DIM(nodes));

	snprintf(host->hugepages_dir, sizeof(host->hugepages_dir), "%s", eal_hugepages_sysfs_dir());
	host->nb_hugepage_sizes = eal_hugepage_sizes(sizes, RTE_DIM(sizes));
	for (unsigned int i = 0; i < host->nb_hugepage_sizes; i++)
		read_size(&host->hugepages[i], sizes[i], nodes, nb_nodes);
	eal_hugetlbfs_mounts(add_mount, host);
}
