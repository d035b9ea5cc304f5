/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a kernel driver has made of a device: network interfaces and block devices, found by
 * walking the device's sysfs directory. Interfaces sit in a "net" directory, directly under
 * the device (e1000: <dev>/net/eth0) or under a child device (virtio: <dev>/virtio0/net/eth1);
 * block devices are directories whose subsystem is "block", at any depth (nvme:
 * <dev>/nvme/nvme0/nvme0n1, AHCI: <dev>/ata1/host0/.../block/sda), with their partitions as
 * subdirectories and the devices stacked on them (dm, md) in "holders". Child PCI functions
 * (behind a bridge) are not walked: they are devices of their own.
 *
 * A filesystem is on the device when a mountinfo line's device number is one of those block
 * devices (that also catches /dev/root and /dev/disk/by-* sources) or its source names one
 * (btrfs reports an anonymous device number).
 */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <rte_errno.h>

#include "eal_file.h"
#include "eal_strbuf.h"
#include "pci_bind_private.h"

/* Deep enough for SCSI stacks: <dev>/host0/target0:0:0/0:0:0:0/block/sda/sda1. */
#define WALK_MAX_DEPTH 8
/* dm on md on a partition, and a little more. */
#define HOLDER_MAX_DEPTH 4

static int read_small(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return -1;
	ssize_t n = eal_file_read_small(AT_FDCWD, path, buf, size);
	if (n < 0)
		return -1;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

static int add_netif(struct pci_bind_usage *u, const char *path, const char *name)
{
	struct pci_bind_netif_use *v = realloc(u->netif, (u->nb_netif + 1) * sizeof(*v));
	if (v == NULL)
		return ENOMEM;
	u->netif = v;
	struct pci_bind_netif_use *n = &v[u->nb_netif++];
	char buf[32];
	unsigned long flags;

	memset(n, 0, sizeof(*n));
	pci_bind_copy(n->name, sizeof(n->name), name);
	if (read_small(path, "operstate", buf, sizeof(buf)) == 0)
		pci_bind_copy(n->operstate, sizeof(n->operstate), buf);
	/* IFF_UP is what "ip link set up" sets; operstate only when flags cannot be read. */
	if (read_small(path, "flags", buf, sizeof(buf)) == 0 &&
	    pci_bind_parse_hex(buf, &flags) == 0)
		n->up = (flags & 0x1) != 0;
	else
		n->up = strcmp(n->operstate, "up") == 0;
	return 0;
}

static bool has_block(const struct pci_bind_usage *u, const char *name)
{
	for (size_t i = 0; i < u->nb_block; i++)
		if (strcmp(u->block[i].name, name) == 0)
			return true;
	return false;
}

/* A block device, then what is stacked on it. */
static int add_block(struct pci_bind_usage *u, const char *path, const char *name, int depth)
{
	if (has_block(u, name))
		return 0;
	struct pci_bind_block_use *v = realloc(u->block, (u->nb_block + 1) * sizeof(*v));
	if (v == NULL)
		return ENOMEM;
	u->block = v;
	struct pci_bind_block_use *b = &v[u->nb_block++];
	char buf[32];

	memset(b, 0, sizeof(*b));
	pci_bind_copy(b->name, sizeof(b->name), name);
	b->has_devnum = read_small(path, "dev", buf, sizeof(buf)) == 0 &&
			pci_bind_parse_devnum(buf, &b->major, &b->minor) == 0;
	if (depth >= HOLDER_MAX_DEPTH)
		return 0;

	char holders[PATH_MAX];
	if (snprintf(holders, sizeof(holders), "%s/holders", path) >= (int)sizeof(holders))
		return 0;
	DIR *dir = opendir(holders);
	if (dir == NULL)
		return 0;
	struct dirent *e;
	int err = 0;
	while (err == 0 && (e = readdir(dir)) != NULL) {
		char hpath[PATH_MAX];
		if (e->d_name[0] == '.' || snprintf(hpath, sizeof(hpath), "%s/%s", holders,
						    e->d_name) >= (int)sizeof(hpath))
			continue;
		err = add_block(u, hpath, e->d_name, depth + 1);
	}
	closedir(dir);
	return err;
}

static bool is_dir(const char *parent, const struct dirent *e)
{
	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	char path[PATH_MAX];
	struct stat st;
	return snprintf(path, sizeof(path), "%s/%s", parent, e->d_name) < (int)sizeof(path) &&
	       lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool subsystem_is_block(const char *path)
{
	char link[PATH_MAX], name[16];
	if (snprintf(link, sizeof(link), "%s/subsystem", path) >= (int)sizeof(link))
		return false;
	pci_bind_link_name(link, name, sizeof(name));
	return strcmp(name, "block") == 0;
}

/* base: the name of the directory at path ("net" makes its subdirectories interfaces). */
static int walk(struct pci_bind_usage *u, const char *path, const char *base, int depth)
{
	DIR *dir = opendir(path);
	if (dir == NULL)
		return 0;
	struct dirent *e;
	int err = 0;
	while (err == 0 && (e = readdir(dir)) != NULL) {
		struct rte_pci_addr child_fn;
		char child[PATH_MAX];

		/* Links (driver, subsystem, iommu_group, ...) lead out of the device. */
		if (e->d_name[0] == '.' || !is_dir(path, e) ||
		    rte_pci_addr_parse(e->d_name, &child_fn) == 0 ||
		    snprintf(child, sizeof(child), "%s/%s", path, e->d_name) >= (int)sizeof(child))
			continue;
		if (strcmp(base, "net") == 0) {
			err = add_netif(u, child, e->d_name);
			continue;
		}
		if (strcmp(base, "block") == 0 || subsystem_is_block(child))
			err = add_block(u, child, e->d_name, 0);
		if (err == 0 && depth < WALK_MAX_DEPTH)
			err = walk(u, child, e->d_name, depth + 1);
	}
	closedir(dir);
	return err;
}

static int netif_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pci_bind_netif_use *)a)->name,
		      ((const struct pci_bind_netif_use *)b)->name);
}

