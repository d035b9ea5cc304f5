/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_pci_dump: every listed device with what the scan found, for humans and bug reports. */

#include <inttypes.h>
#include <stdio.h>

#include "pci_private.h"

static const char *resource_type(uint64_t flags)
{
	if (flags & RTE_PCI_IORESOURCE_IO)
		return "io";
	if (flags & RTE_PCI_IORESOURCE_MEM_64)
		return (flags & RTE_PCI_IORESOURCE_PREFETCH) ? "mem64 prefetchable" : "mem64";
	if (flags & RTE_PCI_IORESOURCE_MEM)
		return (flags & RTE_PCI_IORESOURCE_PREFETCH) ? "mem prefetchable" : "mem";
	return "unknown";
}

static const char *resource_label(unsigned int i, char *buf, size_t size)
{
	if (i < PCI_MAX_RESOURCE)
		snprintf(buf, size, "BAR%u", i);
	else if (i == RTE_PCI_ROM_RESOURCE)
		snprintf(buf, size, "ROM");
	else
		snprintf(buf, size, "res%u", i);
	return buf;
}

static void dump_device(FILE *f, const struct rte_pci_device *dev)
{
	char label[16];

	fprintf(f,
		"%s %04x:%04x subsystem %04x:%04x class %06x rev %02x numa %d kernel driver %s "
		"iommu_group %d",
		dev->name, dev->id.vendor_id, dev->id.device_id, dev->id.subsystem_vendor_id,
		dev->id.subsystem_device_id, dev->id.class_id, dev->revision, dev->device.numa_node,
		dev->kdrv_name[0] ? dev->kdrv_name : "-", dev->iommu_group);
	if (dev->is_vf)
		fprintf(f, " physfn " PCI_PRI_FMT, dev->physfn.domain, dev->physfn.bus,
			dev->physfn.devid, dev->physfn.function);
	if (dev->sriov_totalvfs != 0)
		fprintf(f, " vfs %u/%u", dev->max_vfs, dev->sriov_totalvfs);
	fprintf(f, " driver %s\n", dev->driver != NULL ? dev->driver->driver.name : "-");
	for (unsigned int i = 0; i < dev->nb_resources; i++) {
		const struct rte_pci_resource *r = &dev->resource[i];
		if (r->len == 0)
			continue;
		fprintf(f, "   %-5s 0x%016" PRIx64 " size 0x%" PRIx64 " %s%s\n",
			resource_label(i, label, sizeof(label)), r->start, r->len,
			resource_type(r->flags),
			(i < PCI_MAX_RESOURCE && dev->mem_resource[i].addr != NULL) ? " mapped"
										    : "");
	}
}

void rte_pci_dump(FILE *f)
{
	const struct rte_pci_device *dev;

	if (f == NULL)
		return;
	PCI_FOREACH_DEVICE(dev)
	dump_device(f, dev);
}
