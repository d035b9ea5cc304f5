/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EAL interrupt thread: waits with epoll on every fd that has callbacks and hands each
 * event to the callback list (eal_intr_source_dispatch). It starts at the first callback
 * registration, so a program without interrupts never has it, and rte_eal_cleanup stops it.
 *
 * The watched set is rebuilt from the callback list into a fresh epoll instance whenever the
 * list changes (the list writes the wakeup eventfd). Rebuilding rather than editing the set
 * means an fd closed and reused between two rebuilds can never leave a stale entry behind.
 */

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <rte_errno.h>

#include "../common/eal_interrupts.h"
#include "../common/eal_intr_private.h"

#define INTR_THREAD_NAME "eal-intr-thread"
#define INTR_WAKEUP_ID 0 /* epoll data of the wakeup fd; sources have ids from 1 */
#define INTR_EVENTS_MAX 16

enum intr_thread_state { INTR_STOPPED, INTR_RUNNING, INTR_STOPPING };

/*
 * Guarded by thread_lock, which is only held for short steps and never while waiting for the
 * thread, so the thread may take it (to wake itself) without risk.
 */
static pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;
static enum intr_thread_state thread_state = INTR_STOPPED;
static pthread_t thread_id;
static int wakeup_fd = -1;
/* Set by eal_intr_thread_stop before it wakes the thread for the last time. */
static bool thread_stop_requested;
/* True in the interrupt thread only (rte_thread_is_intr). */
static __thread bool in_intr_thread;

struct intr_thread_ctx {
	int wakeup_fd;
	int epfd;
};

static int epoll_watch(int epfd, int fd, uint64_t id)
{
	struct epoll_event ev = {.events = EPOLLIN | EPOLLPRI, .data.u64 = id};
	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : -errno;
}

static int watch_source(int fd, uint64_t id, void *arg)
{
	return epoll_watch(*(int *)arg, fd, id);
}

/* A new epoll set with the wakeup fd and every source. Returns the epoll fd or -errno. */
static int intr_epoll_build(int wake)
{
	int epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0)
		return -errno;
	int ret = epoll_watch(epfd, wake, INTR_WAKEUP_ID);
	if (ret < 0) {
		close(epfd);
		return ret;
	}
	eal_intr_sources_watch(watch_source, &epfd);
	return epfd;
}

/* Drain the wakeup eventfd; true when the thread must exit. */
static bool intr_wakeup_consume(int wake)
{
	uint64_t count;
	if (read(wake, &count, sizeof(count)) < 0 && errno != EAGAIN)
		INTR_LOG(ERR, "interrupt thread: reading its wakeup fd failed: %s\n",
			 strerror(errno));
	return __atomic_load_n(&thread_stop_requested, __ATOMIC_ACQUIRE);
}

static void *intr_thread_main(void *arg)
{
	struct intr_thread_ctx *ctx = arg;
	int epfd = ctx->epfd;
	in_intr_thread = true;
	bool rebuild = false;

	for (;;) {
		if (rebuild) {
			int fresh = intr_epoll_build(ctx->wakeup_fd);
			if (fresh >= 0) {
				close(epfd);
				epfd = fresh;
			} else {
				/* Keep the old set; the next change of the list retries. */
				INTR_LOG(ERR,
					 "interrupt thread: cannot rebuild its epoll set: %s; "
					 "callbacks registered since are not watched yet\n",
					 strerror(-fresh));
			}
			rebuild = false;
		}
		struct epoll_event events[INTR_EVENTS_MAX];
		int n = epoll_wait(epfd, events, INTR_EVENTS_MAX, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			INTR_LOG(ERR, "interrupt thread: epoll_wait failed: %s; thread exits\n",
				 strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++) {
			uint32_t e = events[i].events;
			if (events[i].data.u64 == INTR_WAKEUP_ID) {
				if (intr_wakeup_consume(ctx->wakeup_fd))
					goto out;
				rebuild = true;
				continue;
			}
			eal_intr_source_dispatch(events[i].data.u64,
						 (e & (EPOLLIN | EPOLLPRI)) != 0,
						 (e & (EPOLLHUP | EPOLLERR)) != 0);
		}
	}
out:
	close(epfd);
	return NULL;
}

/*
 * The thread starts with every signal blocked: signals meant for the application must not
 * land in the interrupt thread and interrupt a driver's callback.
 */
static int intr_thread_create(struct intr_thread_ctx *ctx)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int ret = pthread_create(&thread_id, NULL, intr_thread_main, ctx);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret == 0)
		pthread_setname_np(thread_id, INTR_THREAD_NAME);
	return -ret;
}

