/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_KVARGS_H
#define RTE_KVARGS_H

/*
 * "key=value,key2=value2" argument lists, as given to drivers in devargs. A value may be a
 * bracketed list whose commas do not separate pairs: "list=[1,2,3]". A key without '=' has a
 * NULL value. Empty elements ("a=1,,b=2,") are skipped. Keys may repeat; rte_kvargs_process
 * then calls the handler once per occurrence.
 */

#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_KVARGS_MAX 32
#define RTE_KVARGS_PAIRS_DELIM ","
#define RTE_KVARGS_KV_DELIM "="

typedef int (*arg_handler_t)(const char *key, const char *value, void *opaque);

struct rte_kvargs_pair {
	char *key;
	char *value;
};

struct rte_kvargs {
	char *str;
	unsigned count;
	struct rte_kvargs_pair pairs[RTE_KVARGS_MAX];
};

/*
 * Parse args; with valid_keys (NULL-terminated), any other key is an error. Returns NULL with
 * rte_errno set on error: EINVAL (unknown key), E2BIG (more than RTE_KVARGS_MAX pairs), ENOMEM.
 */
struct rte_kvargs *rte_kvargs_parse(const char *args, const char *const valid_keys[]);
/* As rte_kvargs_parse, but parsing stops at the first character in valid_ends. */
struct rte_kvargs *rte_kvargs_parse_delim(const char *args, const char *const valid_keys[],
					  const char *valid_ends);
void rte_kvargs_free(struct rte_kvargs *kvlist);
/* Value of the first pair with this key; NULL if absent (or if it has no value). */
const char *rte_kvargs_get(const struct rte_kvargs *kvlist, const char *key);
/* Value of the first pair with this key (NULL: any key) and this value (NULL: any value). */
__rte_experimental
const char *rte_kvargs_get_with_value(const struct rte_kvargs *kvlist, const char *key,
				      const char *value);
/* Call handler for each pair matching key_match (NULL: every pair). Stops at the first
 * negative handler result and returns it; a positive one is ignored, as in DPDK. A NULL
 * kvlist is an empty list (0); a NULL handler is -1 / EINVAL. */
int rte_kvargs_process(const struct rte_kvargs *kvlist, const char *key_match,
		       arg_handler_t handler, void *opaque_arg);
/* Number of pairs with this key (NULL: all pairs). */
unsigned rte_kvargs_count(const struct rte_kvargs *kvlist, const char *key_match);

#ifdef __cplusplus
}
#endif
#endif