static int block_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pci_bind_block_use *)a)->name,
		      ((const struct pci_bind_block_use *)b)->name);
}

void pci_bind_usage_free(struct pci_bind_usage *u)
{
	free(u->netif);
	free(u->block);
	memset(u, 0, sizeof(*u));
}

int pci_bind_usage_read(const char *dir, struct pci_bind_usage *u)
{
	memset(u, 0, sizeof(*u));
	int err = walk(u, dir, "", 0);
	if (err != 0) {
		pci_bind_usage_free(u);
		rte_errno = err;
		return -1;
	}
	if (u->nb_netif > 1)
		qsort(u->netif, u->nb_netif, sizeof(*u->netif), netif_cmp);
	if (u->nb_block > 1)
		qsort(u->block, u->nb_block, sizeof(*u->block), block_cmp);
	return 0;
}

static bool source_is(const char *source, const char *resolved, const char *name)
{
	return (strncmp(source, "/dev/", 5) == 0 && strcmp(source + 5, name) == 0) ||
	       (strncmp(resolved, "/dev/", 5) == 0 && strcmp(resolved + 5, name) == 0);
}

/*
 * Append "nvme0n1p1 is mounted on /mnt (umount /mnt)" for every mount on the device's block
 * devices to msg. 0, or an errno when the mount table cannot be read (path in *table).
 */
static int find_mounts(const struct pci_bind_usage *u, char *msg, size_t size, const char **table)
{
	const char *env = getenv("OPENEAL_MOUNTINFO");
	*table = env != NULL && env[0] != '\0' ? env : "/proc/self/mountinfo";
	FILE *f = eal_file_fopen(*table);
	if (f == NULL)
		return errno;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		struct pci_bind_mount m;
		char resolved[PATH_MAX] = "";

		if (pci_bind_mountinfo_parse(line, &m) != 0)
			continue;
		/* /dev/disk/by-uuid/..., /dev/mapper/... name the device through a link. */
		if (strncmp(m.source, "/dev/", 5) == 0 && realpath(m.source, resolved) == NULL)
			resolved[0] = '\0';
		for (size_t i = 0; i < u->nb_block; i++) {
			const struct pci_bind_block_use *b = &u->block[i];
			if ((b->has_devnum && b->major == m.major && b->minor == m.minor) ||
			    source_is(m.source, resolved, b->name)) {
				eal_strbuf_appendf(msg, size, "%s%s is mounted on %s (umount %s)",
						   msg[0] ? ", " : "", b->name, m.mount_point,
						   m.mount_point);
				break;
			}
		}
	}
	free(line);
	fclose(f);
	return 0;
}

int pci_bind_check_in_use(const struct pci_bind_dev *d, const char *what, unsigned int flags)
{
	struct pci_bind_usage u;
	char msg[1024] = "";
	const char *table = NULL;

	if (pci_bind_usage_read(d->dir, &u) != 0) {
		BIND_LOG(ERR, "%s: cannot %s: out of memory while reading %s", d->name, what,
			 d->dir);
		return -1;
	}
	for (size_t i = 0; i < u.nb_netif; i++)
		if (u.netif[i].up)
			eal_strbuf_appendf(msg, sizeof(msg),
					   "%sits interface %s is up (ip link set %s down)",
					   msg[0] ? ", " : "", u.netif[i].name, u.netif[i].name);
	int err = u.nb_block > 0 ? find_mounts(&u, msg, sizeof(msg), &table) : 0;
	pci_bind_usage_free(&u);
	if (err != 0) {
		/* Not knowing is no reason to go ahead and pull a mounted disk away. */
		eal_strbuf_appendf(msg, sizeof(msg),
				   "%sits block devices cannot be checked for mounts (%s: %s)",
				   msg[0] ? ", " : "", table, strerror(err));
	}
	if (msg[0] == '\0')
		return 0;
	if (flags & RTE_PCI_BIND_FORCE) {
		BIND_LOG(WARNING, "%s: forced to %s although %s", d->name, what, msg);
		return 0;
	}
	BIND_LOG(ERR,
		 "%s: refusing to %s (now on %s): %s; take it out of use first, or force it "
		 "(openeal --force, RTE_PCI_BIND_FORCE)",
		 d->name, what, d->driver[0] ? d->driver : "no driver", msg);
	rte_errno = EBUSY;
	return -1;
}
