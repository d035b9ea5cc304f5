/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rx-queue interrupts: epoll wrappers (rte_epoll_*), the per-thread epoll instance, and
 * rte_intr_rx_ctl which puts a queue's event fd into an epoll instance.
 *
 * An rte_epoll_event is the epoll data of its fd, so it must not change while rte_epoll_wait
 * runs its callback in another thread. Its status works as a small lock: rte_epoll_wait moves
 * it VALID -> EXEC -> VALID around the callback, and removal waits until it can move it
 * VALID -> INVALID.
 *
 * Per-thread instances are recorded so that rte_eal_cleanup can close them all (DPDK leaves
 * them open); a generation number tells a thread that its instance was closed meanwhile.
 */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_epoll.h>
#include <rte_interrupts.h>

#include "../common/eal_interrupts.h"

#define EPOLL_WAIT_CHUNK 64

static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;
static int *tls_fds; /* every per-thread instance, guarded by tls_lock */
static size_t tls_count, tls_capacity;
static uint64_t tls_generation = 1;
static __thread int tls_epfd = -1;
static __thread uint64_t tls_epfd_generation;

static int tls_record(int fd)
{
	if (tls_count == tls_capacity) {
		size_t cap = tls_capacity == 0 ? 8 : tls_capacity * 2;
		int *fds = realloc(tls_fds, cap * sizeof(*fds));
		if (fds == NULL)
			return -ENOMEM;
		tls_fds = fds;
		tls_capacity = cap;
	}
	tls_fds[tls_count++] = fd;
	return 0;
}

int rte_intr_tls_epfd(void)
{
	if (tls_epfd >= 0 &&
	    tls_epfd_generation == __atomic_load_n(&tls_generation, __ATOMIC_ACQUIRE))
		return tls_epfd;

	pthread_mutex_lock(&tls_lock);
	int fd = epoll_create1(EPOLL_CLOEXEC);
	int err = fd < 0 ? errno : 0;
	if (fd >= 0 && tls_record(fd) != 0) {
		close(fd);
		fd = -1;
		err = ENOMEM;
	}
	if (fd >= 0) {
		tls_epfd = fd;
		tls_epfd_generation = tls_generation;
	}
	pthread_mutex_unlock(&tls_lock);
	if (fd < 0)
		INTR_LOG(ERR, "cannot create this thread's epoll instance: %s\n", strerror(err));
	return fd;
}

void eal_epoll_release_all(void)
{
	pthread_mutex_lock(&tls_lock);
	for (size_t i = 0; i < tls_count; i++)
		close(tls_fds[i]);
	free(tls_fds);
	tls_fds = NULL;
	tls_count = 0;
	tls_capacity = 0;
	__atomic_add_fetch(&tls_generation, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&tls_lock);
}

/* Wait until no rte_epoll_wait runs the event's callback, then mark it unused and clear it. */
static void epoll_event_release(struct rte_epoll_event *ev)
{
	for (;;) {
		uint32_t expected = RTE_EPOLL_VALID;
		if (__atomic_compare_exchange_n(&ev->status, &expected, RTE_EPOLL_INVALID, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED) ||
		    expected == RTE_EPOLL_INVALID)
			break;
		/* EXEC: a callback is reading its fd, which takes a few microseconds at most. */
		sched_yield();
	}
	ev->fd = -1;
	ev->epfd = -1;
	memset(&ev->epdata, 0, sizeof(ev->epdata));
}

