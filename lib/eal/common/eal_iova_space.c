/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IOVA space bookkeeping (eal_iova_space.h): a sorted array of free spans. An IOMMU reports a
 * handful of usable ranges and a process maps tens of segments at most, so a linear array is
 * both the simplest and the fastest structure here. Ends are inclusive so that arithmetic never
 * overflows at the top of the 64-bit space.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eal_iova_space.h"

static int span_cmp(const void *a, const void *b)
{
	const struct eal_iova_span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int ensure_room(struct eal_iova_space *s)
{
	if (s->nb < s->max)
		return 0;
	unsigned int max = s->max ? s->max * 2 : 8;
	struct eal_iova_span *v = realloc(s->free, max * sizeof(*v));
	if (v == NULL)
		return -ENOMEM;
	s->free = v;
	s->max = max;
	return 0;
}

static int insert_at(struct eal_iova_space *s, unsigned int i, struct eal_iova_span span)
{
	if (ensure_room(s) != 0)
		return -ENOMEM;
	memmove(&s->free[i + 1], &s->free[i], (s->nb - i) * sizeof(s->free[0]));
	s->free[i] = span;
	s->nb++;
	return 0;
}

static void remove_at(struct eal_iova_space *s, unsigned int i)
{
	memmove(&s->free[i], &s->free[i + 1], (s->nb - i - 1) * sizeof(s->free[0]));
	s->nb--;
}

/* [start, *last] for len bytes; false when len is 0 or the range wraps. */
static bool range_last(uint64_t start, uint64_t len, uint64_t *last)
{
	if (len == 0 || start + (len - 1) < start)
		return false;
	*last = start + (len - 1);
	return true;
}

int eal_iova_space_init(struct eal_iova_space *s, const struct eal_iova_span *usable,
			unsigned int n)
{
	memset(s, 0, sizeof(*s));
	for (unsigned int i = 0; i < n; i++)
		if (usable[i].last < usable[i].start)
			return -EINVAL;
	if (n == 0)
		return 0;
	s->free = malloc(n * sizeof(*s->free));
	if (s->free == NULL)
		return -ENOMEM;
	memcpy(s->free, usable, n * sizeof(*s->free));
	s->max = n;
	qsort(s->free, n, sizeof(*s->free), span_cmp);
	/* Merge overlapping and adjacent spans. */
	s->nb = 1;
	for (unsigned int i = 1; i < n; i++) {
		struct eal_iova_span *top = &s->free[s->nb - 1];
		if (top->last == UINT64_MAX || s->free[i].start <= top->last + 1) {
			if (s->free[i].last > top->last)
				top->last = s->free[i].last;
		} else {
			s->free[s->nb++] = s->free[i];
		}
	}
	return 0;
}

void eal_iova_space_fini(struct eal_iova_space *s)
{
	free(s->free);
	memset(s, 0, sizeof(*s));
}

/* Index of the free span holding [start, last] entirely, or -1. */
static int span_holding(const struct eal_iova_space *s, uint64_t start, uint64_t last)
{
	for (unsigned int i = 0; i < s->nb; i++)
		if (s->free[i].start <= start && last <= s->free[i].last)
			return (int)i;
	return -1;
}

bool eal_iova_space_is_free(const struct eal_iova_space *s, uint64_t start, uint64_t len)
{
	uint64_t last;

	return range_last(start, len, &last) && span_holding(s, start, last) >= 0;
}

int eal_iova_space_reserve(struct eal_iova_space *s, uint64_t start, uint64_t len)
{
	uint64_t last;

	if (!range_last(start, len, &last))
		return -ENOENT;
	int i = span_holding(s, start, last);
	if (i < 0)
		return -ENOENT;
	struct eal_iova_span *sp = &s->free[i];
	if (sp->start == start && sp->last == last) {
		remove_at(s, (unsigned int)i);
	} else if (sp->start == start) {
		sp->start = last + 1;
	} else if (sp->last == last) {
		sp->last = start - 1;
	} else {
		struct eal_iova_span right = {.start = last + 1, .last = sp->last};
		if (insert_at(s, (unsigned int)i + 1, right) != 0)
			return -ENOMEM;
		s->free[i].last = start - 1;
	}
	return 0;
}

int eal_iova_space_alloc(struct eal_iova_space *s, uint64_t len, uint64_t align, uint64_t *iova)
{
	if (len == 0 || align == 0 || (align & (align - 1)) != 0)
		return -EINVAL;
	for (unsigned int i = 0; i < s->nb; i++) {
		const struct eal_iova_span *sp = &s->free[i];
		uint64_t from = sp->start != 0 ? sp->start : 1;
		if (from > UINT64_MAX - (align - 1))
			continue;
		uint64_t a = (from + (align - 1)) & ~(align - 1);
		if (a > sp->last || sp->last - a < len - 1)
			continue;
		int ret = eal_iova_space_reserve(s, a, len);
		if (ret != 0)
			return ret;
		*iova = a;
		return 0;
	}
	return -ENOSPC;
}

int eal_iova_space_free(struct eal_iova_space *s, uint64_t start, uint64_t len)
{
	uint64_t last;

	if (!range_last(start, len, &last))
		return -EINVAL;
	unsigned int i = 0;
	while (i < s->nb && s->free[i].start <= last)
		i++;
	/* i: first span after the range. The one before must end below it. */
	if (i > 0 && s->free[i - 1].last >= start)
		return -EINVAL;
	bool join_prev = i > 0 && s->free[i - 1].last + 1 == start;
	bool join_next = i < s->nb && last != UINT64_MAX && last + 1 == s->free[i].start;
	if (join_prev && join_next) {
		s->free[i - 1].last = s->free[i].last;
		remove_at(s, i);
	} else if (join_prev) {
		s->free[i - 1].last = last;
	} else if (join_next) {
		s->free[i].start = start;
	} else {
		return insert_at(s, i, (struct eal_iova_span){.start = start, .last = last});
	}
	return 0;
}
