/* SPDX-License-Identifier: BSD-3-Clause */
/* UUIDs in their 8-4-4-4-12 text form (RFC 4122 layout, bytes in text order). */

#include <stdio.h>
#include <string.h>

#include <rte_uuid.h>

#include "eal_hex.h"

#define UUID_TEXT_LEN 36

bool rte_uuid_is_null(const rte_uuid_t uu)
{
	for (size_t i = 0; i < sizeof(rte_uuid_t); i++)
		if (uu[i] != 0)
			return false;
	return true;
}

void rte_uuid_copy(rte_uuid_t dst, const rte_uuid_t src)
{
	memcpy(dst, src, sizeof(rte_uuid_t));
}

/* Byte order equals text order, so comparing bytes orders UUIDs as their texts do. */
int rte_uuid_compare(const rte_uuid_t a, const rte_uuid_t b)
{
	int c = memcmp(a, b, sizeof(rte_uuid_t));
	return (c > 0) - (c < 0);
}

static bool is_dash_position(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

int rte_uuid_parse(const char *in, rte_uuid_t uu)
{
	rte_uuid_t out;
	size_t n = 0;

	if (in == NULL || strnlen(in, UUID_TEXT_LEN + 1) != UUID_TEXT_LEN)
		return -1;
	for (size_t i = 0; i < UUID_TEXT_LEN; i++) {
		if (is_dash_position(i)) {
			if (in[i] != '-')
				return -1;
			continue;
		}
		int hi = eal_hex_digit(in[i]);
		int lo = eal_hex_digit(in[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[n++] = (unsigned char)(hi << 4 | lo);
		i++;
	}
	memcpy(uu, out, sizeof(rte_uuid_t));
	return 0;
}

void rte_uuid_unparse(const rte_uuid_t uu, char *out, size_t len)
{
	if (out == NULL || len < RTE_UUID_STRLEN)
		return;
	snprintf(out, len, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 uu[0], uu[1], uu[2], uu[3], uu[4], uu[5], uu[6], uu[7], uu[8], uu[9], uu[10],
		 uu[11], uu[12], uu[13], uu[14], uu[15]);
}
