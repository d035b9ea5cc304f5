/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PCI_PRIVATE_H
#define PCI_PRIVATE_H

/* State and helpers shared by the files of the PCI bus; nothing here is installed. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <rte_log.h>

extern int pci_bus_logtype;
#define PCI_LOG(level, fmt, ...) rte_log(RTE_LOG_##level, pci_bus_logtype, fmt "\n", ##__VA_ARGS__)

/* What the bus allocates for each device: the public device plus the bus's own notes. */
struct pci_bus_device {
	struct rte_pci_device pci;
	/* "not bound to a userspace driver" was already said for this kernel driver. */
	bool refusal_reported;
	/* vfio-pci asked for the device back and the REMOVE event was reported. */
	bool removal_reported;
};

static inline struct pci_bus_device *pci_bus_device(struct rte_pci_device *dev)
{
	return container_of(dev, struct pci_bus_device, pci);
}

TAILQ_HEAD(pci_device_list, rte_pci_device);
TAILQ_HEAD(pci_driver_list, rte_pci_driver);

/* The bus object and its lists (pci_bus.c). Devices are kept in address order. */
extern struct rte_bus pci_bus;
extern struct pci_device_list pci_devices;
extern struct pci_driver_list pci_drivers;

#define PCI_FOREACH_DEVICE(dev) TAILQ_FOREACH(dev, &pci_devices, next)
#define PCI_FOREACH_DRIVER(drv) TAILQ_FOREACH(drv, &pci_drivers, next)

/* Devices directory: $SYSFS_PCI_DEVICES or /sys/bus/pci/devices. */
const char *pci_sysfs_devices_dir(void);
/* The directory of the last scan (config-space access goes there), or NULL. */
const char *pci_scanned_dir(void);

/* One scanned device and its address as a number, for sorting and merging. */
struct pci_scan_entry {
	uint64_t key;
	struct pci_bus_device *dev; /* NULL when the device was skipped */
	char *warning;		    /* during the scan: why it was skipped */
};

/*
 * Read every device of dir into a malloc'd array sorted by address (pci_scan_linux.c).
 * Broken devices are skipped, with one warning each when log_skipped (a caller that has just
 * scanned the same tree, and so logged them, passes false). 0 (*out may be NULL when there
 * are no devices), or -1 with rte_errno set, unlogged, when dir cannot be read or memory runs
 * out (nothing is allocated then).
 */
int pci_sysfs_scan_dir(const char *dir, struct pci_scan_entry **out, size_t *nb,
		       bool log_skipped);
/*
 * Read one device of dir, as pci_sysfs_scan_dir does for each: out->dev set, or out->warning
 * (why it was skipped, or gone) for the caller to log and free. 0, or -1 with rte_errno set
 * when dir cannot be opened or memory runs out.
 */
int pci_sysfs_scan_addr(const char *dir, const struct rte_pci_addr *addr,
			struct pci_scan_entry *out);
/* Merge one scanned device (entry->dev NULL: it is not there) into the list, as
 * pci_device_list_merge does for a whole scan; takes ownership of entry->dev. */
void pci_device_list_merge_one(struct pci_scan_entry *entry);
/*
 * Merge a sorted scan into the device list (pci_device_list.c): probed or mapped devices are
 * left alone, unprobed ones refreshed, vanished unprobed ones freed, new ones inserted in
 * order. Takes ownership of every entry's device; the array itself stays the caller's.
 */
void pci_device_list_merge(struct pci_scan_entry *v, size_t nb);
/* Unlink a device from the list and free it. */
void pci_device_free(struct rte_pci_device *dev);
/* Set name, rte_device fields and devargs of a freshly scanned device. */
void pci_device_init_names(struct rte_pci_device *dev);
/* Look up the device's devargs again (they may have changed since the scan); this also
 * sets rte_device.name. */
void pci_device_attach_devargs(struct rte_pci_device *dev);

/*
 * Surprise removal (pci_hotplug.c): list a mapped device's BARs in the EAL's SIGBUS table, or
 * take them out before they are unmapped; the bus's hot_unplug_handler fences them.
 */
void pci_hotplug_track_bars(struct rte_pci_device *dev);
void pci_hotplug_untrack_bars(struct rte_pci_device *dev);
int pci_hot_unplug_handler(struct rte_device *dev);

/* Scan the one device named name ("0000:01:00.0"), as rte_dev_probe does. 0 or -errno. */
int pci_bus_scan_one(const char *name);

/* The hotplug policy (--hotplug-bind, pci_hotplug_policy.c): what to do with an arrival. */
enum pci_arrival_action {
	PCI_ARRIVAL_NOT_ALLOWED, /* -a/-b keep it out: left on its kernel driver */
	PCI_ARRIVAL_NO_PMD,	 /* no registered PMD takes it: left on its kernel driver */
	PCI_ARRIVAL_PROBE,	 /* already on a userspace driver: probe it there */
	PCI_ARRIVAL_BIND,	 /* bind it to the option's driver, then probe it */
};
/* *pmd: the first registered driver whose ID table takes dev, or NULL. */
enum pci_arrival_action pci_hotplug_policy_decide(const struct rte_pci_device *dev,
						  const struct rte_pci_driver **pmd);
/* struct eal_bus_hooks' device_arrived: 0 when the option is not given (report ADD now). */
int pci_hotplug_policy_arrived(const char *name);
/* Bus cleanup: drop the arrivals waiting for a retry, and their alarm. */
void pci_hotplug_policy_cleanup(void);

/* Is the device mapped through its backend (backend_priv set by map)? */
static inline bool pci_device_is_mapped(const struct rte_pci_device *dev)
{
	return dev->backend_priv != NULL;
}

/* Devargs of bus "pci" naming this address (parsed comparison), or NULL (pci_policy.c). */
struct rte_devargs *pci_devargs_lookup(const struct rte_pci_addr *addr);
/* Should bus probe leave this device alone (allow/block lists)? */
bool pci_device_ignored(const struct rte_pci_device *dev);

/* Probe every driver on one device, registration order (pci_probe.c). 0 probed, >0 no
 * driver took it, <0 error. */
int pci_probe_all_drivers(struct rte_pci_device *dev);
int pci_bus_probe(void);
int pci_bus_plug(struct rte_device *dev);
int pci_bus_unplug(struct rte_device *dev);
int pci_bus_cleanup(void);
/* Detach the driver: remove, then unmap unless KEEP_MAPPED_RES. 0 or negative errno. */
int pci_device_detach(struct rte_pci_device *dev);

void *pci_dev_iterate(const void *start, const char *str, const struct rte_dev_iterator *it);
/* The bus layer of layered devargs: "addr=" names the device. 0 or -EINVAL. */
int pci_devargs_parse(struct rte_devargs *da);
enum rte_iova_mode pci_bus_get_iommu_class(void);
/* The driver that takes (or took) dev: the first that matches and can reach it, or NULL. */
const struct rte_pci_driver *pci_device_taking_driver(const struct rte_pci_device *dev);
/* What dev needs under drv (PA, VA or DC) and, in needed_by, who needs it. */
enum rte_iova_mode pci_device_iova_need(const struct rte_pci_device *dev,
					const struct rte_pci_driver *drv, char *needed_by,
					size_t size);

#endif
