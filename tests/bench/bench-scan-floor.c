/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench-scan-floor DEVICES_DIR: what the files a PCI scan must read cost on this machine, with
 * nothing else around them. For every device of DEVICES_DIR, one pass per line below, on one
 * thread, timed in CPU time (the figures are for the floor of any scan, not for openeal's):
 *
 *   devices=<n>
 *   dir_cpu_ns=<ns>        open the device directory (O_PATH, through its bus link), close it
 *   uevent_cpu_ns=<ns>     the same, plus open+read+close of uevent relative to it
 *   resource_cpu_ns=<ns>   ... of resource
 *   revision_cpu_ns=<ns>   ... of revision
 *   numa_node_cpu_ns=<ns>  ... of numa_node
 *   all_cpu_ns=<ns>        the directory and all four files: ids, class, driver, BARs,
 *                          revision and NUMA node, which the device model needs
 *
 * It prints figures and asserts nothing; doc/performance.md uses them to say how fast a scan
 * reading these files can be on this kernel. Links (IOMMU group, PF) are not included.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const files[] = {"uevent", "resource", "revision", "numa_node"};
#define NB_FILES (sizeof(files) / sizeof(files[0]))

static int64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

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

/* One pass over every device: its directory, then the files whose bit is set in mask. */
static int pass(int devices_fd, char (*names)[64], size_t nb, unsigned int mask, int64_t *ns)
{
	int64_t t0 = cpu_ns();
	for (size_t i = 0; i < nb; i++) {
		int dirfd = openat(devices_fd, names[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dirfd < 0)
			return -1;
		for (size_t f = 0; f < NB_FILES; f++)
			if ((mask & (1u << f)) != 0 && read_file(dirfd, files[f]) != 0) {
				fprintf(stderr, "cannot read %s/%s\n", names[i], files[f]);
				close(dirfd);
				return -1;
			}
		close(dirfd);
	}
	*ns = cpu_ns() - t0;
	return 0;
}

int main(int argc, char **argv)
{
	char(*names)[64] = NULL;
	size_t nb = 0, cap = 0;
	struct dirent *e;
	int64_t ns;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DEVICES_DIR\n", argv[0]);
		return 2;
	}
	int devices_fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = devices_fd < 0 ? NULL : opendir(argv[1]);
	if (d == NULL) {
		perror(argv[1]);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(names[0]))
			continue;
		if (nb == cap) {
			cap = cap ? cap * 2 : 1024;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL) {
				perror("realloc");
				return 1;
			}
		}
		strcpy(names[nb++], e->d_name);
	}
	closedir(d);
	printf("devices=%zu\n", nb);
	if (pass(devices_fd, names, nb, 0, &ns) != 0)
		return 1;
	printf("dir_cpu_ns=%lld\n", (long long)ns);
	for (size_t f = 0; f < NB_FILES; f++) {
		if (pass(devices_fd, names, nb, 1u << f, &ns) != 0)
			return 1;
		printf("%s_cpu_ns=%lld\n", files[f], (long long)ns);
	}
	if (pass(devices_fd, names, nb, (1u << NB_FILES) - 1, &ns) != 0)
		return 1;
	printf("all_cpu_ns=%lld\n", (long long)ns);
	free(names);
	close(devices_fd);
	return 0;
}
