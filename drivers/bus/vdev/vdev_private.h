/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VDEV_PRIVATE_H
#define VDEV_PRIVATE_H

/* State and helpers shared by the files of the vdev bus; not installed. */

#include <bus_driver.h>
#include <rte_log.h>

#include "bus_vdev_driver.h"

extern int vdev_logtype_bus;
#define VDEV_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_##level, vdev_logtype_bus, fmt "\n", ##__VA_ARGS__)

extern struct rte_bus rte_vdev_bus;

/*
 * One recursive lock guards the driver list, the device list and the bus's own changes to and
 * walks of the EAL devargs list. Recursive because a driver's probe may itself create or
 * remove virtual devices (a bonding-style driver building its members) while the bus holds
 * the lock around that probe.
 */
void vdev_lock(void);
void vdev_unlock(void);

/* Driver registry (vdev_drivers.c); callers hold the lock. */
struct rte_vdev_driver *vdev_driver_claiming(const char *devname);
/* Probe dev with the driver that claims its name: 0, or a negative errno (logged). */
int vdev_device_attach(struct rte_vdev_device *dev);
/* Undo attach: 0 (also when dev was not probed), or the driver's remove error. */
int vdev_device_detach(struct rte_vdev_device *dev);

/* Bus operations, one file per concern. */
int vdev_parse(const char *name, void *addr);
enum rte_iova_mode vdev_get_iommu_class(void);
int vdev_scan(void);
int vdev_probe(void);
int vdev_cleanup(void);
struct rte_device *vdev_find_device(const struct rte_device *start, rte_dev_cmp_t cmp,
				    const void *data);
int vdev_plug(struct rte_device *dev);
int vdev_unplug(struct rte_device *dev);
int vdev_dma_map(struct rte_device *dev, void *addr, uint64_t iova, size_t len);
int vdev_dma_unmap(struct rte_device *dev, void *addr, uint64_t iova, size_t len);
void *vdev_dev_iterate(const void *start, const char *str, const struct rte_dev_iterator *it);
/* Run the rte_vdev_add_custom_scan callbacks (vdev_custom_scan.c). */
void vdev_run_custom_scans(void);

#endif
