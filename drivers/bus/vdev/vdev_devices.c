/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The list of virtual devices: built by scan from the vdev devargs (--vdev, rte_dev_probe,
 * custom scans) and by rte_vdev_init; probed by the bus probe or one by one; emptied by
 * rte_vdev_uninit, unplug and cleanup. A device's name is its devargs' name, and the devargs
 * belong to the EAL's global list, which outlives the device.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_devargs.h>
#include <rte_errno.h>

#include "vdev_private.h"

static RTE_TAILQ_HEAD(, rte_vdev_device) vdev_devices = TAILQ_HEAD_INITIALIZER(vdev_devices);

static struct rte_vdev_device *find_vdev(const char *name)
{
	struct rte_vdev_device *dev;

	TAILQ_FOREACH(dev, &vdev_devices, next)
	{
		if (strcmp(rte_vdev_device_name(dev), name) == 0)
			return dev;
	}
	return NULL;
}

static struct rte_vdev_device *add_vdev(struct rte_devargs *da)
{
	struct rte_vdev_device *dev = calloc(1, sizeof(*dev));

	if (dev == NULL)
		return NULL;
	dev->device.bus = &rte_vdev_bus;
	dev->device.numa_node = SOCKET_ID_ANY;
	dev->device.devargs = da;
	dev->device.name = da->name;
	TAILQ_INSERT_TAIL(&vdev_devices, dev, next);
	return dev;
}

/* Unlink and free dev, then drop its devargs (which hold its name, so that comes last). */
static void drop_vdev(struct rte_vdev_device *dev)
{
	struct rte_devargs *da = dev->device.devargs;

	TAILQ_REMOVE(&vdev_devices, dev, next);
	free(dev);
	rte_devargs_remove(da);
}

int vdev_scan(void)
{
	struct rte_devargs *da;
	int ret = 0;

	vdev_run_custom_scans();
	/* Held across the walk: rte_vdev_init/uninit change the devargs list under this lock. */
	vdev_lock();
	RTE_EAL_DEVARGS_FOREACH("vdev", da)
	{
		/* -b on a virtual device name means "do not create it". */
		if (da->policy == RTE_DEV_BLOCKED)
			continue;
		/* Devargs of an existing device were already turned into it; a replacement
		 * (hotplug of the same name) keeps their address, so dev->devargs stays valid. */
		if (find_vdev(da->name) == NULL && add_vdev(da) == NULL) {
			VDEV_LOG(ERR, "%s: cannot allocate the device: %s", da->name,
				 rte_strerror(ENOMEM));
			ret = -ENOMEM;
		}
	}
	vdev_unlock();
	return ret;
}

int vdev_probe(void)
{
	struct rte_vdev_device *dev;

	vdev_lock();
	/* The next element is read after each probe, so devices that a probe creates (appended
	 * at the tail) are visited too, and probe each one only once. */
	TAILQ_FOREACH(dev, &vdev_devices, next)
	{
		if (dev->device.driver == NULL)
			vdev_device_attach(dev);
	}
	vdev_unlock();
	/* A device refused by its driver stays unprobed; that is the device's failure (already
	 * logged), not the bus's. */
	return 0;
}

int vdev_cleanup(void)
{
	struct rte_vdev_device *dev;
	int ret = 0;

	vdev_lock();
	while ((dev = TAILQ_FIRST(&vdev_devices)) != NULL) {
		if (vdev_device_detach(dev) != 0)
			ret = -1;
		/* The EAL frees the devargs list after the buses: only the device goes here. */
		TAILQ_REMOVE(&vdev_devices, dev, next);
		free(dev);
	}
	vdev_unlock();
	return ret;
}

struct rte_device *vdev_find_device(const struct rte_device *start, rte_dev_cmp_t cmp,
				    const void *data)
{
	struct rte_vdev_device *dev;

	vdev_lock();
	if (start != NULL)
		dev = TAILQ_NEXT(RTE_DEV_TO_VDEV_CONST(start), next);
	else
		dev = TAILQ_FIRST(&vdev_devices);
	while (dev != NULL && cmp(&dev->device, data) != 0)
		dev = TAILQ_NEXT(dev, next);
	vdev_unlock();
	return dev != NULL ? &dev->device : NULL;
}

enum rte_iova_mode vdev_get_iommu_class(void)
{
	const struct rte_vdev_device *dev;
	const struct rte_vdev_driver *d;
	enum rte_iova_mode mode = RTE_IOVA_DC;

