/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_INTERRUPTS_H
#define RTE_INTERRUPTS_H

/*
 * Interrupt handles and callbacks, with DPDK 22.11's names and semantics.
 *
 * A handle describes one interrupt source of a device: the fd that becomes readable when the
 * interrupt fires (an eventfd for VFIO, /dev/uioN for UIO), the device fd, and for Rx-queue
 * interrupts a table of event fds (efds) and a queue -> vector list. Whoever creates the
 * handle (a kernel-driver backend for PCI devices, a vdev driver for its own fds) fills it in
 * and, for rte_intr_enable/disable/ack and rte_intr_efd_enable/disable to work, attaches its
 * interrupt operations with rte_intr_ops_set (interrupts_driver.h).
 *
 * Callbacks registered on a handle run in the EAL interrupt thread ("eal-intr-thread"), which
 * starts at the first registration and stops in rte_eal_cleanup. Functions return 0 or a
 * negative errno and set rte_errno on failure unless noted otherwise.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_epoll.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_intr_handle;

/* rte_intr_instance_alloc flags */
#define RTE_INTR_INSTANCE_F_PRIVATE UINT32_C(0)
/*
 * Shared with secondary processes in DPDK (allocated in hugepage memory). openeal accepts the
 * flag for source compatibility; the handle lives in process memory like a private one.
 */
#define RTE_INTR_INSTANCE_F_SHARED (UINT32_C(1) << 0)

/* Entries of the efds table of a new handle (rte_intr_event_list_update changes it). */
#define RTE_MAX_RXTX_INTR_VEC_ID 512
/* Vector 0 is for the other causes (link, errors); Rx queue vectors start at 1. */
#define RTE_INTR_VEC_ZERO_OFFSET 0
#define RTE_INTR_VEC_RXTX_OFFSET 1

enum rte_intr_handle_type {
	RTE_INTR_HANDLE_UNKNOWN = 0,
	RTE_INTR_HANDLE_UIO,	     /* igb_uio */
	RTE_INTR_HANDLE_UIO_INTX,    /* uio_pci_generic */
	RTE_INTR_HANDLE_VFIO_LEGACY, /* vfio-pci INTx */
	RTE_INTR_HANDLE_VFIO_MSI,
	RTE_INTR_HANDLE_VFIO_MSIX,
	RTE_INTR_HANDLE_ALARM,
	RTE_INTR_HANDLE_EXT,	   /* fd owned and drained by its callback */
	RTE_INTR_HANDLE_VDEV,	   /* virtual device: its driver manages the fds */
	RTE_INTR_HANDLE_DEV_EVENT, /* device event monitor */
	RTE_INTR_HANDLE_VFIO_REQ,  /* vfio-pci device release request */
	RTE_INTR_HANDLE_MAX
};

typedef void (*rte_intr_callback_fn)(void *cb_arg);
/* Called once a pending unregistration is done; may close the fd or free cb_arg. */
typedef void (*rte_intr_unregister_callback_fn)(struct rte_intr_handle *intr_handle, void *cb_arg);

/* ---- handle ---- */

/*
 * New handle: fd and dev_fd -1, type UNKNOWN, no efds (all -1) in a table of
 * RTE_MAX_RXTX_INTR_VEC_ID entries, an efd counter size of 8 bytes (an eventfd), no
 * operations. NULL with rte_errno EINVAL (unknown flag) or ENOMEM.
 */
struct rte_intr_handle *rte_intr_instance_alloc(uint32_t flags);
/*
 * Frees the handle and its tables (NULL: no-op). Rx event fds still added to an epoll
 * instance with rte_intr_rx_ctl are removed from it first. Closes no fd.
 */
void rte_intr_instance_free(struct rte_intr_handle *intr_handle);
/*
 * Copy of src with its own tables: fds, type, counts, efds and operations. The vector list
 * and the epoll registrations of the efds are not copied. NULL with rte_errno on failure.
 */
struct rte_intr_handle *rte_intr_instance_dup(const struct rte_intr_handle *src);

