/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Alarms (rte_alarm.h): a list sorted by deadline and one timerfd armed for the earliest,
 * watched by the EAL interrupt thread as an interrupt source of type ALARM. Running alarms
 * there rather than in a thread of their own keeps DPDK's guarantee that a PMD's alarm and
 * interrupt callbacks never run concurrently, and costs one fd instead of a thread
 * (doc/alarms.md).
 *
 * The timerfd and its interrupt source are created at the first rte_eal_alarm_set and removed
 * by rte_eal_cleanup (eal_alarm_cleanup). alarm_lock is taken before the interrupt list's
 * lock, never after: the interrupt thread runs the timer callback without its list lock.
 */

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <interrupts_driver.h>
#include <rte_alarm.h>
#include <rte_errno.h>
#include <rte_interrupts.h>

#include "../common/eal_interrupts.h"
#include "../common/eal_intr_private.h"

#define NS_PER_US UINT64_C(1000)
#define NS_PER_S UINT64_C(1000000000)
#define ALARM_US_MAX (UINT64_MAX - UINT64_C(1000000)) /* DPDK's bound */

struct alarm {
	TAILQ_ENTRY(alarm) next;
	uint64_t deadline_ns; /* CLOCK_MONOTONIC */
	rte_eal_alarm_callback cb_fn;
	void *cb_arg;
	bool executing;
	pthread_t executor;
};
TAILQ_HEAD(alarm_list, alarm);

static pthread_mutex_t alarm_lock = PTHREAD_MUTEX_INITIALIZER;
/* Signalled when a running alarm callback returns (cancel and cleanup wait for it). */
static pthread_cond_t alarm_done = PTHREAD_COND_INITIALIZER;
static struct alarm_list alarms = TAILQ_HEAD_INITIALIZER(alarms);
static int timer_fd = -1;
/* eal_alarm_cleanup is waiting for a running callback: start no other one meanwhile. */
static bool cleaning;
static struct rte_intr_handle *timer_handle;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* Arm the timer for the earliest alarm not running, or disarm it. Lock held. */
static void timer_rearm(void)
{
	struct itimerspec its = {0};
	struct alarm *a;
	TAILQ_FOREACH(a, &alarms, next)
	{
		if (a->executing)
			continue;
		/* Never zero (that would disarm): CLOCK_MONOTONIC is past 0 when a is set. */
		its.it_value.tv_sec = (time_t)(a->deadline_ns / NS_PER_S);
		its.it_value.tv_nsec = (long)(a->deadline_ns % NS_PER_S);
		break;
	}
	if (timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &its, NULL) != 0)
		INTR_LOG(ERR, "alarms: cannot arm the alarm timer (fd %d): %s\n", timer_fd,
			 strerror(errno));
}

/* The timer fired (the interrupt thread read its counter): run every alarm that is due. */
static void alarms_run_due(void *arg)
{
	RTE_SET_USED(arg);
	pthread_mutex_lock(&alarm_lock);
	for (;;) {
		/* An alarm the running callback set may be due already when it returns (a slow
		 * callback, a busy machine): cleanup drops it rather than see it run (found by
		 * the alarm test under TSan). */
		if (cleaning)
			break;
		struct alarm *a = TAILQ_FIRST(&alarms);
		/* Alarms set by a callback may precede it in the list; none runs meanwhile. */
		while (a != NULL && a->executing)
			a = TAILQ_NEXT(a, next);
		if (a == NULL || a->deadline_ns > now_ns())
			break;
		a->executing = true;
		a->executor = pthread_self();
		pthread_mutex_unlock(&alarm_lock);
		a->cb_fn(a->cb_arg);
		pthread_mutex_lock(&alarm_lock);
		TAILQ_REMOVE(&alarms, a, next);
		free(a);
		pthread_cond_broadcast(&alarm_done);
	}
	if (timer_fd >= 0)
		timer_rearm();
	pthread_mutex_unlock(&alarm_lock);
}

/* The timerfd and its interrupt source, at the first alarm. Lock held. 0 or -errno. */
static int timer_start(void)
{
	if (timer_fd >= 0)
		return 0;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (fd < 0) {
		int err = errno;
		INTR_LOG(ERR, "alarms: cannot create the alarm timer: %s\n", strerror(err));
		return -err;
	}
	struct rte_intr_handle *h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	int ret = h == NULL ? -ENOMEM : 0;
	if (ret == 0 &&
	    (rte_intr_fd_set(h, fd) != 0 || rte_intr_type_set(h, RTE_INTR_HANDLE_ALARM) != 0))
		ret = -rte_errno;
	/* Logs its own line when the interrupt thread cannot start. */
	if (ret == 0)
		ret = rte_intr_callback_register(h, alarms_run_due, NULL);
	if (ret != 0) {
		rte_intr_instance_free(h);
		close(fd);
		return ret;
	}
	timer_fd = fd;
	timer_handle = h;
	return 0;
}

