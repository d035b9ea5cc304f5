/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mapping a device held by a uio kernel driver (uio_pci_generic or igb_uio), shared by both
 * backends: find uioN, open /dev/uioN and the sysfs config file, mmap each memory BAR from
 * its sysfs resource file, enable bus mastering, fill the interrupt handle. Every failure
 * says in one line which device and file, why, and what to do, and undoes what was done.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_file.h"
#include "eal_intr_type_ops.h"

#include "pci_backend.h"
#include "pci_private.h"
#include "pci_sysfs_parse.h"
#include "pci_uio_common.h"

const char *pci_uio_dev_dir = "/dev";

/* backend_priv of a mapped uio device. */
struct pci_uio_state {
	int uio_num;
	int uio_fd; /* /dev/uioN: interrupt counts (read) and igb_uio's irqcontrol (write) */
	int cfg_fd; /* sysfs config, read-write */
	/* dev->intr_handle was allocated by pci_uio_map (the bus had none) and is freed by unmap.
	 */
	bool own_handle;
};

/* The device's sysfs directory, open, with its path for messages; -errno after one line. */
static int devdir_open(const struct rte_pci_device *dev, char *path, size_t size)
{
	const char *dir = pci_scanned_dir();

	if (dir == NULL)
		dir = pci_sysfs_devices_dir();
	if (snprintf(path, size, "%s/%s", dir, dev->name) >= (int)size) {
		PCI_LOG(ERR, "%s: sysfs path under %s is too long", dev->name, dir);
		return -ENAMETOOLONG;
	}
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		PCI_LOG(ERR, "%s: cannot open %s: %s (was the device removed? rescan the bus)",
			dev->name, path, strerror(err));
		return -err;
	}
	return fd;
}

/* "uioN" exactly as the kernel names it (no sign, no leading zero, fits an int). */
static bool parse_uio_name(const char *name, int *num)
{
	uint32_t n;

	if (strncmp(name, "uio", 3) != 0 || !pci_parse_canonical_number(name + 3, &n) ||
	    n > INT_MAX)
		return false;
	*num = (int)n;
	return true;
}

int pci_uio_find_num(const struct rte_pci_device *dev, int devdirfd, const char *devpath)
{
	int fd = openat(devdirfd, "uio", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		if (err == ENOENT)
			PCI_LOG(
			    ERR,
			    "%s: %s/uio does not exist: %s did not register a uio device for it "
			    "(see dmesg; rebind it: openeal bind %s %s)",
			    dev->name, devpath, dev->kdrv_name, dev->kdrv_name, dev->name);
		else
			PCI_LOG(ERR, "%s: cannot open %s/uio: %s", dev->name, devpath,
				strerror(err));
		return err == ENOENT ? -ENODEV : -err;
	}
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		int err = errno;
		close(fd);
		PCI_LOG(ERR, "%s: cannot read %s/uio: %s", dev->name, devpath, strerror(err));
		return -err;
	}
	char other[64] = "";
	int found = -1, count = 0, num;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (parse_uio_name(e->d_name, &num)) {
			if (count++ == 0)
				found = num;
		} else if (other[0] == '\0') {
			snprintf(other, sizeof(other), "%.48s", e->d_name);
		}
	}
	closedir(d);
	if (count == 1)
		return found;
	if (count == 0)
		PCI_LOG(
		    ERR,
		    "%s: no uioN entry in %s/uio%s%s%s: the uio device is missing or the tree is "
		    "not sysfs (rebind it: openeal bind %s %s)",
		    dev->name, devpath, other[0] != '\0' ? " (found '" : "", other,
		    other[0] != '\0' ? "')" : "", dev->kdrv_name, dev->name);
	else
		PCI_LOG(ERR,
			"%s: %d uioN entries in %s/uio, expected one: the tree is not sysfs "
			"(check SYSFS_PCI_DEVICES)",
			dev->name, count, devpath);
	return -ENODEV;
}

