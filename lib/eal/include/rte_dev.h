/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_DEV_H
#define RTE_DEV_H

/* Generic device API: what an application may ask of any device on any bus. */

#include <stdint.h>
#include <stddef.h>
#include <rte_common.h>
#include <rte_compat.h>

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

/*
 * Device events (DPDK 22.11 names and semantics; doc/hotplug.md). A callback registered for a
 * device name gets that device's events, one registered with NULL gets every device's. They run
 * on the thread that reports the event: the EAL interrupt thread for the kernel's events (once
 * rte_dev_event_monitor_start has run) and for vfio-pci's release requests.
 */
enum rte_dev_event_type {
	RTE_DEV_EVENT_ADD,    /* a device appeared on a bus */
	RTE_DEV_EVENT_REMOVE, /* a device is going or gone */
	RTE_DEV_EVENT_MAX
};
typedef void (*rte_dev_event_cb_fn)(const char *device_name, enum rte_dev_event_type event,
				    void *cb_arg);
/* 0; -EINVAL (no cb_fn), -EEXIST (the same name, cb_fn and cb_arg are registered), -ENOMEM. */
int rte_dev_event_callback_register(const char *device_name, rte_dev_event_cb_fn cb_fn,
				    void *cb_arg);
/*
 * Unregister the callbacks with this name (NULL: those registered for every device), cb_fn and
 * cb_arg ((void *)-1: any). The number removed, or -ENOENT (none), -EINVAL (no cb_fn).
 * Unlike DPDK (-EAGAIN while the callback runs), it never fails because a callback is running:
 * called from inside a callback it removes that or any other callback at once (none of them
 * runs again); called from another thread while a removed callback runs, it waits for that
 * call to return, so on return the callback neither runs nor will run.
 */
int rte_dev_event_callback_unregister(const char *device_name, rte_dev_event_cb_fn cb_fn,
				      void *cb_arg);
/* Call the callbacks of device_name for event, in registration order, in this thread. */
void rte_dev_event_callback_process(const char *device_name, enum rte_dev_event_type event);
/*
 * Start or stop listening to the kernel's device events (Linux: a NETLINK_KOBJECT_UEVENT
 * socket watched by the interrupt thread). Counted: each start needs a stop; the last stop
 * (or rte_eal_cleanup) closes the socket. 0, or -1 with rte_errno set (one line logged).
 */
int rte_dev_event_monitor_start(void);
int rte_dev_event_monitor_stop(void);
/*
 * Surprise removal handling: while enabled, a removed device's mappings are replaced by memory
 * that reads all-ones before the REMOVE event is reported, and a SIGBUS that hits a device
 * mapping is absorbed the same way (any other SIGBUS goes to the handler installed before).
 * 0, or -1 with rte_errno set.
 */
int rte_dev_hotplug_handle_enable(void);
int rte_dev_hotplug_handle_disable(void);

/*
 * openeal extension: every kernel event of a device, with what the kernel said about it, for
 * tools (openeal monitor) and policies. Reported after the DPDK callbacks above, on the same
 * thread; the pointers are valid during the call only.
 */
enum rte_dev_uevent_action {
	RTE_DEV_UEVENT_ADD,
	RTE_DEV_UEVENT_REMOVE,
	RTE_DEV_UEVENT_BIND,   /* a kernel driver took the device (driver says which) */
	RTE_DEV_UEVENT_UNBIND, /* its kernel driver let it go */
};
struct rte_dev_uevent {
	enum rte_dev_uevent_action action;
	const char *bus;    /* "pci" */
	const char *name;   /* "0000:01:00.0" */
	const char *driver; /* the kernel driver of a bind, else "" */
	uint16_t vendor_id; /* 0 when the event did not say */
	uint16_t device_id;
	uint32_t class_id;
	/* The kernel's sequence number; 0 for an event the EAL made up after a resync (the
	 * kernel dropped events on an overflowing socket and the device list was reread). */
	uint64_t seqnum;
};
typedef void (*rte_dev_uevent_cb_fn)(const struct rte_dev_uevent *event, void *cb_arg);
/* As rte_dev_event_callback_register/unregister, for every device. */
__rte_experimental
int rte_dev_uevent_callback_register(rte_dev_uevent_cb_fn cb_fn, void *cb_arg);
__rte_experimental
int rte_dev_uevent_callback_unregister(rte_dev_uevent_cb_fn cb_fn, void *cb_arg);

/* Map/unmap memory for DMA by this device through its bus (VFIO containers etc.). */
int rte_dev_dma_map(struct rte_device *dev, void *addr, uint64_t iova, size_t len);
int rte_dev_dma_unmap(struct rte_device *dev, void *addr, uint64_t iova, size_t len);

#ifdef __cplusplus
}
#endif
#endif
