/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_sys_gettid (rte_eal.h): the kernel's id of the calling thread. */

#include <sys/syscall.h>
#include <unistd.h>

#include <rte_eal.h>

int rte_sys_gettid(void)
{
	/* The raw syscall: glibc's gettid() wrapper only exists since 2.30. */
	return (int)syscall(SYS_gettid);
}
