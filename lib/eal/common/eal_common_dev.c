/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Generic device API: accessors, hotplug entry points (rte_dev_probe/rte_dev_remove),
 * iteration over devices, and DMA mapping. Everything goes through bus ops.
 *
 * rte_dev_probe and rte_dev_remove run under the EAL hotplug lock (eal_model.h), so they are
 * safe to call from any thread, against each other and against rte_eal_init/rte_eal_cleanup.
 * The caller still owns the lifetime of the struct rte_device it passes to rte_dev_remove:
 * removing one device from two threads is a use after free, as in DPDK.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <rte_class.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_log.h>

#include "eal_model.h"

RTE_LOG_REGISTER(eal_dev_logtype, lib.eal.dev, INFO);
#define DEV_LOG(level, ...) rte_log(RTE_LOG_##level, eal_dev_logtype, __VA_ARGS__)

#define ITER_BUS_KEY RTE_DEVARGS_KEY_BUS "="
#define ITER_CLASS_KEY RTE_DEVARGS_KEY_CLASS "="

const char *rte_driver_name(const struct rte_driver *driver)
{
	return driver != NULL ? driver->name : NULL;
}

const struct rte_bus *rte_dev_bus(const struct rte_device *dev)
{
	return dev != NULL ? dev->bus : NULL;
}

const char *rte_dev_bus_info(const struct rte_device *dev)
{
	return dev != NULL ? dev->bus_info : NULL;
}

const struct rte_devargs *rte_dev_devargs(const struct rte_device *dev)
{
	return dev != NULL ? dev->devargs : NULL;
}

const struct rte_driver *rte_dev_driver(const struct rte_device *dev)
{
	return dev != NULL ? dev->driver : NULL;
}

const char *rte_dev_name(const struct rte_device *dev)
{
	return dev != NULL ? dev->name : NULL;
}

int rte_dev_numa_node(const struct rte_device *dev)
{
	return dev != NULL ? dev->numa_node : SOCKET_ID_ANY;
}

int rte_dev_is_probed(const struct rte_device *dev)
{
	return dev != NULL && dev->driver != NULL;
}

static int dev_has_name(const struct rte_device *dev, const void *name)
{
	return strcmp(dev->name, name);
}

static int any_device(const struct rte_device *dev, const void *data)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(data);
	return 0;
}

static pthread_mutex_t hotplug_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void eal_hotplug_lock(void)
{
	pthread_mutex_lock(&hotplug_mutex);
}

void eal_hotplug_unlock(void)
{
	pthread_mutex_unlock(&hotplug_mutex);
}

int eal_hotplug_trylock(void)
{
	return pthread_mutex_trylock(&hotplug_mutex);
}

/*
 * Take the hotplug lock for rte_dev_probe/rte_dev_remove. An interrupt callback does not wait
 * for it: the holder may be rte_eal_cleanup, which joins the interrupt thread, or a driver
 * remove waiting for that very callback to return (rte_intr_callback_unregister_sync); either
 * would deadlock. It gets -EBUSY instead and may retry later (e.g. from an alarm or another
 * thread, as DPDK applications do for hot-unplug events).
 */
static int hotplug_enter(const char *op, const char *name)
{
	if (!rte_thread_is_intr()) {
		eal_hotplug_lock();
		return 0;
	}
	if (pthread_mutex_trylock(&hotplug_mutex) == 0)
		return 0;
	DEV_LOG(ERR,
		"cannot %s \"%s\" from an interrupt callback now: another hotplug, rte_eal_init "
		"or rte_eal_cleanup is running (retry later, or from another thread)\n",
		op, name);
	rte_errno = EBUSY;
	return -EBUSY;
}

/*
 * Drop the devargs a failed rte_dev_probe inserted, unless a device now points to them: a
 * bus may keep an unprobed device it created from them (a vdev even takes its name from
 * them), so freeing them would leave that device dangling. Such devargs stay with the device,
 * as in DPDK; a later rte_dev_probe of the same name replaces them in place, and
 * rte_eal_cleanup frees them. They are looked up again rather than kept as a pointer because
 * the bus may already have freed them while failing, and looked up and removed in one step
 * because another thread (rte_vdev_uninit) may remove listed devargs at any time.
 */
static void hotplug_undo(const struct rte_bus *bus, const char *name)
{
	const struct rte_device *dev = bus->find_device(NULL, dev_has_name, name);

	eal_devargs_remove_named(bus->name, name, dev != NULL ? dev->devargs : NULL);
}

