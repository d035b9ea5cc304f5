/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_STRBUF_H
#define EAL_STRBUF_H

/*
 * Building one log or report line piece by piece in a fixed buffer (IOVA decision reasons,
 * doctor verdicts). Internal, never installed; lib/eal/common is on the library's include path.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

/* Append printf-style text to the NUL-terminated string in buf; silently truncated at size. */
static inline __rte_format_printf(3, 4) void eal_strbuf_appendf(char *buf, size_t size,
								const char *fmt, ...)
{
	size_t used = strnlen(buf, size);
	va_list ap;

	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

#endif