bool pci_uio_bar_file(const struct rte_pci_device *dev, int devdirfd, int bar, char *name,
		      size_t size)
{
	bool want_wc = dev->driver != NULL &&
		       (dev->driver->drv_flags & RTE_PCI_DRV_WC_ACTIVATE) != 0 &&
		       (dev->resource[bar].flags & RTE_PCI_IORESOURCE_PREFETCH) != 0;

	if (want_wc) {
		snprintf(name, size, "resource%d_wc", bar);
		/* The kernel offers _wc only where the architecture can map write-combined. */
		if (faccessat(devdirfd, name, F_OK, 0) == 0)
			return true;
	}
	snprintf(name, size, "resource%d", bar);
	return false;
}

static const char *access_hint(int err)
{
	if (err == EACCES || err == EPERM)
		return " (run as root; under kernel lockdown sysfs resource files cannot be used: "
		       "bind the device to vfio-pci)";
	return "";
}

/* Map one memory BAR into dev->mem_resource[bar].addr; -errno after one line. */
static int map_bar(struct rte_pci_device *dev, int devdirfd, const char *devpath, int bar)
{
	struct rte_mem_resource *r = &dev->mem_resource[bar];
	char name[32];

	pci_uio_bar_file(dev, devdirfd, bar, name, sizeof(name));
	int fd = openat(devdirfd, name, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		PCI_LOG(ERR, "%s: cannot open %s/%s to map BAR %d: %s%s", dev->name, devpath, name,
			bar, strerror(err), access_hint(err));
		return -err;
	}
	void *addr = mmap(NULL, r->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int err = errno;
	/* The mapping keeps its own reference to the file. */
	close(fd);
	if (addr == MAP_FAILED) {
		PCI_LOG(ERR, "%s: cannot mmap %s/%s (BAR %d, %" PRIu64 " bytes): %s%s", dev->name,
			devpath, name, bar, r->len, strerror(err), access_hint(err));
		return -err;
	}
	r->addr = addr;
	return 0;
}

static void unmap_bars(struct rte_pci_device *dev)
{
	for (int i = PCI_MAX_RESOURCE - 1; i >= 0; i--) {
		struct rte_mem_resource *r = &dev->mem_resource[i];
		if (r->addr == NULL)
			continue;
		munmap(r->addr, r->len);
		r->addr = NULL;
	}
}

static int map_bars(struct rte_pci_device *dev, int devdirfd, const char *devpath)
{
	/* The scan fills mem_resource for memory BARs only; I/O BARs go through ioport. */
	for (int i = 0; i < PCI_MAX_RESOURCE; i++) {
		if (dev->mem_resource[i].len == 0)
			continue;
		int ret = map_bar(dev, devdirfd, devpath, i);
		if (ret < 0) {
			unmap_bars(dev);
			return ret;
		}
	}
	return 0;
}

static int open_uio_dev(const struct rte_pci_device *dev, int num)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/uio%d", pci_uio_dev_dir, num);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	int err = errno;
	if (err == ENOENT)
		PCI_LOG(ERR,
			"%s: %s does not exist although sysfs lists uio%d (no devtmpfs or udev?): "
			"mount devtmpfs on /dev or create it with mknod %s c <major:minor from "
			"/sys/class/uio/uio%d/dev>",
			dev->name, path, num, path, num);
	else if (err == EACCES || err == EPERM)
		PCI_LOG(ERR,
			"%s: cannot open %s: %s (run as root or give this user read-write "
			"access to it and to the device's sysfs resource and config files)",
			dev->name, path, strerror(err));
	else
		/* igb_uio enables the device's interrupts at open; that is what can fail here. */
		PCI_LOG(ERR, "%s: cannot open %s: %s (see dmesg)", dev->name, path, strerror(err));
	return -err;
}

