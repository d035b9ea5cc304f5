/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_errno and its texts. */

#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

RTE_DEFINE_PER_LCORE(int, _rte_errno);

/*
 * Each thread formats into its own buffer, so the returned text stays valid until the same
 * thread calls rte_strerror again, whatever other threads do.
 */
#define STRERROR_BUFSZ 256
static __thread char strerror_buf[STRERROR_BUFSZ];

const char *rte_strerror(int errnum)
{
	if (errnum < 0)
		errnum = -errnum; /* callers often pass the negative errno a function returned */

	switch (errnum) {
	case E_RTE_SECONDARY:
		return "Invalid call in secondary process";
	case E_RTE_NO_CONFIG:
		return "Missing rte_config structure";
	default:
		break;
	}
	if (errnum > RTE_MIN_ERRNO && errnum < RTE_MAX_ERRNO)
		snprintf(strerror_buf, sizeof(strerror_buf), "Unknown openeal error %d", errnum);
	else
		/* GNU strerror_r may return a static string instead of filling the buffer. */
		return strerror_r(errnum, strerror_buf, sizeof(strerror_buf));
	return strerror_buf;
}
