/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_eal_iopl_init: permission for the in/out instructions that I/O-port BARs need on x86. */

#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif

#include <rte_eal.h>

int rte_eal_iopl_init(void)
{
#if defined(__x86_64__) || defined(__i386__)
	/* Level 3 lets user space execute in/out; it needs CAP_SYS_RAWIO (and no lockdown). */
	return iopl(3) == 0 ? 0 : -1;
#else
	/* No port I/O instructions here (DPDK returns 0; nothing could use them though). */
	return -1;
#endif
}
