/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Custom scan callbacks: components that want the scan to create virtual devices (a failsafe
 * driver adding its sub-devices, for instance) register a callback that adds devargs.
 */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include <rte_errno.h>

#include "vdev_private.h"

struct custom_scan {
	TAILQ_ENTRY(custom_scan) next;
	rte_vdev_scan_callback callback;
	void *user_arg;
};

static TAILQ_HEAD(, custom_scan) custom_scans = TAILQ_HEAD_INITIALIZER(custom_scans);
/* Separate from the bus lock: callbacks add devargs, which asks every bus (vdev included) to
 * parse the name, and must not run with the device list locked. */
static pthread_mutex_t custom_scan_mutex = PTHREAD_MUTEX_INITIALIZER;

int rte_vdev_add_custom_scan(rte_vdev_scan_callback callback, void *user_arg)
{
	struct custom_scan *cs;
	int ret = 0;

	pthread_mutex_lock(&custom_scan_mutex);
	TAILQ_FOREACH(cs, &custom_scans, next)
	{
		if (cs->callback == callback && cs->user_arg == user_arg)
			break;
	}
	if (cs == NULL) {
		cs = malloc(sizeof(*cs));
		if (cs == NULL) {
			rte_errno = ENOMEM;
			ret = -1;
		} else {
			cs->callback = callback;
			cs->user_arg = user_arg;
			TAILQ_INSERT_TAIL(&custom_scans, cs, next);
		}
	}
	pthread_mutex_unlock(&custom_scan_mutex);
	return ret;
}

int rte_vdev_remove_custom_scan(rte_vdev_scan_callback callback, void *user_arg)
{
	struct custom_scan *cs, *next;

	pthread_mutex_lock(&custom_scan_mutex);
	for (cs = TAILQ_FIRST(&custom_scans); cs != NULL; cs = next) {
		next = TAILQ_NEXT(cs, next);
		if (cs->callback != callback ||
		    (user_arg != (void *)-1 && cs->user_arg != user_arg))
			continue;
		TAILQ_REMOVE(&custom_scans, cs, next);
		free(cs);
	}
	pthread_mutex_unlock(&custom_scan_mutex);
	return 0;
}

void vdev_run_custom_scans(void)
{
	struct custom_scan *cs;

	pthread_mutex_lock(&custom_scan_mutex);
	TAILQ_FOREACH(cs, &custom_scans, next)
	cs->callback(cs->user_arg);
	pthread_mutex_unlock(&custom_scan_mutex);
}
