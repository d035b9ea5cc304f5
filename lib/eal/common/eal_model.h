/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_MODEL_H
#define EAL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <bus_driver.h>
#include <rte_devargs.h>

/*
 * Internal entry points of the device model (bus registry, devargs) for rte_eal_init and
 * rte_eal_cleanup. Not installed.
 */

/*
 * Call every registered bus's cleanup op (the vdev bus first, the reverse of the probe
 * order, because virtual devices may sit on top of physical ones). Every bus is cleaned even
 * if one fails. 0, or the first error.
 */
int eal_bus_cleanup_all(void);

/*
 * Free every devargs in the global list and return every bus's scan mode to
 * RTE_BUS_SCAN_UNDEFINED (the mode only ever comes from the devargs), so that a following
 * rte_eal_init starts from the same state as the first one.
 */
void eal_devargs_free_all(void);

/*
 * Remove and free the listed devargs of busname/name unless they are keep (may be NULL), as
 * one step under the devargs lock, so that no other thread can free them in between. Whether
 * something was removed.
 */
bool eal_devargs_remove_named(const char *busname, const char *name,
			      const struct rte_devargs *keep);

/*
 * The EAL hotplug lock: rte_dev_probe and rte_dev_remove hold it for their whole run, and
 * rte_eal_init and rte_eal_cleanup while they create or release devices, so that these never
 * interleave (a hotplug cannot scan a bus that cleanup is emptying, two hotplugs cannot insert
 * the same devargs). Recursive: a driver's probe may hotplug the device it stacks on. Taken
 * before any bus lock (bus ops run under it); the devargs lock comes last.
 */
void eal_hotplug_lock(void);
void eal_hotplug_unlock(void);
/* The lock without waiting, for the interrupt thread: 0 when taken, else EBUSY. */
int eal_hotplug_trylock(void);
/*
 * For the SIGBUS handler: ask each registered bus's sigbus_handler op about failure_addr. 0 when
 * one handled it, 1 when none did. Async-signal-safe: the handlers are kept in a lock-free
 * table at registration.
 */
int eal_bus_sigbus_other(const void *failure_addr);
/*
 * What the buses of this library do beyond struct rte_bus's ops, whose layout is part of the
 * stable ABI. Set from a constructor; every member may be NULL.
 */
struct eal_bus_hooks {
	/*
	 * Scan one device by name, which rte_dev_probe uses instead of the bus's scan op (a
	 * whole-bus rescan). 0 (the device listed, refreshed or, when it is gone, dropped) or
	 * -errno.
	 */
	int (*scan_one)(const char *name);
	/*
	 * The device monitor saw name arrive, on the interrupt thread. 0: report ADD now. 1: the
	 * bus handles the arrival (the hotplug policy binds and probes it) and reports ADD itself
	 * (rte_dev_event_callback_process) once done.
	 */
	int (*device_arrived)(const char *name);
};
void eal_bus_hooks_set(const struct rte_bus *bus, const struct eal_bus_hooks *hooks);
/* The bus's hooks, or NULL. */
const struct eal_bus_hooks *eal_bus_hooks_get(const struct rte_bus *bus);

/*
 * rte_devargs_parse and rte_devargs_add without their log line: on failure the reason (one
 * phrase, without the input, no newline) is written to why (why_len bytes), so that the caller
 * can log one line of its own that also says where the string came from. 0, -EINVAL, -ENOMEM,
 * or -ENODEV when the string names no bus and no bus recognises the device name (the public
 * functions report that as -EINVAL, DPDK's code for it). rte_errno is not set.
 */
/*
 * The end of the devargs layer starting at layer: the '/' that starts the next layer
 * ("/bus=", "/class=", "/driver="; any other '/' belongs to a value), or the NUL.
 */
const char *eal_devargs_layer_end(const char *layer);

int eal_devargs_parse_why(struct rte_devargs *da, const char *dev, char *why, size_t why_len);
int eal_devargs_add_why(enum rte_devtype devtype, const char *devargs_str, char *why,
			size_t why_len);

#endif
