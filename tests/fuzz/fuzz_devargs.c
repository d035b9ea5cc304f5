/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devargs: -a/-b/--vdev strings and rte_dev_probe() requests, parsed against the real buses
 * and a device class; and the same text as a device filter (rte_dev_iterator).
 */
#include <rte_class.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_kvargs.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

/* A class whose devices are never there, but which parses its filters as a class would. */
static void *fuzz_class_iterate(const void *start, const char *str,
				const struct rte_dev_iterator *it)
{
	(void)start;
	(void)it;
	FUZZ_ASSERT(str != NULL);
	rte_kvargs_free(rte_kvargs_parse(str, NULL));
	return NULL;
}

static struct rte_class fuzz_class = {.dev_iterate = fuzz_class_iterate};
RTE_REGISTER_CLASS(eth, fuzz_class);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet_log();
	char *s = fuzz_strdup(data, size);
	if (s == NULL)
		return 0;
	struct rte_devargs da;
	memset(&da, 0, sizeof(da));
	if (rte_devargs_parse(&da, s) == 0) {
		/* A class layer alone parses without a bus, as in DPDK. */
		FUZZ_ASSERT(da.bus != NULL || da.cls == &fuzz_class);
		FUZZ_ASSERT(da.cls == NULL || da.cls_str != NULL);
		FUZZ_ASSERT(memchr(da.name, '\0', sizeof(da.name)) != NULL);
		FUZZ_ASSERT(da.args != NULL);
		/* A pin is taken out of the driver's arguments and is a whole, non-empty name. */
		if (da.drv_name != NULL) {
			FUZZ_ASSERT(da.drv_name[0] != '\0');
			FUZZ_ASSERT(strchr(da.drv_name, ',') == NULL || strchr(da.drv_name, '[') != NULL);
		}
		rte_devargs_reset(&da);
	}

	struct rte_dev_iterator it;
	if (rte_dev_iterator_init(&it, s) == 0) {
		FUZZ_ASSERT(it.dev_str == s || s[0] == '\0');
		/* No device is scanned here: the walk ends at once and stays ended. */
		FUZZ_ASSERT(rte_dev_iterator_next(&it) == NULL);
		FUZZ_ASSERT(rte_dev_iterator_next(&it) == NULL);
	} else {
		FUZZ_ASSERT(rte_dev_iterator_next(&it) == NULL);
	}
	free(s);
	return 0;
}
