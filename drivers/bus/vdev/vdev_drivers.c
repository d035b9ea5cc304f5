/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vdev driver registry and the DPDK matching rule: a driver claims every device whose
 * name starts with the driver's name or alias, the first registered driver winning. The name
 * is all a virtual device has, so this rule is also what makes a devargs string belong to the
 * vdev bus (vdev_parse).
 */

#include <errno.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "vdev_private.h"

static RTE_TAILQ_HEAD(, rte_vdev_driver) vdev_drivers = TAILQ_HEAD_INITIALIZER(vdev_drivers);

void rte_vdev_register(struct rte_vdev_driver *driver)
{
	if (driver == NULL || driver->driver.name == NULL || driver->probe == NULL) {
		VDEV_LOG(ERR, "driver %s not registered: it needs a name and a probe function",
			 driver != NULL && driver->driver.name != NULL ? driver->driver.name
								       : "(null)");
		return;
	}
	vdev_lock();
	TAILQ_INSERT_TAIL(&vdev_drivers, driver, next);
	vdev_unlock();
}

void rte_vdev_unregister(struct rte_vdev_driver *driver)
{
	struct rte_vdev_driver *d;

	vdev_lock();
	TAILQ_FOREACH(d, &vdev_drivers, next)
	{
		if (d == driver) {
			TAILQ_REMOVE(&vdev_drivers, driver, next);
			break;
		}
	}
	vdev_unlock();
}

static bool name_starts_with(const char *devname, const char *prefix)
{
	return prefix != NULL && strncmp(devname, prefix, strlen(prefix)) == 0;
}

struct rte_vdev_driver *vdev_driver_claiming(const char *devname)
{
	struct rte_vdev_driver *d;

	TAILQ_FOREACH(d, &vdev_drivers, next)
	{
		if (name_starts_with(devname, d->driver.name) ||
		    name_starts_with(devname, d->driver.alias))
			return d;
	}
	return NULL;
}

/* A "driver=NAME" pin names the driver (or its alias) exactly. */
static struct rte_vdev_driver *vdev_driver_named(const char *drvname)
{
	struct rte_vdev_driver *d;

	TAILQ_FOREACH(d, &vdev_drivers, next)
	{
		if (strcmp(drvname, d->driver.name) == 0 ||
		    (d->driver.alias != NULL && strcmp(drvname, d->driver.alias) == 0))
			return d;
	}
	return NULL;
}

int vdev_parse(const char *name, void *addr)
{
	struct rte_vdev_driver *d;

	vdev_lock();
	d = vdev_driver_claiming(name);
	vdev_unlock();
	if (d != NULL && addr != NULL)
		*(struct rte_vdev_driver **)addr = d;
	return d == NULL;
}

int vdev_device_attach(struct rte_vdev_device *dev)
{
	const char *name = rte_vdev_device_name(dev);
	struct rte_vdev_driver *d;
	int ret;

	if (dev->device.driver != NULL)
		return -EEXIST;
	const char *pin = dev->device.devargs != NULL ? dev->device.devargs->drv_name : NULL;
	if (pin != NULL) {
		d = vdev_driver_named(pin);
		if (d == NULL) {
			VDEV_LOG(ERR,
				 "%s: pinned to driver %s by its devargs, but no vdev driver has that "
				 "name or alias; not probed",
				 name, pin);
			return -ENOENT;
		}
	} else {
		d = vdev_driver_claiming(name);
	}
	if (d == NULL) {
		VDEV_LOG(ERR,
			 "%s: no vdev driver name or alias is a prefix of this name; not probed",
			 name);
		return -ENOTSUP;
	}
	if ((d->drv_flags & RTE_VDEV_DRV_NEED_IOVA_AS_VA) && rte_eal_iova_mode() == RTE_IOVA_PA) {
		VDEV_LOG(ERR,
			 "%s: driver %s needs IOVA as VA but the IOVA mode is PA; not probed (use "
			 "--iova-mode va)",
			 name, d->driver.name);
		return -EINVAL;
	}
	ret = d->probe(dev);
	if (ret != 0) {
		/* A positive result is a refusal without a reason (DPDK's "not mine"). */
		if (ret > 0)
			ret = -ENOTSUP;
		/* The driver logged why; repeating it by default would double every error line. */
		VDEV_LOG(DEBUG, "%s: driver %s refused the device: %s", name, d->driver.name,
			 rte_strerror(-ret));
		return ret;
	}
	dev->device.driver = &d->driver;
	VDEV_LOG(DEBUG, "%s: probed by %s", name, d->driver.name);
	return 0;
}

int vdev_device_detach(struct rte_vdev_device *dev)
{
	const struct rte_vdev_driver *d;
	int ret;

	if (dev->device.driver == NULL)
		return 0;
	d = container_of(dev->device.driver, const struct rte_vdev_driver, driver);
	if (d->remove != NULL) {
		ret = d->remove(dev);
		if (ret != 0) {
			VDEV_LOG(ERR, "%s: driver %s failed to release the device: %s",
				 rte_vdev_device_name(dev), d->driver.name,
				 rte_strerror(ret < 0 ? -ret : ret));
			return ret < 0 ? ret : -EBUSY;
		}
	}
	dev->device.driver = NULL;
	return 0;
}
