/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vfio-pci backend: devices bound to vfio-pci are reached through a VFIO device fd (from
 * rte_vfio_setup_device: default container, group viability, IOMMU type, VF token). Map
 * resets the device, mmaps each memory BAR except the pages of the MSI-X table (unless VFIO
 * says the table may be mapped), sets up the interrupt handle and the device request
 * interrupt, and enables bus mastering; unmap undoes all of it in reverse order. Config space
 * and I/O-port BARs go through pread/pwrite on the device fd's regions.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_vfio.h>
#include <rte_vfio_ext.h>

#include "eal_file.h"
#include "pci_backend.h"
#include "pci_private.h"
#include "pci_vfio.h"
#include "pci_vfio_calc.h"

/* Where the device was scanned: rte_vfio_setup_device finds its IOMMU group there. */
static const char *sysfs_dir(void)
{
	const char *dir = pci_scanned_dir();
	return dir != NULL ? dir : pci_sysfs_devices_dir();
}

static int region_info(struct pci_vfio_state *st, uint32_t index, struct rte_vfio_region_info *ri)
{
	if (rte_vfio_get_region_info(st->dev_fd, index, ri) == 0)
		return 0;
	/* rte_vfio_get_region_info named the fd and index; say which device that was. */
	PCI_LOG(ERR, "%s: cannot read VFIO region %u: %s", st->dev->name, index,
		rte_strerror(rte_errno));
	return -rte_errno;
}

/* Where the MSI-X table is (BIR and byte range), from the capability; false if none. */
static bool msix_table_find(const struct rte_pci_device *dev, int *bir, uint64_t *offset,
			    uint64_t *size)
{
	uint16_t ctrl;
	uint32_t table;

	off_t cap = rte_pci_find_capability(dev, RTE_PCI_CAP_ID_MSIX);
	if (cap <= 0)
		return false;
	if (rte_pci_read_config(dev, &ctrl, sizeof(ctrl), cap + RTE_PCI_MSIX_FLAGS) !=
		(int)sizeof(ctrl) ||
	    rte_pci_read_config(dev, &table, sizeof(table), cap + RTE_PCI_MSIX_TABLE) !=
		(int)sizeof(table))
		return false;
	*bir = (int)(table & RTE_PCI_MSIX_TABLE_BIR);
	*offset = table & RTE_PCI_MSIX_TABLE_OFFSET;
	*size = ((uint64_t)(ctrl & RTE_PCI_MSIX_FLAGS_QSIZE) + 1) * RTE_PCI_MSIX_ENTRY_SIZE;
	return true;
}

static void unmap_bars(struct pci_vfio_state *st)
{
	for (int i = PCI_MAX_RESOURCE - 1; i >= 0; i--) {
		if (st->bar_map[i] == NULL)
			continue;
		/* One munmap of the reservation removes every piece mapped into it. */
		munmap(st->bar_map[i], st->bar_map_len[i]);
		st->bar_map[i] = NULL;
		st->dev->mem_resource[i].addr = NULL;
	}
}

/*
 * Map the pieces of BAR i into one reserved range, so that the BAR keeps a single base
 * address and the MSI-X hole is an inaccessible gap (PROT_NONE) rather than foreign memory.
 */
static int map_bar(struct pci_vfio_state *st, int i, const struct rte_vfio_region_info *ri,
		   const struct pci_vfio_bar_layout *layout)
{
	struct rte_pci_device *dev = st->dev;
	struct pci_vfio_piece pieces[PCI_VFIO_MAX_PIECES];

	int n = pci_vfio_mmap_pieces(layout, pieces, PCI_VFIO_MAX_PIECES);
	if (n < 0) {
		PCI_LOG(ERR,
			"%s: BAR %d: VFIO region (%" PRIu64 " bytes) and MSI-X table "
			"[0x%" PRIx64 ", +0x%" PRIx64 ") do not fit together (%s); the device or "
			"kernel reports an inconsistent layout",
			dev->name, i, ri->size, layout->table_offset, layout->table_size,
			rte_strerror(-n));
		return n;
	}
	if (n == 0) {
		PCI_LOG(NOTICE,
			"%s: BAR %d is not mapped: it holds nothing but the MSI-X table, which "
			"vfio-pci does not let us mmap",
			dev->name, i);
		return 0;
	}
	size_t len = (ri->size + layout->page_size - 1) & ~(layout->page_size - 1);
	void *base = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED) {
		int err = errno;
		PCI_LOG(ERR, "%s: cannot reserve %zu bytes of address space for BAR %d: %s",
			dev->name, len, i, strerror(err));
		return -err;
	}
	for (int p = 0; p < n; p++) {
		void *want = (uint8_t *)base + pieces[p].offset;
		void *got =
		    mmap(want, pieces[p].len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			 st->dev_fd, (off_t)(ri->offset + pieces[p].offset));
		if (got == MAP_FAILED) {
			int err = errno;
			PCI_LOG(ERR,
				"%s: cannot mmap BAR %d [0x%" PRIx64 ", +0x%" PRIx64 ") from its "
				"VFIO region: %s",
				dev->name, i, pieces[p].offset, pieces[p].len, strerror(err));
			munmap(base, len);
			return -err;
		}
	}
	st->bar_map[i] = base;
	st->bar_map_len[i] = len;
	dev->mem_resource[i].addr = base;
	return 0;
}

