/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IOMMU units Linux lists in /sys/class/iommu: their kind, from the attribute directory the
 * driver adds (intel-iommu/, amd-iommu/), not from the name, which only convention fixes; and
 * for VT-d the address widths its capability register announces.
 */

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eal_file.h"
#include "eal_doctor_private.h"

#define VTD_CAP_SAGAW_SHIFT 8
#define VTD_CAP_SAGAW_MASK 0x1f
#define VTD_CAP_MGAW_SHIFT 16
#define VTD_CAP_MGAW_MASK 0x3f

void eal_doctor_vtd_cap_decode(uint64_t cap, struct rte_eal_doctor_iommu *u)
{
	unsigned int sagaw = (unsigned int)(cap >> VTD_CAP_SAGAW_SHIFT) & VTD_CAP_SAGAW_MASK;

	u->mgaw_bits = (unsigned int)((cap >> VTD_CAP_MGAW_SHIFT) & VTD_CAP_MGAW_MASK) + 1;
	u->nb_sagaw = 0;
	for (unsigned int n = 0; n < RTE_EAL_DOCTOR_MAX_SAGAW; n++) {
		unsigned int bits = 30 + 9 * n;
		if ((sagaw & (1u << n)) != 0)
			u->sagaw_bits[u->nb_sagaw++] = bits > 64 ? 64 : bits;
	}
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The hex text of a register file into *v. 0 or -1. */
static int read_hex(const char *path, uint64_t *v)
{
	char text[64];
	if (eal_file_read_small(AT_FDCWD, path, text, sizeof(text)) <= 0)
		return -1;
	char *end;
	*v = strtoull(text, &end, 16);
	return end == text ? -1 : 0;
}

static void read_unit(const char *cls, const char *name, struct rte_eal_doctor_iommu *u)
{
	char path[PATH_MAX];
	uint64_t cap;

	snprintf(u->name, sizeof(u->name), "%s", name);
	snprintf(path, sizeof(path), "%s/%s/amd-iommu", cls, name);
	if (is_dir(path))
		u->kind = RTE_EAL_DOCTOR_IOMMU_AMD;
	snprintf(path, sizeof(path), "%s/%s/intel-iommu", cls, name);
	if (!is_dir(path))
		return;
	u->kind = RTE_EAL_DOCTOR_IOMMU_INTEL;
	snprintf(path, sizeof(path), "%s/%s/intel-iommu/cap", cls, name);
	if (read_hex(path, &cap) == 0)
		eal_doctor_vtd_cap_decode(cap, u);
}

static int unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rte_eal_doctor_iommu *)a)->name,
		      ((const struct rte_eal_doctor_iommu *)b)->name);
}

void eal_doctor_read_iommus(struct rte_eal_doctor_host *host)
{
	const char *env = getenv("SYSFS_CLASS_IOMMU");
	const char *cls = env != NULL && env[0] != '\0' ? env : "/sys/class/iommu";
	DIR *d = opendir(cls);
	struct dirent *e;

	if (d == NULL)
		return;
	while (host->nb_iommus < RTE_EAL_DOCTOR_MAX_IOMMUS && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(host->iommus[0].name))
			continue;
		read_unit(cls, e->d_name, &host->iommus[host->nb_iommus++]);
	}
	closedir(d);
	qsort(host->iommus, host->nb_iommus, sizeof(host->iommus[0]), unit_cmp);
}
