/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_INTERRUPTS_H
#define EAL_INTERRUPTS_H

/*
 * Internal to the interrupt code: the handle's layout, and the interface between the
 * OS-neutral callback list (common/eal_common_intr_callbacks.c) and the OS's interrupt
 * thread (linux/eal_intr_thread.c).
 *
 * Locks: the callback list has one mutex; the thread's start/stop state has its own, always
 * taken after the list's when both are needed. The interrupt thread never holds the thread
 * state lock, and nobody joins the thread while holding either lock.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <interrupts_driver.h>
#include <rte_interrupts.h>
#include <rte_log.h>

struct rte_intr_handle {
	int fd;
	int dev_fd;
	enum rte_intr_handle_type type;
	uint32_t alloc_flags;
	int max_intr;
	int nb_efd;
	int nb_intr; /* entries of efds and elist */
	uint8_t efd_counter_size;
	int *efds;
	struct rte_epoll_event *elist;
	int vec_list_size;
	int *intr_vec;
	const struct rte_intr_ops *ops;
	void *ops_priv;
};

extern int eal_intr_logtype;
#define INTR_LOG(level, ...) rte_log(RTE_LOG_##level, eal_intr_logtype, __VA_ARGS__)

/* The largest counter the EAL reads from an interrupt fd (an eventfd's uint64_t). */
#define EAL_INTR_MAX_COUNTER_SIZE 8

/*
 * Bytes to read from the handle's main fd before its callbacks run: 0 for the types whose fd
 * belongs to the callback (EXT, VDEV, DEV_EVENT, as in DPDK), else the efd counter size.
 */
size_t eal_intr_source_read_size(const struct rte_intr_handle *h);
/* Bytes to read from an Rx event fd: 0 for EXT handles, else the efd counter size. */
size_t eal_intr_efd_read_size(const struct rte_intr_handle *h);
/* "vfio-msix", "uio", ... for log lines. */
const char *eal_intr_type_name(enum rte_intr_handle_type type);

/* ---- provided by the OS interrupt thread, called with the callback list lock held ---- */

/* Start the thread if it is not running. 0 or a negative errno (one line logged). */
int eal_intr_thread_start(void);
/* Make the thread re-read the watched sources (they changed). No-op if it is not running. */
void eal_intr_thread_wakeup(void);

/* ---- provided by the callback list, called by the interrupt thread ---- */

/*
 * Call watch(fd, id, arg) for every source that has callbacks, under the list lock. A source
 * whose watch returns a negative errno is dropped with its callbacks (one line logged).
 */
void eal_intr_sources_watch(int (*watch)(int fd, uint64_t id, void *arg), void *arg);
/*
 * The watched source id had an event: when readable, read its counter and run its callbacks;
 * on hangup (or a failed read) drop it afterwards, logging one line. An id that is no longer
 * registered is ignored.
 */
void eal_intr_source_dispatch(uint64_t id, bool readable, bool hangup);
/* After the thread stopped: drop every remaining source (one line each). */
void eal_intr_sources_release(void);

/* ---- Rx epoll support (linux/eal_epoll.c) ---- */

/* Close every per-thread epoll instance (rte_eal_cleanup). */
void eal_epoll_release_all(void);

#endif
