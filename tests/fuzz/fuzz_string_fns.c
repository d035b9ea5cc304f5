/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_str_to_size (sizes from -m, --socket-mem, driver arguments) and rte_strsplit (lists). */
#include <ctype.h>

#include <rte_common.h>
#include <rte_string_fns.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	/* The first byte picks the delimiter and maxtokens; the rest is the text. */
	char delim = (char)(data[0] & 0x7f);
	int maxtokens = (data[0] >> 4) + 1;
	char *s = fuzz_strdup(data + 1, size - 1);
	if (s == NULL)
		return 0;
	size_t len = strlen(s);

	/* A negative number is 0, whatever follows. */
	uint64_t v = rte_str_to_size(s);
	const char *p = s;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-')
		FUZZ_ASSERT(v == 0);

	char *copy = strdup(s);
	char *tokens[17];
	FUZZ_ASSERT(copy != NULL);
	int n = rte_strsplit(copy, (int)len + 1, tokens, maxtokens, delim);
	FUZZ_ASSERT(n >= 0 && n <= maxtokens);
	FUZZ_ASSERT(len == 0 || delim == '\0' || n >= 1);
	/* Tokens are in order inside the buffer, and joining them with delim gives back the
	 * input (less one trailing delim, which ends the last token). */
	size_t pos = 0;
	for (int i = 0; i < n; i++) {
		FUZZ_ASSERT(tokens[i] == copy + pos);
		size_t tl = strlen(tokens[i]);
		FUZZ_ASSERT(memcmp(tokens[i], s + pos, tl) == 0);
		pos += tl;
		if (pos < len) {
			FUZZ_ASSERT(s[pos] == delim);
			pos++;
		}
	}
	FUZZ_ASSERT(n == 0 || pos == len);
	free(copy);
	free(s);
	return 0;
}