	/* Asked between scan and probe, so judge by the driver that will claim each device. */
	vdev_lock();
	TAILQ_FOREACH(dev, &vdev_devices, next)
	{
		if (dev->device.driver != NULL)
			d = container_of(dev->device.driver, const struct rte_vdev_driver, driver);
		else
			d = vdev_driver_claiming(rte_vdev_device_name(dev));
		if (d != NULL && (d->drv_flags & RTE_VDEV_DRV_NEED_IOVA_AS_VA)) {
			mode = RTE_IOVA_VA;
			break;
		}
	}
	vdev_unlock();
	return mode;
}

static int parse_devargs(const char *name, const char *args, struct rte_devargs **out)
{
	struct rte_devargs *da = calloc(1, sizeof(*da));
	int ret;

	*out = NULL;
	if (da == NULL)
		return -ENOMEM;
	ret =
	    rte_devargs_parsef(da, "vdev:%s%s%s", name, args != NULL && args[0] != '\0' ? "," : "",
			       args != NULL ? args : "");
	if (ret != 0) {
		free(da);
		return ret < 0 ? ret : -EINVAL;
	}
	*out = da;
	return 0;
}

static void free_devargs(struct rte_devargs *da)
{
	if (da == NULL)
		return;
	rte_devargs_reset(da);
	free(da);
}

int rte_vdev_init(const char *name, const char *args)
{
	struct rte_devargs *da;
	struct rte_vdev_device *dev;
	int ret;

	if (name == NULL || name[0] == '\0' || strchr(name, ',') != NULL ||
	    strlen(name) >= RTE_DEV_NAME_MAX_LEN) {
		VDEV_LOG(
		    ERR,
		    "cannot create device '%s': the name must be 1 to %d characters without ','",
		    name != NULL ? name : "(null)", RTE_DEV_NAME_MAX_LEN - 1);
		return -EINVAL;
	}
	vdev_lock();
	bool exists = find_vdev(name) != NULL;
	bool claimed = exists || vdev_driver_claiming(name) != NULL;
	vdev_unlock();
	/* Like DPDK: a vdev is created once, even if new arguments are given. */
	if (exists)
		return -EEXIST;
	if (!claimed) {
		VDEV_LOG(ERR,
			 "cannot create device %s: no vdev driver name or alias is a prefix of it",
			 name);
		return -ENOTSUP;
	}
	/*
	 * Parsed outside the vdev lock: the parser asks each bus, under the bus list's lock,
	 * whether the name is its own, and this bus answers under the vdev lock. Parsing under
	 * the vdev lock would take the two in the other order (found by TSan). So the name is
	 * checked again once the lock is back.
	 */
	int parsed = parse_devargs(name, args, &da);
	vdev_lock();
	if (find_vdev(name) != NULL) {
		ret = -EEXIST;
		goto out;
	}
	ret = parsed != 0 ? parsed : rte_devargs_insert(&da);
	if (ret != 0) {
		VDEV_LOG(ERR, "cannot create device %s: bad arguments '%s': %s", name,
			 args != NULL ? args : "", rte_strerror(-ret));
		goto out;
	}
	dev = add_vdev(da);
	if (dev == NULL) {
		rte_devargs_remove(da);
		da = NULL;
		ret = -ENOMEM;
		goto out;
	}
	da = NULL; /* the device and the global list have it now */
	ret = vdev_device_attach(dev);
	if (ret != 0)
		drop_vdev(dev);
out:
	vdev_unlock();
	free_devargs(da);
	return ret;
}

int rte_vdev_uninit(const char *name)
{
	struct rte_vdev_device *dev;
	int ret;

	if (name == NULL)
		return -EINVAL;
	vdev_lock();
	dev = find_vdev(name);
	if (dev == NULL) {
		ret = -ENOENT;
	} else {
		ret = vdev_device_detach(dev);
		if (ret == 0)
			drop_vdev(dev);
	}
	vdev_unlock();
	return ret;
}

int vdev_plug(struct rte_device *dev)
{
	int ret;

	vdev_lock();
	ret = vdev_device_attach(RTE_DEV_TO_VDEV(dev));
	vdev_unlock();
	return ret;
}

int vdev_unplug(struct rte_device *dev)
{
	/* dev->name lives in the devargs that uninit frees; it is only read before that. */
	return rte_vdev_uninit(dev->name);
}
