/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench-init [-n N] [EAL options...]: time rte_eal_init + rte_eal_cleanup, N times (default
 * 1000), and print min/median per cycle in ns, and of rte_eal_init alone. A program that prints figures, never a timed
 * assertion (doc/performance.md). Set SYSFS_PCI_DEVICES to a generated tree to include a scan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "bench_clock.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = 1000, first = 1;
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		n = atoi(argv[2]);
		first = 3;
	}
	if (n < 1) {
		fprintf(stderr, "usage: bench-init [-n N] [EAL options...]\n");
		return 2;
	}
	/* rte_eal_init rewrites argv[ret]: give it a fresh copy every cycle. */
	int eal_argc = argc - first + 1;
	char **eal_argv = calloc((size_t)eal_argc + 1, sizeof(*eal_argv));
	uint64_t *t = calloc((size_t)n, sizeof(*t));
	uint64_t *ti = calloc((size_t)n, sizeof(*ti));
	if (eal_argv == NULL || t == NULL || ti == NULL)
		return 1;
	for (int i = 0; i < n; i++) {
		eal_argv[0] = argv[0];
		for (int a = first; a < argc; a++)
			eal_argv[a - first + 1] = argv[a];
		uint64_t t0 = (uint64_t)bench_clock_ns(CLOCK_MONOTONIC);
		if (rte_eal_init(eal_argc, eal_argv) < 0) {
			fprintf(stderr, "bench-init: rte_eal_init failed: %s\n",
				rte_strerror(rte_errno));
			return 1;
		}
		ti[i] = (uint64_t)bench_clock_ns(CLOCK_MONOTONIC) - t0;
		rte_eal_cleanup();
		t[i] = (uint64_t)bench_clock_ns(CLOCK_MONOTONIC) - t0;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_u64);
	qsort(ti, (size_t)n, sizeof(*ti), cmp_u64);
	printf("cycles=%d\n", n);
	printf("init_cleanup_min_ns=%llu\n", (unsigned long long)t[0]);
	printf("init_cleanup_median_ns=%llu\n", (unsigned long long)t[n / 2]);
	printf("init_min_ns=%llu\n", (unsigned long long)ti[0]);
	printf("init_median_ns=%llu\n", (unsigned long long)ti[n / 2]);
	free(ti);
	free(t);
	free(eal_argv);
	return 0;
}