int rte_intr_fd_set(struct rte_intr_handle *intr_handle, int fd);
/* -1 if intr_handle is NULL. */
int rte_intr_fd_get(const struct rte_intr_handle *intr_handle);
/* EINVAL for a type outside the enum. */
int rte_intr_type_set(struct rte_intr_handle *intr_handle, enum rte_intr_handle_type type);
/* RTE_INTR_HANDLE_UNKNOWN if intr_handle is NULL. */
enum rte_intr_handle_type rte_intr_type_get(const struct rte_intr_handle *intr_handle);
/* The VFIO device fd or the UIO config fd. */
int rte_intr_dev_fd_set(struct rte_intr_handle *intr_handle, int fd);
int rte_intr_dev_fd_get(const struct rte_intr_handle *intr_handle);

/* Vectors in use: Rx event fds plus the other causes. ERANGE outside 0..nb_intr. */
int rte_intr_max_intr_set(struct rte_intr_handle *intr_handle, int max_intr);
int rte_intr_max_intr_get(const struct rte_intr_handle *intr_handle);
/* Rx event fds in use. ERANGE outside 0..nb_intr. */
int rte_intr_nb_efd_set(struct rte_intr_handle *intr_handle, int nb_efd);
int rte_intr_nb_efd_get(const struct rte_intr_handle *intr_handle);
/* Size of the efds table (RTE_MAX_RXTX_INTR_VEC_ID unless resized). */
int rte_intr_nb_intr_get(const struct rte_intr_handle *intr_handle);
/*
 * Bytes the EAL reads from the handle's fd (and its Rx efds) to clear an event before calling
 * the callbacks: 8 for an eventfd (the default), 4 for a UIO device, 0 when the callback
 * itself drains the fd. EINVAL above 8. See doc/interrupts.md for the handle types whose
 * fd the EAL never reads.
 */
int rte_intr_efd_counter_size_set(struct rte_intr_handle *intr_handle, uint8_t efd_counter_size);
int rte_intr_efd_counter_size_get(const struct rte_intr_handle *intr_handle);
/* efds[index]; ERANGE when index is outside 0..nb_intr-1. */
int rte_intr_efds_index_set(struct rte_intr_handle *intr_handle, int index, int fd);
int rte_intr_efds_index_get(const struct rte_intr_handle *intr_handle, int index);

/*
 * Queue -> vector list of size entries, all 0. 0 without change if a list exists already (as
 * DPDK). ERANGE when size is outside 1..nb_intr, ENOMEM. name is accepted for DPDK
 * compatibility (it names a hugepage allocation there).
 */
int rte_intr_vec_list_alloc(struct rte_intr_handle *intr_handle, const char *name, int size);
/* ERANGE when index is outside the list (or there is no list). */
int rte_intr_vec_list_index_set(struct rte_intr_handle *intr_handle, int index, int vec);
int rte_intr_vec_list_index_get(const struct rte_intr_handle *intr_handle, int index);
void rte_intr_vec_list_free(struct rte_intr_handle *intr_handle);

/* ---- callbacks (run in the EAL interrupt thread) ---- */

/*
 * Call cb(cb_arg) each time the handle's fd becomes readable. Several callbacks may share an
 * fd; they run in registration order. Starts the interrupt thread if it is not running.
 * EINVAL (NULL handle or cb, fd < 0), ENOMEM, or the errno of the thread's creation.
 */
int rte_intr_callback_register(const struct rte_intr_handle *intr_handle, rte_intr_callback_fn cb,
			       void *cb_arg);
/*
 * Remove the callbacks of the handle's fd equal to cb with cb_arg ((void *)-1: any cb_arg).
 * Returns how many were removed (0 if none matched), -ENOENT if nothing is registered for
 * the fd, -EAGAIN while the fd's callbacks are running (e.g. from inside one of them: use
 * rte_intr_callback_unregister_pending there).
 */
