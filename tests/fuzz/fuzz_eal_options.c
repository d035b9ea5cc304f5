/* SPDX-License-Identifier: BSD-3-Clause */
/* The EAL command line: the input is split at NUL bytes into argv[1..]. */
#include <string.h>

#include "eal_options.h"
#include "fuzz_util.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet_log();
	char *buf = malloc(size + 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';

	char *argv[MAX_ARGS + 2];
	int argc = 0;
	argv[argc++] = (char *)"fuzz";
	for (size_t i = 0; i <= size && argc < MAX_ARGS;) {
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	argv[argc] = NULL;

	struct eal_options opts;
	memset(&opts, 0, sizeof(opts));
	int n = eal_options_parse(&opts, argc, argv);
	FUZZ_ASSERT(n == -1 || (n >= 1 && n <= argc));
	if (n > 0)
		eal_options_free(&opts);
	free(buf);
	return 0;
}
