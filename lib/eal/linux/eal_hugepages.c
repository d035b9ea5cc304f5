/* SPDX-License-Identifier: BSD-3-Clause */
/* Hugepage sizes, counts and hugetlbfs mounts (eal_hugepages.h). */

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "eal_file.h"
#include "eal_hugepages.h"

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : def;
}

const char *eal_hugepages_sysfs_dir(void)
{
	return env_or("SYSFS_HUGEPAGES", "/sys/kernel/mm/hugepages");
}

const char *eal_hugepages_nodes_dir(void)
{
	return env_or("SYSFS_NODES", "/sys/devices/system/node");
}

const char *eal_hugepages_mountinfo(void)
{
	return env_or("OPENEAL_MOUNTINFO", "/proc/self/mountinfo");
}

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

/* Decode the octal escapes mountinfo uses for blanks, tabs, newlines and backslashes. */
static void unescape(char *dst, size_t size, const char *src, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 1 < size; i++) {
		if (src[i] == '\\' && i + 3 < len && src[i + 1] >= '0' && src[i + 1] <= '3' &&
		    src[i + 2] >= '0' && src[i + 2] <= '7' && src[i + 3] >= '0' &&
		    src[i + 3] <= '7') {
			dst[o++] = (char)((src[i + 1] - '0') * 64 + (src[i + 2] - '0') * 8 +
					  (src[i + 3] - '0'));
			i += 3;
		} else {
			dst[o++] = src[i];
		}
	}
	dst[o] = '\0';
}

/* The next blank-separated field of *p (length in *len); NULL at the end of the line. */
static const char *next_field(const char **p, size_t *len)
{
	const char *s = *p;

	while (*s == ' ' || *s == '\t')
		s++;
	const char *start = s;
	while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\n')
		s++;
	*p = s;
	*len = (size_t)(s - start);
	return *len > 0 ? start : NULL;
}

/* The pagesize= option of a comma-separated option list, in bytes; 0 when absent. */
static size_t pagesize_option(const char *opts, size_t opts_len)
{
	const size_t key = strlen("pagesize=");
	size_t size = 0;

	for (const char *o = opts; o < opts + opts_len;) {
		const char *comma = memchr(o, ',', (size_t)(opts + opts_len - o));
		const char *end = comma != NULL ? comma : opts + opts_len;
		if ((size_t)(end - o) > key && strncmp(o, "pagesize=", key) == 0) {
			char text[32];
			size_t n = RTE_MIN((size_t)(end - o) - key, sizeof(text) - 1);
			memcpy(text, o + key, n);
			text[n] = '\0';
			size = eal_hugepage_size_parse(text);
		}
		o = end + 1;
	}
	return size;
}

bool eal_hugetlbfs_mountinfo_parse(const char *line, char *dir, size_t dir_size, size_t *page_sz)
{
	/* ID PARENT MAJ:MIN ROOT MOUNT-POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER-OPTIONS */
	const char *p = line, *f, *mount_point = NULL;
	size_t len, mp_len = 0;

	for (int i = 0; i < 6; i++) {
		if ((f = next_field(&p, &len)) == NULL)
			return false;
		if (i == 4) {
			mount_point = f;
			mp_len = len;
		}
	}
	do { /* optional fields up to the lone "-" */
		if ((f = next_field(&p, &len)) == NULL)
			return false;
	} while (!(len == 1 && f[0] == '-'));
	if ((f = next_field(&p, &len)) == NULL || len != strlen("hugetlbfs") ||
	    strncmp(f, "hugetlbfs", len) != 0)
		return false;
	const char *opts;
	size_t opts_len;
	if (next_field(&p, &len) == NULL || (opts = next_field(&p, &opts_len)) == NULL)
		return false;
	*page_sz = pagesize_option(opts, opts_len);
	unescape(dir, dir_size, mount_point, mp_len);
	return true;
}

static int ulong_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/*
 * The numbers N of the entries of dir named exactly <prefix>N<suffix> ("hugepages-2048kB",
 * "node1"), ascending; at most max. Returns how many.
 */
static unsigned int list_numbered(const char *dir, const char *prefix, const char *suffix,
				  unsigned long *numbers, unsigned int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned int n = 0;
	size_t plen = strlen(prefix);

	if (d == NULL)
		return 0;
	while (n < max && (e = readdir(d)) != NULL) {
		char *end;
		if (strncmp(e->d_name, prefix, plen) != 0 || e->d_name[plen] < '0' ||
		    e->d_name[plen] > '9')
			continue;
		unsigned long v = strtoul(e->d_name + plen, &end, 10);
		if (strcmp(end, suffix) == 0)
			numbers[n++] = v;
	}
	closedir(d);
	qsort(numbers, n, sizeof(*numbers), ulong_cmp);
	return n;
}