/* One context: the thread reads it, and only one thread runs at a time. */
static struct intr_thread_ctx thread_ctx;

int eal_intr_thread_start(void)
{
	int ret = 0;
	pthread_mutex_lock(&thread_lock);
	if (thread_state == INTR_RUNNING)
		goto out;
	if (thread_state == INTR_STOPPING) {
		INTR_LOG(ERR, "cannot register an interrupt callback while rte_eal_cleanup stops "
			      "the interrupt thread\n");
		ret = -ESHUTDOWN;
		goto out;
	}
	int wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (wake < 0) {
		ret = -errno;
		goto fail_log;
	}
	/* The first epoll set is made here, in the caller, so that a failure reaches it. */
	int epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0) {
		ret = -errno;
		close(wake);
		goto fail_log;
	}
	ret = epoll_watch(epfd, wake, INTR_WAKEUP_ID);
	if (ret == 0) {
		thread_ctx = (struct intr_thread_ctx){.wakeup_fd = wake, .epfd = epfd};
		__atomic_store_n(&thread_stop_requested, false, __ATOMIC_RELEASE);
		ret = intr_thread_create(&thread_ctx);
	}
	if (ret < 0) {
		close(epfd);
		close(wake);
		goto fail_log;
	}
	wakeup_fd = wake;
	thread_state = INTR_RUNNING;
	goto out;

fail_log:
	INTR_LOG(ERR, "cannot start the interrupt thread: %s\n", strerror(-ret));
out:
	pthread_mutex_unlock(&thread_lock);
	return ret;
}

static void intr_wakeup_write(int wake)
{
	uint64_t one = 1;
	/* Fails only if the counter would overflow, which leaves it readable anyway. */
	if (write(wake, &one, sizeof(one)) < 0 && errno != EAGAIN)
		INTR_LOG(ERR, "cannot wake the interrupt thread: %s\n", strerror(errno));
}

void eal_intr_thread_wakeup(void)
{
	pthread_mutex_lock(&thread_lock);
	if (thread_state == INTR_RUNNING)
		intr_wakeup_write(wakeup_fd);
	pthread_mutex_unlock(&thread_lock);
}

int rte_thread_is_intr(void)
{
	return in_intr_thread;
}

int eal_intr_thread_stop(void)
{
	if (in_intr_thread) {
		INTR_LOG(ERR, "rte_eal_cleanup called from an interrupt callback: the interrupt "
			      "thread cannot stop itself; call it from another thread\n");
		return -EDEADLK;
	}
	pthread_mutex_lock(&thread_lock);
	enum intr_thread_state state = thread_state;
	pthread_t tid = thread_id;
	int wake = wakeup_fd;
	if (state == INTR_RUNNING) {
		thread_state = INTR_STOPPING;
		__atomic_store_n(&thread_stop_requested, true, __ATOMIC_RELEASE);
		intr_wakeup_write(wake);
	}
	pthread_mutex_unlock(&thread_lock);
	/* Another caller is already stopping it and will release everything. */
	if (state == INTR_STOPPING)
		return 0;

	if (state == INTR_RUNNING) {
		/* Joined without any lock held: the thread may need the list lock to finish. */
		pthread_join(tid, NULL);
		close(wake);
		pthread_mutex_lock(&thread_lock);
		wakeup_fd = -1;
		thread_state = INTR_STOPPED;
		pthread_mutex_unlock(&thread_lock);
	}
	eal_intr_sources_release();
	eal_epoll_release_all();
	return 0;
}