static int open_config(const struct rte_pci_device *dev, int devdirfd, const char *devpath)
{
	int fd = eal_file_open(devdirfd, "config", O_RDWR);
	if (fd >= 0)
		return fd;
	int err = errno;
	PCI_LOG(
	    ERR, "%s: cannot open %s/config read-write: %s%s", dev->name, devpath,
	    eal_file_strerror(err),
	    (err == EACCES || err == EPERM) ? " (run as root or give this user write access to it)"
					    : "");
	return -err;
}

static void intr_handle_release(struct rte_pci_device *dev, bool own)
{
	struct rte_intr_handle *h = dev->intr_handle;

	if (own) {
		rte_intr_instance_free(h);
		dev->intr_handle = NULL;
		return;
	}
	/* The bus's handle outlives the mapping: leave it describing nothing. */
	rte_intr_ops_set(h, NULL, NULL);
	rte_intr_type_set(h, RTE_INTR_HANDLE_UNKNOWN);
	rte_intr_fd_set(h, -1);
	rte_intr_dev_fd_set(h, -1);
}

static int intr_handle_setup(struct rte_pci_device *dev, struct pci_uio_state *st,
			     pci_uio_intr_setup_t intr_setup)
{
	if (dev->intr_handle == NULL) {
		dev->intr_handle = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
		if (dev->intr_handle == NULL) {
			PCI_LOG(ERR, "%s: cannot allocate its interrupt handle: %s", dev->name,
				rte_strerror(rte_errno));
			return -ENOMEM;
		}
		st->own_handle = true;
	}
	struct rte_intr_handle *h = dev->intr_handle;
	rte_intr_fd_set(h, st->uio_fd);
	rte_intr_dev_fd_set(h, st->cfg_fd);
	/* read() on /dev/uioN returns the 32-bit interrupt count. */
	rte_intr_efd_counter_size_set(h, sizeof(int32_t));
	int ret = intr_setup(dev, h);
	if (ret < 0) {
		intr_handle_release(dev, st->own_handle);
		st->own_handle = false;
	}
	return ret;
}

static int pci_uio_map(struct rte_pci_device *dev)
{
	/* Registration gave this op only to uio backends: dev->backend is inside one. */
	const struct pci_uio_backend *ub =
	    container_of(dev->backend, const struct pci_uio_backend, be);
	char devpath[PATH_MAX];
	struct pci_uio_state *st = calloc(1, sizeof(*st));
	int ret;

	if (st == NULL) {
		PCI_LOG(ERR, "%s: cannot allocate its uio state", dev->name);
		return -ENOMEM;
	}
	st->uio_fd = st->cfg_fd = -1;
	int devdirfd = devdir_open(dev, devpath, sizeof(devpath));
	if (devdirfd < 0) {
		ret = devdirfd;
		goto fail;
	}
	ret = pci_uio_find_num(dev, devdirfd, devpath);
	if (ret < 0)
		goto fail;
	st->uio_num = ret;
	ret = st->uio_fd = open_uio_dev(dev, st->uio_num);
	if (ret < 0)
		goto fail;
	ret = st->cfg_fd = open_config(dev, devdirfd, devpath);
	if (ret < 0)
		goto fail;
	ret = map_bars(dev, devdirfd, devpath);
	if (ret < 0)
		goto fail;
	/*
	 * Mapping for a driver includes bus mastering (RTE_PCI_DRV_NEED_MAPPING): igb_uio sets it
	 * when /dev/uioN is opened, uio_pci_generic never does. Both clear it when the last
	 * opener closes /dev/uioN, so unmap leaves that to the kernel.
	 */
	ret = rte_pci_set_bus_master(dev, true);
	if (ret < 0)
		goto fail_bars;
	ret = intr_handle_setup(dev, st, ub->intr_setup);
	if (ret < 0)
		goto fail_bars;
	close(devdirfd);
	dev->backend_priv = st;
	PCI_LOG(DEBUG, "%s: mapped through %s (uio%d)", dev->name, dev->kdrv_name, st->uio_num);
	return 0;

fail_bars:
	unmap_bars(dev);
fail:
	if (st->cfg_fd >= 0)
		close(st->cfg_fd);
	if (st->uio_fd >= 0)
		close(st->uio_fd);
	if (devdirfd >= 0)
		close(devdirfd);
	free(st);
	return ret;
}

