/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * BAR mapping, MMIO and I/O-port access: all through the device's kernel-driver backend.
 * Without a backend the device is held by a kernel driver openeal cannot share it with, and
 * the caller gets -ENOTSUP with one line saying how to bind it.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_errno.h>

#include "pci_backend.h"
#include "pci_private.h"

static int no_backend(const struct rte_pci_device *dev, const char *what)
{
	if (dev->kdrv_name[0] != '\0')
		PCI_LOG(ERR,
			"%s: cannot %s: kernel driver %s has no userspace backend; bind it with: "
			"openeal bind vfio-pci %s",
			dev->name, what, dev->kdrv_name, dev->name);
	else
		PCI_LOG(ERR,
			"%s: cannot %s: no kernel driver holds it; bind it with: openeal bind "
			"vfio-pci %s",
			dev->name, what, dev->name);
	rte_errno = ENOTSUP;
	return -ENOTSUP;
}

static int op_missing(const struct rte_pci_device *dev, const char *what)
{
	PCI_LOG(ERR, "%s: cannot %s: the %s backend does not support it", dev->name, what,
		dev->backend->kdrv_name);
	rte_errno = ENOTSUP;
	return -ENOTSUP;
}

int rte_pci_map_device(struct rte_pci_device *dev)
{
	if (dev == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	if (pci_device_is_mapped(dev))
		return 0;
	if (dev->backend == NULL)
		return no_backend(dev, "map its BARs");
	if (dev->backend->map == NULL)
		return op_missing(dev, "map its BARs");
	int ret = dev->backend->map(dev);
	if (ret < 0)
		rte_errno = -ret;
	else
		pci_hotplug_track_bars(dev);
	return ret;
}

void rte_pci_unmap_device(struct rte_pci_device *dev)
{
	if (dev == NULL || !pci_device_is_mapped(dev))
		return;
	pci_hotplug_untrack_bars(dev);
	if (dev->backend != NULL && dev->backend->unmap != NULL)
		dev->backend->unmap(dev);
}

/* The mapped window of bar covering [offset, offset + len), or NULL with the error in *err. */
static volatile uint8_t *mmio_window(const struct rte_pci_device *dev, int bar, size_t len,
				     off_t offset, int *err)
{
	if (dev == NULL || bar < 0 || bar >= PCI_MAX_RESOURCE || offset < 0) {
		*err = -EINVAL;
		return NULL;
	}
	const struct rte_mem_resource *r = &dev->mem_resource[bar];
	if (r->addr == NULL) {
		PCI_LOG(ERR, "%s: BAR %d is not mapped", dev->name, bar);
		*err = -ENODEV;
		return NULL;
	}
	if ((uint64_t)offset > r->len || len > r->len - (uint64_t)offset) {
		PCI_LOG(ERR, "%s: BAR %d access [0x%jx, +%zu) is beyond its %" PRIu64 " bytes",
			dev->name, bar, (intmax_t)offset, len, r->len);
		*err = -EINVAL;
		return NULL;
	}
	return (volatile uint8_t *)r->addr + offset;
}

/*
 * Device registers must be accessed with the width asked for, once: memcpy may split, merge
 * or repeat accesses. Naturally aligned 1/2/4/8-byte pieces are single loads/stores on the
 * device side; the caller's buffer side goes through memcpy (it may be unaligned).
 */
static size_t mmio_chunk(uintptr_t reg, size_t left)
{
	if (left >= 8 && (reg & 7) == 0)
		return 8;
	if (left >= 4 && (reg & 3) == 0)
		return 4;
	if (left >= 2 && (reg & 1) == 0)
		return 2;
	return 1;
}

int rte_pci_mmio_read(const struct rte_pci_device *dev, int bar, void *buf, size_t len,
		      off_t offset)
{
	int err = -EINVAL;
	volatile uint8_t *reg = buf != NULL ? mmio_window(dev, bar, len, offset, &err) : NULL;
	uint8_t *dst = buf;

	if (reg == NULL) {
		rte_errno = -err;
		return err;
	}
	for (size_t done = 0; done < len;) {
		size_t n = mmio_chunk((uintptr_t)(reg + done), len - done);
		if (n == 8) {
			uint64_t v = *(volatile uint64_t *)(reg + done);
			memcpy(dst + done, &v, n);
		} else if (n == 4) {
			uint32_t v = *(volatile uint32_t *)(reg + done);
			memcpy(dst + done, &v, n);
		} else if (n == 2) {
			uint16_t v = *(volatile uint16_t *)(reg + done);
			memcpy(dst + done, &v, n);
		} else {
			dst[done] = reg[done];
		}
		done += n;
	}
	return (int)len;
}

int rte_pci_mmio_write(const struct rte_pci_device *dev, int bar, const void *buf, size_t len,
		       off_t offset)
{
	int err = -EINVAL;
	volatile uint8_t *reg = buf != NULL ? mmio_window(dev, bar, len, offset, &err) : NULL;
	const uint8_t *src = buf;

	if (reg == NULL) {
		rte_errno = -err;
		return err;
	}
	for (size_t done = 0; done < len;) {
		size_t n = mmio_chunk((uintptr_t)(reg + done), len - done);
		if (n == 8) {
			uint64_t v;
			memcpy(&v, src + done, n);
			*(volatile uint64_t *)(reg + done) = v;
		} else if (n == 4) {
			uint32_t v;
			memcpy(&v, src + done, n);
			*(volatile uint32_t *)(reg + done) = v;
		} else if (n == 2) {
			uint16_t v;
			memcpy(&v, src + done, n);
			*(volatile uint16_t *)(reg + done) = v;
		} else {
			reg[done] = src[done];
		}
		done += n;
	}
	return (int)len;
}

int rte_pci_ioport_map(struct rte_pci_device *dev, int bar, struct rte_pci_ioport *p)
{
	if (dev == NULL || p == NULL || bar < 0 || bar >= PCI_MAX_RESOURCE) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	if (dev->backend == NULL)
		return no_backend(dev, "map an I/O port BAR");
	if (dev->backend->ioport_map == NULL)
		return op_missing(dev, "map an I/O port BAR");
	int ret = dev->backend->ioport_map(dev, bar, p);
	if (ret == 0)
		p->dev = dev;
	else if (ret < 0)
		rte_errno = -ret;
	return ret;
}

static const struct rte_pci_backend *ioport_backend(const struct rte_pci_ioport *p)
{
	if (p == NULL || p->dev == NULL || p->dev->backend == NULL) {
		PCI_LOG(ERR, "I/O port access on a port that is not mapped");
		return NULL;
	}
	return p->dev->backend;
}

void rte_pci_ioport_read(struct rte_pci_ioport *p, void *data, size_t len, off_t offset)
{
	const struct rte_pci_backend *be = ioport_backend(p);

	if (be != NULL && be->ioport_read != NULL)
		be->ioport_read(p, data, len, offset);
}

void rte_pci_ioport_write(struct rte_pci_ioport *p, const void *data, size_t len, off_t offset)
{
	const struct rte_pci_backend *be = ioport_backend(p);

	if (be != NULL && be->ioport_write != NULL)
		be->ioport_write(p, data, len, offset);
}

int rte_pci_ioport_unmap(struct rte_pci_ioport *p)
{
	const struct rte_pci_backend *be = ioport_backend(p);

	if (be == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	if (be->ioport_unmap == NULL)
		return op_missing(p->dev, "unmap an I/O port BAR");
	int ret = be->ioport_unmap(p);
	if (ret < 0)
		rte_errno = -ret;
	return ret;
}
