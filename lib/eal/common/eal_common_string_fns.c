/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_string_fns.h and rte_str_to_size: DPDK 22.11's string helpers. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_string_fns.h>

int rte_strsplit(char *string, int stringlen, char **tokens, int maxtokens, char delim)
{
	int ntok = 0;
	bool token_starts = true;

	if (string == NULL || tokens == NULL) {
		/* DPDK callers read errno; openeal's convention is rte_errno: set both. */
		errno = EINVAL;
		rte_errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < stringlen && string[i] != '\0' && ntok < maxtokens; i++) {
		if (token_starts) {
			tokens[ntok++] = &string[i];
			token_starts = false;
			/* The last token is the rest, as documented, even when it starts with
			 * delim: DPDK cuts that one and returns an empty last token. */
			if (ntok == maxtokens)
				break;
		}
		if (string[i] == delim) {
			string[i] = '\0';
			token_starts = true;
		}
	}
	return ntok;
}

ssize_t rte_strscpy(char *dst, const char *src, size_t dsize)
{
	for (size_t n = 0; n < dsize; n++) {
		dst[n] = src[n];
		if (src[n] == '\0')
			return (ssize_t)n;
	}
	if (dsize != 0)
		dst[dsize - 1] = '\0';
	rte_errno = E2BIG;
	return -E2BIG;
}

/*
 * As DPDK: leading blanks skipped, a leading '-' gives 0, the number in C syntax (decimal,
 * 0x hex, 0 octal), then at most one space and a K, M or G suffix (either case, powers of
 * 1024); anything after is ignored. An out-of-range number gives 0, and so does a suffix that
 * overflows 64 bits, where DPDK returns the product modulo 2^64.
 */
uint64_t rte_str_to_size(const char *str)
{
	unsigned int shift = 0;
	unsigned long long size;
	char *end;

	while (isspace((unsigned char)*str))
		str++;
	if (*str == '-')
		return 0;
	errno = 0;
	size = strtoull(str, &end, 0);
	if (errno != 0)
		return 0;
	if (*end == ' ')
		end++;
	switch (*end) {
	case 'G':
	case 'g':
		shift = 30;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'K':
	case 'k':
		shift = 10;
		break;
	default:
		break;
	}
	if (shift != 0 && size > (UINT64_MAX >> shift))
		return 0;
	return (uint64_t)size << shift;
}
