/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interrupt callback list: one source per fd, each with its callbacks, and how the
 * interrupt thread runs them. The OS thread (linux/eal_intr_thread.c) only waits for events
 * and hands them to eal_intr_source_dispatch.
 *
 * While a source's callbacks run, the source is "active" and the list lock is released around
 * each call, so a callback may register and unregister other sources. Removing a callback of
 * the active source would pull the list from under the running loop, so it is refused with
 * -EAGAIN (DPDK's rule); rte_intr_callback_unregister_pending marks it instead and the
 * dispatcher removes it once the loop is done.
 *
 * Sources carry a never-reused id which the thread uses to name them in the epoll set: an fd
 * number may be closed and reused by a new source before the thread re-reads the list, an id
 * cannot.
 */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/queue.h>
#include <unistd.h>

#include <rte_errno.h>

#include "eal_interrupts.h"

struct intr_callback {
	TAILQ_ENTRY(intr_callback) next;
	rte_intr_callback_fn cb_fn;
	void *cb_arg;
	bool pending_delete;
	rte_intr_unregister_callback_fn ucb_fn;
};
TAILQ_HEAD(intr_callback_list, intr_callback);

struct intr_source {
	TAILQ_ENTRY(intr_source) next;
	uint64_t id;
	struct rte_intr_handle *handle; /* a copy: the caller may free its own */
	struct intr_callback_list callbacks;
	bool active; /* its callbacks are running in the interrupt thread */
};

static TAILQ_HEAD(, intr_source) intr_sources = TAILQ_HEAD_INITIALIZER(intr_sources);
static pthread_mutex_t intr_lock = PTHREAD_MUTEX_INITIALIZER;
/* Signalled whenever a source stops being active (rte_intr_callback_unregister_sync). */
static pthread_cond_t intr_idle = PTHREAD_COND_INITIALIZER;
static uint64_t intr_next_id = 1; /* 0 is the thread's own wakeup fd */

static struct intr_source *source_by_fd(int fd)
{
	struct intr_source *src;
	TAILQ_FOREACH(src, &intr_sources, next)
	if (src->handle->fd == fd)
		return src;
	return NULL;
}

static struct intr_source *source_by_id(uint64_t id)
{
	struct intr_source *src;
	TAILQ_FOREACH(src, &intr_sources, next)
	if (src->id == id)
		return src;
	return NULL;
}

static unsigned int callbacks_count(const struct intr_callback_list *list)
{
	unsigned int n = 0;
	const struct intr_callback *cb;
	TAILQ_FOREACH(cb, list, next)
	n++;
	return n;
}

static void source_free(struct intr_source *src)
{
	struct intr_callback *cb;
	while ((cb = TAILQ_FIRST(&src->callbacks)) != NULL) {
		TAILQ_REMOVE(&src->callbacks, cb, next);
		free(cb);
	}
	rte_intr_instance_free(src->handle);
	free(src);
}

static bool callback_matches(const struct intr_callback *cb, rte_intr_callback_fn fn, void *arg)
{
	return cb->cb_fn == fn && (arg == (void *)-1 || cb->cb_arg == arg);
}

int rte_intr_callback_register(const struct rte_intr_handle *intr_handle, rte_intr_callback_fn cb,
			       void *cb_arg)
{
	if (intr_handle == NULL || intr_handle->fd < 0 || cb == NULL) {
		INTR_LOG(ERR, "rte_intr_callback_register: %s\n",
			 intr_handle == NULL ? "interrupt handle is NULL"
			 : cb == NULL	     ? "callback is NULL"
				      : "the handle has no fd (set it with rte_intr_fd_set)");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	struct intr_callback *callback = calloc(1, sizeof(*callback));
	if (callback == NULL) {
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	callback->cb_fn = cb;
	callback->cb_arg = cb_arg;

	pthread_mutex_lock(&intr_lock);
	int ret = eal_intr_thread_start();
	if (ret < 0)
		goto fail;
	struct intr_source *src = source_by_fd(intr_handle->fd);
	if (src == NULL) {
		src = calloc(1, sizeof(*src));
		struct rte_intr_handle *copy = rte_intr_instance_dup(intr_handle);
		if (src == NULL || copy == NULL) {
			free(src);
			rte_intr_instance_free(copy);
			ret = -ENOMEM;
			goto fail;
		}
		src->handle = copy;
		src->id = intr_next_id++;
		TAILQ_INIT(&src->callbacks);
		TAILQ_INSERT_TAIL(&intr_sources, src, next);
	}
	TAILQ_INSERT_TAIL(&src->callbacks, callback, next);
	eal_intr_thread_wakeup();
	pthread_mutex_unlock(&intr_lock);
	return 0;

fail:
	pthread_mutex_unlock(&intr_lock);
	free(callback);
	rte_errno = -ret;
	return ret;
}

/* Lock held. Same contract as rte_intr_callback_unregister. */
static int unregister_locked(const struct rte_intr_handle *h, rte_intr_callback_fn cb_fn,
			     void *cb_arg)
{
	struct intr_source *src = source_by_fd(h->fd);
	if (src == NULL)
		return -ENOENT;
	if (src->active)
		return -EAGAIN;
	int removed = 0;
	struct intr_callback *cb, *tmp;
	for (cb = TAILQ_FIRST(&src->callbacks); cb != NULL; cb = tmp) {
		tmp = TAILQ_NEXT(cb, next);
		if (callback_matches(cb, cb_fn, cb_arg)) {
			TAILQ_REMOVE(&src->callbacks, cb, next);
			free(cb);
			removed++;
		}
	}
	if (TAILQ_EMPTY(&src->callbacks)) {
		TAILQ_REMOVE(&intr_sources, src, next);
		source_free(src);
	}
	if (removed > 0)
		eal_intr_thread_wakeup();
	return removed;
}

static int unregister_check(const struct rte_intr_handle *h, rte_intr_callback_fn cb_fn)
{
	if (h == NULL || h->fd < 0 || cb_fn == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	return 0;
}

static int unregister_result(int ret)
{
	if (ret < 0)
		rte_errno = -ret;
	return ret;
}

int rte_intr_callback_unregister(const struct rte_intr_handle *intr_handle,
				 rte_intr_callback_fn cb_fn, void *cb_arg)
{
	int ret = unregister_check(intr_handle, cb_fn);
	if (ret < 0)
		return ret;
	pthread_mutex_lock(&intr_lock);
	ret = unregister_locked(intr_handle, cb_fn, cb_arg);
	pthread_mutex_unlock(&intr_lock);
	return unregister_result(ret);
}

int rte_intr_callback_unregister_sync(const struct rte_intr_handle *intr_handle,
				      rte_intr_callback_fn cb_fn, void *cb_arg)
{
	int ret = unregister_check(intr_handle, cb_fn);
	if (ret < 0)
		return ret;
	pthread_mutex_lock(&intr_lock);
	while ((ret = unregister_locked(intr_handle, cb_fn, cb_arg)) == -EAGAIN) {
		/* Only the interrupt thread makes a source active: waiting here would be forever.
		 */
		if (rte_thread_is_intr()) {
			INTR_LOG(
			    ERR,
			    "rte_intr_callback_unregister_sync on fd %d called from one of its "
			    "own callbacks: use rte_intr_callback_unregister_pending there\n",
			    intr_handle->fd);
			ret = -EDEADLK;
			break;
		}
		pthread_cond_wait(&intr_idle, &intr_lock);
	}
	pthread_mutex_unlock(&intr_lock);
	return unregister_result(ret);
}

int rte_intr_callback_unregister_pending(const struct rte_intr_handle *intr_handle,
					 rte_intr_callback_fn cb_fn, void *cb_arg,
					 rte_intr_unregister_callback_fn ucb_fn)
{
	int ret = unregister_check(intr_handle, cb_fn);
	if (ret < 0)
		return ret;
	pthread_mutex_lock(&intr_lock);
	struct intr_source *src = source_by_fd(intr_handle->fd);
	if (src == NULL) {
		ret = -ENOENT;
	} else if (!src->active) {
		ret = -EAGAIN;
	} else {
		struct intr_callback *cb;
		TAILQ_FOREACH(cb, &src->callbacks, next)
		{
			if (callback_matches(cb, cb_fn, cb_arg) && !cb->pending_delete) {
				cb->pending_delete = true;
				cb->ucb_fn = ucb_fn;
				ret++;
			}
		}
	}
	pthread_mutex_unlock(&intr_lock);
	return unregister_result(ret);
}

void eal_intr_sources_watch(int (*watch)(int fd, uint64_t id, void *arg), void *arg)
{
	pthread_mutex_lock(&intr_lock);
	struct intr_source *src, *tmp;
	for (src = TAILQ_FIRST(&intr_sources); src != NULL; src = tmp) {
		tmp = TAILQ_NEXT(src, next);
		int ret = watch(src->handle->fd, src->id, arg);
		if (ret >= 0)
			continue;
		INTR_LOG(ERR,
			 "cannot wait for interrupts on fd %d (type %s): %s; its %u callbacks are "
			 "removed (was the fd closed before its callbacks were unregistered?)\n",
			 src->handle->fd, eal_intr_type_name(src->handle->type), rte_strerror(-ret),
			 callbacks_count(&src->callbacks));
		TAILQ_REMOVE(&intr_sources, src, next);
		source_free(src);
	}
	pthread_mutex_unlock(&intr_lock);
}

/*
 * Read the event counter so that the fd stops being readable. Returns 1 when the callbacks
 * should run, 0 when there was nothing to read, -errno when the fd failed (device gone).
 */
static int source_consume(int fd, size_t size)
{
	if (size == 0)
		return 1;
	uint8_t buf[EAL_INTR_MAX_COUNTER_SIZE];
	for (;;) {
		ssize_t n = read(fd, buf, size);
		if (n > 0)
			return 1;
		if (n == 0)
			return 0;
		if (errno == EINTR)
			continue;
		return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
	}
}

/* Lock held; the lock is released around each call. The source cannot go away meanwhile. */
static void source_run_callbacks(struct intr_source *src)
{
	struct intr_callback *cb;
	TAILQ_FOREACH(cb, &src->callbacks, next)
	{
		if (cb->pending_delete)
			continue;
		rte_intr_callback_fn fn = cb->cb_fn;
		void *arg = cb->cb_arg;
		pthread_mutex_unlock(&intr_lock);
		fn(arg);
		pthread_mutex_lock(&intr_lock);
	}
}

void eal_intr_source_dispatch(uint64_t id, bool readable, bool hangup)
{
	pthread_mutex_lock(&intr_lock);
	struct intr_source *src = source_by_id(id);
	if (src == NULL) {
		pthread_mutex_unlock(&intr_lock);
		return;
	}
	int fd = src->handle->fd;
	int consumed = 0;
	if (readable) {
		src->active = true;
		size_t size = eal_intr_source_read_size(src->handle);
		pthread_mutex_unlock(&intr_lock);
		consumed = source_consume(fd, size);
		pthread_mutex_lock(&intr_lock);
		if (consumed > 0)
			source_run_callbacks(src);
		src->active = false;
	}

	/* Callbacks to remove: those marked pending, or all of them when the fd is gone. */
	bool drop = hangup || consumed < 0;
	struct intr_callback_list removed = TAILQ_HEAD_INITIALIZER(removed);
	struct intr_callback *cb, *tmp;
	for (cb = TAILQ_FIRST(&src->callbacks); cb != NULL; cb = tmp) {
		tmp = TAILQ_NEXT(cb, next);
		if (drop || cb->pending_delete) {
			TAILQ_REMOVE(&src->callbacks, cb, next);
			TAILQ_INSERT_TAIL(&removed, cb, next);
		}
	}
	if (drop)
		INTR_LOG(
		    ERR,
		    "interrupt fd %d (type %s) %s: its %u callbacks are removed (the device was "
		    "removed or its driver closed the fd; probe the device again to get its "
		    "interrupts back)\n",
		    fd, eal_intr_type_name(src->handle->type),
		    consumed < 0 ? rte_strerror(-consumed) : "hung up", callbacks_count(&removed));
	bool empty = TAILQ_EMPTY(&src->callbacks);
	if (empty)
		TAILQ_REMOVE(&intr_sources, src, next);
	if (!TAILQ_EMPTY(&removed))
		eal_intr_thread_wakeup();
	pthread_cond_broadcast(&intr_idle);
	pthread_mutex_unlock(&intr_lock);

	/*
	 * Outside the lock, so that ucb_fn may register or unregister callbacks. An unlinked
	 * source is no longer reachable by anyone else.
	 */
	while ((cb = TAILQ_FIRST(&removed)) != NULL) {
		TAILQ_REMOVE(&removed, cb, next);
		if (cb->pending_delete && cb->ucb_fn != NULL)
			cb->ucb_fn(src->handle, cb->cb_arg);
		free(cb);
	}
	if (empty)
		source_free(src);
}

void eal_intr_sources_release(void)
{
	pthread_mutex_lock(&intr_lock);
	struct intr_source *src;
	while ((src = TAILQ_FIRST(&intr_sources)) != NULL) {
		INTR_LOG(NOTICE,
			 "interrupt fd %d (type %s) still had %u callbacks at cleanup: removed "
			 "(its driver should unregister them when its device is removed)\n",
			 src->handle->fd, eal_intr_type_name(src->handle->type),
			 callbacks_count(&src->callbacks));
		TAILQ_REMOVE(&intr_sources, src, next);
		source_free(src);
	}
	pthread_mutex_unlock(&intr_lock);
}
