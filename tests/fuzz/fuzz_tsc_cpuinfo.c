/* SPDX-License-Identifier: BSD-3-Clause */
/* /proc/cpuinfo text as the TSC frequency source parses it (not NUL-terminated on purpose). */
#include "eal_cycles.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so that ASan catches a read past the end. */
	char *text = malloc(size > 0 ? size : 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	uint64_t hz = eal_tsc_hz_parse_cpuinfo(text, size);
	/* At most 8 integer digits of MHz with 3 decimals. */
	FUZZ_ASSERT(hz < UINT64_C(100000000000000000));
	FUZZ_ASSERT(hz % 1000 == 0);
	free(text);
	return 0;
}
