/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_ERRNO_H
#define RTE_ERRNO_H

#include <errno.h>
#include <rte_per_lcore.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error of the last failed openeal call in this thread (an errno value or one below). */
RTE_DECLARE_PER_LCORE(int, _rte_errno);
#define rte_errno RTE_PER_LCORE(_rte_errno)

#define __ELASTERROR 1000
enum {
	RTE_MIN_ERRNO = __ELASTERROR,
	E_RTE_SECONDARY, /* operation not allowed in a secondary process */
	E_RTE_NO_CONFIG, /* missing rte_config */
	RTE_MAX_ERRNO
};

/* Text for an errno or openeal error number. Thread-safe; never returns NULL. */
const char *rte_strerror(int errnum);

#ifdef __cplusplus
}
#endif
#endif