int rte_eal_alarm_set(uint64_t us, rte_eal_alarm_callback cb_fn, void *cb_arg)
{
	if (us < 1 || us > ALARM_US_MAX || cb_fn == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	struct alarm *a = calloc(1, sizeof(*a));
	if (a == NULL) {
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	a->cb_fn = cb_fn;
	a->cb_arg = cb_arg;
	uint64_t now = now_ns();
	/* Saturate: an alarm beyond 2^64 ns (584 years) never fires anyway. */
	a->deadline_ns = us > (UINT64_MAX - now) / NS_PER_US ? UINT64_MAX : now + us * NS_PER_US;

	pthread_mutex_lock(&alarm_lock);
	int ret = timer_start();
	if (ret != 0) {
		pthread_mutex_unlock(&alarm_lock);
		free(a);
		rte_errno = -ret;
		return ret;
	}
	/* After every alarm due at the same time or earlier: equal deadlines fire in set order. */
	struct alarm *pos;
	TAILQ_FOREACH(pos, &alarms, next)
	if (pos->deadline_ns > a->deadline_ns)
		break;
	if (pos != NULL)
		TAILQ_INSERT_BEFORE(pos, a, next);
	else
		TAILQ_INSERT_TAIL(&alarms, a, next);
	timer_rearm();
	pthread_mutex_unlock(&alarm_lock);
	return 0;
}

static bool alarm_matches(const struct alarm *a, rte_eal_alarm_callback fn, void *arg)
{
	return a->cb_fn == fn && (arg == (void *)-1 || a->cb_arg == arg);
}

int rte_eal_alarm_cancel(rte_eal_alarm_callback cb_fn, void *cb_arg)
{
	if (cb_fn == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	int count = 0;
	bool self = false;
	pthread_mutex_lock(&alarm_lock);
	for (;;) {
		bool wait = false;
		struct alarm *a, *tmp;
		for (a = TAILQ_FIRST(&alarms); a != NULL; a = tmp) {
			tmp = TAILQ_NEXT(a, next);
			if (!alarm_matches(a, cb_fn, cb_arg))
				continue;
			if (!a->executing) {
				TAILQ_REMOVE(&alarms, a, next);
				free(a);
				count++;
			} else if (pthread_equal(a->executor, pthread_self())) {
				self = true;
			} else {
				wait = true;
			}
		}
		if (!wait)
			break;
		/* Running in the interrupt thread: its removal signals alarm_done. */
		pthread_cond_wait(&alarm_done, &alarm_lock);
	}
	pthread_mutex_unlock(&alarm_lock);
	if (self)
		rte_errno = EINPROGRESS;
	else if (count == 0)
		rte_errno = ENOENT;
	return count;
}

void eal_alarm_cleanup(void)
{
	pthread_mutex_lock(&alarm_lock);
	cleaning = true;
	for (;;) {
		bool running = false;
		struct alarm *a, *tmp;
		for (a = TAILQ_FIRST(&alarms); a != NULL; a = tmp) {
			tmp = TAILQ_NEXT(a, next);
			if (a->executing) {
				running = true;
				continue;
			}
			TAILQ_REMOVE(&alarms, a, next);
			free(a);
		}
		if (!running)
			break;
		/* What the running callback sets is dropped at the next pass. */
		pthread_cond_wait(&alarm_done, &alarm_lock);
	}
	int fd = timer_fd;
	struct rte_intr_handle *h = timer_handle;
	timer_fd = -1;
	timer_handle = NULL;
	pthread_mutex_unlock(&alarm_lock);
	if (fd >= 0) {
		/* Waits for a timer callback still finishing (it re-arms nothing: timer_fd
		 * is -1). */
		rte_intr_callback_unregister_sync(h, alarms_run_due, NULL);
		rte_intr_instance_free(h);
		close(fd);
	}
	pthread_mutex_lock(&alarm_lock);
	cleaning = false;
	pthread_mutex_unlock(&alarm_lock);
}
