/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_EPOLL_H
#define RTE_EPOLL_H

/*
 * epoll wrappers for Rx-queue interrupts, with DPDK's names. A data-path thread adds the event
 * fds of its queues to an epoll instance (usually its own, RTE_EPOLL_PER_THREAD, through
 * rte_intr_rx_ctl) and sleeps in rte_epoll_wait until a queue has packets. The EAL interrupt
 * thread is not involved.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* op of rte_intr_rx_ctl */
#define RTE_INTR_EVENT_ADD 1UL
#define RTE_INTR_EVENT_DEL 2UL

typedef void (*rte_intr_event_cb_t)(int fd, void *arg);

struct rte_epoll_data {
	uint32_t event;		    /* epoll event mask (EPOLLIN, ...) to wait for / that fired */
	void *data;		    /* user data, returned with the event */
	rte_intr_event_cb_t cb_fun; /* called by rte_epoll_wait before returning the event */
	void *cb_arg;
};

/* status of an rte_epoll_event */
enum {
	RTE_EPOLL_INVALID = 0, /* not in any epoll instance */
	RTE_EPOLL_VALID,       /* added */
	RTE_EPOLL_EXEC,	       /* its callback is running in rte_epoll_wait */
};

/*
 * One watched fd. The epoll instance points at this object, so it must stay in place from
 * EPOLL_CTL_ADD until EPOLL_CTL_DEL.
 */
struct rte_epoll_event {
	uint32_t status; /* RTE_EPOLL_*, accessed atomically */
	int fd;		 /* OUT: the fd the event is for */
	int epfd;	 /* OUT: the epoll instance it belongs to */
	struct rte_epoll_data epdata;
};

/* Use the calling thread's own epoll instance (see rte_intr_tls_epfd). */
#define RTE_EPOLL_PER_THREAD -1

/*
 * Wait up to timeout ms (-1: forever, 0: poll) for events on epfd, run each event's cb_fun and
 * copy up to maxevents events to events. Retries when a signal interrupts the wait.
 * Returns the number of events, 0 on timeout, -1 on error (one line logged).
 */
int rte_epoll_wait(int epfd, struct rte_epoll_event *events, int maxevents, int timeout);
/* The same, but returns -1 with errno EINTR when a signal interrupts the wait. */
int rte_epoll_wait_interruptible(int epfd, struct rte_epoll_event *events, int maxevents,
				 int timeout);
/*
 * epoll_ctl(epfd, op, fd) with event as the watched object (event->epdata.event is the mask).
 * ADD records fd and epfd in event and marks it VALID; DEL waits for a running cb_fun of the
 * event to return, then marks it INVALID and clears it. 0, or -1 with one line logged.
 */
int rte_epoll_ctl(int epfd, int op, int fd, struct rte_epoll_event *event);

#ifdef __cplusplus
}
#endif
#endif
