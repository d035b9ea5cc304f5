/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_STRING_FNS_H
#define RTE_STRING_FNS_H

/*
 * String helpers with DPDK 22.11's names and results: bounded copies that always terminate
 * (rte_strlcpy, rte_strlcat, rte_strscpy) and an in-place splitter (rte_strsplit).
 * rte_str_to_size is in rte_common.h, where DPDK declares it.
 */

#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Split string (at most stringlen bytes, or up to its NUL) at each delim, in place (each delim
 * becomes a NUL), into at most maxtokens tokens: after maxtokens - 1 splits the last token
 * holds the rest. Consecutive delimiters give empty tokens; nothing after a trailing delim is
 * a token, nor is an empty string. Returns the number of tokens, or -1 with errno and
 * rte_errno EINVAL if string or tokens is NULL.
 */
int rte_strsplit(char *string, int stringlen, char **tokens, int maxtokens, char delim);

/*
 * Copy src into dst (size bytes), truncating, NUL-terminated unless size is 0. Returns
 * strlen(src): a result >= size means the copy was truncated. (BSD strlcpy.)
 */
static inline size_t rte_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size != 0) {
		size_t n = len < size ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/*
 * Append src to the string in dst (size bytes in all), truncating, NUL-terminated if dst was.
 * Returns the length the result would have had untruncated. (BSD strlcat.)
 */
static inline size_t rte_strlcat(char *dst, const char *src, size_t size)
{
	/* memchr, not strnlen: this header must build as strict ISO C. */
	const char *end = (const char *)memchr(dst, '\0', size);

	if (end == NULL)
		return size + strlen(src);
	size_t used = (size_t)(end - dst);
	return used + rte_strlcpy(dst + used, src, size - used);
}

/*
 * strlcpy/strlcat for code written against the BSD names, as DPDK provides them, unless the
 * C library declares its own (glibc 2.38 and later, with _DEFAULT_SOURCE or _GNU_SOURCE):
 * a macro over a declared function would turn that declaration into a broken one.
 */
#if !(defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 38)) &&        \
      defined(__USE_MISC))
#ifndef strlcpy
#define strlcpy(dst, src, size) rte_strlcpy(dst, src, size)
#endif
#ifndef strlcat
#define strlcat(dst, src, size) rte_strlcat(dst, src, size)
#endif
#endif

/*
 * Copy src into dst (dsize bytes). Returns the number of bytes copied (the NUL excluded), or,
 * when src does not fit, -E2BIG with rte_errno E2BIG and dst holding the first dsize - 1
 * bytes of src, NUL-terminated (nothing is written when dsize is 0).
 */
ssize_t rte_strscpy(char *dst, const char *src, size_t dsize);

#ifdef __cplusplus
}
#endif
#endif
