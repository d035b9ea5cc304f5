/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_pci_bind_status_list: the bus's sysfs scan (the same reading and broken-input policy as
 * rte_pci_scan) into a private array, so the bus's device list, which a running application
 * may be using, is never touched; plus what binding needs on top: driver_override and network
 * interfaces.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "pci_bind_private.h"
#include "pci_private.h"

static void fill(struct rte_pci_bind_status *s, const struct rte_pci_device *dev,
		 const char *devices)
{
	struct pci_bind_dev d;
	struct pci_bind_usage u;

	memset(s, 0, sizeof(*s));
	s->addr = dev->addr;
	s->vendor_id = dev->id.vendor_id;
	s->device_id = dev->id.device_id;
	s->class_id = dev->id.class_id;
	s->iommu_group = dev->iommu_group;
	pci_bind_copy(s->driver, sizeof(s->driver), dev->kdrv_name);
	s->kind = pci_bind_kind_of(s->driver);

	memset(&d, 0, sizeof(d));
	rte_pci_device_name(&dev->addr, d.name, sizeof(d.name));
	snprintf(d.dir, sizeof(d.dir), "%s/%s", devices, d.name);
	if (pci_bind_read_attr(&d, "driver_override", s->driver_override,
			       sizeof(s->driver_override)) != 0 ||
	    strcmp(s->driver_override, "(null)") == 0)
		s->driver_override[0] = '\0';
	/* Out of memory here only costs the interface column. */
	if (pci_bind_usage_read(d.dir, &u) != 0)
		return;
	s->nb_netif = (unsigned int)u.nb_netif;
	for (size_t i = 0; i < u.nb_netif && i < RTE_PCI_BIND_MAX_NETIF; i++) {
		memcpy(s->netif[i].name, u.netif[i].name, sizeof(s->netif[i].name));
		memcpy(s->netif[i].operstate, u.netif[i].operstate, sizeof(s->netif[i].operstate));
		s->netif[i].up = u.netif[i].up;
	}
	pci_bind_usage_free(&u);
}

int pci_bind_status_collect(struct rte_pci_bind_status **list, size_t *nb, bool log_skipped)
{
	struct pci_scan_entry *v;
	size_t n;
	const char *devices = pci_sysfs_devices_dir();

	*list = NULL;
	*nb = 0;
	if (pci_sysfs_scan_dir(devices, &v, &n, log_skipped) != 0) {
		/* As the bus's scan: no sysfs PCI tree at all means no devices. */
		if (rte_errno == ENOENT && strcmp(devices, "/sys/bus/pci/devices") == 0)
			return 0;
		if (rte_errno != ENOMEM)
			BIND_LOG(ERR, "cannot list PCI devices: %s: %s", devices,
				 strerror(rte_errno));
		return -1;
	}
	struct rte_pci_bind_status *out = n ? calloc(n, sizeof(*out)) : NULL;
	if (n != 0 && out == NULL) {
		for (size_t i = 0; i < n; i++)
			free(v[i].dev);
		free(v);
		rte_errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		fill(&out[i], &v[i].dev->pci, devices);
		free(v[i].dev);
	}
	free(v);
	*list = out;
	*nb = n;
	return 0;
}

int rte_pci_bind_status_list(struct rte_pci_bind_status **list, size_t *nb)
{
	return pci_bind_status_collect(list, nb, true);
}

void rte_pci_bind_status_free(struct rte_pci_bind_status *list)
{
	free(list);
}
