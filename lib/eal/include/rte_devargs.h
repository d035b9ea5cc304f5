/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_DEVARGS_H
#define RTE_DEVARGS_H

/*
 * Device arguments: "bus:name,k=v,..." or "name,k=v,..." (the bus is the first one whose
 * parse() accepts name). They come from -a/-b/--vdev and from hotplug, and a bus consults
 * them while scanning (allow/block policy) and gives them to drivers.
 */

#include <stdio.h>
#include <rte_common.h>
#include <dev_driver.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rte_devtype {
	RTE_DEVTYPE_ALLOWED,
	RTE_DEVTYPE_BLOCKED,
	RTE_DEVTYPE_VIRTUAL,
};

enum rte_dev_policy {
	RTE_DEV_ALLOWED,
	RTE_DEV_BLOCKED,
};

/* The keys that start the layers of DPDK's global syntax: "bus=pci,.../class=eth,.../driver=...". */
#define RTE_DEVARGS_KEY_BUS "bus"
#define RTE_DEVARGS_KEY_CLASS "class"
#define RTE_DEVARGS_KEY_DRIVER "driver"

struct rte_bus;
struct rte_class;

struct rte_devargs {
	RTE_TAILQ_ENTRY(rte_devargs) next;
	enum rte_devtype type;
	enum rte_dev_policy policy;
	char name[RTE_DEV_NAME_MAX_LEN];
	union {
		const char *args; /* "k=v,..." after the name; "" when none */
		const char *drv_str;
	};
	struct rte_bus *bus;
	struct rte_class *cls;
	const char *bus_str;
	const char *cls_str;
	char *data; /* storage owned by the devargs */
	/*
	 * openeal: the driver this device is pinned to, from a "driver=NAME" argument (in either
	 * syntax: "0000:00:02.0,driver=NAME,k=v" or "bus=pci,addr=.../driver=NAME,k=v"); NULL
	 * when not pinned. The key is taken out of args, which the driver parses with its own
	 * keys. Points into data.
	 */
	const char *drv_name;
};

/* Fill da from dev. 0, or -EINVAL (no bus recognises the name, name too long, ...). On
 * success da owns memory: release it with rte_devargs_reset (or let rte_devargs_remove). */
int rte_devargs_parse(struct rte_devargs *da, const char *dev);
int rte_devargs_parsef(struct rte_devargs *da, const char *format, ...) __rte_format_printf(2, 3);
void rte_devargs_reset(struct rte_devargs *da);
/*
 * Insert *da (malloc'd, parsed) into the global list, which takes ownership. If devargs with
 * the same bus and name exist, the listed struct keeps its address (buses hold pointers to
 * it): its contents are replaced by *da's, *da is freed and set to the listed one. 0 or
 * negative errno.
 */
int rte_devargs_insert(struct rte_devargs **da);
/* Parse and insert. 0 or negative errno. */
int rte_devargs_add(enum rte_devtype devtype, const char *devargs_str);
/* Remove and free the devargs with da's bus and name. 0, 1 if not found, <0 on error. */
int rte_devargs_remove(struct rte_devargs *devargs);
unsigned int rte_devargs_type_count(enum rte_devtype devtype);
void rte_devargs_dump(FILE *f);
/*
 * Next devargs of busname (NULL: any bus) after start (NULL: from the beginning). Every list
 * operation is atomic; a walker must make sure start stays listed until this call (remove
 * runs under the EAL hotplug lock, so bus scans and hotplug calls are safe).
 */
struct rte_devargs *rte_devargs_next(const char *busname, const struct rte_devargs *start);
#define RTE_EAL_DEVARGS_FOREACH(bus_name, da)                                                       \
	for (da = rte_devargs_next(bus_name, NULL); da != NULL; da = rte_devargs_next(bus_name, da))

#ifdef __cplusplus
}
#endif
#endif
