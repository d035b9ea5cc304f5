/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IOMMU as VFIO will use it: the usable IOVA ranges of VFIO_IOMMU_GET_INFO, which the
 * kernel computes from every reserved region of the platform. They are the truth the DMA
 * mapping works with (doc/memory.md), where the VT-d register only gives a width, and AMD's
 * and other IOMMUs show nothing in sysfs. Asking needs a group in a container, so the doctor
 * attaches one viable vfio-pci group to a container of its own, asks, and lets go: no device
 * is opened, nothing is mapped.
 */

#include <string.h>

#include <rte_errno.h>
#include <rte_vfio.h>

#include "pci_doctor_private.h"

static const struct rte_pci_doctor_device *pick(const struct rte_pci_doctor *d)
{
	for (size_t i = 0; i < d->nb_devices; i++) {
		const struct rte_pci_doctor_device *dev = &d->devices[i];
		if (strstr(dev->status.driver, "vfio") != NULL && dev->status.iommu_group >= 0 &&
		    dev->vfio_viable)
			return dev;
	}
	return NULL;
}

static unsigned int highest_bit(uint64_t end)
{
	return end == 0 ? 0 : (unsigned int)(64 - __builtin_clzll((unsigned long long)end));
}

void pci_doctor_vfio_ask(struct rte_pci_doctor *d)
{
	const struct rte_pci_doctor_device *dev = pick(d);
	struct rte_pci_doctor_vfio *v = &d->vfio;

	if (dev == NULL)
		return;
	v->asked = true;
	v->group = dev->status.iommu_group;
	int cfd = rte_vfio_container_create();
	if (cfd < 0) {
		v->error = rte_errno;
		return;
	}
	/* Each step logs its own line when it fails (a group held elsewhere names the holder). */
	if (rte_vfio_container_group_bind(cfd, v->group) < 0) {
		v->error = rte_errno;
	} else {
		if (rte_vfio_container_get_iommu_info(cfd, &v->info) != 0)
			v->error = rte_errno;
		rte_vfio_container_group_unbind(cfd, v->group);
	}
	rte_vfio_container_destroy(cfd);
	if (v->error != 0 || !v->info.has_iova_ranges)
		return;
	for (uint32_t i = 0; i < v->info.nb_iova_ranges; i++) {
		unsigned int bits = highest_bit(v->info.iova_ranges[i].end);
		if (bits > v->addr_bits)
			v->addr_bits = bits;
	}
}
