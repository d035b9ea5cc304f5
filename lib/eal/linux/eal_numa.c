/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NUMA placement with libnuma when meson found it (OPENEAL_HAVE_NUMA) and the kernel has NUMA;
 * otherwise one node, 0, and memory goes wherever the kernel puts it.
 */

#include <errno.h>
#include <pthread.h>
#include <sched.h>

#ifdef OPENEAL_HAVE_NUMA
#include <numa.h>
#include <numaif.h>
#endif

#include <rte_memory.h>

#include "../common/eal_memory.h"
#include "eal_numa.h"

static pthread_once_t numa_once = PTHREAD_ONCE_INIT;
static unsigned int numa_nodes = 1;
static bool numa_ok;

static void numa_probe(void)
{
#ifdef OPENEAL_HAVE_NUMA
	if (numa_available() >= 0) {
		int max = numa_max_node();
		numa_nodes = max < 0 ? 1 : (unsigned int)max + 1;
		if (numa_nodes > RTE_MAX_NUMA_NODES)
			numa_nodes = RTE_MAX_NUMA_NODES;
		numa_ok = true;
	}
#endif
}

unsigned int eal_numa_nodes(void)
{
	pthread_once(&numa_once, numa_probe);
	return numa_nodes;
}

bool eal_numa_known(void)
{
	pthread_once(&numa_once, numa_probe);
	return numa_ok;
}

unsigned int eal_numa_current_node(void)
{
	if (!eal_numa_known())
		return 0;
#ifdef OPENEAL_HAVE_NUMA
	int cpu = sched_getcpu();
	int node = cpu < 0 ? -1 : numa_node_of_cpu(cpu);
	if (node > 0 && (unsigned int)node < numa_nodes)
		return (unsigned int)node;
#endif
	return 0;
}

int eal_numa_bind(void *va, size_t len, unsigned int node)
{
	/* One node: nothing to choose, and mbind would only cost a system call. */
	if (!eal_numa_known() || numa_nodes < 2)
		return 0;
#ifdef OPENEAL_HAVE_NUMA
	unsigned long mask[(RTE_MAX_NUMA_NODES + 63) / 64] = {0};
	mask[node / 64] = 1UL << (node % 64);
	if (mbind(va, len, MPOL_BIND, mask, RTE_MAX_NUMA_NODES + 1, MPOL_MF_STRICT) != 0)
		return -errno;
#else
	RTE_SET_USED(va);
	RTE_SET_USED(len);
	RTE_SET_USED(node);
#endif
	return 0;
}

unsigned int rte_socket_id(void)
{
	return eal_numa_current_node();
}

unsigned int rte_socket_count(void)
{
	return eal_numa_nodes();
}
