/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_exit and rte_panic: the two ways DPDK gives an application (or a driver that decides
 * so) to end the process with a message. Nothing in openeal calls either.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_common.h>
#include <rte_debug.h>
#include <rte_eal.h>
#include <rte_log.h>

void rte_exit(int exit_code, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	rte_vlog(RTE_LOG_CRIT, RTE_LOGTYPE_EAL, format, ap);
	va_end(ap);
	/* As DPDK: devices are released (removed, unmapped, unbound from the IOMMU) first. */
	rte_eal_cleanup();
	exit(exit_code);
}

void __rte_panic(const char *funcname, const char *format, ...)
{
	va_list ap;

	rte_log(RTE_LOG_CRIT, RTE_LOGTYPE_EAL, "PANIC in %s():\n", funcname);
	va_start(ap, format);
	rte_vlog(RTE_LOG_CRIT, RTE_LOGTYPE_EAL, format, ap);
	va_end(ap);
	rte_dump_stack();
	abort();
}
