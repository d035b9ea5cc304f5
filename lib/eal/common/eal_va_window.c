/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Choosing the virtual range for IOVA-as-VA DMA memory (eal_va_window.h). A process has a few
 * hundred mappings at most, so sorting them and walking the gaps once is all it takes.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "eal_va_window.h"

static int span_cmp(const void *a, const void *b)
{
	const struct eal_va_span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The first address >= a aligned to align; false when that overflows. */
static bool align_up(uint64_t a, uint64_t align, uint64_t *out)
{
	if (a > UINT64_MAX - (align - 1))
		return false;
	*out = (a + (align - 1)) & ~(align - 1);
	return true;
}

int eal_va_window_pick(uint64_t lo, uint64_t hi, struct eal_va_span *busy, unsigned int n,
		       uint64_t want, uint64_t min, uint64_t align, uint64_t *start, uint64_t *len)
{
	uint64_t best_start = 0, best_len = 0;
	uint64_t from = lo;

	if (align == 0 || (align & (align - 1)) != 0 || want == 0 || min == 0 || lo >= hi)
		return -EINVAL;
	if (n > 0)
		qsort(busy, n, sizeof(*busy), span_cmp);
	/* Each gap [from, next busy start) in turn; one more pass for the gap up to hi. */
	for (unsigned int i = 0; i <= n && from < hi; i++) {
		uint64_t gap_end = i < n ? busy[i].start : hi;
		if (gap_end > hi)
			gap_end = hi;
		uint64_t s;
		if (gap_end > from && align_up(from, align, &s) && s < gap_end) {
			uint64_t room = (gap_end - s) & ~(align - 1);
			if (room >= want) {
				*start = s;
				*len = want;
				return 0;
			}
			if (room > best_len) {
				best_start = s;
				best_len = room;
			}
		}
		if (i < n && busy[i].end > from)
			from = busy[i].end;
	}
	if (best_len == 0 || best_len < min)
		return -ENOSPC;
	*start = best_start;
	*len = best_len;
	return 0;
}

/* A hex number at *p, moving *p past it. false when there is none or it overflows. */
static bool hex_number(const char **p, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;

	for (; *s != '\0'; s++) {
		unsigned int d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else
			break;
		if (v > (UINT64_MAX >> 4))
			return false;
		v = (v << 4) | d;
	}
	if (s == *p)
		return false;
	*p = s;
	*out = v;
	return true;
}

int eal_va_maps_line(const char *line, struct eal_va_span *span)
{
	const char *p = line;
	uint64_t a, b;

	if (!hex_number(&p, &a) || *p++ != '-' || !hex_number(&p, &b) || b <= a ||
	    (*p != ' ' && *p != '\0' && *p != '\n'))
		return -1;
	span->start = a;
	span->end = b;
	return 0;
}
