/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostile-tree OUTDIR: build a fake sysfs PCI tree under OUTDIR in which every kind of damage a
 * generated, bind-mounted or half-written tree can hold sits on a device of its own, beside
 * healthy devices, and print a manifest for run-hostile:
 *
 *   devices DIR          what SYSFS_PCI_DEVICES must name
 *   healthy ADDR         an undamaged function: every command must report it
 *   damaged ADDR CASE    a damaged one: named on stderr at most once per command
 *   strict ADDR          a file the scan reads is a FIFO or a socket: named exactly once
 *
 * Damage: FIFOs, sockets and directories in place of attributes; looping and dangling links;
 * empty, binary, 1 MiB and overflowing values; a capability list that loops; and directory
 * entries that are no device (bad names, plain files, dangling and looping links).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_sysfs.h"

enum kind { FIFO, SOCKET, DIRECTORY, LINK, CONTENT, EMPTY, BINARY, HUGE };

struct damage {
	const char *what;
	const char *file;
	enum kind kind;
	const char *text; /* LINK: target; CONTENT: the file's text */
};

static const struct damage damages[] = {
    {"uevent is a FIFO", "uevent", FIFO, NULL},
    {"resource is a FIFO", "resource", FIFO, NULL},
    {"revision is a FIFO", "revision", FIFO, NULL},
    {"numa_node is a FIFO", "numa_node", FIFO, NULL},
    {"config is a FIFO", "config", FIFO, NULL},
    {"driver_override is a FIFO", "driver_override", FIFO, NULL},
    {"uevent is a socket", "uevent", SOCKET, NULL},
    {"resource is a socket", "resource", SOCKET, NULL},
    {"uevent is a directory", "uevent", DIRECTORY, NULL},
    {"resource is a directory", "resource", DIRECTORY, NULL},
    {"config is a directory", "config", DIRECTORY, NULL},
    {"uevent links to itself", "uevent", LINK, "uevent"},
    {"driver links to itself", "driver", LINK, "driver"},
    {"iommu_group links to itself", "iommu_group", LINK, "iommu_group"},
    {"driver link dangles", "driver", LINK, "../../../bus/pci/drivers/gone"},
    {"iommu_group link dangles", "iommu_group", LINK, "../../../kernel/iommu_groups/9999"},
    {"uevent empty", "uevent", EMPTY, NULL},
    {"resource empty", "resource", EMPTY, NULL},
    {"uevent binary", "uevent", BINARY, NULL},
    {"resource binary", "resource", BINARY, NULL},
    {"uevent 1 MiB", "uevent", HUGE, NULL},
    {"resource 1 MiB", "resource", HUGE, NULL},
    {"numa_node overflows", "numa_node", CONTENT, "99999999999999999999\n"},
    {"revision overflows", "revision", CONTENT, "0x1ff\n"},
    {"class in uevent overflows", "uevent", CONTENT,
     "PCI_CLASS=1FFFFFFFF\nPCI_ID=C0DE:0001\nPCI_SUBSYS_ID=C0DE:0001\n"},
    {"resource values overflow", "resource", CONTENT, "0xfffffffffffffffffff 0x0 0x200\n"},
};