static void pci_uio_unmap(struct rte_pci_device *dev)
{
	struct pci_uio_state *st = dev->backend_priv;

	if (st == NULL)
		return;
	intr_handle_release(dev, st->own_handle);
	unmap_bars(dev);
	close(st->cfg_fd);
	/* igb_uio frees the device's interrupts here; both drivers clear bus mastering. */
	close(st->uio_fd);
	free(st);
	dev->backend_priv = NULL;
}

/* ---- config space ---- */

/* The kept config fd while mapped; otherwise a new one (*opened set) or -errno. */
static int config_fd(const struct rte_pci_device *dev, int flags, bool *opened)
{
	const struct pci_uio_state *st = dev->backend_priv;
	char devpath[PATH_MAX];

	*opened = false;
	if (st != NULL)
		return st->cfg_fd;
	int dirfd = devdir_open(dev, devpath, sizeof(devpath));
	if (dirfd < 0)
		return dirfd;
	int fd = eal_file_open(dirfd, "config", flags);
	int err = errno;
	close(dirfd);
	if (fd < 0) {
		PCI_LOG(ERR, "%s: cannot open %s/config: %s", dev->name, devpath,
			eal_file_strerror(err));
		return -err;
	}
	*opened = true;
	return fd;
}

static int pci_uio_read_config(const struct rte_pci_device *dev, void *buf, size_t len, off_t off)
{
	bool opened;
	int fd = config_fd(dev, O_RDONLY, &opened);
	ssize_t n;

	if (fd < 0) {
		rte_errno = -fd;
		return fd;
	}
	do
		n = pread(fd, buf, len, off);
	while (n < 0 && errno == EINTR);
	int err = errno;
	if (opened)
		close(fd);
	if (n < 0) {
		PCI_LOG(ERR, "%s: cannot read config space at 0x%jx: %s", dev->name, (intmax_t)off,
			strerror(err));
		rte_errno = err;
		return -err;
	}
	return (int)n;
}

static int pci_uio_write_config(const struct rte_pci_device *dev, const void *buf, size_t len,
				off_t off)
{
	bool opened;
	int fd = config_fd(dev, O_WRONLY, &opened);
	ssize_t n;

	if (fd < 0) {
		rte_errno = -fd;
		return fd;
	}
	do
		n = pwrite(fd, buf, len, off);
	while (n < 0 && errno == EINTR);
	int err = errno;
	if (opened)
		close(fd);
	if (n < 0) {
		PCI_LOG(ERR, "%s: cannot write config space at 0x%jx: %s", dev->name, (intmax_t)off,
			strerror(err));
		rte_errno = err;
		return -err;
	}
	return (int)n;
}

/* ---- I/O port BARs ---- */

/*
 * Through pread/pwrite on the sysfs "resourceN" file, whose offsets are port offsets in the
 * BAR; the kernel does the in/out instruction of the access's width (1, 2 or 4 bytes).
 * p->base holds that file's descriptor and p->len the BAR's length.
 */

static int pci_uio_ioport_map(struct rte_pci_device *dev, int bar, struct rte_pci_ioport *p)
{
	char devpath[PATH_MAX], name[32];

	if ((unsigned int)bar >= dev->nb_resources ||
	    (dev->resource[bar].flags & RTE_PCI_IORESOURCE_IO) == 0 ||
	    dev->resource[bar].len == 0) {
		PCI_LOG(ERR,
			"%s: BAR %d is not an I/O port BAR (memory BARs are mapped by "
			"rte_pci_map_device)",
			dev->name, bar);
		return -EINVAL;
	}
	int dirfd = devdir_open(dev, devpath, sizeof(devpath));
	if (dirfd < 0)
		return dirfd;
	snprintf(name, sizeof(name), "resource%d", bar);
	int fd = openat(dirfd, name, O_RDWR | O_CLOEXEC);
	int err = errno;
	close(dirfd);
	if (fd < 0) {
		PCI_LOG(ERR, "%s: cannot open %s/%s for I/O BAR %d: %s%s", dev->name, devpath, name,
			bar, strerror(err), access_hint(err));
		return -err;
	}
	p->base = (uint64_t)fd;
	p->len = dev->resource[bar].len;
	return 0;
}

