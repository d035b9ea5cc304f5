/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device event callbacks (rte_dev_event_callback_*, and openeal's rte_dev_uevent_callback_*):
 * one list, called in registration order by whichever thread reports an event.
 *
 * DPDK refuses to unregister a callback while it runs (-EAGAIN), so an application cannot
 * unregister from inside its own callback and SPDK retries in a loop. Here each entry counts
 * the calls in progress and each thread remembers the entries it is inside: unregistering
 * marks the entries removed (never called again) and waits only for calls made by other
 * threads; the last call to return frees the entry.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "eal_dev_event.h"

/* How deep callbacks may report events from inside callbacks before this thread forgets. */
#define NESTING_MAX 8

struct event_cb {
	TAILQ_ENTRY(event_cb) next;
	char *name; /* NULL: every device */
	rte_dev_event_cb_fn fn;
	rte_dev_uevent_cb_fn ufn; /* set instead of fn for an openeal uevent callback */
	void *arg;
	unsigned int active; /* calls in progress, in every thread */
	bool removed;
};
TAILQ_HEAD(event_cb_list, event_cb);

static pthread_mutex_t cb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cb_returned = PTHREAD_COND_INITIALIZER;
static struct event_cb_list cbs = TAILQ_HEAD_INITIALIZER(cbs);

/* The entries this thread is inside, innermost last. */
static __thread struct event_cb *inside[NESTING_MAX];
static __thread unsigned int nb_inside;

static unsigned int calls_here(const struct event_cb *cb)
{
	unsigned int n = 0;
	for (unsigned int i = 0; i < nb_inside && i < NESTING_MAX; i++)
		n += inside[i] == cb;
	return n;
}

static bool same_name(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Lock held. */
static void release(struct event_cb *cb)
{
	TAILQ_REMOVE(&cbs, cb, next);
	free(cb->name);
	free(cb);
}

static int add(const char *name, rte_dev_event_cb_fn fn, rte_dev_uevent_cb_fn ufn, void *arg)
{
	struct event_cb *cb;

	if (fn == NULL && ufn == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	pthread_mutex_lock(&cb_lock);
	TAILQ_FOREACH(cb, &cbs, next)
	{
		if (!cb->removed && cb->fn == fn && cb->ufn == ufn && cb->arg == arg &&
		    same_name(cb->name, name)) {
			pthread_mutex_unlock(&cb_lock);
			rte_errno = EEXIST;
			return -EEXIST;
		}
	}
	cb = calloc(1, sizeof(*cb));
	if (cb != NULL && name != NULL && (cb->name = strdup(name)) == NULL) {
		free(cb);
		cb = NULL;
	}
	if (cb == NULL) {
		pthread_mutex_unlock(&cb_lock);
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	cb->fn = fn;
	cb->ufn = ufn;
	cb->arg = arg;
	TAILQ_INSERT_TAIL(&cbs, cb, next);
	pthread_mutex_unlock(&cb_lock);
	return 0;
}

/* The registration unregister(name, fn, ufn, arg) means, removed or not. */
static bool same_registration(const struct event_cb *cb, const char *name, rte_dev_event_cb_fn fn,
			      rte_dev_uevent_cb_fn ufn, void *arg)
{
	return cb->fn == fn && cb->ufn == ufn && (arg == (void *)-1 || cb->arg == arg) &&
	       same_name(cb->name, name);
}

/* A live DPDK callback that wants device name's events. */
static bool wants_device(const struct event_cb *cb, const char *name)
{
	return !cb->removed && cb->fn != NULL && (cb->name == NULL || strcmp(cb->name, name) == 0);
}

/* Calls in other threads of an entry marked removed. Lock held. */
static bool others_inside(const struct event_cb *cb)
{
	return cb->removed && cb->active > calls_here(cb);
}

static int del(const char *name, rte_dev_event_cb_fn fn, rte_dev_uevent_cb_fn ufn, void *arg)
{
	struct event_cb *cb, *next;
	int removed = 0;

	if (fn == NULL && ufn == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	pthread_mutex_lock(&cb_lock);
	for (cb = TAILQ_FIRST(&cbs); cb != NULL; cb = next) {
		next = TAILQ_NEXT(cb, next);
		if (cb->removed || !same_registration(cb, name, fn, ufn, arg))
			continue;
		cb->removed = true;
		removed++;
		if (cb->active == 0)
			release(cb);
	}
	/*
	 * Wait for the calls other threads are making to what was just removed. The entries
	 * stay listed until their last call returns, so rescan from the start after each wake.
	 */
	for (cb = TAILQ_FIRST(&cbs); removed > 0 && cb != NULL;) {
		if (same_registration(cb, name, fn, ufn, arg) && others_inside(cb)) {
			pthread_cond_wait(&cb_returned, &cb_lock);
			cb = TAILQ_FIRST(&cbs);
			continue;
		}
		cb = TAILQ_NEXT(cb, next);
	}
	pthread_mutex_unlock(&cb_lock);
	if (removed == 0) {
		rte_errno = ENOENT;
		return -ENOENT;
	}
	return removed;
}

int rte_dev_event_callback_register(const char *device_name, rte_dev_event_cb_fn cb_fn,
				    void *cb_arg)
{
	return cb_fn == NULL ? (rte_errno = EINVAL, -EINVAL) : add(device_name, cb_fn, NULL, cb_arg);
}

int rte_dev_event_callback_unregister(const char *device_name, rte_dev_event_cb_fn cb_fn,
				      void *cb_arg)
{
	return cb_fn == NULL ? (rte_errno = EINVAL, -EINVAL) : del(device_name, cb_fn, NULL, cb_arg);
}

int rte_dev_uevent_callback_register(rte_dev_uevent_cb_fn cb_fn, void *cb_arg)
{
	return cb_fn == NULL ? (rte_errno = EINVAL, -EINVAL) : add(NULL, NULL, cb_fn, cb_arg);
}

int rte_dev_uevent_callback_unregister(rte_dev_uevent_cb_fn cb_fn, void *cb_arg)
{
	return cb_fn == NULL ? (rte_errno = EINVAL, -EINVAL) : del(NULL, NULL, cb_fn, cb_arg);
}

/*
 * Call every live entry that wants the event, without the lock (a callback may register,
 * unregister, probe or remove devices). ev is NULL for a DPDK event, set for a uevent.
 */
static void dispatch(const char *name, enum rte_dev_event_type type, const struct rte_dev_uevent *ev)
{
	struct event_cb *cb, *next;

	pthread_mutex_lock(&cb_lock);
	for (cb = TAILQ_FIRST(&cbs); cb != NULL; cb = next) {
		bool wanted = ev != NULL ? !cb->removed && cb->ufn != NULL : wants_device(cb, name);
		if (!wanted) {
			next = TAILQ_NEXT(cb, next);
			continue;
		}
		cb->active++;
		if (nb_inside < NESTING_MAX)
			inside[nb_inside] = cb;
		nb_inside++;
		pthread_mutex_unlock(&cb_lock);
		if (ev != NULL)
			cb->ufn(ev, cb->arg);
		else
			cb->fn(name, type, cb->arg);
		pthread_mutex_lock(&cb_lock);
		nb_inside--;
		cb->active--;
		next = TAILQ_NEXT(cb, next);
		if (cb->removed && cb->active == 0)
			release(cb);
		pthread_cond_broadcast(&cb_returned);
	}
	pthread_mutex_unlock(&cb_lock);
}

void rte_dev_event_callback_process(const char *device_name, enum rte_dev_event_type event)
{
	if (device_name == NULL || (unsigned int)event >= RTE_DEV_EVENT_MAX)
		return;
	dispatch(device_name, event, NULL);
}

void eal_dev_uevent_process(const struct rte_dev_uevent *event)
{
	dispatch(event->name, RTE_DEV_EVENT_MAX, event);
}

bool eal_dev_event_has_callback(const char *device_name)
{
	const struct event_cb *cb;
	bool found = false;

	pthread_mutex_lock(&cb_lock);
	TAILQ_FOREACH(cb, &cbs, next)
	{
		if (wants_device(cb, device_name)) {
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&cb_lock);
	return found;
}

void eal_dev_event_callbacks_free(void)
{
	struct event_cb *cb, *next;

	pthread_mutex_lock(&cb_lock);
	for (cb = TAILQ_FIRST(&cbs); cb != NULL; cb = next) {
		next = TAILQ_NEXT(cb, next);
		cb->removed = true;
		if (cb->active == 0)
			release(cb);
	}
	pthread_mutex_unlock(&cb_lock);
}
