/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the VFIO layer reads from sysfs and procfs: a device's IOMMU group, the group's other
 * devices and their drivers (for the non-viable line), module presence, the noiommu switch, and
 * which process holds a busy group. Per-device paths start at the caller's sysfs base so that
 * generated trees work; the group is reached through the device's iommu_group link.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_vfio.h>

#include "eal_vfio_private.h"

const char *vfio_sysfs_base(const char *sysfs_base)
{
	if (sysfs_base != NULL && sysfs_base[0] != '\0')
		return sysfs_base;
	const char *env = getenv("SYSFS_PCI_DEVICES");
	return env != NULL && env[0] != '\0' ? env : VFIO_SYSFS_PCI_DEVICES;
}

int vfio_parse_group_link(const char *target, int *num)
{
	const char *slash = strrchr(target, '/');
	const char *name = slash != NULL ? slash + 1 : target;
	long v = 0;

	if (*name == '\0')
		return -1;
	for (const char *p = name; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			return -1;
	}
	*num = (int)v;
	return 0;
}

int vfio_group_num_read(const char *sysfs_base, const char *dev_addr, int *num)
{
	char path[PATH_MAX], target[PATH_MAX];

	if (dev_addr == NULL || num == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s/iommu_group", vfio_sysfs_base(sysfs_base), dev_addr);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;
		struct vfio_fail f = {.step = VFIO_STEP_GROUP_LINK,
				      .err = errno,
				      .dev_addr = dev_addr,
				      .group_num = -1,
				      .path = path};
		vfio_fail_log(&f);
		rte_errno = f.err;
		return -1;
	}
	target[n] = '\0';
	if (vfio_parse_group_link(target, num) < 0) {
		VFIO_LOG(ERR, "%s: %s points to '%s', which does not end in a group number\n",
			 dev_addr, path, target);
		rte_errno = EINVAL;
		return -1;
	}
	return 1;
}

int rte_vfio_get_group_num(const char *sysfs_base, const char *dev_addr, int *iommu_group_num)
{
	return vfio_group_num_read(sysfs_base, dev_addr, iommu_group_num);
}

bool rte_vfio_driver_keeps_group_viable(const char *driver)
{
	if (driver == NULL || driver[0] == '\0')
		return true;
	/* vfio-pci and its variant drivers (mlx5_vfio_pci, ...) are vfio devices themselves. */
	if (strstr(driver, "vfio") != NULL)
		return true;
	return strcmp(driver, "pci-stub") == 0 || strcmp(driver, "pcieport") == 0;
}

/* Copy at most size-1 bytes of src and terminate (names longer than a buffer get cut). */
static void copy_name(char *out, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(out, src, n);
	out[n] = '\0';
}

void vfio_link_basename(const char *path, char *out, size_t size)
{
	char target[PATH_MAX];

	out[0] = '\0';
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	const char *slash = strrchr(target, '/');
	copy_name(out, size, slash != NULL ? slash + 1 : target);
}

static void read_driver(const char *dir, const char *name, char *out, size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/driver", dir, name);
	vfio_link_basename(path, out, size);
}

static int member_cmp(const void *a, const void *b)
{
	const struct vfio_group_member *x = a, *y = b;
	return strcmp(x->addr, y->addr);
}

int vfio_group_members_read(const char *devices_dir, struct vfio_group_member *members,
			    unsigned int max)
{
	DIR *d = opendir(devices_dir);
	if (d == NULL)
		return -1;

	/* Keep the max smallest names so that the listing is stable whatever readdir's order. */
	unsigned int total = 0, kept = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		total++;
		if (max == 0)
			continue;
		struct vfio_group_member m;
		copy_name(m.addr, sizeof(m.addr), e->d_name);
		if (kept == max) {
			if (strcmp(m.addr, members[max - 1].addr) >= 0)
				continue;
			kept--; /* replace the largest kept name */
		}
		read_driver(devices_dir, e->d_name, m.driver, sizeof(m.driver));
		members[kept++] = m;
		qsort(members, kept, sizeof(*members), member_cmp);
	}
	closedir(d);
	return (int)total;
}

void vfio_group_devices_dir(char *buf, size_t size, const struct vfio_origin *o, int num)
{
	if (o != NULL && o->dev_addr != NULL)
		snprintf(buf, size, "%s/%s/iommu_group/devices", vfio_sysfs_base(o->sysfs_base),
			 o->dev_addr);
	else
		snprintf(buf, size, "%s/%d/devices", VFIO_SYSFS_IOMMU_GROUPS, num);
}

void vfio_fail_add_owner(struct vfio_fail *f, const char *path)
{
	struct stat st;

	f->uid = (unsigned int)geteuid();
	if (stat(path, &st) == 0) {
		f->path_stat_known = true;
		f->path_uid = (unsigned int)st.st_uid;
		f->path_mode = (unsigned int)st.st_mode;
	}
}

/* "vfio-pci" and "vfio_pci" name the same module; sysfs uses underscores. */
bool vfio_module_loaded(const char *modname)
{
	char name[128], path[PATH_MAX];
	struct stat st;

	snprintf(name, sizeof(name), "%s", modname);
	for (char *p = name; *p != '\0'; p++)
		if (*p == '-')
			*p = '_';
	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int rte_vfio_is_enabled(const char *modname)
{
	struct stat st;

	if (modname == NULL || !vfio_module_loaded(modname))
		return 0;
	return stat(VFIO_CONTAINER_PATH, &st) == 0 && S_ISCHR(st.st_mode);
}

int rte_vfio_noiommu_is_enabled(void)
{
	char c = 'N';
	int fd = open(VFIO_NOIOMMU_MODE, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* the kernel has no noiommu mode */
		rte_errno = errno;
		VFIO_LOG(ERR, "cannot open %s: %s\n", VFIO_NOIOMMU_MODE, rte_strerror(errno));
		return -1;
	}
	ssize_t n = read(fd, &c, 1);
	int err = errno;
	close(fd);
	if (n != 1) {
		rte_errno = n < 0 ? err : EIO;
		VFIO_LOG(ERR, "cannot read %s: %s\n", VFIO_NOIOMMU_MODE, rte_strerror(rte_errno));
		return -1;
	}
	return c == 'Y' || c == 'y' || c == '1';
}

int vfio_group_holder_find(const char *node, char *comm, size_t comm_size)
{
	DIR *proc = opendir("/proc");
	struct dirent *p;
	int holder = 0;

	if (comm_size > 0)
		comm[0] = '\0';
	if (proc == NULL)
		return 0;
	while (holder == 0 && (p = readdir(proc)) != NULL) {
		char dir[300]; /* "/proc/" + a d_name (at most 255 bytes) + "/fd" */

		if (!isdigit((unsigned char)p->d_name[0]))
			continue;
		snprintf(dir, sizeof(dir), "/proc/%s/fd", p->d_name);
		DIR *fds = opendir(dir); /* other users' processes are unreadable: skipped */
		if (fds == NULL)
			continue;
		struct dirent *e;
		while ((e = readdir(fds)) != NULL) {
			char link[sizeof(dir) + 256], target[PATH_MAX];

			if (e->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
			ssize_t n = readlink(link, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (strcmp(target, node) == 0) {
				holder = atoi(p->d_name);
				break;
			}
		}
		closedir(fds);
	}
	closedir(proc);
	if (holder > 0 && comm_size > 0) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/comm", holder);
		FILE *f = fopen(path, "re");
		if (f != NULL) {
			if (fgets(comm, (int)comm_size, f) != NULL)
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
	}
	return holder;
}
