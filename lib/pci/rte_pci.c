/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI addresses: the canonical name, ordering, and a strict parser for both spellings. */

#include <stdio.h>
#include <string.h>

#include <rte_pci.h>

#include "eal_hex.h"

void rte_pci_device_name(const struct rte_pci_addr *addr, char *output, size_t size)
{
	snprintf(output, size, PCI_PRI_FMT, addr->domain, addr->bus, addr->devid, addr->function);
}

static uint64_t pci_addr_key(const struct rte_pci_addr *a)
{
	return ((uint64_t)a->domain << 24) | ((uint64_t)a->bus << 16) | ((uint64_t)a->devid << 8) |
	       a->function;
}

int rte_pci_addr_cmp(const struct rte_pci_addr *addr, const struct rte_pci_addr *addr2)
{
	if (addr == NULL || addr2 == NULL)
		return -1;
	uint64_t a = pci_addr_key(addr);
	uint64_t b = pci_addr_key(addr2);
	return (a > b) - (a < b);
}

/*
 * One field of 1..max_digits hex digits ending exactly at the terminator (which '\0' may be).
 * Hand-written because strtoul accepts spaces, signs and "0x", none of which belong in an
 * address. Returns the character after the terminator, or NULL.
 */
static const char *parse_field(const char *s, unsigned int max_digits, char terminator,
			       uint32_t *value)
{
	uint32_t v = 0;
	unsigned int n = 0;
	int d;

	while ((d = eal_hex_digit(*s)) >= 0) {
		if (++n > max_digits)
			return NULL;
		v = (v << 4) | (uint32_t)d;
		s++;
	}
	if (n == 0 || *s != terminator)
		return NULL;
	*value = v;
	return terminator == '\0' ? s : s + 1;
}

int rte_pci_addr_parse(const char *str, struct rte_pci_addr *addr)
{
	uint32_t domain = 0, bus, devid, function;
	const char *p = str;

	if (str == NULL || addr == NULL)
		return -1;
	/* Two colons: the domain is present. */
	const char *colon = strchr(str, ':');
	if (colon != NULL && strchr(colon + 1, ':') != NULL) {
		p = parse_field(p, 8, ':', &domain);
		if (p == NULL)
			return -1;
	}
	p = parse_field(p, 2, ':', &bus);
	if (p == NULL)
		return -1;
	p = parse_field(p, 2, '.', &devid);
	if (p == NULL || devid > 0x1f)
		return -1;
	p = parse_field(p, 1, '\0', &function);
	if (p == NULL || function > 7)
		return -1;
	addr->domain = domain;
	addr->bus = (uint8_t)bus;
	addr->devid = (uint8_t)devid;
	addr->function = (uint8_t)function;
	return 0;
}
