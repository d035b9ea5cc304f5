/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * gen-sysfs-tree N SEED OUTDIR: build a fake sysfs PCI tree of N devices under OUTDIR and print
 * its devices directory (what SYSFS_PCI_DEVICES should name). The tree stays; the caller
 * removes it. One tree serves every scanner the benchmark compares, so they read the same
 * files in the same readdir order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sysfs.h"

static int parse_uint(const char *s, unsigned int *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v > 0xffffffffu)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int n, seed;
	if (argc != 4 || parse_uint(argv[1], &n) != 0 || parse_uint(argv[2], &seed) != 0) {
		fprintf(stderr, "usage: %s N SEED OUTDIR\n", argv[0]);
		return 2;
	}
	/* fake_sysfs_create() makes its directory under $TMPDIR. */
	if (setenv("TMPDIR", argv[3], 1) != 0) {
		perror("setenv");
		return 1;
	}
	struct fake_sysfs *fs = fake_sysfs_create();
	if (fs == NULL) {
		fprintf(stderr, "%s: cannot create a tree under %s: %s\n", argv[0], argv[3],
			strerror(errno));
		return 1;
	}
	if (fake_sysfs_populate(fs, n, seed) != 0) {
		fprintf(stderr, "%s: cannot populate %u devices under %s: %s\n", argv[0], n,
			fake_sysfs_root(fs), strerror(errno));
		fake_sysfs_destroy(fs);
		return 1;
	}
	printf("%s\n", fake_sysfs_devices_dir(fs));
	fake_sysfs_close(fs);
	return 0;
}
