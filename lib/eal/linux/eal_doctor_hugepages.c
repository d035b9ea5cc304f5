/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hugepages as an operator reserves them: per size, reserved (nr_hugepages) and free, overall
 * and per NUMA node, and the hugetlbfs mounts (read from mountinfo, the file rte_pci_bind reads
 * for its mount checks, so one $OPENEAL_MOUNTINFO serves both).
 */

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "eal_doctor_private.h"
#include "eal_hugepages.h"

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : def;
}

static unsigned long read_count(const char *dir, const char *sub, const char *file)
{
	char path[PATH_MAX];
	unsigned long v = 0;

	if (snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, file) >= (int)sizeof(path))
		return 0;
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%lu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

static int size_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct rte_eal_doctor_hugepages *)a)->page_size;
	uint64_t y = ((const struct rte_eal_doctor_hugepages *)b)->page_size;

	return x < y ? -1 : x > y;
}

static int uint_cmp(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* The NUMA node numbers of the nodes directory, ascending. */
static unsigned int list_nodes(const char *dir, unsigned int *nodes, unsigned int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned int n = 0;

	if (d == NULL)
		return 0;
	while (n < max && (e = readdir(d)) != NULL) {
		unsigned int node;
		char extra;
		if (sscanf(e->d_name, "node%u%c", &node, &extra) == 1)
			nodes[n++] = node;
	}
	closedir(d);
	qsort(nodes, n, sizeof(*nodes), uint_cmp);
	return n;
}

static void read_nodes(struct rte_eal_doctor_hugepages *hp, const char *size_dir)
{
	const char *nodes_dir = env_or("SYSFS_NODES", "/sys/devices/system/node");
	unsigned int nodes[RTE_MAX_NUMA_NODES];
	unsigned int n = list_nodes(nodes_dir, nodes, RTE_DIM(nodes));
	char dir[PATH_MAX];

	for (unsigned int i = 0; i < n; i++) {
		if (snprintf(dir, sizeof(dir), "%s/node%u/hugepages/%s", nodes_dir, nodes[i],
			     size_dir) >= (int)sizeof(dir))
			continue;
		DIR *d = opendir(dir);
		if (d == NULL)
			continue;
		closedir(d);
		hp->nodes[hp->nb_nodes].node = nodes[i];
		hp->nodes[hp->nb_nodes].nr = read_count(dir, ".", "nr_hugepages");
		hp->nodes[hp->nb_nodes].free = read_count(dir, ".", "free_hugepages");
		hp->nb_nodes++;
	}
}

static void read_sizes(struct rte_eal_doctor_host *host)
{
	DIR *d = opendir(host->hugepages_dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while (host->nb_hugepage_sizes < RTE_EAL_DOCTOR_MAX_HUGEPAGE_SIZES &&
	       (e = readdir(d)) != NULL) {
		unsigned long kb;
		char extra;
		if (sscanf(e->d_name, "hugepages-%lukB%c", &kb, &extra) != 1 || kb == 0)
			continue;
		struct rte_eal_doctor_hugepages *hp = &host->hugepages[host->nb_hugepage_sizes++];
		hp->page_size = (uint64_t)kb << 10;
		hp->nr = read_count(host->hugepages_dir, e->d_name, "nr_hugepages");
		hp->free = read_count(host->hugepages_dir, e->d_name, "free_hugepages");
		read_nodes(hp, e->d_name);
	}
	closedir(d);
	qsort(host->hugepages, host->nb_hugepage_sizes, sizeof(host->hugepages[0]), size_cmp);
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

bool eal_doctor_mountinfo_hugetlbfs(const char *line, char *dir, size_t dir_size,
				    uint64_t *page_size)
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

	*page_size = 0;
	for (const char *o = opts; o < opts + opts_len;) {
		const char *comma = memchr(o, ',', (size_t)(opts + opts_len - o));
		const char *end = comma != NULL ? comma : opts + opts_len;
		size_t key = strlen("pagesize=");
		if ((size_t)(end - o) > key && strncmp(o, "pagesize=", key) == 0) {
			char text[32];
			size_t n = RTE_MIN((size_t)(end - o) - key, sizeof(text) - 1);
			memcpy(text, o + key, n);
			text[n] = '\0';
			*page_size = eal_hugepage_size_parse(text);
		}
		o = end + 1;
	}
	unescape(dir, dir_size, mount_point, mp_len);
	return true;
}

static void read_mounts(struct rte_eal_doctor_host *host)
{
	FILE *f = fopen(env_or("OPENEAL_MOUNTINFO", "/proc/self/mountinfo"), "re");
	char line[PATH_MAX + 512];

	if (f == NULL)
		return;
	while (host->nb_mounts < RTE_EAL_DOCTOR_MAX_MOUNTS &&
	       fgets(line, sizeof(line), f) != NULL) {
		struct rte_eal_doctor_mount *m = &host->mounts[host->nb_mounts];
		if (eal_doctor_mountinfo_hugetlbfs(line, m->dir, sizeof(m->dir), &m->page_size))
			host->nb_mounts++;
	}
	fclose(f);
}

void eal_doctor_read_hugepages(struct rte_eal_doctor_host *host)
{
	snprintf(host->hugepages_dir, sizeof(host->hugepages_dir), "%s",
		 env_or("SYSFS_HUGEPAGES", "/sys/kernel/mm/hugepages"));
	read_sizes(host);
	read_mounts(host);
}
