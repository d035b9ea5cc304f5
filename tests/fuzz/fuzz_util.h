/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OPENEAL_FUZZ_UTIL_H
#define OPENEAL_FUZZ_UTIL_H

/* Shared by the libFuzzer targets: turn fuzz bytes into C strings, keep the log quiet. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (embedded NULs end the string early, as in C). */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Parsers log every rejection: useful to users, noise at a million inputs a minute. */
static inline void fuzz_quiet_log(void)
{
	static int done;
	if (!done) {
		rte_log_set_global_level(RTE_LOG_EMERG);
		done = 1;
	}
}

/* A property the code under test broke: crash so libFuzzer records the input. */
#define FUZZ_ASSERT(cond)                                                                           \
	do {                                                                                        \
		if (!(cond))                                                                        \
			__builtin_trap();                                                           \
	} while (0)

#endif
