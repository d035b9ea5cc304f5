/* SPDX-License-Identifier: BSD-3-Clause */
/* The vdev bus object: its operations table, its registration and its lock. */

#include <pthread.h>

#include <bus_driver.h>
#include <rte_log.h>

#include "vdev_private.h"

RTE_LOG_REGISTER(vdev_logtype_bus, bus.vdev, NOTICE);

static pthread_mutex_t vdev_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void vdev_lock(void)
{
	pthread_mutex_lock(&vdev_mutex);
}

void vdev_unlock(void)
{
	pthread_mutex_unlock(&vdev_mutex);
}

struct rte_bus rte_vdev_bus = {
    .scan = vdev_scan,
    .probe = vdev_probe,
    .find_device = vdev_find_device,
    .plug = vdev_plug,
    .unplug = vdev_unplug,
    .parse = vdev_parse,
    .dma_map = vdev_dma_map,
    .dma_unmap = vdev_dma_unmap,
    .get_iommu_class = vdev_get_iommu_class,
    .dev_iterate = vdev_dev_iterate,
    .cleanup = vdev_cleanup,
};

RTE_REGISTER_BUS(vdev, rte_vdev_bus);
