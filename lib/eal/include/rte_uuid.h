/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_UUID_H
#define RTE_UUID_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned char rte_uuid_t[16];
#define RTE_UUID_STRLEN (36 + 1)

bool rte_uuid_is_null(const rte_uuid_t uu);
void rte_uuid_copy(rte_uuid_t dst, const rte_uuid_t src);
int rte_uuid_compare(const rte_uuid_t a, const rte_uuid_t b);
/* Parses the 8-4-4-4-12 hex form. Returns 0, or -1 on malformed input (uu untouched). */
int rte_uuid_parse(const char *in, rte_uuid_t uu);
void rte_uuid_unparse(const rte_uuid_t uu, char *out, size_t len);

#ifdef __cplusplus
}
#endif
#endif
