/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The net_null vdev driver: probe parses the device's arguments into per-device state that
 * lives until remove. The state is kept in a list of the driver's own, keyed by device, so
 * that rte_pmd_null_get_* can answer by device name from any thread.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_vdev_driver.h>

#include "null_private.h"
#include "rte_pmd_null.h"

RTE_LOG_REGISTER(null_logtype, pmd.net.null, NOTICE);

struct null_device {
	TAILQ_ENTRY(null_device) next;
	const struct rte_vdev_device *vdev;
	char name[RTE_DEV_NAME_MAX_LEN];
	struct null_config cfg;
};

static TAILQ_HEAD(, null_device) null_devices = TAILQ_HEAD_INITIALIZER(null_devices);
static pthread_mutex_t null_mutex = PTHREAD_MUTEX_INITIALIZER;

static int null_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct null_device *nd;
	struct null_config cfg;
	int ret;

	ret = null_parse_args(name, rte_vdev_device_args(vdev), &cfg);
	if (ret != 0)
		return ret;
	nd = calloc(1, sizeof(*nd));
	if (nd == NULL) {
		NULL_LOG(ERR, "%s: cannot allocate the device state", name);
		return -ENOMEM;
	}
	nd->vdev = vdev;
	snprintf(nd->name, sizeof(nd->name), "%s", name);
	nd->cfg = cfg;
	pthread_mutex_lock(&null_mutex);
	TAILQ_INSERT_TAIL(&null_devices, nd, next);
	pthread_mutex_unlock(&null_mutex);
	NULL_LOG(INFO, "%s: size %u, copy %s", name, cfg.size, cfg.copy ? "on" : "off");
	return 0;
}

static int null_remove(struct rte_vdev_device *vdev)
{
	struct null_device *nd;

	pthread_mutex_lock(&null_mutex);
	TAILQ_FOREACH(nd, &null_devices, next)
	{
		if (nd->vdev == vdev)
			break;
	}
	if (nd != NULL)
		TAILQ_REMOVE(&null_devices, nd, next);
	pthread_mutex_unlock(&null_mutex);
	if (nd == NULL)
		return -ENODEV;
	free(nd);
	return 0;
}

static struct rte_vdev_driver null_driver = {
    .probe = null_probe,
    .remove = null_remove,
};

RTE_PMD_REGISTER_VDEV(net_null, null_driver);
RTE_PMD_REGISTER_ALIAS(net_null, eth_null);
RTE_PMD_REGISTER_PARAM_STRING(net_null, "size=<1..9600> copy=<0|1>");

/* Copy the state of devname into *cfg: 0 or negative errno. */
static int null_lookup(const char *devname, struct null_config *cfg)
{
	const struct null_device *nd;
	int ret = -ENODEV;

	if (devname == NULL)
		return -EINVAL;
	pthread_mutex_lock(&null_mutex);
	TAILQ_FOREACH(nd, &null_devices, next)
	{
		if (strcmp(nd->name, devname) == 0) {
			*cfg = nd->cfg;
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&null_mutex);
	return ret;
}

int rte_pmd_null_get_size(const char *devname, unsigned *size)
{
	struct null_config cfg;
	int ret;

	if (size == NULL)
		return -EINVAL;
	ret = null_lookup(devname, &cfg);
	if (ret == 0)
		*size = cfg.size;
	return ret;
}

int rte_pmd_null_get_copy(const char *devname, int *copy)
{
	struct null_config cfg;
	int ret;

	if (copy == NULL)
		return -EINVAL;
	ret = null_lookup(devname, &cfg);
	if (ret == 0)
		*copy = cfg.copy ? 1 : 0;
	return ret;
}