static int epoll_events_deliver(const struct epoll_event *evs, int n,
				struct rte_epoll_event *events)
{
	int count = 0;
	for (int i = 0; i < n; i++) {
		struct rte_epoll_event *rev = evs[i].data.ptr;
		uint32_t expected = RTE_EPOLL_VALID;
		/* Acquire pairs with the release below: the owner of EXEC owns *rev. */
		if (!__atomic_compare_exchange_n(&rev->status, &expected, RTE_EPOLL_EXEC, false,
						 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			continue; /* being removed */
		events[count] = (struct rte_epoll_event){
		    .status = RTE_EPOLL_VALID,
		    .fd = rev->fd,
		    .epfd = rev->epfd,
		    .epdata = {.event = evs[i].events, .data = rev->epdata.data},
		};
		if (rev->epdata.cb_fun != NULL)
			rev->epdata.cb_fun(rev->fd, rev->epdata.cb_arg);
		__atomic_store_n(&rev->status, RTE_EPOLL_VALID, __ATOMIC_RELEASE);
		count++;
	}
	return count;
}

static int epoll_wait_events(int epfd, struct rte_epoll_event *events, int maxevents, int timeout,
			     bool interruptible)
{
	if (events == NULL || maxevents <= 0) {
		INTR_LOG(ERR, "rte_epoll_wait: %s\n",
			 events == NULL ? "events is NULL" : "maxevents must be positive");
		errno = EINVAL;
		return -1;
	}
	if (epfd == RTE_EPOLL_PER_THREAD) {
		epfd = rte_intr_tls_epfd();
		if (epfd < 0)
			return -1;
	}
	struct epoll_event evs[EPOLL_WAIT_CHUNK];
	int max = RTE_MIN(maxevents, EPOLL_WAIT_CHUNK);
	for (;;) {
		int n = epoll_wait(epfd, evs, max, timeout);
		if (n >= 0)
			return n == 0 ? 0 : epoll_events_deliver(evs, n, events);
		if (errno == EINTR) {
			if (interruptible)
				return -1;
			continue;
		}
		INTR_LOG(ERR, "rte_epoll_wait on epoll fd %d failed: %s\n", epfd, strerror(errno));
		return -1;
	}
}

int rte_epoll_wait(int epfd, struct rte_epoll_event *events, int maxevents, int timeout)
{
	return epoll_wait_events(epfd, events, maxevents, timeout, false);
}

int rte_epoll_wait_interruptible(int epfd, struct rte_epoll_event *events, int maxevents,
				 int timeout)
{
	return epoll_wait_events(epfd, events, maxevents, timeout, true);
}

int rte_epoll_ctl(int epfd, int op, int fd, struct rte_epoll_event *event)
{
	if (event == NULL) {
		INTR_LOG(ERR, "rte_epoll_ctl: event is NULL\n");
		return -1;
	}
	if (epfd == RTE_EPOLL_PER_THREAD) {
		epfd = rte_intr_tls_epfd();
		if (epfd < 0)
			return -1;
	}
	if (op == EPOLL_CTL_ADD) {
		__atomic_store_n(&event->status, RTE_EPOLL_VALID, __ATOMIC_RELAXED);
		event->fd = fd;
		event->epfd = epfd;
	}
	struct epoll_event ev = {.events = event->epdata.event, .data.ptr = event};
	if (epoll_ctl(epfd, op, fd, &ev) < 0) {
		INTR_LOG(ERR, "epoll_ctl op %d on fd %d (epoll fd %d) failed: %s\n", op, fd, epfd,
			 strerror(errno));
		if (op == EPOLL_CTL_ADD)
			__atomic_store_n(&event->status, RTE_EPOLL_INVALID, __ATOMIC_RELAXED);
		return -1;
	}
	if (op == EPOLL_CTL_DEL)
		epoll_event_release(event);
	return 0;
}

/* cb_fun of an Rx event: clear the fd's readiness by reading its counter. */
static void rx_event_consume(int fd, void *arg)
{
	const struct rte_intr_handle *h = arg;
	size_t size = eal_intr_efd_read_size(h);
	if (size == 0)
		return;
	uint8_t buf[EAL_INTR_MAX_COUNTER_SIZE];
	ssize_t n;
	do {
		n = read(fd, buf, size);
	} while (n < 0 && errno == EINTR);
	/* EAGAIN: already consumed by an earlier wake-up (the fd is edge-triggered). */
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		INTR_LOG(ERR, "reading Rx interrupt fd %d failed: %s\n", fd, strerror(errno));
}

int rte_intr_rx_ctl(struct rte_intr_handle *intr_handle, int epfd, int op, unsigned int vec,
		    void *data)
{
	unsigned int efd_idx =
	    vec >= RTE_INTR_VEC_RXTX_OFFSET ? vec - RTE_INTR_VEC_RXTX_OFFSET : vec;
	if (intr_handle == NULL || efd_idx >= (unsigned int)intr_handle->nb_efd) {
		INTR_LOG(ERR,
			 "rte_intr_rx_ctl: vector %u has no Rx event fd (%d enabled; call "
			 "rte_intr_efd_enable first)\n",
			 vec, intr_handle == NULL ? 0 : intr_handle->nb_efd);
		return -EPERM;
	}
	struct rte_epoll_event *rev = &intr_handle->elist[efd_idx];
	uint32_t status = __atomic_load_n(&rev->status, __ATOMIC_RELAXED);
	if (op == (int)RTE_INTR_EVENT_ADD) {
		if (status != RTE_EPOLL_INVALID) {
			INTR_LOG(INFO, "rte_intr_rx_ctl: vector %u is already added\n", vec);
			return -EEXIST;
		}
		rev->epdata = (struct rte_epoll_data){
		    .event = EPOLLIN | EPOLLPRI | EPOLLET,
		    .data = data,
		    .cb_fun = rx_event_consume,
		    .cb_arg = intr_handle,
		};
		return rte_epoll_ctl(epfd, EPOLL_CTL_ADD, intr_handle->efds[efd_idx], rev) == 0
			   ? 0
			   : -EPERM;
	}
	if (op == (int)RTE_INTR_EVENT_DEL) {
		if (status == RTE_EPOLL_INVALID) {
			INTR_LOG(INFO, "rte_intr_rx_ctl: vector %u is not added\n", vec);
			return -EPERM;
		}
		return rte_epoll_ctl(rev->epfd, EPOLL_CTL_DEL, rev->fd, rev) == 0 ? 0 : -EPERM;
	}
	INTR_LOG(ERR, "rte_intr_rx_ctl: unknown op %d (RTE_INTR_EVENT_ADD or _DEL)\n", op);
	return -EPERM;
}

void rte_intr_free_epoll_fd(struct rte_intr_handle *intr_handle)
{
	if (intr_handle == NULL)
		return;
	for (int i = 0; i < intr_handle->nb_intr; i++) {
		struct rte_epoll_event *rev = &intr_handle->elist[i];
		if (__atomic_load_n(&rev->status, __ATOMIC_RELAXED) == RTE_EPOLL_INVALID)
			continue;
		/* Fails harmlessly when the fd or the epoll instance is already closed. */
		epoll_ctl(rev->epfd, EPOLL_CTL_DEL, rev->fd, NULL);
		epoll_event_release(rev);
	}
}
