/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_BUS_H
#define RTE_BUS_H

/* Application-facing bus API. Buses themselves are defined in bus_driver.h. */

#include <stdio.h>
#include <rte_common.h>
#include <rte_eal.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_bus;
struct rte_device;

const char *rte_bus_name(const struct rte_bus *bus);
/* Scan every registered bus. 0, or the first error (the other buses are still scanned). */
int rte_bus_scan(void);
/* Probe every bus (the vdev bus last, as in DPDK). 0, or -1 if a bus failed as a whole. */
int rte_bus_probe(void);
void rte_bus_dump(FILE *f);

typedef int (*rte_bus_cmp_t)(const struct rte_bus *bus, const void *data);
/* First bus after start (NULL: from the beginning) for which cmp returns 0. */
struct rte_bus *rte_bus_find(const struct rte_bus *start, rte_bus_cmp_t cmp, const void *data);
struct rte_bus *rte_bus_find_by_device(const struct rte_device *dev);
struct rte_bus *rte_bus_find_by_name(const char *busname);
/* IOVA mode that every bus accepts: PA, VA, or DC when they don't care or disagree. */
enum rte_iova_mode rte_bus_get_iommu_class(void);

#ifdef __cplusplus
}
#endif
#endif
