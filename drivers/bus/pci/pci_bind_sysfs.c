/* SPDX-License-Identifier: BSD-3-Clause */
/* The sysfs files binding reads and writes: the device's directory, driver link, attributes. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_file.h"
#include "pci_bind_private.h"
#include "pci_private.h"

RTE_LOG_REGISTER(pci_bind_logtype, bus.pci.bind, NOTICE);

#define REAL_DEVICES_DIR "/sys/bus/pci/devices"

void pci_bind_link_name(const char *path, char *out, size_t size)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	out[0] = '\0';
	if (n <= 0)
		return;
	target[n] = '\0';
	const char *slash = strrchr(target, '/');
	pci_bind_copy(out, size, slash != NULL ? slash + 1 : target);
}

void pci_bind_dev_reread(struct pci_bind_dev *d)
{
	char path[PATH_MAX + 8];
	snprintf(path, sizeof(path), "%s/driver", d->dir);
	pci_bind_link_name(path, d->driver, sizeof(d->driver));
}

int pci_bind_read_attr(const struct pci_bind_dev *d, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", d->dir, file);
	ssize_t n = eal_file_read_small(AT_FDCWD, path, buf, size);
	if (n < 0)
		return (int)-n;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

int pci_bind_write(const struct pci_bind_dev *d, const char *path, const char *value)
{
	char buf[RTE_PCI_BIND_NAME_MAX + PCI_PRI_STR_SIZE + 2];
	int len = snprintf(buf, sizeof(buf), "%s\n", value);

	if (len < 0 || (size_t)len >= sizeof(buf))
		return EINVAL;
	BIND_LOG(DEBUG, "%s: writing '%s' to %s", d->name, value, path);
	/* No O_CREAT: a missing attribute means an old kernel or a wrong tree, never a file to
	 * make. O_TRUNC is what a shell's '>' does; sysfs ignores it. eal_file_open: a FIFO
	 * there fails at once instead of waiting for a reader. */
	int fd = eal_file_open(AT_FDCWD, path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return errno;
	ssize_t n = write(fd, buf, (size_t)len);
	int err = n < 0 ? errno : (n != len ? EIO : 0);
	/* sysfs reports a store's error from write(); close adds nothing, but a plain file may. */
	if (close(fd) != 0 && err == 0)
		err = errno;
	return err;
}

/* The devices directory without trailing slashes, and its parent (the bus directory). */
static int bind_paths(struct pci_bind_dev *d, const char *devices)
{
	char dir[PATH_MAX];
	size_t len = strlen(devices);

	while (len > 1 && devices[len - 1] == '/')
		len--;
	if (len >= sizeof(dir))
		return ENAMETOOLONG;
	memcpy(dir, devices, len);
	dir[len] = '\0';
	if (snprintf(d->dir, sizeof(d->dir), "%s/%s", dir, d->name) >= (int)sizeof(d->dir))
		return ENAMETOOLONG;
	char *slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(d->bus, sizeof(d->bus), ".");
	else if (slash == dir)
		snprintf(d->bus, sizeof(d->bus), "/");
	else {
		*slash = '\0';
		pci_bind_copy(d->bus, sizeof(d->bus), dir);
	}
	return 0;
}

int pci_bind_dev_open(struct pci_bind_dev *d, const char *addr, const char *what)
{
	struct rte_pci_addr a;
	struct stat st;

	memset(d, 0, sizeof(*d));
	if (addr == NULL || rte_pci_addr_parse(addr, &a) != 0) {
		BIND_LOG(ERR,
			 "'%s': cannot %s: not a PCI address (expected DDDD:BB:DD.F or BB:DD.F)",
			 addr != NULL ? addr : "(null)", what);
		rte_errno = EINVAL;
		return -1;
	}
	rte_pci_device_name(&a, d->name, sizeof(d->name));
	const char *devices = pci_sysfs_devices_dir();
	d->real_sysfs = strcmp(devices, REAL_DEVICES_DIR) == 0;
	int err = bind_paths(d, devices);
	if (err == 0 && stat(d->dir, &st) != 0)
		err = errno;
	if (err == ENOENT) {
		BIND_LOG(ERR,
			 "%s: cannot %s: no such PCI device in %s%s (openeal status lists them)",
			 d->name, what, devices, d->real_sysfs ? "" : " (from SYSFS_PCI_DEVICES)");
		rte_errno = ENODEV;
		return -1;
	}
	if (err != 0) {
		BIND_LOG(ERR, "%s: cannot %s: %s/%s: %s", d->name, what, devices, d->name,
			 strerror(err));
		rte_errno = err;
		return -1;
	}
	pci_bind_dev_reread(d);
	/* Absent before Linux 3.16; "(null)" when not set. */
	if (pci_bind_read_attr(d, "driver_override", d->override, sizeof(d->override)) != 0 ||
	    strcmp(d->override, "(null)") == 0)
		d->override[0] = '\0';
	return 0;
}