unsigned int eal_hugepage_sizes(size_t *sizes, unsigned int max)
{
	unsigned long kb[EAL_MAX_HUGEPAGE_SIZES];
	unsigned int n = list_numbered(eal_hugepages_sysfs_dir(), "hugepages-", "kB", kb,
				       RTE_MIN(max, (unsigned int)RTE_DIM(kb)));
	unsigned int out = 0;

	for (unsigned int i = 0; i < n; i++)
		if (kb[i] > 0)
			sizes[out++] = (size_t)kb[i] << 10;
	return out;
}

unsigned int eal_hugepage_nodes(unsigned int *nodes, unsigned int max)
{
	unsigned long v[RTE_MAX_NUMA_NODES];
	unsigned int n = list_numbered(eal_hugepages_nodes_dir(), "node", "", v,
				       RTE_MIN(max, (unsigned int)RTE_DIM(v)));

	for (unsigned int i = 0; i < n; i++)
		nodes[i] = (unsigned int)v[i];
	return n;
}

/* One count file of size page_sz on node (-1: all nodes). false when it cannot be read. */
static bool read_count(size_t page_sz, int node, const char *file, unsigned long *v)
{
	char path[PATH_MAX];
	int n;

	if (node < 0)
		n = snprintf(path, sizeof(path), "%s/hugepages-%zukB/%s", eal_hugepages_sysfs_dir(),
			     page_sz >> 10, file);
	else
		n = snprintf(path, sizeof(path), "%s/node%d/hugepages/hugepages-%zukB/%s",
			     eal_hugepages_nodes_dir(), node, page_sz >> 10, file);
	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	char text[32];
	return eal_file_read_small(AT_FDCWD, path, text, sizeof(text)) > 0 &&
	       sscanf(text, "%lu", v) == 1;
}

bool eal_hugepages_count(size_t page_sz, int node, struct eal_hugepage_count *count)
{
	*count = (struct eal_hugepage_count){0};
	if (!read_count(page_sz, node, "nr_hugepages", &count->nr))
		return false;
	if (!read_count(page_sz, node, "free_hugepages", &count->free))
		count->free = 0;
	return true;
}

unsigned long eal_hugepages_free(size_t page_sz, int node)
{
	unsigned long v;

	return read_count(page_sz, node, "free_hugepages", &v) ? v : 0;
}

void eal_hugetlbfs_mounts(bool (*fn)(const char *dir, size_t page_sz, void *arg), void *arg)
{
	FILE *f = eal_file_fopen(eal_hugepages_mountinfo());
	char line[PATH_MAX + 512], dir[PATH_MAX];
	size_t page_sz;
	bool more = true;

	if (f == NULL)
		return;
	while (more && fgets(line, sizeof(line), f) != NULL)
		if (eal_hugetlbfs_mountinfo_parse(line, dir, sizeof(dir), &page_sz))
			more = fn(dir, page_sz, arg);
	fclose(f);
}

/* The kernel's default hugepage size, which a mount without pagesize= has. */
static size_t default_hugepage_size(void)
{
	FILE *f = eal_file_fopen("/proc/meminfo");
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

struct mount_lookup {
	char want[PATH_MAX]; /* canonical directory asked for */
	size_t page_sz;
	bool found;
};

static bool match_mount(const char *dir, size_t page_sz, void *arg)
{
	struct mount_lookup *l = arg;

	if (strcmp(dir, l->want) != 0)
		return true;
	l->found = true;
	l->page_sz = page_sz;
	return false;
}

bool eal_hugetlbfs_mount_size(const char *dir, size_t *page_sz)
{
	struct mount_lookup l = {.found = false};

	/* Compare canonical paths: "--huge-dir /dev/hugepages/" names the same mount. */
	if (realpath(dir, l.want) == NULL)
		snprintf(l.want, sizeof(l.want), "%s", dir);
	eal_hugetlbfs_mounts(match_mount, &l);
	if (!l.found)
		return false;
	*page_sz = l.page_sz != 0 ? l.page_sz : default_hugepage_size();
	return *page_sz != 0;
}
