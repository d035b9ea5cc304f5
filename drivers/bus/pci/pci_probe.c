/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Probing drivers onto devices and removing them: registration order, "not mine" results,
 * allow/block policy, mapping before probe, and the one-line refusal for devices that no
 * userspace backend can reach.
 */

#include <errno.h>
#include <string.h>

#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_iova.h>

#include "eal_strbuf.h"
#include "pci_private.h"

/*
 * A driver that needs its BARs mapped matched a device whose kernel driver has no backend:
 * say so once per device (and again only if its kernel driver changes), with the fix.
 */
static void report_unreachable(struct rte_pci_device *dev)
{
	struct pci_bus_device *pdev = pci_bus_device(dev);

	if (pdev->refusal_reported)
		return;
	pdev->refusal_reported = true;
	if (dev->kdrv_name[0] != '\0')
		PCI_LOG(WARNING,
			"%s: not bound to a userspace driver (kernel driver %s); bind it with: "
			"openeal bind vfio-pci %s",
			dev->name, dev->kdrv_name, dev->name);
	else
		PCI_LOG(WARNING,
			"%s: not bound to a userspace driver (no kernel driver); bind it with: "
			"openeal bind vfio-pci %s",
			dev->name, dev->name);
}

static bool device_probed(const struct rte_pci_device *dev)
{
	return dev->driver != NULL || dev->device.driver != NULL;
}

/* 0: drv took dev; >0: not drv's device (or not usable by it); <0: error. */
static int probe_one_driver(struct rte_pci_driver *drv, struct rte_pci_device *dev)
{
	int ret;

	if (!rte_pci_driver_match(drv, dev))
		return 1;
	if (device_probed(dev)) {
		/* PROBE_AGAIN lets a driver see its own device again, not take another's. */
		if (dev->driver != drv || (drv->drv_flags & RTE_PCI_DRV_PROBE_AGAIN) == 0)
			return -EEXIST;
		return drv->probe(drv, dev);
	}
	if (dev->device.devargs != NULL && dev->device.devargs->policy == RTE_DEV_BLOCKED)
		return 1;
	/* A device that cannot DMA in the IOVA mode in force: the EAL says why and the fix. */
	const char *why;
	if (!rte_eal_iova_device_ok(&dev->device, &why)) {
		PCI_LOG(ERR, "%s: %s", dev->name, why);
		return 1;
	}
	/* DC means no IOVA mode was chosen (probe outside rte_eal_init): nothing to check. */
	if ((drv->drv_flags & RTE_PCI_DRV_NEED_IOVA_AS_VA) != 0 &&
	    rte_eal_iova_mode() == RTE_IOVA_PA) {
		PCI_LOG(ERR, "%s: driver %s needs IOVA as VA but the IOVA mode is PA; not probed",
			dev->name, drv->driver.name);
		return -EINVAL;
	}
	/* Set before mapping: backends read the driver's flags (WC_ACTIVATE). */
	dev->driver = drv;
	if ((drv->drv_flags & RTE_PCI_DRV_NEED_MAPPING) != 0) {
		if (dev->backend == NULL) {
			dev->driver = NULL;
			report_unreachable(dev);
			return 1;
		}
		ret = rte_pci_map_device(dev);
		if (ret != 0) {
			dev->driver = NULL;
			return ret < 0 ? ret : -EIO;
		}
	}
	ret = drv->probe(drv, dev);
	if (ret != 0) {
		dev->driver = NULL;
		/* A driver that declined but asked to keep its mappings keeps them. */
		if (ret < 0 || (drv->drv_flags & RTE_PCI_DRV_KEEP_MAPPED_RES) == 0)
			rte_pci_unmap_device(dev);
		if (ret < 0)
			PCI_LOG(ERR, "%s: probe by driver %s failed: %s", dev->name,
				drv->driver.name, rte_strerror(-ret));
		return ret;
	}
	dev->device.driver = &drv->driver;
	PCI_LOG(INFO, "%s: probed by driver %s", dev->name, drv->driver.name);
	return 0;
}

static const char *pinned_driver_name(const struct rte_pci_device *dev)
{
	return dev->device.devargs != NULL ? dev->device.devargs->drv_name : NULL;
}

/* A device pinned with "driver=NAME" goes to that driver or to none. */
static int probe_pinned(struct rte_pci_device *dev, const char *name)
{
	struct rte_pci_driver *drv;

	PCI_FOREACH_DRIVER(drv)
	if (strcmp(drv->driver.name, name) == 0)
		break;
	if (drv == NULL) {
		PCI_LOG(ERR,
			"%s: pinned to driver %s by its devargs, but no PCI driver of that name is "
			"registered; not probed (link that PMD, load it with -d, or fix the name)",
			dev->name, name);
		return -ENOENT;
	}
	if (!rte_pci_driver_match(drv, dev)) {
		PCI_LOG(ERR,
			"%s: pinned to driver %s by its devargs, but its ID table does not list "
			"%04x:%04x; not probed (pin a driver that supports the device)",
			dev->name, name, dev->id.vendor_id, dev->id.device_id);
		return -EINVAL;
	}
	return probe_one_driver(drv, dev);
}

