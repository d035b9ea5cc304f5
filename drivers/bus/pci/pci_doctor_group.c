/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One function's IOMMU group for the doctor: the group's type as the kernel shows it, its
 * domain as the IOVA decision reads it, and which other functions keep VFIO from using the
 * group, by the binding code's rule (rte_vfio_driver_keeps_group_viable), so that the doctor,
 * `openeal bind` and VFIO's own failure lines agree.
 */

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_vfio_ext.h>

#include "eal_file.h"
#include "pci_bind_private.h"
#include "pci_doctor_private.h"

static int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rte_pci_doctor_member *)a)->addr,
		      ((const struct rte_pci_doctor_member *)b)->addr);
}

static void read_type(const char *dev_dir, struct rte_pci_doctor_device *dev)
{
	char path[PATH_MAX];

	dev->group_type[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/iommu_group/type", dev_dir) >= (int)sizeof(path))
		return;
	if (eal_file_read_small(AT_FDCWD, path, dev->group_type, sizeof(dev->group_type)) < 0)
		dev->group_type[0] = '\0';
	dev->group_type[strcspn(dev->group_type, "\n")] = '\0';
}

void pci_doctor_group_read(const char *dev_dir, struct rte_pci_doctor_device *dev)
{
	char path[PATH_MAX + 300];
	struct rte_pci_doctor_member all[RTE_PCI_DOCTOR_MAX_BLOCKING];
	struct dirent *e;

	dev->domain = rte_iova_domain_read(dev_dir);
	dev->nb_blocking = 0;
	dev->vfio_viable = false;
	if (dev->status.iommu_group < 0)
		return;
	read_type(dev_dir, dev);
	snprintf(path, sizeof(path), "%s/iommu_group/devices", dev_dir);
	DIR *d = opendir(path);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct rte_pci_doctor_member m;
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || strcmp(e->d_name, dev->name) == 0 ||
		    len >= sizeof(m.addr))
			continue;
		snprintf(path, sizeof(path), "%s/iommu_group/devices/%s/driver", dev_dir,
			 e->d_name);
		pci_bind_link_name(path, m.driver, sizeof(m.driver));
		if (rte_vfio_driver_keeps_group_viable(m.driver))
			continue;
		memcpy(m.addr, e->d_name, len + 1);
		/* Keep the lowest addresses when there are more than can be listed. */
		if (dev->nb_blocking < RTE_PCI_DOCTOR_MAX_BLOCKING) {
			all[dev->nb_blocking] = m;
		} else {
			qsort(all, RTE_PCI_DOCTOR_MAX_BLOCKING, sizeof(all[0]), member_cmp);
			if (member_cmp(&m, &all[RTE_PCI_DOCTOR_MAX_BLOCKING - 1]) < 0)
				all[RTE_PCI_DOCTOR_MAX_BLOCKING - 1] = m;
		}
		dev->nb_blocking++;
	}
	closedir(d);
	unsigned int listed = dev->nb_blocking < RTE_PCI_DOCTOR_MAX_BLOCKING
				  ? dev->nb_blocking
				  : RTE_PCI_DOCTOR_MAX_BLOCKING;
	qsort(all, listed, sizeof(all[0]), member_cmp);
	memcpy(dev->blocking, all, listed * sizeof(all[0]));
	dev->vfio_viable = dev->nb_blocking == 0;
}
