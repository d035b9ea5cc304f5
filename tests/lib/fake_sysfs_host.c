/* SPDX-License-Identifier: BSD-3-Clause */
/* The machine-wide parts of a fake sysfs tree (fake_sysfs_host.h). */

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fake_sysfs_host.h"
#include "test_util.h"

static int path_of(const struct fake_sysfs *fs, char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int path_of(const struct fake_sysfs *fs, char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(buf, size, "%s/", fake_sysfs_root(fs));

	if (n < 0 || (size_t)n >= size)
		goto too_long;
	va_start(ap, fmt);
	int m = vsnprintf(buf + n, size - (size_t)n, fmt, ap);
	va_end(ap);
	if (m >= 0 && (size_t)m < size - (size_t)n)
		return 0;
too_long:
	errno = ENAMETOOLONG;
	return -1;
}

int fake_sysfs_add_intel_iommu(struct fake_sysfs *fs, const char *name, uint64_t cap)
{
	char path[PATH_MAX], text[32];

	snprintf(text, sizeof(text), "%llx\n", (unsigned long long)cap);
	if (path_of(fs, path, sizeof(path), "class/iommu/%s/intel-iommu/cap", name) != 0)
		return -1;
	return test_write_file(path, text);
}

int fake_sysfs_add_amd_iommu(struct fake_sysfs *fs, const char *name)
{
	char path[PATH_MAX];

	if (path_of(fs, path, sizeof(path), "class/iommu/%s/amd-iommu", name) != 0)
		return -1;
	return test_mkdirs(path);
}

int fake_sysfs_set_hugepages(struct fake_sysfs *fs, int node, unsigned long size_kb,
			     unsigned long nr, unsigned long free)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], text[32];
	int ret;

	if (node < 0)
		ret = path_of(fs, dir, sizeof(dir), "kernel/mm/hugepages/hugepages-%lukB", size_kb);
	else
		ret =
		    path_of(fs, dir, sizeof(dir),
			    "devices/system/node/node%d/hugepages/hugepages-%lukB", node, size_kb);
	if (ret != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/nr_hugepages", dir);
	snprintf(text, sizeof(text), "%lu\n", nr);
	if (test_write_file(path, text) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/free_hugepages", dir);
	snprintf(text, sizeof(text), "%lu\n", free);
	return test_write_file(path, text);
}

static int mountinfo_path(const struct fake_sysfs *fs, char *buf, size_t size)
{
	return path_of(fs, buf, size, "proc/self/mountinfo");
}

int fake_sysfs_add_mountinfo(struct fake_sysfs *fs, const char *line)
{
	char path[PATH_MAX];

	if (mountinfo_path(fs, path, sizeof(path)) != 0)
		return -1;
	FILE *f = fopen(path, "a");
	if (f == NULL)
		return -1;
	int ret = fprintf(f, "%s\n", line) < 0 ? -1 : 0;
	if (fclose(f) != 0)
		ret = -1;
	return ret;
}

int fake_sysfs_host_env(struct fake_sysfs *fs)
{
	static const struct {
		const char *var, *sub;
	} dirs[] = {
	    {"SYSFS_CLASS_IOMMU", "class/iommu"},
	    {"SYSFS_IOMMU_GROUPS", "kernel/iommu_groups"},
	    {"SYSFS_HUGEPAGES", "kernel/mm/hugepages"},
	    {"SYSFS_NODES", "devices/system/node"},
	};
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (path_of(fs, path, sizeof(path), "%s", dirs[i].sub) != 0 ||
		    setenv(dirs[i].var, path, 1) != 0)
			return -1;
	/* The mounts file exists from the start: an empty one means "no hugetlbfs mount". */
	if (mountinfo_path(fs, path, sizeof(path)) != 0 ||
	    (access(path, F_OK) != 0 && test_write_file(path, "") != 0) ||
	    setenv("OPENEAL_MOUNTINFO", path, 1) != 0)
		return -1;
	return setenv("SYSFS_PCI_DEVICES", fake_sysfs_devices_dir(fs), 1);
}

void fake_sysfs_host_env_clear(void)
{
	static const char *const vars[] = {"SYSFS_CLASS_IOMMU", "SYSFS_IOMMU_GROUPS"};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	/* The PCI devices, hugepages and mounts go back to the process's empty tree, never the
	 * host's. */
	test_restore_sysfs_env();
}
