/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Strict parsers for PCI sysfs text. Numbers are parsed by hand: strtoul skips spaces, takes
 * signs and stops silently at junk, which would let a truncated or corrupted file through.
 * The kernel's formats are fixed (drivers/pci/pci-sysfs.c, pci-driver.c), so anything else is
 * reported as broken rather than guessed at.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eal_hex.h"
#include "pci_sysfs_parse.h"

static int fail(char *why, size_t whylen, const char *fmt, ...) __rte_format_printf(3, 4);

static int fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* min..max hex digits at *p (before end); advances *p. 0 or -1. */
static int take_hex(const char **p, const char *end, unsigned int min, unsigned int max,
		    uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;
	unsigned int n = 0;
	int d;

	while (s < end && (d = eal_hex_digit(*s)) >= 0) {
		if (++n > max)
			return -1;
		v = (v << 4) | (uint64_t)d;
		s++;
	}
	if (n < min)
		return -1;
	*p = s;
	*value = v;
	return 0;
}

/* Printable excerpt of a value for a reason text. */
static const char *excerpt(const char *s, size_t len, char *out, size_t outlen)
{
	size_t i, n = RTE_MIN(len, outlen - 1);

	for (i = 0; i < n; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[n] = '\0';
	return out;
}

/* "VVVV:DDDD" exactly as the kernel prints it (%04X:%04X). */
static int parse_id_pair(const char *v, const char *end, uint16_t *a, uint16_t *b)
{
	uint64_t x, y;

	if (take_hex(&v, end, 4, 4, &x) != 0 || v >= end || *v++ != ':' ||
	    take_hex(&v, end, 4, 4, &y) != 0 || v != end)
		return -1;
	*a = (uint16_t)x;
	*b = (uint16_t)y;
	return 0;
}

static bool key_is(const char *key, size_t keylen, const char *name)
{
	return keylen == strlen(name) && memcmp(key, name, keylen) == 0;
}

/* A file of lines: not empty, and its last line complete (a short read cuts it). 0 or -1. */
static int check_lines(const char *buf, size_t len, char *why, size_t whylen)
{
	if (len == 0)
		return fail(why, whylen, "empty");
	if (buf[len - 1] != '\n')
		return fail(why, whylen, "truncated (last line has no newline)");
	return 0;
}

int pci_parse_uevent(const char *buf, size_t len, struct pci_uevent *ue, char *why, size_t whylen)
{
	const char *p = buf, *end = buf + len;
	bool have_id = false, have_subsys = false, have_class = false;
	char ex[40];

	memset(ue, 0, sizeof(*ue));
	if (check_lines(buf, len, why, whylen) != 0)
		return -1;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *eq = memchr(p, '=', (size_t)(eol - p));
		if (eq == NULL)
			return fail(why, whylen, "line '%s' is not KEY=value",
				    excerpt(p, (size_t)(eol - p), ex, sizeof(ex)));
		const char *key = p, *v = eq + 1;
		size_t keylen = (size_t)(eq - p), vlen = (size_t)(eol - v);
		uint64_t x;

		if (key_is(key, keylen, "PCI_ID")) {
			if (parse_id_pair(v, eol, &ue->vendor_id, &ue->device_id) != 0)
				return fail(why, whylen, "PCI_ID='%s' is not VVVV:DDDD in hex",
					    excerpt(v, vlen, ex, sizeof(ex)));
			have_id = true;
		} else if (key_is(key, keylen, "PCI_SUBSYS_ID")) {
			if (parse_id_pair(v, eol, &ue->subsystem_vendor_id,
					  &ue->subsystem_device_id) != 0)
				return fail(why, whylen,
					    "PCI_SUBSYS_ID='%s' is not VVVV:DDDD in hex",
					    excerpt(v, vlen, ex, sizeof(ex)));
			have_subsys = true;
		} else if (key_is(key, keylen, "PCI_CLASS")) {
			/* %04X of a 24-bit value: 4 to 6 digits. */
			const char *q = v;
			if (take_hex(&q, eol, 4, 6, &x) != 0 || q != eol)
				return fail(why, whylen, "PCI_CLASS='%s' is not a 24-bit hex class",
					    excerpt(v, vlen, ex, sizeof(ex)));
			ue->class_id = (uint32_t)x;
			have_class = true;
		} else if (key_is(key, keylen, "DRIVER")) {
			if (vlen == 0 || vlen >= sizeof(ue->driver) ||
			    memchr(v, '/', vlen) != NULL || memchr(v, '\0', vlen) != NULL)
				return fail(why, whylen, "DRIVER='%s' is not a driver name",
					    excerpt(v, vlen, ex, sizeof(ex)));
			memcpy(ue->driver, v, vlen);
			ue->driver[vlen] = '\0';
		} else if (key_is(key, keylen, "PCI_SLOT_NAME")) {
			char name[PCI_PRI_STR_SIZE + 1];
			if (vlen >= sizeof(name))
				return fail(why, whylen, "PCI_SLOT_NAME='%s' is not a PCI address",
					    excerpt(v, vlen, ex, sizeof(ex)));
			memcpy(name, v, vlen);
			name[vlen] = '\0';
			if (rte_pci_addr_parse(name, &ue->slot) != 0)
				return fail(why, whylen, "PCI_SLOT_NAME='%s' is not a PCI address",
					    excerpt(v, vlen, ex, sizeof(ex)));
			ue->has_slot = true;
		}
		p = eol + 1;
	}
	if (!have_id)
		return fail(why, whylen, "no PCI_ID line");
	if (!have_subsys)
		return fail(why, whylen, "no PCI_SUBSYS_ID line");
	if (!have_class)
		return fail(why, whylen, "no PCI_CLASS line");
	return 0;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A hex field of a resource line, "0x" optional (the kernel prints it). */
static int take_resource_field(const char **p, const char *end, uint64_t *value)
{
	const char *s = *p;

	if (end - s >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (take_hex(&s, end, 1, 16, value) != 0)
		return -1;
	if (s < end && *s != ' ' && *s != '\t')
		return -1;
	*p = s;
	return 0;
}

int pci_parse_resource(const char *buf, size_t len, struct rte_pci_resource *res, unsigned int max,
		       unsigned int *nb, char *why, size_t whylen)
{
	const char *p = buf, *end = buf + len;
	unsigned int line = 0;
	char ex[40];

	if (check_lines(buf, len, why, whylen) != 0)
		return -1;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = skip_blanks(p, eol);
		uint64_t f[PCI_RESOURCE_FMT_NVAL];
		unsigned int n = 0;

		line++;
		while (q < eol && n < PCI_RESOURCE_FMT_NVAL) {
			if (take_resource_field(&q, eol, &f[n]) != 0)
				return fail(why, whylen, "line %u: '%s' is not hex", line,
					    excerpt(q, (size_t)(eol - q), ex, sizeof(ex)));
			n++;
			q = skip_blanks(q, eol);
		}
		if (n != PCI_RESOURCE_FMT_NVAL || q != eol)
			return fail(why, whylen,
				    "line %u has %s fields, expected 3 (start end flags)", line,
				    q != eol ? "more than 3"
				    : n == 2 ? "2"
				    : n == 1 ? "1"
					     : "0");
		uint64_t start = f[0], last = f[1];
		uint64_t size = 0;
		if (start != 0 || last != 0) {
			if (last < start)
				return fail(why, whylen,
					    "line %u: end 0x%" PRIx64 " is below start 0x%" PRIx64,
					    line, last, start);
			size = last - start + 1;
			if (size == 0)
				return fail(why, whylen, "line %u: size overflows 64 bits", line);
		}
		if (line <= max) {
			res[line - 1].start = start;
			res[line - 1].len = size;
			res[line - 1].flags = f[2];
		}
		p = eol + 1;
	}
	if (line < PCI_MAX_RESOURCE)
		return fail(why, whylen, "only %u lines, expected at least %d (one per BAR)", line,
			    PCI_MAX_RESOURCE);
	*nb = RTE_MIN(line, max);
	return 0;
}

/* Drop one trailing newline: sysfs attributes end with one, hand-made files may not. */
static size_t trim_newline(const char *buf, size_t len)
{
	return (len > 0 && buf[len - 1] == '\n') ? len - 1 : len;
}

int pci_parse_hex(const char *buf, size_t len, uint64_t max, uint64_t *value, char *why,
		  size_t whylen)
{
	const char *p = buf, *end = buf + trim_newline(buf, len);
	uint64_t v;
	char ex[40];

	if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (take_hex(&p, end, 1, 16, &v) != 0 || p != end || v > max)
		return fail(why, whylen, "'%s' is not a hex number up to 0x%" PRIx64,
			    excerpt(buf, (size_t)(end - buf), ex, sizeof(ex)), max);
	*value = v;
	return 0;
}

int pci_parse_long(const char *buf, size_t len, long min, long max, long *value, char *why,
		   size_t whylen)
{
	const char *p = buf, *end = buf + trim_newline(buf, len);
	bool neg = false;
	uint64_t v = 0;
	char ex[40];

	if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		if (take_hex(&p, end, 1, 15, &v) != 0)
			goto bad;
	} else {
		if (p < end && *p == '-') {
			neg = true;
			p++;
		}
		unsigned int n = 0;
		while (p < end && *p >= '0' && *p <= '9') {
			if (++n > 18)
				goto bad;
			v = v * 10 + (uint64_t)(*p - '0');
			p++;
		}
		if (n == 0)
			goto bad;
	}
	if (p != end)
		goto bad;
	long l = neg ? -(long)v : (long)v;
	if (l < min || l > max)
		goto bad;
	*value = l;
	return 0;
bad:
	return fail(why, whylen, "'%s' is not a number in [%ld, %ld]",
		    excerpt(buf, (size_t)(end - buf), ex, sizeof(ex)), min, max);
}

static const char *link_base(const char *target)
{
	const char *slash = strrchr(target, '/');
	return slash != NULL ? slash + 1 : target;
}

int pci_parse_link_number(const char *target, long *value, char *why, size_t whylen)
{
	const char *base = link_base(target);
	char ex[40];

	if (pci_parse_long(base, strlen(base), 0, INT32_MAX, value, NULL, 0) != 0)
		return fail(why, whylen, "link target '%s' does not end in a number",
			    excerpt(target, strlen(target), ex, sizeof(ex)));
	return 0;
}

int pci_parse_link_addr(const char *target, struct rte_pci_addr *addr, char *why, size_t whylen)
{
	char ex[40];

	if (rte_pci_addr_parse(link_base(target), addr) != 0)
		return fail(why, whylen, "link target '%s' does not end in a PCI address",
			    excerpt(target, strlen(target), ex, sizeof(ex)));
	return 0;
}

bool pci_parse_canonical_number(const char *name, uint32_t *value)
{
	uint64_t v = 0;

	if (name[0] < '0' || name[0] > '9' || (name[0] == '0' && name[1] != '\0'))
		return false;
	for (const char *s = name; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*value = (uint32_t)v;
	return true;
}