/*
 * Registration order decides between drivers that match the same device (DPDK's rule), and
 * shared objects run their constructors before the program's: a driver of the application's
 * own loses to a linked PMD for the same ID. Say so, with the way to choose.
 */
static void report_other_matches(const struct rte_pci_device *dev)
{
	const struct rte_pci_driver *drv;
	char others[256] = "";

	PCI_FOREACH_DRIVER(drv)
	if (drv != dev->driver && rte_pci_driver_match(drv, dev))
		eal_strbuf_appendf(others, sizeof(others), "%s%s", others[0] != '\0' ? ", " : "",
				   drv->driver.name);
	if (others[0] != '\0')
		PCI_LOG(NOTICE,
			"%s: probed by driver %s, registered first; also matched by %s (choose one "
			"with -a %s,driver=NAME)",
			dev->name, dev->driver->driver.name, others, dev->name);
}

int pci_probe_all_drivers(struct rte_pci_device *dev)
{
	struct rte_pci_driver *drv;
	bool again = device_probed(dev);
	const char *pin = pinned_driver_name(dev);

	if (!again && pin != NULL)
		return probe_pinned(dev, pin);
	PCI_FOREACH_DRIVER(drv)
	{
		int ret = probe_one_driver(drv, dev);
		if (ret == 0 && !again)
			report_other_matches(dev);
		if (ret <= 0)
			return ret;
	}
	return 1;
}

int pci_bus_probe(void)
{
	struct rte_pci_device *dev;
	unsigned int tried = 0, failed = 0;

	PCI_FOREACH_DEVICE(dev)
	{
		/* Devargs may have been added since the scan. */
		if (!device_probed(dev))
			pci_device_attach_devargs(dev);
		if (pci_device_ignored(dev))
			continue;
		tried++;
		int ret = pci_probe_all_drivers(dev);
		if (ret < 0 && ret != -EEXIST) {
			rte_errno = -ret;
			failed++;
		}
	}
	/* As DPDK: the bus fails only when every device it tried failed. */
	return (tried > 0 && tried == failed) ? -1 : 0;
}

static bool any_driver_matches(const struct rte_pci_device *dev)
{
	const struct rte_pci_driver *drv;

	PCI_FOREACH_DRIVER(drv)
	if (rte_pci_driver_match(drv, dev))
		return true;
	return false;
}

int pci_bus_plug(struct rte_device *d)
{
	struct rte_pci_device *dev = RTE_DEV_TO_PCI(d);

	if (!device_probed(dev))
		pci_device_attach_devargs(dev);
	int ret = pci_probe_all_drivers(dev);
	if (ret > 0) {
		if (!any_driver_matches(dev))
			PCI_LOG(NOTICE, "%s: no PCI driver supports %04x:%04x", dev->name,
				dev->id.vendor_id, dev->id.device_id);
		ret = -ENOTSUP;
	}
	if (ret < 0)
		rte_errno = -ret;
	return ret;
}

int pci_device_detach(struct rte_pci_device *dev)
{
	struct rte_pci_driver *drv = dev->driver;

	if (drv == NULL)
		return -ENOENT;
	if (drv->remove != NULL) {
		int ret = drv->remove(dev);
		if (ret < 0) {
			PCI_LOG(ERR, "%s: remove by driver %s failed: %s", dev->name,
				drv->driver.name, rte_strerror(-ret));
			return ret;
		}
	}
	dev->driver = NULL;
	dev->device.driver = NULL;
	if ((drv->drv_flags & RTE_PCI_DRV_KEEP_MAPPED_RES) == 0)
		rte_pci_unmap_device(dev);
	return 0;
}

int pci_bus_unplug(struct rte_device *d)
{
	struct rte_pci_device *dev = RTE_DEV_TO_PCI(d);
	int ret = pci_device_detach(dev);

	if (ret != 0) {
		rte_errno = -ret;
		return ret;
	}
	/*
	 * A device whose driver kept its BARs mapped stays listed (unprobed), so that the
	 * mapping is not lost: a later probe reuses it and cleanup unmaps it. Its devargs are
	 * about to be dropped by the caller, so it stops pointing at them.
	 */
	if (pci_device_is_mapped(dev)) {
		dev->device.devargs = NULL;
		dev->device.name = dev->name;
		return 0;
	}
	pci_device_free(dev);
	return 0;
}

int pci_bus_cleanup(void)
{
	struct rte_pci_device *dev;
	int ret = 0;

	while ((dev = TAILQ_FIRST(&pci_devices)) != NULL) {
		if (device_probed(dev)) {
			int r = pci_device_detach(dev);
			if (r < 0)
				ret = r;
			/* Whatever remove said, the device is going away. */
			dev->driver = NULL;
			dev->device.driver = NULL;
		}
		rte_pci_unmap_device(dev);
		pci_device_free(dev);
	}
	if (ret < 0)
		rte_errno = -ret;
	return ret;
}
