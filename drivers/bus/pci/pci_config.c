/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration space: through the device's backend when it has config ops, otherwise
 * through the sysfs "config" file; capability walks that survive corrupt lists.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_file.h"
#include "pci_backend.h"
#include "pci_private.h"

/* Capability pointers are dword aligned; standard ones live in [0x40, 0x100). */
#define PCI_STD_CAP_SLOTS (RTE_PCI_CFG_SPACE_SIZE / 4)
#define PCI_EXT_CAP_SLOTS ((RTE_PCI_CFG_SPACE_EXP_SIZE - RTE_PCI_CFG_SPACE_SIZE) / 4)

static int sysfs_config_open(const struct rte_pci_device *dev, int flags)
{
	char path[PATH_MAX];
	const char *dir = pci_scanned_dir();

	if (dir == NULL)
		dir = pci_sysfs_devices_dir();
	if (snprintf(path, sizeof(path), "%s/%s/config", dir, dev->name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	int fd = eal_file_open(AT_FDCWD, path, flags);
	if (fd < 0) {
		int err = errno;
		PCI_LOG(ERR, "%s: cannot open %s: %s", dev->name, path, eal_file_strerror(err));
		return -err;
	}
	return fd;
}

static int config_bad_args(const struct rte_pci_device *dev, const void *buf, off_t offset)
{
	if (dev == NULL || buf == NULL || offset < 0) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	return 0;
}

int rte_pci_read_config(const struct rte_pci_device *dev, void *buf, size_t len, off_t offset)
{
	int ret = config_bad_args(dev, buf, offset);
	if (ret != 0)
		return ret;
	if (dev->backend != NULL && dev->backend->read_config != NULL)
		return dev->backend->read_config(dev, buf, len, offset);
	int fd = sysfs_config_open(dev, O_RDONLY);
	if (fd < 0) {
		rte_errno = -fd;
		return fd;
	}
	ssize_t n = pread(fd, buf, len, offset);
	int err = errno;
	close(fd);
	if (n < 0) {
		PCI_LOG(ERR, "%s: cannot read config space at 0x%jx: %s", dev->name,
			(intmax_t)offset, strerror(err));
		rte_errno = err;
		return -err;
	}
	return (int)n;
}

int rte_pci_write_config(const struct rte_pci_device *dev, const void *buf, size_t len,
			 off_t offset)
{
	int ret = config_bad_args(dev, buf, offset);
	if (ret != 0)
		return ret;
	if (dev->backend != NULL && dev->backend->write_config != NULL)
		return dev->backend->write_config(dev, buf, len, offset);
	/*
	 * No userspace backend: the device belongs to a kernel driver (or to nobody). Reading its
	 * config space through sysfs is harmless; writing it would change a device the kernel
	 * drives behind its back (bus mastering, INTx, BARs), so openeal refuses.
	 */
	if (dev->kdrv_name[0] != '\0')
		PCI_LOG(ERR,
			"%s: config space is read-only while kernel driver %s holds the device; "
			"fix: openeal bind vfio-pci %s",
			dev->name, dev->kdrv_name, dev->name);
	else
		PCI_LOG(ERR,
			"%s: config space is read-only while no userspace driver holds the device; "
			"fix: openeal bind vfio-pci %s",
			dev->name, dev->name);
	rte_errno = EPERM;
	return -EPERM;
}

/* Exactly len bytes at offset: 1, 0 when config space ends before (a short read), <0. */
static int read_exact(const struct rte_pci_device *dev, void *buf, size_t len, off_t offset)
{
	int n = rte_pci_read_config(dev, buf, len, offset);
	if (n < 0)
		return n;
	return (size_t)n == len ? 1 : 0;
}

static bool test_and_set(uint64_t *bitmap, unsigned int bit)
{
	uint64_t mask = UINT64_C(1) << (bit % 64);
	bool was = (bitmap[bit / 64] & mask) != 0;
	bitmap[bit / 64] |= mask;
	return was;
}

/*
 * Follow the standard list from the pointer stored at ptr_offset. Stops (not found) on a
 * pointer below the header, past the end or misaligned, and on a pointer seen before: a
 * corrupt or malicious device must not make the walk spin.
 */
static off_t walk_std_caps(const struct rte_pci_device *dev, uint8_t cap, off_t ptr_offset)
{
	uint64_t visited[PCI_STD_CAP_SLOTS / 64] = {0};
	uint8_t pos;
	int rc = read_exact(dev, &pos, 1, ptr_offset);

	while (rc > 0) {
		uint8_t hdr[2];

		if (pos == 0)
			return 0;
		if (pos < RTE_PCI_STD_HEADER_SIZEOF || (pos & 3) != 0) {
			PCI_LOG(DEBUG, "%s: capability pointer 0x%02x is invalid; list ends",
				dev->name, pos);
			return 0;
		}
		if (test_and_set(visited, pos / 4)) {
			PCI_LOG(WARNING, "%s: capability list loops at 0x%02x; list ends",
				dev->name, pos);
			return 0;
		}
		rc = read_exact(dev, hdr, sizeof(hdr), pos);
		if (rc <= 0)
			break;
		if (hdr[0] == 0xff) /* device gone, or no real entry */
			return 0;
		if (hdr[0] == cap)
			return pos;
		pos = hdr[1];
	}
	return rc < 0 ? rc : 0;
}

off_t rte_pci_find_next_capability(const struct rte_pci_device *dev, uint8_t cap, off_t offset)
{
	if (dev == NULL || offset < 0 || offset > RTE_PCI_CFG_SPACE_SIZE - RTE_PCI_CAP_SIZEOF) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	if (offset != 0)
		return walk_std_caps(dev, cap, offset + RTE_PCI_CAP_NEXT);

	uint16_t status;
	int rc = read_exact(dev, &status, sizeof(status), RTE_PCI_STATUS);
	if (rc <= 0)
		return rc < 0 ? rc : 0;
	if ((status & RTE_PCI_STATUS_CAP_LIST) == 0)
		return 0;
	return walk_std_caps(dev, cap, RTE_PCI_CAPABILITY_LIST);
}

off_t rte_pci_find_capability(const struct rte_pci_device *dev, uint8_t cap)
{
	return rte_pci_find_next_capability(dev, cap, 0);
}

off_t rte_pci_find_ext_capability(const struct rte_pci_device *dev, uint32_t cap)
{
	uint64_t visited[PCI_EXT_CAP_SLOTS / 64] = {0};
	off_t pos = RTE_PCI_CFG_SPACE_SIZE;
	uint32_t header;

	if (dev == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	test_and_set(visited, 0);
	for (;;) {
		/* Short read: conventional (256-byte) config space, no extended capabilities. */
		int rc = read_exact(dev, &header, sizeof(header), pos);
		if (rc <= 0)
			return rc;
		/* 0: no capabilities at all; all ones: device gone or config space not there. */
		if (header == 0 || header == UINT32_MAX)
			return 0;
		if (RTE_PCI_EXT_CAP_ID(header) == cap)
			return pos;
		off_t next = RTE_PCI_EXT_CAP_NEXT(header);
		if (next == 0)
			return 0;
		if (next < RTE_PCI_CFG_SPACE_SIZE) {
			PCI_LOG(DEBUG,
				"%s: extended capability pointer 0x%03jx is invalid; list ends",
				dev->name, (intmax_t)next);
			return 0;
		}
		if (test_and_set(visited, (unsigned int)(next - RTE_PCI_CFG_SPACE_SIZE) / 4)) {
			PCI_LOG(WARNING, "%s: extended capability list loops at 0x%03jx; list ends",
				dev->name, (intmax_t)next);
			return 0;
		}
		pos = next;
	}
}

int rte_pci_set_bus_master(const struct rte_pci_device *dev, bool enable)
{
	uint16_t old, cmd;
	int rc;

	if (dev == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	rc = read_exact(dev, &old, sizeof(old), RTE_PCI_COMMAND);
	if (rc <= 0)
		goto fail;
	cmd = enable ? (uint16_t)(old | RTE_PCI_COMMAND_MASTER)
		     : (uint16_t)(old & ~RTE_PCI_COMMAND_MASTER);
	if (cmd == old)
		return 0;
	rc = rte_pci_write_config(dev, &cmd, sizeof(cmd), RTE_PCI_COMMAND);
	if (rc == (int)sizeof(cmd))
		return 0;
fail:
	PCI_LOG(ERR, "%s: cannot %s bus mastering", dev->name, enable ? "enable" : "disable");
	rc = rc < 0 ? rc : -EIO;
	rte_errno = -rc;
	return rc;
}
