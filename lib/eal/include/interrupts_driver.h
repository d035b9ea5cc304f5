/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef INTERRUPTS_DRIVER_H
#define INTERRUPTS_DRIVER_H

/*
 * For whoever creates interrupt handles: kernel-driver backends (vfio-pci, uio_pci_generic,
 * igb_uio, in this tree or out of it) and drivers of virtual devices.
 *
 * DPDK's rte_intr_enable/disable/ack switch on the handle type, so the EAL has to know every
 * kernel driver. openeal's do not: the creator attaches an operations table to the handle and
 * the EAL calls it. A new kernel driver therefore needs no change in the EAL. See
 * doc/interrupts.md for a walk-through.
 */

#include <stdint.h>

#include <rte_interrupts.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Interrupt operations of one kind of handle. Each returns 0 or a negative errno and receives
 * the priv pointer given to rte_intr_ops_set. A NULL member makes the matching rte_intr_*
 * call fail with -ENOTSUP; an operation that is legitimately a no-op (ack of MSI/MSI-X, which
 * need no re-arming) is a function returning 0.
 */
struct rte_intr_ops {
	/* Unmask the interrupt (VFIO_DEVICE_SET_IRQS with the eventfds, UIO irqcontrol, ...). */
	int (*enable)(const struct rte_intr_handle *handle, void *priv);
	int (*disable)(const struct rte_intr_handle *handle, void *priv);
	/* Re-arm after one interrupt was handled (INTx unmask, UIO irqcontrol write). */
	int (*ack)(const struct rte_intr_handle *handle, void *priv);
	/*
	 * Provide nb_efd Rx event fds (nb_efd >= 1, already clamped to nb_intr - 1, or 1): fill
	 * efds with rte_intr_efds_index_set, then rte_intr_nb_efd_set and rte_intr_max_intr_set
	 * (nb_efd plus the vectors of the other causes). A single-vector mechanism uses its one
	 * fd as efds[0] with nb_efd 1.
	 */
	int (*efd_enable)(struct rte_intr_handle *handle, uint32_t nb_efd, void *priv);
	/* Release what efd_enable created (close eventfds it opened). nb_efd is reset after. */
	void (*efd_disable)(struct rte_intr_handle *handle, void *priv);
};

/*
 * Attach ops (which must outlive the handle; usually a static const table) and priv (owned by
 * the caller, never freed by the EAL) to the handle; ops NULL detaches. rte_intr_instance_dup
 * copies both. EINVAL if intr_handle is NULL.
 */
int rte_intr_ops_set(struct rte_intr_handle *intr_handle, const struct rte_intr_ops *ops,
		     void *priv);

/*
 * Resize the efds table (and the matching epoll event objects) to size entries, for devices
 * with more vectors than RTE_MAX_RXTX_INTR_VEC_ID (e.g. MSI-X table size). New entries are
 * -1. EINVAL for size <= 0; ERANGE when size is below nb_efd or max_intr; EBUSY while an
 * efd is added to an epoll instance; ENOMEM.
 */
int rte_intr_event_list_update(struct rte_intr_handle *intr_handle, int size);

#ifdef __cplusplus
}
#endif
#endif
