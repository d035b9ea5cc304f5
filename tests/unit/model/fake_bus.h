/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef MODEL_FAKE_BUS_H
#define MODEL_FAKE_BUS_H

/*
 * A configurable in-memory bus for the device-model tests. Bus ops take no bus argument, so
 * FAKE_BUS_DEFINE(id) generates one set of small wrappers per instance that forward to the
 * generic fake_* functions with the instance's state. Each op records "<bus>.<op> " in
 * fake_events, so that tests can check the order in which the EAL called the buses.
 *
 * The "hardware" is dev_names: a scan makes those devices present (like sysfs for PCI), keeps
 * the driver of devices already probed, and, with attach_devargs, points each device to the
 * listed devargs of its name (like the PCI bus's allow-list lookup).
 */

#include <bus_driver.h>
#include <rte_devargs.h>

#define FAKE_MAX_DEVS 8

struct fake_bus {
	struct rte_bus bus;
	const char *prefix;			  /* parse() accepts names starting with it */
	const char *dev_names[FAKE_MAX_DEVS + 1]; /* NULL-terminated */
	struct rte_device devs[FAKE_MAX_DEVS];
	unsigned int ndevs; /* present since the last scan */
	bool attach_devargs;
	int scan_ret, probe_ret, plug_ret, unplug_ret, cleanup_ret, dma_ret;
	enum rte_iova_mode iova;
	unsigned int scans, probes, plugs, unplugs, cleanups, dma_maps, dma_unmaps;
};

extern char fake_events[4096];
extern const struct rte_driver fake_driver;

void fake_events_clear(void);

/* Zero fb and give it every op (through the wrappers in ops); tests then remove some. */
void fake_bus_setup(struct fake_bus *fb, const struct rte_bus *ops, const char *name,
		    const char *prefix);

int fake_scan(struct fake_bus *fb);
int fake_probe(struct fake_bus *fb);
struct rte_device *fake_find_device(struct fake_bus *fb, const struct rte_device *start,
				    rte_dev_cmp_t cmp, const void *data);
int fake_plug(struct fake_bus *fb, struct rte_device *dev);
int fake_unplug(struct fake_bus *fb, struct rte_device *dev);
int fake_parse(struct fake_bus *fb, const char *name, void *addr);
int fake_devargs_parse(struct fake_bus *fb, struct rte_devargs *da);
int fake_dma_map(struct fake_bus *fb, struct rte_device *dev, void *addr, uint64_t iova,
		 size_t len);
int fake_dma_unmap(struct fake_bus *fb, struct rte_device *dev, void *addr, uint64_t iova,
		   size_t len);
enum rte_iova_mode fake_get_iommu_class(struct fake_bus *fb);
void *fake_dev_iterate(struct fake_bus *fb, const void *start, const char *str,
		       const struct rte_dev_iterator *it);
int fake_cleanup(struct fake_bus *fb);

#define FAKE_BUS_DEFINE(id)                                                                      \
	static struct fake_bus id;                                                               \
	static int id##_scan(void)                                                               \
	{                                                                                        \
		return fake_scan(&id);                                                           \
	}                                                                                        \
	static int id##_probe(void)                                                              \
	{                                                                                        \
		return fake_probe(&id);                                                          \
	}                                                                                        \
	static struct rte_device *id##_find_device(const struct rte_device *start,               \
						   rte_dev_cmp_t cmp, const void *data)          \
	{                                                                                        \
		return fake_find_device(&id, start, cmp, data);                                  \
	}                                                                                        \
	static int id##_plug(struct rte_device *dev)                                             \
	{                                                                                        \
		return fake_plug(&id, dev);                                                      \
	}                                                                                        \
	static int id##_unplug(struct rte_device *dev)                                           \
	{                                                                                        \
		return fake_unplug(&id, dev);                                                    \
	}                                                                                        \
	static int id##_parse(const char *name, void *addr)                                      \
	{                                                                                        \
		return fake_parse(&id, name, addr);                                              \
	}                                                                                        \
	static int id##_devargs_parse(struct rte_devargs *da)                                    \
	{                                                                                        \
		return fake_devargs_parse(&id, da);                                              \
	}                                                                                        \
	static int id##_dma_map(struct rte_device *dev, void *addr, uint64_t iova, size_t len)   \
	{                                                                                        \
		return fake_dma_map(&id, dev, addr, iova, len);                                  \
	}                                                                                        \
	static int id##_dma_unmap(struct rte_device *dev, void *addr, uint64_t iova, size_t len) \
	{                                                                                        \
		return fake_dma_unmap(&id, dev, addr, iova, len);                                \
	}                                                                                        \
	static enum rte_iova_mode id##_get_iommu_class(void)                                     \
	{                                                                                        \
		return fake_get_iommu_class(&id);                                                \
	}                                                                                        \
	static void *id##_dev_iterate(const void *start, const char *str,                        \
				      const struct rte_dev_iterator *it)                         \
	{                                                                                        \
		return fake_dev_iterate(&id, start, str, it);                                    \
	}                                                                                        \
	static int id##_cleanup(void)                                                            \
	{                                                                                        \
		return fake_cleanup(&id);                                                        \
	}                                                                                        \
	static const struct rte_bus id##_ops = {                                                 \
	    .scan = id##_scan,                                                                   \
	    .probe = id##_probe,                                                                 \
	    .find_device = id##_find_device,                                                     \
	    .plug = id##_plug,                                                                   \
	    .unplug = id##_unplug,                                                               \
	    .parse = id##_parse,                                                                 \
	    .devargs_parse = id##_devargs_parse,                                                 \
	    .dma_map = id##_dma_map,                                                             \
	    .dma_unmap = id##_dma_unmap,                                                         \
	    .get_iommu_class = id##_get_iommu_class,                                             \
	    .dev_iterate = id##_dev_iterate,                                                     \
	    .cleanup = id##_cleanup,                                                             \
	}

/*
 * Take every registered bus (vdev, pci, ...) out of the registry so that a test sees only its
 * fake buses, and put them back afterwards in their original order.
 */
void fake_registry_stash(void);
void fake_registry_restore(void);

/* Number of buses registered now. */
unsigned int fake_registry_size(void);

/* Number of lines in a captured log (NULL counts as 0). */
unsigned int count_lines(const char *s);

#endif
