/* SPDX-License-Identifier: BSD-3-Clause */
/* The NUMA node of a CPU: the nodeN entry sysfs puts in the CPU's directory. */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_memory.h>

#include "../common/eal_lcore.h"

unsigned int eal_cpu_socket_id(unsigned int cpu)
{
	char path[64];
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u", cpu);
	DIR *d = opendir(path);
	if (d == NULL)
		return 0;
	unsigned int node = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char *end;
		if (strncmp(e->d_name, "node", 4) != 0 || e->d_name[4] < '0' || e->d_name[4] > '9')
			continue;
		unsigned long n = strtoul(e->d_name + 4, &end, 10);
		if (*end == '\0' && n < RTE_MAX_NUMA_NODES) {
			node = (unsigned int)n;
			break;
		}
	}
	closedir(d);
	return node;
}
