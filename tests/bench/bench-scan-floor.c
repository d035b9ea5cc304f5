/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench-scan-floor [-t THREADS] DEVICES_DIR: what the system calls a PCI scan cannot avoid cost
 * on this machine, with nothing else around them: no parsing, no allocation, no checks. Two
 * passes over every device of DEVICES_DIR:
 *
 *   files     open the device directory (O_PATH, through its bus link); open+read+close of
 *             uevent, resource, revision and numa_node relative to it (ids, class, driver,
 *             BARs, revision, NUMA node); close
 *   required  the same, plus what the rest of the device model needs: readlinkat of
 *             iommu_group and physfn; unless it is a VF, a readlinkat probe of sriov_numvfs
 *             and, when present, open+read+close of it
 *
 * Each pass runs on THREADS threads (default: one per allowed CPU, as many as the scan uses for
 * a tree this size), helpers bound to the CPUs other than the caller's, as the scan does. For
 * each pass it prints "<pass>_ns=" (wall, CLOCK_MONOTONIC) and "<pass>_cpu_ns=" (all threads),
 * after "devices=" and "threads=". It prints figures and asserts nothing; run-scan-bench
 * divides DPDK's time by the required pass to say how far any scan could go on this machine.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

#define NAME_MAX_LEN 64
#define MAX_THREADS 8
/* As the scan: no helper below this many devices each. */
#define PER_THREAD 128

struct job {
	int devices_fd;
	char (*names)[NAME_MAX_LEN];
	size_t nb;
	bool required;
	atomic_size_t next;
	atomic_int failed;
};

static int read_file(int dirfd, const char *name)
{
	char buf[4096];
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf));
	close(fd);
	return n < 0 ? -1 : 0;
}

static int one_device(const struct job *job, const char *name)
{
	static const char *const files[] = {"uevent", "resource", "revision", "numa_node"};
	char target[256];
	int rc = 0;
	int dirfd = openat(job->devices_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (dirfd < 0)
		return -1;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]) && rc == 0; f++)
		rc = read_file(dirfd, files[f]);
	if (rc == 0 && job->required) {
		(void)readlinkat(dirfd, "iommu_group", target, sizeof(target));
		bool vf = readlinkat(dirfd, "physfn", target, sizeof(target)) >= 0;
		if (!vf && readlinkat(dirfd, "sriov_numvfs", target, 1) < 0 && errno == EINVAL)
			rc = read_file(dirfd, "sriov_numvfs");
	}
	close(dirfd);
	return rc;
}

static void *worker(void *arg)
{
	struct job *job = arg;
	size_t i;

	while ((i = atomic_fetch_add(&job->next, 1)) < job->nb)
		if (one_device(job, job->names[i]) != 0) {
			fprintf(stderr, "cannot read the files of %s\n", job->names[i]);
			atomic_store(&job->failed, 1);
		}
	return NULL;
}

static int run_pass(struct job *job, unsigned int threads, const char *label)
{
	pthread_t tids[MAX_THREADS];
	pthread_attr_t attr;
	cpu_set_t others;
	unsigned int started = 0;

	CPU_ZERO(&others);
	if (sched_getaffinity(0, sizeof(others), &others) == 0 && sched_getcpu() >= 0)
		CPU_CLR(sched_getcpu(), &others);
	pthread_attr_init(&attr);
	if (CPU_COUNT(&others) > 0)
		pthread_attr_setaffinity_np(&attr, sizeof(others), &others);
	atomic_store(&job->next, 0);
	int64_t t0 = bench_clock_ns(CLOCK_MONOTONIC), c0 = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	while (started + 1 < threads && pthread_create(&tids[started], &attr, worker, job) == 0)
		started++;
	worker(job);
	for (unsigned int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	int64_t c1 = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID), t1 = bench_clock_ns(CLOCK_MONOTONIC);
	pthread_attr_destroy(&attr);
	if (atomic_load(&job->failed))
		return -1;
	printf("%s_ns=%lld\n%s_cpu_ns=%lld\n", label, (long long)(t1 - t0), label,
	       (long long)(c1 - c0));
	return 0;
}

int main(int argc, char **argv)
{
	struct job job = {.nb = 0};
	unsigned int threads = 0;
	size_t cap = 0;
	struct dirent *e;
	int opt;

	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt != 't' || (threads = (unsigned int)atoi(optarg)) == 0 ||
		    threads > MAX_THREADS) {
			fprintf(stderr, "usage: %s [-t THREADS (1-%d)] DEVICES_DIR\n", argv[0],
				MAX_THREADS);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: %s [-t THREADS (1-%d)] DEVICES_DIR\n", argv[0],
			MAX_THREADS);
		return 2;
	}
	const char *dir = argv[optind];
	job.devices_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = job.devices_fd < 0 ? NULL : opendir(dir);
	if (d == NULL) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= NAME_MAX_LEN)
			continue;
		if (job.nb == cap) {
			cap = cap ? cap * 2 : 1024;
			job.names = realloc(job.names, cap * sizeof(*job.names));
			if (job.names == NULL) {
				perror("realloc");
				return 1;
			}
		}
		strcpy(job.names[job.nb++], e->d_name);
	}
	closedir(d);
	if (threads == 0) {
		cpu_set_t set;
		size_t cpus =
		    sched_getaffinity(0, sizeof(set), &set) == 0 ? (size_t)CPU_COUNT(&set) : 1;
		size_t t = job.nb / PER_THREAD < cpus ? job.nb / PER_THREAD : cpus;
		threads = (unsigned int)(t < 1 ? 1 : t > MAX_THREADS ? MAX_THREADS : t);
	}
	printf("devices=%zu\nthreads=%u\n", job.nb, threads);
	job.required = false;
	if (run_pass(&job, threads, "files") != 0)
		return 1;
	job.required = true;
	if (run_pass(&job, threads, "required") != 0)
		return 1;
	free(job.names);
	close(job.devices_fd);
	return 0;
}
