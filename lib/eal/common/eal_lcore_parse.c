/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The values of -l (a list of lcore ids and ranges), -c (a hexadecimal mask of lcore ids) and
 * --lcores (lcore sets with optional CPU sets: "1,2@(5-7),(3-5)@(0,2),(0,6),7-8"), with
 * DPDK 22.11's rules:
 *   -l and -c:  lcore N runs on CPU N;
 *   --lcores:   "A@C" puts every lcore of the set A on every CPU of the set C; without "@",
 *               a parenthesised group "(A)" puts each of its lcores on all of A's CPUs and a
 *               plain number or range puts each lcore on its own CPU.
 * A set is a number, a range "N-M", or "(" numbers and ranges separated by "," ")".
 * Lcore ids are below RTE_MAX_LCORE and CPU ids below CPU_SETSIZE. rte_lcore_index follows the
 * order in which lcores first appear. Pure text processing: whether the CPUs exist is checked
 * by eal_lcores_start.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eal_hex.h"
#include "eal_lcore.h"

static __rte_format_printf(3, 4) int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Decimal digits at *p, below limit; advances *p. 0 or -1. */
static int parse_id(const char **p, unsigned int limit, unsigned int *out)
{
	const char *s = *p;
	unsigned int v = 0;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned int)(*s - '0');
		if (v >= limit)
			return -1;
	}
	*p = s;
	*out = v;
	return 0;
}

/* "N" or "N-M" (N <= M) at *p into set; advances *p. 0 or -1. */
static int parse_range(const char **p, unsigned int limit, cpu_set_t *set)
{
	unsigned int lo, hi;
	if (parse_id(p, limit, &lo) != 0)
		return -1;
	hi = lo;
	if (**p == '-') {
		(*p)++;
		if (parse_id(p, limit, &hi) != 0 || hi < lo)
			return -1;
	}
	for (unsigned int i = lo; i <= hi; i++)
		CPU_SET(i, set);
	return 0;
}

/*
 * A set at *p: a range, or "(" ranges separated by "," ")". *grouped tells which. Advances *p.
 * 0 or -1.
 */
static int parse_set(const char **p, unsigned int limit, cpu_set_t *set, bool *grouped)
{
	CPU_ZERO(set);
	*grouped = **p == '(';
	if (!*grouped)
		return parse_range(p, limit, set);
	(*p)++;
	for (;;) {
		if (parse_range(p, limit, set) != 0)
			return -1;
		if (**p == ')') {
			(*p)++;
			return 0;
		}
		if (**p != ',')
			return -1;
		(*p)++;
	}
}

/* Enable lcore id on cpus (a later assignment of the same lcore replaces its CPUs). */
static void lcore_enable(struct eal_lcore_opts *lo, unsigned int id, const cpu_set_t *cpus)
{
	if (!lo->enabled[id]) {
		lo->enabled[id] = true;
		lo->index[id] = (uint8_t)lo->count++;
	}
	lo->cpus[id] = *cpus;
}

static void lcore_enable_own_cpu(struct eal_lcore_opts *lo, unsigned int id)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(id, &one);
	lcore_enable(lo, id, &one);
}

int eal_lcores_parse_list(struct eal_lcore_opts *lo, const char *text, char *why, size_t len)
{
	const char *p = text;
	for (;;) {
		cpu_set_t set;
		CPU_ZERO(&set);
		if (parse_range(&p, RTE_MAX_LCORE, &set) != 0 || (*p != ',' && *p != '\0'))
			return fail(why, len,
				    "invalid lcore list '%s' (expected ids and ranges below %d, "
				    "such as 0-3,6)",
				    text, RTE_MAX_LCORE);
		for (unsigned int id = 0; id < RTE_MAX_LCORE; id++)
			if (CPU_ISSET(id, &set))
				lcore_enable_own_cpu(lo, id);
		if (*p == '\0')
			return 0;
		p++;
	}
}

int eal_lcores_parse_mask(struct eal_lcore_opts *lo, const char *text, char *why, size_t len)
{
	const char *p = text;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	size_t n = strlen(p);
	bool bad = n == 0;
	bool any = false;
	/* The last digit holds lcores 0-3; each digit to its left four more. */
	for (size_t i = 0; i < n && !bad; i++) {
		int d = eal_hex_digit(p[n - 1 - i]);
		if (d < 0) {
			bad = true;
			break;
		}
		for (unsigned int b = 0; b < 4 && d != 0; b++) {
			if ((d & (1 << b)) == 0)
				continue;
			size_t id = i * 4 + b;
			if (id >= RTE_MAX_LCORE)
				return fail(why, len,
					    "mask '%s' has lcore %zu (lcore ids are below %d)",
					    text, id, RTE_MAX_LCORE);
			any = true;
		}
	}
	if (bad)
		return fail(why, len,
			    "invalid mask '%s' (expected hexadecimal digits, such as 0x3 for "
			    "lcores 0 and 1)",
			    text);
	if (!any)
		return fail(why, len, "mask '%s' selects no lcore", text);
	/* Lcore ids in ascending order, as DPDK numbers a mask's lcores. */
	for (size_t i = 0; i < n; i++) {
		int d = eal_hex_digit(p[n - 1 - i]);
		for (unsigned int b = 0; b < 4; b++)
			if (d & (1 << b))
				lcore_enable_own_cpu(lo, (unsigned int)(i * 4 + b));
	}
	return 0;
}

int eal_lcores_parse_map(struct eal_lcore_opts *lo, const char *text, char *why, size_t len)
{
	const char *p = text;
	for (;;) {
		cpu_set_t lcores, cpus;
		bool grouped, cpus_grouped;
		const char *item = p;
		if (parse_set(&p, RTE_MAX_LCORE, &lcores, &grouped) != 0)
			return fail(why, len,
				    "invalid lcore set at '%s' in '%s' (expected an id below %d, a "
				    "range N-M or a group (N,M-K), optionally @ a CPU set)",
				    item, text, RTE_MAX_LCORE);
		bool own_cpu = false;
		if (*p == '@') {
			p++;
			const char *at = p;
			if (parse_set(&p, CPU_SETSIZE, &cpus, &cpus_grouped) != 0)
				return fail(why, len,
					    "invalid CPU set at '%s' in '%s' (expected a CPU below "
					    "%d, a range N-M or a group (N,M-K))",
					    at, text, CPU_SETSIZE);
		} else {
			cpus = lcores;
			own_cpu = !grouped;
		}
		if (*p != ',' && *p != '\0')
			return fail(why, len,
				    "unexpected '%c' at '%s' in '%s' (items are separated by ',')",
				    *p, p, text);
		for (unsigned int id = 0; id < RTE_MAX_LCORE; id++) {
			if (!CPU_ISSET(id, &lcores))
				continue;
			if (own_cpu)
				lcore_enable_own_cpu(lo, id);
			else
				lcore_enable(lo, id, &cpus);
		}
		if (*p == '\0')
			return 0;
		p++;
	}
}
