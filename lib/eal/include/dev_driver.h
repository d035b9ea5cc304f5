/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DEV_DRIVER_H
#define DEV_DRIVER_H

/* Driver-facing device structures (public and stable in openeal, unlike DPDK 22.11). */

#include <rte_common.h>
#include <rte_dev.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_DEV_NAME_MAX_LEN 64

struct rte_driver {
	RTE_TAILQ_ENTRY(rte_driver) next;
	const char *name;  /* driver name, e.g. "net_null" */
	const char *alias; /* optional second name accepted in devargs */
};

struct rte_device {
	RTE_TAILQ_ENTRY(rte_device) next;
	const char *name;		  /* unique on its bus, e.g. "0000:00:02.0" */
	const char *bus_info;		  /* optional bus-specific text */
	const struct rte_driver *driver;  /* NULL until probed */
	const struct rte_bus *bus;
	int numa_node;			  /* -1 (SOCKET_ID_ANY) when unknown */
	struct rte_devargs *devargs;	  /* the -a/--vdev/hotplug arguments, or NULL */
};

#define SOCKET_ID_ANY -1

#ifdef __cplusplus
}
#endif
#endif
