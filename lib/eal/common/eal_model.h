/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_MODEL_H
#define EAL_MODEL_H

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

#endif
