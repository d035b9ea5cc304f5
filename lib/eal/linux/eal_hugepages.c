/* SPDX-License-Identifier: BSD-3-Clause */
/* Hugepage sizes, counts and hugetlbfs mounts (eal_hugepages.h). */

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "eal_hugepages.h"

#define SYSFS_HUGEPAGES "/sys/kernel/mm/hugepages"
#define SYSFS_NODES "/sys/devices/system/node"

size_t eal_hugepage_size_parse(const char *text)
{
	char *end;
	unsigned long long v = strtoull(text, &end, 10);

	if (end == text)
		return 0;
	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		v <<= 30;
		end++;
		break;
	default:
		break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	return (*end == '\0' || *end == ',' || *end == ' ') ? (size_t)v : 0;
}

/* Decode the octal escapes /proc/mounts uses for blanks and backslashes. */
static void unescape(char *dst, size_t size, const char *src, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 1 < size; i++) {
		if (src[i] == '\\' && i + 3 < len && src[i + 1] >= '0' && src[i + 1] <= '3') {
			dst[o++] = (char)((src[i + 1] - '0') * 64 + (src[i + 2] - '0') * 8 +
					  (src[i + 3] - '0'));
			i += 3;
		} else {
			dst[o++] = src[i];
		}
	}
	dst[o] = '\0';
}

bool eal_hugetlbfs_parse_mount(const char *line, char *dir, size_t dir_size, size_t *page_sz,
			       size_t default_size)
{
	/* device dir fstype options dump pass */
	const char *f[4];
	size_t len[4];
	const char *p = line;

	for (int i = 0; i < 4; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		f[i] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		len[i] = (size_t)(p - f[i]);
		if (len[i] == 0)
			return false;
	}
	if (len[2] != strlen("hugetlbfs") || strncmp(f[2], "hugetlbfs", len[2]) != 0)
		return false;
	size_t size = default_size;
	for (const char *o = f[3]; o < f[3] + len[3];) {
		const char *comma = memchr(o, ',', (size_t)(f[3] + len[3] - o));
		const char *end = comma != NULL ? comma : f[3] + len[3];
		if ((size_t)(end - o) > strlen("pagesize=") &&
		    strncmp(o, "pagesize=", strlen("pagesize=")) == 0) {
			char text[32];
			size_t n =
			    RTE_MIN((size_t)(end - o) - strlen("pagesize="), sizeof(text) - 1);
			memcpy(text, o + strlen("pagesize="), n);
			text[n] = '\0';
			size = eal_hugepage_size_parse(text);
		}
		o = end + 1;
	}
	if (size == 0)
		return false;
	unescape(dir, dir_size, f[1], len[1]);
	*page_sz = size;
	return true;
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

unsigned int eal_hugepage_sizes(size_t *sizes, unsigned int max)
{
	DIR *d = opendir(SYSFS_HUGEPAGES);
	struct dirent *e;
	unsigned int n = 0;

	if (d == NULL)
		return 0;
	while (n < max && (e = readdir(d)) != NULL) {
		unsigned long kb;
		if (sscanf(e->d_name, "hugepages-%lukB", &kb) == 1 && kb > 0)
			sizes[n++] = (size_t)kb << 10;
	}
	closedir(d);
	qsort(sizes, n, sizeof(*sizes), size_cmp);
	return n;
}

static unsigned long read_count(const char *path)
{
	FILE *f = fopen(path, "re");
	unsigned long v = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%lu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

unsigned long eal_hugepages_free(size_t page_sz, int node)
{
	char path[PATH_MAX];

	if (node < 0)
		snprintf(path, sizeof(path), SYSFS_HUGEPAGES "/hugepages-%zukB/free_hugepages",
			 page_sz >> 10);
	else
		snprintf(path, sizeof(path),
			 SYSFS_NODES "/node%d/hugepages/hugepages-%zukB/free_hugepages", node,
			 page_sz >> 10);
	return read_count(path);
}

static size_t default_hugepage_size(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[128];
	unsigned long kb = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Hugepagesize: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return (size_t)kb << 10;
}

bool eal_hugetlbfs_mount_size(const char *dir, size_t *page_sz)
{
	FILE *f = fopen("/proc/mounts", "re");
	char line[PATH_MAX + 256], mdir[PATH_MAX], want[PATH_MAX];
	size_t def = default_hugepage_size();
	bool found = false;

	if (f == NULL)
		return false;
	/* Compare canonical paths: "--huge-dir /dev/hugepages/" names the same mount. */
	if (realpath(dir, want) == NULL)
		snprintf(want, sizeof(want), "%s", dir);
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		size_t sz;
		if (eal_hugetlbfs_parse_mount(line, mdir, sizeof(mdir), &sz, def) &&
		    strcmp(mdir, want) == 0) {
			*page_sz = sz;
			found = true;
		}
	}
	fclose(f);
	return found;
}
