/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_DEV_H
#define RTE_DEV_H

/* Generic device API: what an application may ask of any device on any bus. */

#include <stdint.h>
#include <stddef.h>
#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_bus;
struct rte_devargs;
struct rte_device;
struct rte_driver;

/* A device memory window (BAR). phys_addr is the bus address, addr the mapping (or NULL). */
struct rte_mem_resource {
	uint64_t phys_addr;
	uint64_t len;
	void *addr;
};

const char *rte_driver_name(const struct rte_driver *driver);
const struct rte_bus *rte_dev_bus(const struct rte_device *dev);
const char *rte_dev_bus_info(const struct rte_device *dev);
const struct rte_devargs *rte_dev_devargs(const struct rte_device *dev);
const struct rte_driver *rte_dev_driver(const struct rte_device *dev);
const char *rte_dev_name(const struct rte_device *dev);
int rte_dev_numa_node(const struct rte_device *dev);
/* 1 if a driver is attached to the device, else 0. */
int rte_dev_is_probed(const struct rte_device *dev);

/*
 * Hotplug entry points. rte_dev_probe("bus:name,k=v" or "name,k=v") adds the devargs, rescans
 * the bus and plugs (probes) the named device: 0, or a negative errno (-EEXIST when already
 * probed). rte_dev_remove unplugs a probed device and drops its devargs: 0 or negative errno.
 * Both are thread-safe and serialised with each other and with rte_eal_init/rte_eal_cleanup.
 * Called from an interrupt callback they do not wait for that lock (the holder may be joining
 * the interrupt thread): they return -EBUSY (rte_errno EBUSY) when it is taken; retry later.
 */
int rte_dev_probe(const char *devargs);
int rte_dev_remove(struct rte_device *dev);

typedef int (*rte_dev_cmp_t)(const struct rte_device *dev, const void *data);

/*
 * Device iteration. The string selects devices: "bus=NAME[,key=value...]" (the keys are the
 * bus's, passed to its dev_iterate) or, as an openeal extension, NULL or "" for every device
 * on every bus.
 */
struct rte_dev_iterator {
	const char *dev_str;
	const char *bus_str;
	const char *cls_str;
	struct rte_bus *bus;
	struct rte_class *cls;
	struct rte_device *device;
	void *class_device;
};
typedef void *(*rte_dev_iterate_t)(const void *start, const char *devstr,
				   const struct rte_dev_iterator *it);
/* 0, or -EINVAL on a malformed string / unknown bus. */
int rte_dev_iterator_init(struct rte_dev_iterator *it, const char *str);
/* Next matching device, NULL at the end (rte_errno set on error). */
struct rte_device *rte_dev_iterator_next(struct rte_dev_iterator *it);
#define RTE_DEV_FOREACH(dev, devstr, it)                                                            \
	for (rte_dev_iterator_init(it, devstr), dev = rte_dev_iterator_next(it); dev != NULL;       \
	     dev = rte_dev_iterator_next(it))

/* Map/unmap memory for DMA by this device through its bus (VFIO containers etc.). */
int rte_dev_dma_map(struct rte_device *dev, void *addr, uint64_t iova, size_t len);
int rte_dev_dma_unmap(struct rte_device *dev, void *addr, uint64_t iova, size_t len);

#ifdef __cplusplus
}
#endif
#endif
