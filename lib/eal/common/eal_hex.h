/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_HEX_H
#define EAL_HEX_H

/*
 * Hex digits, for the library's parsers of text that comes from outside the process: PCI
 * addresses (lib/pci), sysfs files (drivers/bus/pci) and UUIDs. Internal, never installed;
 * lib/eal/meson.build puts this directory on the library's include path for them.
 */

/* The value of hex digit c, either case, or -1 for anything else. */
static inline int eal_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