/* The kernel does one in/out per call, of 1, 2 or 4 bytes: the widest aligned piece. */
static size_t ioport_chunk(uint64_t off, size_t left)
{
	if (left >= 4 && (off & 3) == 0)
		return 4;
	if (left >= 2 && (off & 1) == 0)
		return 2;
	return 1;
}

static bool ioport_in_range(const struct rte_pci_ioport *p, size_t len, off_t off, const char *what)
{
	if (off >= 0 && (uint64_t)off <= p->len && len <= p->len - (uint64_t)off)
		return true;
	PCI_LOG(ERR, "%s: I/O port %s of %zu bytes at 0x%jx is beyond the BAR's %" PRIu64 " bytes",
		p->dev->name, what, len, (intmax_t)off, p->len);
	return false;
}

static void pci_uio_ioport_read(struct rte_pci_ioport *p, void *data, size_t len, off_t off)
{
	uint8_t *dst = data;

	if (!ioport_in_range(p, len, off, "read"))
		return;
	for (size_t done = 0; done < len;) {
		size_t n = ioport_chunk((uint64_t)off + done, len - done);
		ssize_t got = pread((int)p->base, dst + done, n, off + (off_t)done);
		if (got != (ssize_t)n) {
			PCI_LOG(ERR, "%s: I/O port read of %zu bytes at 0x%jx failed: %s",
				p->dev->name, n, (intmax_t)(off + (off_t)done),
				got < 0 ? strerror(errno) : "short read");
			return;
		}
		done += n;
	}
}

static void pci_uio_ioport_write(struct rte_pci_ioport *p, const void *data, size_t len, off_t off)
{
	const uint8_t *src = data;

	if (!ioport_in_range(p, len, off, "write"))
		return;
	for (size_t done = 0; done < len;) {
		size_t n = ioport_chunk((uint64_t)off + done, len - done);
		ssize_t put = pwrite((int)p->base, src + done, n, off + (off_t)done);
		if (put != (ssize_t)n) {
			PCI_LOG(ERR, "%s: I/O port write of %zu bytes at 0x%jx failed: %s",
				p->dev->name, n, (intmax_t)(off + (off_t)done),
				put < 0 ? strerror(errno) : "short write");
			return;
		}
		done += n;
	}
}

static int pci_uio_ioport_unmap(struct rte_pci_ioport *p)
{
	if (close((int)p->base) != 0)
		return -errno;
	p->base = (uint64_t)-1;
	p->len = 0;
	return 0;
}

/* ---- IOVA, and the operations table ---- */

/* uio gives the device no IOMMU mapping of its own: DMA addresses are physical ones. */
static enum rte_iova_mode pci_uio_iova_constraint(const struct rte_pci_device *dev)
{
	(void)dev;
	return RTE_IOVA_PA;
}

void pci_uio_backend_register(struct pci_uio_backend *ub)
{
	ub->be.map = pci_uio_map;
	ub->be.unmap = pci_uio_unmap;
	ub->be.read_config = pci_uio_read_config;
	ub->be.write_config = pci_uio_write_config;
	ub->be.ioport_map = pci_uio_ioport_map;
	ub->be.ioport_read = pci_uio_ioport_read;
	ub->be.ioport_write = pci_uio_ioport_write;
	ub->be.ioport_unmap = pci_uio_ioport_unmap;
	ub->be.iova_constraint = pci_uio_iova_constraint;
	if (ub->default_type != RTE_INTR_HANDLE_UNKNOWN)
		eal_intr_type_ops_set(ub->default_type, ub->default_ops);
	rte_pci_backend_register(&ub->be);
}
