/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What Linux tells about the IOMMU, for the IOVA decision: whether there is one, its address
 * width, and the domain type of a device's IOMMU group. $SYSFS_CLASS_IOMMU and
 * $SYSFS_IOMMU_GROUPS replace /sys/class/iommu and /sys/kernel/iommu_groups (tests use
 * generated trees, as $SYSFS_PCI_DEVICES does for the PCI bus).
 */

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_iova.h>

#include "eal_file.h"
#include "../common/eal_iova_private.h"

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : def;
}

/* Does dir have an entry other than . and ..? */
static bool dir_has_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	if (d == NULL)
		return false;
	while (!found && (e = readdir(d)) != NULL)
		found = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return found;
}

bool eal_iova_iommu_present(void)
{
	return dir_has_entries(env_or("SYSFS_CLASS_IOMMU", "/sys/class/iommu")) ||
	       dir_has_entries(env_or("SYSFS_IOMMU_GROUPS", "/sys/kernel/iommu_groups"));
}

/* Small sysfs text file into buf (NUL-terminated). 0 or -1. */
static int read_text(const char *path, char *buf, size_t size)
{
	return eal_file_read_small(AT_FDCWD, path, buf, size) < 0 ? -1 : 0;
}

unsigned int eal_iova_iommu_addr_bits(void)
{
	const char *cls = env_or("SYSFS_CLASS_IOMMU", "/sys/class/iommu");
	DIR *d = opendir(cls);
	struct dirent *e;
	unsigned int narrowest = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX], text[64];
		if (e->d_name[0] == '.')
			continue;
		/* VT-d's capability register: MGAW, the widest guest address minus one, at 21:16.
		 */
		if (snprintf(path, sizeof(path), "%s/%s/intel-iommu/cap", cls, e->d_name) >=
			(int)sizeof(path) ||
		    read_text(path, text, sizeof(text)) != 0)
			continue;
		uint64_t cap = strtoull(text, NULL, 16);
		unsigned int bits = (unsigned int)((cap >> 16) & 0x3f) + 1;
		if (narrowest == 0 || bits < narrowest)
			narrowest = bits;
	}
	closedir(d);
	return narrowest;
}

unsigned int eal_iova_va_bits(void)
{
	/* The stack sits at the top of the user address space, above every mmap. */
	volatile int marker = 0;
	uintptr_t top = (uintptr_t)&marker;

	return top == 0 ? 0 : (unsigned int)(64 - __builtin_clzll((unsigned long long)top));
}

enum rte_iova_domain rte_iova_domain_read(const char *dev_dir)
{
	char path[PATH_MAX], text[32];

	if (snprintf(path, sizeof(path), "%s/iommu_group", dev_dir) >= (int)sizeof(path) ||
	    access(path, F_OK) != 0)
		return RTE_IOVA_DOMAIN_NONE;
	if (snprintf(path, sizeof(path), "%s/iommu_group/type", dev_dir) >= (int)sizeof(path) ||
	    read_text(path, text, sizeof(text)) != 0)
		return RTE_IOVA_DOMAIN_UNKNOWN;
	return rte_iova_domain_parse(text);
}
