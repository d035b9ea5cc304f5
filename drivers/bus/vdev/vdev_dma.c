/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA mapping for virtual devices. The bus has no IOMMU of its own: whatever a mapping means
 * for a software device (a backing memory region, a vhost table...) only its driver knows.
 */

#include <errno.h>

#include <rte_errno.h>

#include "vdev_private.h"

static const struct rte_vdev_driver *probed_driver(const struct rte_device *dev)
{
	if (dev == NULL || dev->driver == NULL) {
		rte_errno = ENODEV;
		return NULL;
	}
	return container_of(dev->driver, const struct rte_vdev_driver, driver);
}

int vdev_dma_map(struct rte_device *dev, void *addr, uint64_t iova, size_t len)
{
	const struct rte_vdev_driver *d = probed_driver(dev);

	if (d == NULL)
		return -1;
	/* A driver without dma_map reaches memory by its virtual address: nothing to do. */
	if (d->dma_map == NULL)
		return 0;
	return d->dma_map(RTE_DEV_TO_VDEV(dev), addr, iova, len);
}

int vdev_dma_unmap(struct rte_device *dev, void *addr, uint64_t iova, size_t len)
{
	const struct rte_vdev_driver *d = probed_driver(dev);

	if (d == NULL)
		return -1;
	if (d->dma_unmap == NULL)
		return 0;
	return d->dma_unmap(RTE_DEV_TO_VDEV(dev), addr, iova, len);
}