static int map_bars(struct pci_vfio_state *st)
{
	struct rte_pci_device *dev = st->dev;
	struct rte_vfio_region_info ri;
	uint64_t table_offset = 0, table_size = 0;
	int table_bir = -1;
	long ps = sysconf(_SC_PAGESIZE);

	/* Through VFIO's config region: backend_priv is set, so the walk reads it. */
	if (!msix_table_find(dev, &table_bir, &table_offset, &table_size))
		table_bir = -1;
	for (int i = 0; i < PCI_MAX_RESOURCE; i++) {
		int ret = region_info(st, (uint32_t)i, &ri);
		if (ret < 0)
			return ret;
		st->bar_offset[i] = ri.offset;
		st->bar_size[i] = ri.size;
		/* The scan describes memory BARs only; I/O BARs go through ioport (pread). */
		if (dev->mem_resource[i].len == 0 || ri.size == 0)
			continue;
		if ((ri.flags & VFIO_REGION_INFO_FLAG_MMAP) == 0) {
			PCI_LOG(
			    NOTICE,
			    "%s: BAR %d is not mapped: vfio-pci does not allow mmap of it (e.g. "
			    "a BAR smaller than a page that shares its page)",
			    dev->name, i);
			continue;
		}
		struct pci_vfio_bar_layout layout = {
		    .bar_size = ri.size,
		    .page_size = (uint64_t)ps,
		    .sparse = ri.sparse,
		    .areas = ri.areas,
		    .nb_areas = ri.nb_areas,
		};
		if (i == table_bir && !ri.msix_mappable) {
			layout.table_offset = table_offset;
			layout.table_size = table_size;
		}
		ret = map_bar(st, i, &ri, &layout);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/*
 * Bring the device to its power-on state so that a driver never inherits what a previous
 * user (kernel driver or process) left running. A device without a reset method is used as
 * it is, as in DPDK.
 */
static void device_reset(const struct pci_vfio_state *st)
{
	if ((st->dev_flags & VFIO_DEVICE_FLAGS_RESET) == 0) {
		PCI_LOG(DEBUG, "%s: vfio-pci offers no reset for it", st->dev->name);
		return;
	}
	if (ioctl(st->dev_fd, VFIO_DEVICE_RESET) != 0)
		PCI_LOG(WARNING,
			"%s: VFIO_DEVICE_RESET failed: %s; going on with the device as it is (a "
			"reset that affects other devices needs all of them bound to vfio-pci)",
			st->dev->name, strerror(errno));
}

/* Undo map from any point: each step checks what was done. */
static void teardown(struct pci_vfio_state *st)
{
	struct rte_pci_device *dev = st->dev;

	/* The device must stop DMA before its driver's memory can go away. */
	if (st->bus_master)
		rte_pci_set_bus_master(dev, false);
	pci_vfio_req_teardown(st);
	pci_vfio_intr_teardown(st);
	unmap_bars(st);
	dev->backend_priv = NULL;
	/* Closes the device fd, then the group and default container if they were the last. */
	rte_vfio_release_device(sysfs_dir(), dev->name, st->dev_fd);
	pthread_mutex_destroy(&st->intr_lock);
	free(st);
}

static int vfio_map(struct rte_pci_device *dev)
{
	struct vfio_device_info info;
	struct rte_vfio_region_info ri;
	int fd, ret;

	ret = rte_vfio_setup_device(sysfs_dir(), dev->name, &fd, &info);
	if (ret > 0)
		return -ENODEV; /* no IOMMU group: the line was logged */
	if (ret < 0)
		return rte_errno != 0 ? -rte_errno : -EIO;
	struct pci_vfio_state *st = calloc(1, sizeof(*st));
	if (st == NULL) {
		PCI_LOG(ERR, "%s: cannot allocate its vfio-pci state", dev->name);
		rte_vfio_release_device(sysfs_dir(), dev->name, fd);
		return -ENOMEM;
	}
	st->dev = dev;
	st->dev_fd = fd;
	st->dev_flags = info.flags;
	st->intr_index = -1;
	st->intr_fd = -1;
	pthread_mutex_init(&st->intr_lock, NULL);
	/* From here config accesses (capability walks, bus mastering) go through VFIO. */
	dev->backend_priv = st;

	ret = region_info(st, VFIO_PCI_CONFIG_REGION_INDEX, &ri);
	if (ret < 0)
		goto fail;
	st->cfg_offset = ri.offset;
	st->cfg_size = ri.size;
	device_reset(st);
	ret = map_bars(st);
	if (ret < 0)
		goto fail;
	ret = pci_vfio_intr_setup(st);
	if (ret < 0)
		goto fail;
	ret = pci_vfio_req_setup(st);
	if (ret < 0)
		goto fail;
	/* Mapping for a driver includes bus mastering; the bus leaves it to the backend. */
	ret = rte_pci_set_bus_master(dev, true);
	if (ret < 0)
		goto fail;
	st->bus_master = true;
	PCI_LOG(DEBUG, "%s: mapped through vfio-pci (device fd %d, interrupts: %s)", dev->name, fd,
		pci_vfio_intr_name(st->intr_index));
	return 0;

fail:
	teardown(st);
	return ret;
}

static void vfio_unmap(struct rte_pci_device *dev)
{
	if (dev->backend_priv != NULL)
		teardown(dev->backend_priv);
}

/* ---- config space ---- */

/*
 * Before map there is no device fd (opening one claims the group), yet scans and tools read
 * config space of vfio-pci devices: the kernel's sysfs file reads the same registers.
 */
static int sysfs_config_read(const struct rte_pci_device *dev, void *buf, size_t len, off_t off)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/config", sysfs_dir(), dev->name);
	int fd = eal_file_open(AT_FDCWD, path, O_RDONLY);
	if (fd < 0) {
		int err = errno;
		PCI_LOG(ERR, "%s: cannot open %s: %s", dev->name, path, eal_file_strerror(err));
		return -err;
	}
	ssize_t n = pread(fd, buf, len, off);
	int err = errno;
	close(fd);
	if (n < 0) {
		PCI_LOG(ERR, "%s: cannot read %s at 0x%jx: %s", dev->name, path, (intmax_t)off,
			strerror(err));
		return -err;
	}
	return (int)n;
}

/* Clip [off, off+len) to the config region: past its end reads as end of file, as sysfs. */
static size_t config_len(const struct pci_vfio_state *st, size_t len, off_t off)
{
	if ((uint64_t)off >= st->cfg_size)
		return 0;
	return (size_t)RTE_MIN((uint64_t)len, st->cfg_size - (uint64_t)off);
}

static int vfio_read_config(const struct rte_pci_device *dev, void *buf, size_t len, off_t off)
{
	const struct pci_vfio_state *st = dev->backend_priv;

	if (st == NULL)
		return sysfs_config_read(dev, buf, len, off);
	len = config_len(st, len, off);
	if (len == 0)
		return 0;
	ssize_t n = pread(st->dev_fd, buf, len, (off_t)st->cfg_offset + off);
	if (n < 0) {
		int err = errno;
		PCI_LOG(ERR, "%s: cannot read config space at 0x%jx through VFIO: %s", dev->name,
			(intmax_t)off, strerror(err));
		return -err;
	}
	return (int)n;
}

static int vfio_write_config(const struct rte_pci_device *dev, const void *buf, size_t len,
			     off_t off)
{
	const struct pci_vfio_state *st = dev->backend_priv;

	if (st == NULL) {
		PCI_LOG(
		    ERR,
		    "%s: cannot write config space: the vfio-pci device is not mapped (probe it "
		    "with a driver, or call rte_pci_map_device first)",
		    dev->name);
		return -ENODEV;
	}
	len = config_len(st, len, off);
	if (len == 0)
		return 0;
	ssize_t n = pwrite(st->dev_fd, buf, len, (off_t)st->cfg_offset + off);
	if (n < 0) {
		int err = errno;
		PCI_LOG(ERR, "%s: cannot write config space at 0x%jx through VFIO: %s", dev->name,
			(intmax_t)off, strerror(err));
		return -err;
	}
	return (int)n;
}

/* ---- I/O-port BARs: pread/pwrite on the BAR's region, the kernel does the in/out ---- */

static int vfio_ioport_map(struct rte_pci_device *dev, int bar, struct rte_pci_ioport *p)
{
	const struct pci_vfio_state *st = dev->backend_priv;

	if (st == NULL) {
		PCI_LOG(
		    ERR,
		    "%s: cannot map I/O BAR %d: the vfio-pci device is not mapped (probe it with "
		    "a driver, or call rte_pci_map_device first)",
		    dev->name, bar);
		return -ENODEV;
	}
	if (st->bar_size[bar] == 0) {
		PCI_LOG(ERR, "%s: cannot map I/O BAR %d: the device does not implement it",
			dev->name, bar);
		return -EINVAL;
	}
	p->base = st->bar_offset[bar];
	p->len = st->bar_size[bar];
	return 0;
}

/* The device's state, if the port is inside its BAR; else NULL after one line. */
static const struct pci_vfio_state *ioport_state(const struct rte_pci_ioport *p, size_t len,
						 off_t off, const char *what)
{
	const struct pci_vfio_state *st = p->dev->backend_priv;

	if (st == NULL) {
		PCI_LOG(ERR, "%s: I/O port %s after the device was unmapped", p->dev->name, what);
		return NULL;
	}
	if (off < 0 || (uint64_t)off > p->len || len > p->len - (uint64_t)off) {
		PCI_LOG(ERR,
			"%s: I/O port %s of %zu bytes at 0x%jx is beyond the BAR's %" PRIu64
			" bytes",
			p->dev->name, what, len, (intmax_t)off, p->len);
		return NULL;
	}
	return st;
}

static void vfio_ioport_read(struct rte_pci_ioport *p, void *data, size_t len, off_t off)
{
	const struct pci_vfio_state *st = ioport_state(p, len, off, "read");
	ssize_t n = -1;

	if (st != NULL)
		n = pread(st->dev_fd, data, len, (off_t)p->base + off);
	if (n == (ssize_t)len)
		return;
	if (st != NULL)
		PCI_LOG(ERR, "%s: I/O port read of %zu bytes at 0x%jx failed: %s", p->dev->name,
			len, (intmax_t)off, n < 0 ? strerror(errno) : "short read");
	/* What a read from an absent device returns, rather than stale caller memory. */
	memset(data, 0xff, len);
}

static void vfio_ioport_write(struct rte_pci_ioport *p, const void *data, size_t len, off_t off)
{
	const struct pci_vfio_state *st = ioport_state(p, len, off, "write");

	if (st == NULL)
		return;
	ssize_t n = pwrite(st->dev_fd, data, len, (off_t)p->base + off);
	if (n != (ssize_t)len)
		PCI_LOG(ERR, "%s: I/O port write of %zu bytes at 0x%jx failed: %s", p->dev->name,
			len, (intmax_t)off, n < 0 ? strerror(errno) : "short write");
}

/* The region stays reachable through the device fd, which unmap closes: nothing to free. */
static int vfio_ioport_unmap(struct rte_pci_ioport *p)
{
	p->base = 0;
	p->len = 0;
	return 0;
}

/*
 * The IOMMU translates the device's DMA through the container's mappings, so either IOVA
 * mode works; only the unsafe no-IOMMU mode leaves physical addresses.
 */
static enum rte_iova_mode vfio_iova_constraint(const struct rte_pci_device *dev)
{
	RTE_SET_USED(dev);
	return rte_vfio_noiommu_is_enabled() == 1 ? RTE_IOVA_PA : RTE_IOVA_DC;
}

static struct rte_pci_backend pci_vfio_backend = {
    .kdrv_name = "vfio-pci",
    .kdrv = RTE_PCI_KDRV_VFIO,
    .map = vfio_map,
    .unmap = vfio_unmap,
    .read_config = vfio_read_config,
    .write_config = vfio_write_config,
    .ioport_map = vfio_ioport_map,
    .ioport_read = vfio_ioport_read,
    .ioport_write = vfio_ioport_write,
    .ioport_unmap = vfio_ioport_unmap,
    .iova_constraint = vfio_iova_constraint,
};

RTE_PCI_BACKEND_REGISTER(pci_vfio_backend)
