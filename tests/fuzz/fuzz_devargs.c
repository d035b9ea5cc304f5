/* SPDX-License-Identifier: BSD-3-Clause */
/* devargs: -a/-b/--vdev strings and rte_dev_probe() requests, parsed against the real buses. */
#include <rte_devargs.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet_log();
	char *s = fuzz_strdup(data, size);
	if (s == NULL)
		return 0;
	struct rte_devargs da;
	memset(&da, 0, sizeof(da));
	if (rte_devargs_parse(&da, s) == 0) {
		FUZZ_ASSERT(da.bus != NULL);
		FUZZ_ASSERT(memchr(da.name, '\0', sizeof(da.name)) != NULL);
		FUZZ_ASSERT(da.args != NULL);
		/* A pin is taken out of the driver's arguments and is a whole, non-empty name. */
		if (da.drv_name != NULL) {
			FUZZ_ASSERT(da.drv_name[0] != '\0');
			FUZZ_ASSERT(strchr(da.drv_name, ',') == NULL || strchr(da.drv_name, '[') != NULL);
		}
		rte_devargs_reset(&da);
	}
	free(s);
	return 0;
}
