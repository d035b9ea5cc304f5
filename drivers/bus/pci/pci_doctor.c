/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_pci_doctor_run: gather the machine's facts, scan, ask the IOVA decision what rte_eal_init
 * would choose, read each function's driver, group and matching PMD, and judge it
 * (pci_doctor_verdict.c). Everything is read through the code that acts on it later (the bind
 * status list, the IOVA describer, the viability rule), so the doctor reports what would really
 * happen. The scan is dropped again at the end.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <bus_driver.h>
#include <pci_scan.h>
#include <rte_bus.h>
#include <rte_errno.h>

#include "pci_bind_private.h"
#include "pci_doctor_private.h"
#include "pci_private.h"

/* The kernel's devices directory: its IOMMU groups are the ones in /dev/vfio. */
#define REAL_DEVICES_DIR "/sys/bus/pci/devices"

static int name_is(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

/* The first registered PCI driver whose ID table matches the scanned function. */
static const struct rte_pci_driver *matching_pmd(const struct rte_bus *bus, const char *name)
{
	struct rte_device *dev = bus->find_device(NULL, name_is, name);

	if (dev == NULL)
		return NULL;
	for (const struct rte_pci_driver *drv = rte_pci_driver_next(NULL); drv != NULL;
	     drv = rte_pci_driver_next(drv))
		if (rte_pci_driver_match(drv, RTE_DEV_TO_PCI(dev)))
			return drv;
	return NULL;
}

/*
 * What rte_eal_init would decide, with every function's IOVA description: *devs malloc'd,
 * *nb entries. 0 or -1 (rte_errno).
 */
static int evaluate(struct rte_pci_doctor *d, enum rte_iova_mode requested, bool no_huge,
		    struct rte_iova_device **devs, unsigned int *nb)
{
	unsigned int max = 16;

	for (;;) {
		struct rte_iova_device *v = calloc(max, sizeof(*v));
		if (v == NULL) {
			rte_errno = ENOMEM;
			return -1;
		}
		int n = rte_eal_iova_evaluate(requested, no_huge, &d->iova, v, max);
		if (n < 0) {
			free(v);
			return -1;
		}
		if ((unsigned int)n <= max) {
			*devs = v;
			*nb = (unsigned int)n;
			return 0;
		}
		free(v);
		max = (unsigned int)n;
	}
}

static void describe(struct rte_pci_doctor_device *dev, const struct rte_iova_device *devs,
		     unsigned int nb)
{
	for (unsigned int i = 0; i < nb; i++) {
		if (strcmp(devs[i].bus, "pci") == 0 && strcmp(devs[i].name, dev->name) == 0) {
			dev->described = true;
			dev->iova = devs[i];
			return;
		}
	}
}

static bool bus_has_driver(const char *devices_dir, const char *driver)
{
	char path[PATH_MAX];
	struct stat st;

	return snprintf(path, sizeof(path), "%s/../drivers/%s", devices_dir, driver) <
		   (int)sizeof(path) &&
	       stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void examine(struct rte_pci_doctor *d, const struct rte_bus *bus,
		    const struct rte_pci_bind_status *list, const struct rte_iova_device *devs,
		    unsigned int nb_devs)
{
	const char *devices_dir = pci_sysfs_devices_dir();
	char dir[PATH_MAX + PCI_PRI_STR_SIZE];

	for (size_t i = 0; i < d->nb_devices; i++) {
		struct rte_pci_doctor_device *dev = &d->devices[i];
		dev->status = list[i];
		rte_pci_device_name(&dev->status.addr, dev->name, sizeof(dev->name));
		snprintf(dir, sizeof(dir), "%s/%s", devices_dir, dev->name);
		pci_doctor_group_read(dir, dev);
		describe(dev, devs, nb_devs);
	}
	d->vfio_pci_loaded = bus_has_driver(devices_dir, "vfio-pci");
	d->addr_bits = d->host.iommu_addr_bits;
	d->addr_bits_source = d->addr_bits != 0 ? "intel-iommu/cap" : NULL;
	/* /dev/vfio belongs to the real sysfs: a generated tree's groups are not there. */
	if (strcmp(devices_dir, REAL_DEVICES_DIR) == 0)
		pci_doctor_vfio_ask(d);
	if (d->addr_bits == 0 && d->vfio.addr_bits != 0) {
		d->addr_bits = d->vfio.addr_bits;
		d->addr_bits_source = "vfio";
	}
	for (size_t i = 0; i < d->nb_devices; i++) {
		struct rte_pci_doctor_device *dev = &d->devices[i];
		const struct rte_pci_driver *drv = matching_pmd(bus, dev->name);
		if (drv != NULL)
			snprintf(dev->pmd, sizeof(dev->pmd), "%s", drv->driver.name);
		pci_doctor_judge(d, dev,
				 drv != NULL && (drv->drv_flags & RTE_PCI_DRV_NEED_MAPPING) != 0);
	}
}

int rte_pci_doctor_run(struct rte_pci_doctor *d, enum rte_iova_mode requested, bool no_huge)
{
	struct rte_iova_report live;

	if (d == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	memset(d, 0, sizeof(*d));
	rte_eal_iova_report(&live);
	if (live.decided) {
		PCI_LOG(ERR, "doctor: the EAL is initialised: a scan would disturb the probed "
			     "devices; fix: ask rte_eal_iova_report/rte_eal_iova_devices instead, "
			     "or run openeal doctor as its own process");
		rte_errno = EBUSY;
		return -1;
	}
	struct rte_bus *bus = rte_bus_find_by_name("pci");
	if (bus == NULL) {
		rte_errno = ENODEV;
		return -1;
	}
	rte_eal_doctor_host_read(&d->host);

	struct rte_pci_bind_status *list = NULL;
	struct rte_iova_device *devs = NULL;
	unsigned int nb_devs = 0;
	int ret = -1;
	/* Each failure below has logged its line. The bus's scan has logged each skipped device:
	 * the status list, reading the same tree, does not log it again. */
	if (rte_pci_scan() != 0 || pci_bind_status_collect(&list, &d->nb_devices, false) != 0 ||
	    evaluate(d, requested, no_huge, &devs, &nb_devs) != 0)
		goto out;
	if (d->nb_devices > 0) {
		d->devices = calloc(d->nb_devices, sizeof(*d->devices));
		if (d->devices == NULL) {
			PCI_LOG(ERR, "doctor: out of memory for %zu devices", d->nb_devices);
			rte_errno = ENOMEM;
			goto out;
		}
	}
	examine(d, bus, list, devs, nb_devs);
	ret = 0;
out:
	if (bus->cleanup != NULL)
		bus->cleanup();
	rte_pci_bind_status_free(list);
	free(devs);
	if (ret != 0) {
		int err = rte_errno;
		rte_pci_doctor_free(d);
		rte_errno = err;
	}
	return ret;
}

void rte_pci_doctor_free(struct rte_pci_doctor *d)
{
	if (d == NULL)
		return;
	free(d->devices);
	d->devices = NULL;
	d->nb_devices = 0;
}
