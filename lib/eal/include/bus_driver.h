/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef BUS_DRIVER_H
#define BUS_DRIVER_H

/*
 * How a bus plugs into the EAL. A bus is a struct rte_bus filled with its operations and
 * registered by RTE_REGISTER_BUS from a constructor; the EAL calls scan, probe, cleanup and
 * the rest without knowing anything about the bus. Public and stable in openeal.
 */

#include <rte_bus.h>
#include <rte_dev.h>
#include <dev_driver.h>
#include <rte_eal.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_devargs;

/* Find devices (and, for hotplug, new ones). 0 on success. */
typedef int (*rte_bus_scan_t)(void);
/* Probe drivers onto the devices found. 0 on success; a refused device is not a failure. */
typedef int (*rte_bus_probe_t)(void);
/* Device after start (NULL: first) for which cmp returns 0. */
typedef struct rte_device *(*rte_bus_find_device_t)(const struct rte_device *start,
						     rte_dev_cmp_t cmp, const void *data);
/* Probe one device (hotplug). 0, or negative errno. */
typedef int (*rte_bus_plug_t)(struct rte_device *dev);
/* Remove the driver from one device and free it (hotplug). 0, or negative errno. */
typedef int (*rte_bus_unplug_t)(struct rte_device *dev);
/* Is name a device name of this bus? 0 if yes (and, if addr != NULL, its parsed form stored). */
typedef int (*rte_bus_parse_t)(const char *name, void *addr);
/* Bus-specific devargs parsing (e.g. "addr=" keys). 0 on success. */
typedef int (*rte_bus_devargs_parse_t)(struct rte_devargs *da);
typedef int (*rte_dma_map_t)(struct rte_device *dev, void *addr, uint64_t iova, size_t len);
typedef int (*rte_dma_unmap_t)(struct rte_device *dev, void *addr, uint64_t iova, size_t len);
/* IOVA mode this bus's devices need: PA, VA or DC. */
typedef enum rte_iova_mode (*rte_bus_get_iommu_class_t)(void);
/* The kernel removed a device under us: stop touching it. */
typedef int (*rte_bus_hot_unplug_handler_t)(struct rte_device *dev);
/* A SIGBUS hit failure_addr: 0 if it was in this bus's mapping and was handled, 1 if not
 * ours, -1 on error. Must be async-signal-safe. */
typedef int (*rte_bus_sigbus_handler_t)(const void *failure_addr);
/* Remove every probed device once and free every device; called by rte_eal_cleanup. */
typedef int (*rte_bus_cleanup_t)(void);

enum rte_bus_scan_mode {
	RTE_BUS_SCAN_UNDEFINED,
	RTE_BUS_SCAN_ALLOWLIST,
	RTE_BUS_SCAN_BLOCKLIST,
};

struct rte_bus_conf {
	enum rte_bus_scan_mode scan_mode;
};

struct rte_bus {
	RTE_TAILQ_ENTRY(rte_bus) next;
	const char *name;
	rte_bus_scan_t scan;
	rte_bus_probe_t probe;
	rte_bus_find_device_t find_device;
	rte_bus_plug_t plug;
	rte_bus_unplug_t unplug;
	rte_bus_parse_t parse;
	rte_bus_devargs_parse_t devargs_parse;
	rte_dma_map_t dma_map;
	rte_dma_unmap_t dma_unmap;
	struct rte_bus_conf conf;
	rte_bus_get_iommu_class_t get_iommu_class;
	rte_dev_iterate_t dev_iterate;
	rte_bus_hot_unplug_handler_t hot_unplug_handler;
	rte_bus_sigbus_handler_t sigbus_handler;
	rte_bus_cleanup_t cleanup;
};

/* scan, probe and find_device are mandatory. Registering the same bus twice is ignored. */
void rte_bus_register(struct rte_bus *bus);
void rte_bus_unregister(struct rte_bus *bus);

/* Registers the bus before main() (or when its plugin is loaded); unregisters it when its
 * object is unloaded. */
#define RTE_REGISTER_BUS(nm, bus)                                                                   \
	RTE_INIT_PRIO(businitfn_##nm, BUS)                                                          \
	{                                                                                           \
		(bus).name = RTE_STR(nm);                                                           \
		rte_bus_register(&bus);                                                             \
	}                                                                                           \
	RTE_FINI_PRIO(busfinifn_##nm, BUS)                                                          \
	{                                                                                           \
		rte_bus_unregister(&bus);                                                           \
	}

#ifdef __cplusplus
}
#endif
#endif
