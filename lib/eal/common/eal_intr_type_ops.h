/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_INTR_TYPE_OPS_H
#define EAL_INTR_TYPE_OPS_H

/* For kernel-driver backends: what an interrupt handle type means when nobody attached ops. */

#include <interrupts_driver.h>

/*
 * The operations of a handle that has none attached, by its type: what DPDK does for a handle an
 * application fills in itself (rte_intr_type_set(h, RTE_INTR_HANDLE_UIO) on a /dev/uioN fd
 * enables by writing irqcontrol). Each kernel-driver backend sets the ones its type means, at
 * registration; their priv is NULL. 0, or -EINVAL for a type out of range.
 */
int eal_intr_type_ops_set(enum rte_intr_handle_type type, const struct rte_intr_ops *ops);

#endif
