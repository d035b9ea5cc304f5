/* SPDX-License-Identifier: BSD-3-Clause */
/* The monitor's set of present device names: a sorted array, searched by bisection. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eal_dev_presence.h"

typedef char presence_name[EAL_DEV_PRESENCE_NAME_MAX];

static bool name_ok(const char *name)
{
	return name != NULL && name[0] != '\0' && strlen(name) < EAL_DEV_PRESENCE_NAME_MAX;
}

/* Index of name, or of where it would go; *found tells which. */
static size_t find(const struct eal_dev_presence *p, const char *name, bool *found)
{
	size_t lo = 0, hi = p->nb;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->names[mid], name);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static int reserve(struct eal_dev_presence *p, size_t want)
{
	if (want <= p->cap)
		return 0;
	size_t cap = p->cap ? p->cap : 64;
	while (cap < want)
		cap *= 2;
	presence_name *n = realloc(p->names, cap * sizeof(*n));
	if (n == NULL)
		return -ENOMEM;
	p->names = n;
	p->cap = cap;
	return 0;
}

int eal_dev_presence_add(struct eal_dev_presence *p, const char *name)
{
	bool found;

	if (!name_ok(name))
		return -EINVAL;
	size_t i = find(p, name, &found);
	if (found)
		return 0;
	if (reserve(p, p->nb + 1) != 0)
		return -ENOMEM;
	memmove(&p->names[i + 1], &p->names[i], (p->nb - i) * sizeof(*p->names));
	strcpy(p->names[i], name);
	p->nb++;
	return 1;
}

int eal_dev_presence_remove(struct eal_dev_presence *p, const char *name)
{
	bool found;

	if (!name_ok(name))
		return 0;
	size_t i = find(p, name, &found);
	if (!found)
		return 0;
	memmove(&p->names[i], &p->names[i + 1], (p->nb - i - 1) * sizeof(*p->names));
	p->nb--;
	return 1;
}

bool eal_dev_presence_has(const struct eal_dev_presence *p, const char *name)
{
	bool found = false;

	if (name_ok(name))
		(void)find(p, name, &found);
	return found;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int eal_dev_presence_reconcile(struct eal_dev_presence *p, const char *const *now, size_t nb,
			       eal_dev_presence_emit_t emit, void *arg)
{
	presence_name *v = NULL;
	size_t n = 0;

	if (nb > 0) {
		v = malloc(nb * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
	}
	for (size_t i = 0; i < nb; i++) {
		if (!name_ok(now[i])) {
			free(v);
			return -EINVAL;
		}
		strcpy(v[i], now[i]);
	}
	if (nb > 1)
		qsort(v, nb, sizeof(*v), name_cmp);
	for (size_t i = 0; i < nb; i++)
		if (n == 0 || strcmp(v[n - 1], v[i]) != 0)
			memmove(v[n++], v[i], sizeof(*v));

	/* Both sorted: one merge walk finds the removals, a second the additions. */
	for (size_t i = 0, j = 0; i < p->nb; i++) {
		while (j < n && strcmp(v[j], p->names[i]) < 0)
			j++;
		if (j == n || strcmp(v[j], p->names[i]) != 0)
			emit(p->names[i], false, arg);
	}
	for (size_t i = 0, j = 0; j < n; j++) {
		while (i < p->nb && strcmp(p->names[i], v[j]) < 0)
			i++;
		if (i == p->nb || strcmp(p->names[i], v[j]) != 0)
			emit(v[j], true, arg);
	}
	free(p->names);
	p->names = v;
	p->nb = n;
	p->cap = nb;
	return 0;
}

void eal_dev_presence_clear(struct eal_dev_presence *p)
{
	free(p->names);
	*p = (struct eal_dev_presence){0};
}