/* Entries of the devices directory that are no device. */
static int plant_bad_entries(const char *devices)
{
	char path[4096];
	char longname[256]; /* NAME_MAX, the longest an entry can be */
	int rc = 0;

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	snprintf(path, sizeof(path), "%s/0000:00:zz.0", devices);
	rc |= mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/garbage", devices);
	rc |= close(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	snprintf(path, sizeof(path), "%s/0000:03:00.0", devices); /* a plain file */
	rc |= close(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	snprintf(path, sizeof(path), "%s/0000:03:01.0", devices);
	rc |= symlink("../../../devices/pci0000:03/0000:03:01.0", path);
	snprintf(path, sizeof(path), "%s/0000:03:02.0", devices);
	rc |= symlink("0000:03:02.0", path);
	snprintf(path, sizeof(path), "%s/%s", devices, longname);
	rc |= mkdir(path, 0755);
	return rc;
}

/* A config space whose capability list points at itself. */
static uint8_t looping_config[256];

static int damage(struct fake_sysfs *fs, const char *addr, const struct damage *d)
{
	static char big[1 << 20];
	switch (d->kind) {
	case FIFO:
		return fake_sysfs_special_attr(fs, addr, d->file, S_IFIFO);
	case SOCKET:
		return fake_sysfs_special_attr(fs, addr, d->file, S_IFSOCK);
	case DIRECTORY:
		return fake_sysfs_special_attr(fs, addr, d->file, S_IFDIR);
	case LINK:
		return fake_sysfs_symlink_attr(fs, addr, d->file, d->text);
	case CONTENT:
		return fake_sysfs_set_attr(fs, addr, d->file, d->text, strlen(d->text));
	case EMPTY:
		return fake_sysfs_set_attr(fs, addr, d->file, "", 0);
	case BINARY:
		for (size_t i = 0; i < 512; i++)
			big[i] = (char)(i * 37 + 11);
		return fake_sysfs_set_attr(fs, addr, d->file, big, 512);
	case HUGE:
		memset(big, '7', sizeof(big));
		return fake_sysfs_set_attr(fs, addr, d->file, big, sizeof(big));
	}
	return -1;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	/* fake_sysfs_create() makes its directory under $TMPDIR. */
	if (setenv("TMPDIR", argv[1], 1) != 0)
		return 1;
	struct fake_sysfs *fs = fake_sysfs_create();
	if (fs == NULL) {
		fprintf(stderr, "%s: cannot create a tree under %s: %s\n", argv[0], argv[1],
			strerror(errno));
		return 1;
	}
	printf("devices %s\n", fake_sysfs_devices_dir(fs));

	/* Healthy: unbound, on a kernel driver, on vfio-pci, with and without a group. */
	static const char *const drivers[] = {NULL, "e1000e", "vfio-pci", "uio_pci_generic"};
	char addrs[64][16];
	int n = 0;
	for (int i = 0; i < 8; i++, n++) {
		snprintf(addrs[n], sizeof(addrs[n]), "0000:00:%02x.0", i + 1);
		struct fake_pci_dev d = fake_pci_unclaimed(addrs[n], drivers[i % 4], i % 2 ? i : -1);
		if (fake_sysfs_add(fs, &d) != 0)
			goto fail;
		printf("healthy %s\n", addrs[n]);
	}

	/* Damaged, one case per function of bus 01. */
	for (size_t i = 0; i < sizeof(damages) / sizeof(damages[0]); i++, n++) {
		snprintf(addrs[n], sizeof(addrs[n]), "0000:01:%02zx.0", i);
		struct fake_pci_dev d = fake_pci_unclaimed(addrs[n], "e1000e", 100 + (int)i);
		if (fake_sysfs_add(fs, &d) != 0 || damage(fs, addrs[n], &damages[i]) != 0)
			goto fail;
		printf("damaged %s %s\n", addrs[n], damages[i].what);
		/* config and driver_override are not read by the scan (by bind, they are). */
		if ((damages[i].kind == FIFO || damages[i].kind == SOCKET) &&
		    strcmp(damages[i].file, "config") != 0 &&
		    strcmp(damages[i].file, "driver_override") != 0)
			printf("strict %s\n", addrs[n]);
	}

	/* Its capability list loops: status says there is one, the pointer points at itself. */
	looping_config[0x00] = 0xde, looping_config[0x01] = 0xc0; /* vendor c0de */
	looping_config[0x02] = 0x01;				  /* device 0001 */
	looping_config[0x06] = 0x10;				  /* status: capability list */
	looping_config[0x0b] = 0xff;				  /* class ff */
	looping_config[0x34] = 0x40;
	looping_config[0x40] = 0x01, looping_config[0x41] = 0x40; /* PM, next: itself */
	snprintf(addrs[n], sizeof(addrs[n]), "0000:02:00.0");
	struct fake_pci_dev loop = fake_pci_unclaimed(addrs[n], "e1000e", 200);
	loop.config = looping_config;
	loop.config_len = sizeof(looping_config);
	if (fake_sysfs_add(fs, &loop) != 0)
		goto fail;
	/* The tree is fine apart from config space, which the listing commands do not read. */
	printf("healthy %s\n", addrs[n]);

	if (plant_bad_entries(fake_sysfs_devices_dir(fs)) != 0)
		goto fail;
	fake_sysfs_close(fs);
	return 0;
fail:
	fprintf(stderr, "%s: cannot build the tree: %s\n", argv[0], strerror(errno));
	fake_sysfs_destroy(fs);
	return 1;
}
