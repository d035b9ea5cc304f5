/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_NUMA_H
#define EAL_NUMA_H

#include <stddef.h>

/* Bind [va, va+len) to node before it is faulted in (strict). 0, or -errno; a no-op without
 * NUMA or with one node. */
int eal_numa_bind(void *va, size_t len, unsigned int node);

#endif
