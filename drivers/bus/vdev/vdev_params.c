/* SPDX-License-Identifier: BSD-3-Clause */
/* Device iteration filter of the vdev bus: "name=<device>" selects one device by name. */

#include <errno.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_kvargs.h>

#include "vdev_private.h"

/* Whether every key of kv is one this bus filters on. */
static bool keys_known(const struct rte_kvargs *kv)
{
	for (unsigned i = 0; i < kv->count; i++)
		if (strcmp(kv->pairs[i].key, "name") != 0)
			return false;
	return true;
}

static int match_name(const struct rte_device *dev, const void *data)
{
	const struct rte_kvargs *kv = data;
	const char *name;

	if (kv == NULL)
		return 0;
	name = rte_kvargs_get(kv, "name");
	return (name == NULL || strcmp(name, dev->name) == 0) ? 0 : 1;
}

void *vdev_dev_iterate(const void *start, const char *str, const struct rte_dev_iterator *it)
{
	struct rte_kvargs *kv = NULL;
	struct rte_device *dev;

	RTE_SET_USED(it);
	if (str != NULL && str[0] != '\0') {
		/* Keys are checked here, not by rte_kvargs_parse, so that one line says it all. */
		kv = rte_kvargs_parse(str, NULL);
		if (kv == NULL || !keys_known(kv)) {
			rte_kvargs_free(kv);
			VDEV_LOG(ERR, "cannot iterate over '%s': the only key is name=<device>",
				 str);
			rte_errno = EINVAL;
			return NULL;
		}
	}
	dev = vdev_find_device(start, match_name, kv);
	rte_kvargs_free(kv);
	return dev;
}
