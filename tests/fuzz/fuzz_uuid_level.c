/* SPDX-License-Identifier: BSD-3-Clause */
/* --vfio-vf-token UUIDs and --log-level levels. */
#include <rte_log.h>
#include <rte_uuid.h>
#include <string.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet_log();
	char *s = fuzz_strdup(data, size);
	if (s == NULL)
		return 0;
	rte_uuid_t u, v;
	if (rte_uuid_parse(s, u) == 0) {
		char text[RTE_UUID_STRLEN];
		rte_uuid_unparse(u, text, sizeof(text));
		FUZZ_ASSERT(rte_uuid_parse(text, v) == 0);
		FUZZ_ASSERT(rte_uuid_compare(u, v) == 0);
	}
	int level = rte_log_parse_level(s);
	FUZZ_ASSERT(level == -1 || (level >= (int)RTE_LOG_EMERG && level <= (int)RTE_LOG_MAX));
	free(s);
	return 0;
}
