/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_PMD_NULL_H
#define RTE_PMD_NULL_H

/*
 * net_null: a virtual device that owns no hardware. Created with "--vdev net_null0[,size=N]
 * [,copy=0|1]" (alias eth_null); it exists to exercise the vdev bus and its argument handling.
 * These calls read the state a probed device keeps.
 */

#ifdef __cplusplus
extern "C" {
#endif

/* Packet size accepted in "size=": 1 to 9600 bytes, 64 when not given. */
#define RTE_PMD_NULL_SIZE_MIN 1U
#define RTE_PMD_NULL_SIZE_MAX 9600U
#define RTE_PMD_NULL_SIZE_DEFAULT 64U

/* Packet size of the probed net_null device devname: 0, or -EINVAL (NULL argument) or -ENODEV
 * (no probed net_null device of that name). */
int rte_pmd_null_get_size(const char *devname, unsigned *size);
/* Whether devname copies packet data ("copy=1"): 0 with *copy set to 0 or 1, or as above. */
int rte_pmd_null_get_copy(const char *devname, int *copy);

#ifdef __cplusplus
}
#endif
#endif