int rte_intr_callback_unregister(const struct rte_intr_handle *intr_handle, rte_intr_callback_fn cb,
				 void *cb_arg);
/*
 * From inside a callback of the same fd: mark the matching callbacks for removal once the
 * running callbacks return, then call ucb_fn(handle copy, cb_arg) for each (ucb_fn may be
 * NULL). Returns how many were marked, -ENOENT, or -EAGAIN when the fd's callbacks are not
 * running (use rte_intr_callback_unregister then).
 */
int rte_intr_callback_unregister_pending(const struct rte_intr_handle *intr_handle,
					 rte_intr_callback_fn cb_fn, void *cb_arg,
					 rte_intr_unregister_callback_fn ucb_fn);
/*
 * rte_intr_callback_unregister, waiting (asleep) for running callbacks of the fd to return
 * instead of failing with -EAGAIN. -EDEADLK when called from one of those callbacks.
 */
int rte_intr_callback_unregister_sync(const struct rte_intr_handle *intr_handle,
				      rte_intr_callback_fn cb, void *cb_arg);
/* Non-zero when called from the EAL interrupt thread (i.e. from a callback). */
int rte_thread_is_intr(void);

/* ---- device interrupt control (through the creator's operations) ---- */

/*
 * Unmask / mask the interrupt, and acknowledge one (re-arm a level-triggered INTx or UIO
 * interrupt; call it at the end of the callback). Each calls the operation the handle's
 * creator attached with rte_intr_ops_set. -ENOTSUP when the handle has no operations or not
 * this one; a VDEV handle without operations returns 0 (its driver manages its interrupts, as
 * in DPDK). Otherwise the operation's result.
 */
int rte_intr_enable(const struct rte_intr_handle *intr_handle);
int rte_intr_disable(const struct rte_intr_handle *intr_handle);
int rte_intr_ack(const struct rte_intr_handle *intr_handle);

/* ---- Rx-queue interrupts ---- */

/*
 * Prepare up to nb_efd Rx event fds (at most nb_intr - 1, vector 0 staying for the other
 * causes; 1 with a one-entry table) through the creator's efd_enable operation. EINVAL for nb_efd
 * 0. Without operations: 0 for a VDEV handle (its driver fills the efds), -ENOTSUP otherwise.
 */
int rte_intr_efd_enable(struct rte_intr_handle *intr_handle, uint32_t nb_efd);
/*
 * Remove the efds from any epoll instance, undo efd_enable through the creator's operation,
 * and set nb_efd and max_intr to 0.
 */
void rte_intr_efd_disable(struct rte_intr_handle *intr_handle);
/* Non-zero when Rx event fds are enabled (nb_efd > 0). */
int rte_intr_dp_is_en(struct rte_intr_handle *intr_handle);
/* Non-zero when a vector is left for the other causes (or Rx interrupts are off). */
int rte_intr_allow_others(struct rte_intr_handle *intr_handle);
/* Non-zero when the handle can deliver several vectors: VFIO_MSIX and VDEV handles. */
int rte_intr_cap_multiple(struct rte_intr_handle *intr_handle);

/*
 * Add (RTE_INTR_EVENT_ADD) or remove (RTE_INTR_EVENT_DEL) the event fd of vector vec to/from
 * epfd (RTE_EPOLL_PER_THREAD: the calling thread's instance). rte_epoll_wait then returns
 * the event with data. -EPERM for a vector without an efd, an unknown op or a failed
 * epoll_ctl; -EEXIST when the vector was already added.
 */
int rte_intr_rx_ctl(struct rte_intr_handle *intr_handle, int epfd, int op, unsigned int vec,
		    void *data);
/* Remove every efd of the handle from the epoll instance it was added to. */
void rte_intr_free_epoll_fd(struct rte_intr_handle *intr_handle);
/*
 * The calling thread's epoll instance, created at the first call and closed by
 * rte_eal_cleanup. -1 (one line logged) if it cannot be created.
 */
int rte_intr_tls_epfd(void);

#ifdef __cplusplus
}
#endif
#endif
