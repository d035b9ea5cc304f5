/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_dump_stack through glibc's backtrace: no allocation, straight to stderr. */
#include <execinfo.h>
#include <unistd.h>

#include <rte_debug.h>

#define STACK_DEPTH_MAX 64

void rte_dump_stack(void)
{
	void *frames[STACK_DEPTH_MAX];
	int n = backtrace(frames, STACK_DEPTH_MAX);

	backtrace_symbols_fd(frames, n, STDERR_FILENO);
}