/*
 * When the devargs inserted here replaced earlier ones of the same device (e.g. from -a),
 * those are not restored on failure.
 */
static int dev_probe_locked(const char *devargs)
{
	char name[RTE_DEV_NAME_MAX_LEN];
	struct rte_device *dev;
	int ret;

	struct rte_devargs *da = calloc(1, sizeof(*da));
	if (da == NULL) {
		DEV_LOG(ERR, "cannot hotplug \"%s\": out of memory\n", devargs);
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	ret = rte_devargs_parse(da, devargs);
	if (ret != 0) {
		free(da);
		return ret;
	}
	struct rte_bus *bus = da->bus;
	memcpy(name, da->name, sizeof(name));
	if (bus == NULL) {
		DEV_LOG(ERR, "cannot hotplug \"%s\": a class layer alone names no device (add "
			     "\"bus=NAME,...\" before it)\n", devargs);
		ret = -EINVAL;
		goto free_da;
	}
	if (bus->plug == NULL) {
		DEV_LOG(ERR, "cannot hotplug \"%s\": bus \"%s\" does not support hotplug\n", name,
			bus->name);
		ret = -ENOTSUP;
		goto free_da;
	}
	dev = bus->find_device(NULL, dev_has_name, name);
	if (rte_dev_is_probed(dev)) {
		DEV_LOG(ERR, "cannot hotplug \"%s\": already probed by driver \"%s\"\n", name,
			dev->driver->name);
		ret = -EEXIST;
		goto free_da;
	}
	ret = rte_devargs_insert(&da);
	if (ret != 0)
		goto free_da;

	/* From here the global list owns da. One device's directory, not the whole bus. */
	const struct eal_bus_hooks *hooks = eal_bus_hooks_get(bus);
	ret = hooks != NULL && hooks->scan_one != NULL ? hooks->scan_one(name) : bus->scan();
	if (ret != 0) {
		DEV_LOG(ERR, "cannot hotplug \"%s\": bus \"%s\" scan failed: %s\n", name, bus->name,
			ret < 0 ? rte_strerror(-ret) : "failed");
		goto undo;
	}
	dev = bus->find_device(NULL, dev_has_name, name);
	if (dev == NULL) {
		DEV_LOG(ERR, "cannot hotplug \"%s\": bus \"%s\" has no such device\n", name,
			bus->name);
		ret = -ENODEV;
		goto undo;
	}
	ret = bus->plug(dev);
	if (ret != 0) {
		/* A positive result means that no driver took the device. */
		ret = ret < 0 ? ret : -ENOTSUP;
		DEV_LOG(ERR, "cannot hotplug \"%s\": probe failed: %s\n", name, rte_strerror(-ret));
		goto undo;
	}
	return 0;

undo:
	hotplug_undo(bus, name);
	rte_errno = ret < 0 ? -ret : EIO;
	return ret < 0 ? ret : -EIO;
free_da:
	rte_devargs_reset(da);
	free(da);
	rte_errno = -ret;
	return ret;
}

int rte_dev_probe(const char *devargs)
{
	if (devargs == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	int ret = hotplug_enter("hotplug", devargs);
	if (ret != 0)
		return ret;
	ret = dev_probe_locked(devargs);
	eal_hotplug_unlock();
	return ret;
}

static int dev_remove_locked(struct rte_device *dev)
{
	char da_name[RTE_DEV_NAME_MAX_LEN] = "";
	const char *da_bus = NULL;

	if (!rte_dev_is_probed(dev)) {
		DEV_LOG(ERR, "cannot remove \"%s\": it is not probed\n", dev->name);
		rte_errno = ENOENT;
		return -ENOENT;
	}
	const struct rte_bus *bus = dev->bus;
	if (bus->unplug == NULL) {
		DEV_LOG(ERR, "cannot remove \"%s\": bus \"%s\" does not support hotplug\n",
			dev->name, bus->name);
		rte_errno = ENOTSUP;
		return -ENOTSUP;
	}
	/* unplug frees the device (and may drop its devargs): remember what to drop after. */
	if (dev->devargs != NULL && dev->devargs->bus != NULL) {
		da_bus = dev->devargs->bus->name;
		memcpy(da_name, dev->devargs->name, sizeof(da_name));
	}
	char dev_name[RTE_DEV_NAME_MAX_LEN];
	snprintf(dev_name, sizeof(dev_name), "%s", dev->name);
	int ret = bus->unplug(dev);
	if (ret != 0) {
		ret = ret < 0 ? ret : -ENOENT;
		DEV_LOG(ERR, "cannot remove \"%s\": its driver refused: %s\n", dev_name,
			rte_strerror(-ret));
		rte_errno = -ret;
		return ret;
	}
	if (da_bus != NULL)
		eal_devargs_remove_named(da_bus, da_name, NULL);
	return 0;
}

int rte_dev_remove(struct rte_device *dev)
{
	if (dev == NULL || dev->bus == NULL || dev->name == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	int ret = hotplug_enter("remove", dev->name);
	if (ret != 0)
		return ret;
	ret = dev_remove_locked(dev);
	eal_hotplug_unlock();
	return ret;
}

/*
 * The filters of an iterator layer ("bus=NAME,k=v" or "class=NAME,k=v" up to the next layer):
 * "k=v", or "" for none, as a copy because the layer may not end the string. NULL (rte_errno
 * ENOMEM) when out of memory.
 */
static char *layer_filters(const char *layer)
{
	const char *end = eal_devargs_layer_end(layer);
	const char *p = layer + strcspn(layer, ",");

	char *filters = p < end ? strndup(p + 1, (size_t)(end - p - 1)) : strdup("");
	if (filters == NULL)
		rte_errno = ENOMEM;
	return filters;
}

static int iter_fail(struct rte_dev_iterator *it, const char *str, const char *reason)
{
	DEV_LOG(ERR, "device filter \"%s\": %s\n", str, reason);
	memset(it, 0, sizeof(*it));
	rte_errno = EINVAL;
	return -EINVAL;
}

static bool layer_has_filters(const char *layer)
{
	const char *end = eal_devargs_layer_end(layer);
	const char *comma = layer + strcspn(layer, ",");
	return comma + 1 < end;
}

/* The bus or class named by a "key=NAME[,...]" layer, or NULL. */
static void *layer_lookup(const char *layer, const char *key, bool is_class)
{
	const char *name = layer + strlen(key);
	char *copy = strndup(name, strcspn(name, ",/"));
	void *found = NULL;

	if (copy == NULL)
		return NULL;
	if (is_class)
		found = rte_class_find_by_name(copy);
	else
		found = rte_bus_find_by_name(copy);
	free(copy);
	return found;
}

/*
 * The device filter's layers, as DPDK's: "bus=NAME[,filters]" and/or "class=NAME[,filters]",
 * each at most once, separated by '/' (the devargs rule for where a layer ends).
 */
static int iter_parse_layers(struct rte_dev_iterator *it, const char *str)
{
	for (const char *layer = str; *layer != '\0';) {
		if (strncmp(layer, ITER_BUS_KEY, strlen(ITER_BUS_KEY)) == 0 && it->bus_str == NULL) {
			it->bus_str = layer;
			it->bus = layer_lookup(layer, ITER_BUS_KEY, false);
			if (it->bus == NULL)
				return iter_fail(it, str, "no such bus");
		} else if (strncmp(layer, ITER_CLASS_KEY, strlen(ITER_CLASS_KEY)) == 0 &&
			   it->cls_str == NULL) {
			it->cls_str = layer;
			it->cls = layer_lookup(layer, ITER_CLASS_KEY, true);
			if (it->cls == NULL)
				return iter_fail(it, str, "no such device class");
		} else {
			return iter_fail(it, str,
					 "expected one \"bus=NAME[,key=value...]\" and/or one "
					 "\"class=NAME[,key=value...]\" layer, separated by '/'");
		}
		layer = eal_devargs_layer_end(layer);
		if (*layer == '/')
			layer++;
	}
	return 0;
}

/*
 * A live iterator has dev_str != NULL; bus_str is NULL when it walks every bus (it->bus is
 * then the bus being walked), cls_str NULL when no class filters the devices. dev_str is
 * cleared at the end and after a failed init, so that RTE_DEV_FOREACH, which ignores the
 * init result, stops at once.
 */
int rte_dev_iterator_init(struct rte_dev_iterator *it, const char *str)
{
	if (it == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	memset(it, 0, sizeof(*it));
	if (str == NULL || str[0] == '\0') {
		it->dev_str = "";
		return 0;
	}
	int ret = iter_parse_layers(it, str);
	if (ret != 0)
		return ret;
	if (it->bus_str != NULL && layer_has_filters(it->bus_str) && it->bus->dev_iterate == NULL)
		return iter_fail(it, str, "this bus cannot filter devices; use \"bus=NAME\" alone");
	if (it->cls != NULL && it->cls->dev_iterate == NULL)
		return iter_fail(it, str, "this device class cannot list its devices");
	if (it->bus_str == NULL)
		it->bus = NULL; /* walk every bus, from the first */
	it->dev_str = str;
	return 0;
}

static struct rte_device *iter_next_on_bus(struct rte_dev_iterator *it)
{
	if (it->bus->dev_iterate == NULL)
		return it->bus->find_device(it->device, any_device, NULL);
	char *filters = layer_filters(it->bus_str);
	if (filters == NULL)
		return NULL;
	struct rte_device *dev = it->bus->dev_iterate(it->device, filters, it);
	free(filters);
	return dev;
}

static int any_bus(const struct rte_bus *bus, const void *data)
{
	RTE_SET_USED(bus);
	RTE_SET_USED(data);
	return 0;
}

static struct rte_device *iter_next_any_bus(struct rte_dev_iterator *it)
{
	if (it->bus == NULL)
		it->bus = rte_bus_find(NULL, any_bus, NULL);
	while (it->bus != NULL) {
		struct rte_device *dev = it->bus->find_device(it->device, any_device, NULL);
		if (dev != NULL)
			return dev;
		it->bus = rte_bus_find(it->bus, any_bus, NULL);
		it->device = NULL;
	}
	return NULL;
}

/* The next class device of it->device that matches the class layer, or NULL. */
static void *iter_next_class_device(struct rte_dev_iterator *it)
{
	char *filters = layer_filters(it->cls_str);
	if (filters == NULL)
		return NULL;
	void *cdev = it->cls->dev_iterate(it->class_device, filters, it);
	free(filters);
	return cdev;
}

/*
 * With a class layer, a device is returned once per matching class device (a device may carry
 * several ports), it->class_device naming that one, as in DPDK; devices without one are
 * skipped.
 */
struct rte_device *rte_dev_iterator_next(struct rte_dev_iterator *it)
{
	if (it == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (it->dev_str == NULL)
		return NULL;
	rte_errno = 0;
	for (;;) {
		if (it->cls_str != NULL && it->device != NULL) {
			it->class_device = iter_next_class_device(it);
			if (it->class_device != NULL)
				return it->device;
			if (rte_errno != 0)
				break;
		}
		struct rte_device *dev =
		    it->bus_str != NULL ? iter_next_on_bus(it) : iter_next_any_bus(it);
		it->device = dev;
		if (dev == NULL)
			break;
		if (it->cls_str == NULL)
			return dev;
	}
	it->dev_str = NULL;
	it->device = NULL;
	it->class_device = NULL;
	return NULL;
}

static int dma_check(const struct rte_device *dev, const void *addr, uint64_t iova, size_t len,
		     const char *op, bool has_op)
{
	if (dev == NULL || dev->bus == NULL || addr == NULL || len == 0 || iova == RTE_BAD_IOVA) {
		DEV_LOG(ERR,
			"%s of device \"%s\": invalid argument (addr %p, iova 0x%" PRIx64
			", len %zu)\n",
			op, dev != NULL && dev->name != NULL ? dev->name : "(null)", addr, iova,
			len);
		rte_errno = EINVAL;
		return -EINVAL;
	}
	if (!has_op) {
		DEV_LOG(ERR, "%s of device \"%s\": bus \"%s\" does not support it\n", op, dev->name,
			dev->bus->name);
		rte_errno = ENOTSUP;
		return -ENOTSUP;
	}
	return 0;
}

int rte_dev_dma_map(struct rte_device *dev, void *addr, uint64_t iova, size_t len)
{
	int ret = dma_check(dev, addr, iova, len, "DMA map",
			    dev != NULL && dev->bus != NULL && dev->bus->dma_map != NULL);
	if (ret != 0)
		return ret;
	return dev->bus->dma_map(dev, addr, iova, len);
}

int rte_dev_dma_unmap(struct rte_device *dev, void *addr, uint64_t iova, size_t len)
{
	int ret = dma_check(dev, addr, iova, len, "DMA unmap",
			    dev != NULL && dev->bus != NULL && dev->bus->dma_unmap != NULL);
	if (ret != 0)
		return ret;
	return dev->bus->dma_unmap(dev, addr, iova, len);
}
