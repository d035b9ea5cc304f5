/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IOMMU group viability: VFIO opens a group only when none of its devices is driven by a kernel
 * driver that does DMA on its own (the kernel's vfio_dev_driver_allowed rule). Binding one
 * function of a multifunction card or of a slot without ACS to vfio-pci is not enough; this
 * names what else must move.
 */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_vfio_ext.h>

#include "pci_bind_private.h"

struct member {
	char addr[PCI_PRI_STR_SIZE];
	char driver[RTE_PCI_BIND_NAME_MAX];
};

static int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->addr, ((const struct member *)b)->addr);
}

/* The group's functions other than d that keep it from being viable, sorted. -1: errno. */
static int blocking_members(const struct pci_bind_dev *d, const char *devices, struct member **out,
			    size_t *nb)
{
	DIR *dir = opendir(devices);
	struct dirent *e;

	*out = NULL;
	*nb = 0;
	if (dir == NULL)
		return -1;
	while ((e = readdir(dir)) != NULL) {
		char link[PATH_MAX + 300];
		struct member m;

		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || strcmp(e->d_name, d->name) == 0 || len >= sizeof(m.addr))
			continue;
		snprintf(link, sizeof(link), "%s/%s/driver", devices, e->d_name);
		pci_bind_link_name(link, m.driver, sizeof(m.driver));
		if (rte_vfio_driver_keeps_group_viable(m.driver))
			continue;
		memcpy(m.addr, e->d_name, len + 1);
		struct member *v = realloc(*out, (*nb + 1) * sizeof(*v));
		if (v == NULL) {
			closedir(dir);
			free(*out);
			*out = NULL;
			errno = ENOMEM;
			return -1;
		}
		v[(*nb)++] = m;
		*out = v;
	}
	closedir(dir);
	if (*nb > 1)
		qsort(*out, *nb, sizeof(**out), member_cmp);
	return 0;
}

int rte_pci_bind_group_check(const char *addr, int *iommu_group)
{
	struct pci_bind_dev d;
	char link[PATH_MAX + 16], devices[PATH_MAX + 32], num[16];

	if (iommu_group != NULL)
		*iommu_group = -1;
	if (pci_bind_dev_open(&d, addr, "check its IOMMU group") != 0)
		return -1;
	snprintf(link, sizeof(link), "%s/iommu_group", d.dir);
	pci_bind_link_name(link, num, sizeof(num));
	if (num[0] == '\0')
		return 1;
	char *end;
	long group = strtol(num, &end, 10);
	if (*end != '\0' || group < 0 || group > INT32_MAX) {
		BIND_LOG(ERR,
			 "%s: cannot check its IOMMU group: %s points to '%s', not a group number",
			 d.name, link, num);
		rte_errno = EINVAL;
		return -1;
	}
	if (iommu_group != NULL)
		*iommu_group = (int)group;

	struct member *m;
	size_t nb;
	snprintf(devices, sizeof(devices), "%s/devices", link);
	if (blocking_members(&d, devices, &m, &nb) != 0) {
		BIND_LOG(ERR, "%s: cannot check its IOMMU group: %s: %s", d.name, devices,
			 strerror(errno));
		rte_errno = errno;
		return -1;
	}
	if (nb == 0)
		return 1;
	char others[1024] = "", fix[1024] = "";
	for (size_t i = 0; i < nb; i++) {
		size_t lo = strlen(others), lf = strlen(fix);
		snprintf(others + lo, sizeof(others) - lo, "%s%s (%s)", i ? ", " : "", m[i].addr,
			 m[i].driver);
		snprintf(fix + lf, sizeof(fix) - lf, " %s", m[i].addr);
	}
	BIND_LOG(WARNING,
		 "%s: IOMMU group %ld is not viable, VFIO cannot use it while %s %s on %s; fix: "
		 "openeal bind vfio-pci%s (or openeal unbind%s)",
		 d.name, group, others, nb == 1 ? "stays" : "stay",
		 nb == 1 ? "its kernel driver" : "their kernel drivers", fix, fix);
	free(m);
	return 0;
}
