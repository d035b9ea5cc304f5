/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef BUS_VDEV_DRIVER_H
#define BUS_VDEV_DRIVER_H

/*
 * Driver API of the virtual device bus (public and stable in openeal). A vdev driver fills a
 * struct rte_vdev_driver and registers it with RTE_PMD_REGISTER_VDEV; the bus then hands it
 * every virtual device whose name starts with the driver's name or alias ("net_null0" goes to
 * "net_null"), created from --vdev, rte_vdev_init or rte_dev_probe.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <dev_driver.h>
#include <rte_bus_vdev.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_vdev_device {
	RTE_TAILQ_ENTRY(rte_vdev_device) next;
	struct rte_device device;
};

#define RTE_DEV_TO_VDEV(ptr) container_of(ptr, struct rte_vdev_device, device)
#define RTE_DEV_TO_VDEV_CONST(ptr) container_of(ptr, const struct rte_vdev_device, device)

static inline const char *rte_vdev_device_name(const struct rte_vdev_device *dev)
{
	if (dev != NULL && dev->device.name != NULL)
		return dev->device.name;
	return NULL;
}

/* The "k=v,..." part of the device's devargs; "" when there is none. */
static inline const char *rte_vdev_device_args(const struct rte_vdev_device *dev)
{
	if (dev != NULL && dev->device.devargs != NULL && dev->device.devargs->args != NULL)
		return dev->device.devargs->args;
	return "";
}

/*
 * Take the device: 0 on success (the bus then records the driver on the device), or a
 * negative errno. A driver that refuses a device logs one line saying why; the bus does not
 * repeat it at the default log level.
 */
typedef int(rte_vdev_probe_t)(struct rte_vdev_device *dev);
/* Release the device (undo probe). 0, or a negative errno (the device stays probed). */
typedef int(rte_vdev_remove_t)(struct rte_vdev_device *dev);
/* Make addr..addr+len reachable by the device at iova. 0, or -1 with rte_errno set. */
typedef int(rte_vdev_dma_map_t)(struct rte_vdev_device *dev, void *addr, uint64_t iova, size_t len);
typedef int(rte_vdev_dma_unmap_t)(struct rte_vdev_device *dev, void *addr, uint64_t iova,
				  size_t len);

/* The driver works only when IOVA addresses are virtual addresses. */
#define RTE_VDEV_DRV_NEED_IOVA_AS_VA 0x0001

struct rte_vdev_driver {
	RTE_TAILQ_ENTRY(rte_vdev_driver) next;
	struct rte_driver driver;
	rte_vdev_probe_t *probe;
	rte_vdev_remove_t *remove;   /* may be NULL: nothing to undo */
	rte_vdev_dma_map_t *dma_map; /* may be NULL: the device needs no mapping */
	rte_vdev_dma_unmap_t *dma_unmap;
	uint32_t drv_flags; /* RTE_VDEV_DRV_* */
};

/* Add/remove a driver. Drivers registered first are matched first. Registering before
 * rte_eal_init is the norm (RTE_PMD_REGISTER_VDEV does it from a constructor); a driver may
 * be unregistered only while none of its devices is probed. */
void rte_vdev_register(struct rte_vdev_driver *driver);
void rte_vdev_unregister(struct rte_vdev_driver *driver);

/*
 * RTE_PMD_REGISTER_VDEV(net_null, drv) names drv "net_null" and registers it before main() (or
 * when its plugin is loaded), and unregisters it when its object is unloaded.
 * RTE_PMD_REGISTER_ALIAS(net_null, eth_null) gives it a second name; it may come before or
 * after RTE_PMD_REGISTER_VDEV because the alias variable is a tentative definition that the
 * ALIAS macro completes (C11 6.9.2).
 */
#define RTE_PMD_REGISTER_VDEV(nm, vdrv)                      \
	static const char *vdrvinit_##nm##_alias;            \
	RTE_INIT(vdrvinitfn_##vdrv)                          \
	{                                                    \
		(vdrv).driver.name = RTE_STR(nm);            \
		(vdrv).driver.alias = vdrvinit_##nm##_alias; \
		rte_vdev_register(&vdrv);                    \
	}                                                    \
	RTE_FINI(vdrvfinifn_##vdrv)                          \
	{                                                    \
		rte_vdev_unregister(&vdrv);                  \
	}                                                    \
	RTE_PMD_EXPORT_NAME(nm, __COUNTER__)

#define RTE_PMD_REGISTER_ALIAS(nm, alias) static const char *vdrvinit_##nm##_alias = RTE_STR(alias)

#ifdef __cplusplus
}
#endif
#endif
