/* SPDX-License-Identifier: BSD-3-Clause */
/* kvargs: driver arguments from the command line and hotplug requests. */
#include <errno.h>

#include <rte_errno.h>
#include <rte_kvargs.h>

#include "fuzz_util.h"

static int count_pair(const char *key, const char *value, void *opaque)
{
	(void)value;
	FUZZ_ASSERT(key != NULL);
	(*(unsigned *)opaque)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {"size", "copy", "list", NULL};
	fuzz_quiet_log();
	char *s = fuzz_strdup(data, size);
	if (s == NULL)
		return 0;

	rte_errno = 0;
	struct rte_kvargs *kv = rte_kvargs_parse(s, NULL);
	/* Without valid keys only the pair limit (or memory) can refuse a list: every other
	 * input is a list, as in DPDK. */
	FUZZ_ASSERT(kv != NULL || rte_errno == E2BIG || rte_errno == ENOMEM);
	if (kv != NULL) {
		/* Every pair is visited once by process and counted once by count. */
		unsigned visited = 0;
		FUZZ_ASSERT(rte_kvargs_process(kv, NULL, count_pair, &visited) == 0);
		FUZZ_ASSERT(visited == rte_kvargs_count(kv, NULL));
		FUZZ_ASSERT(kv->count <= RTE_KVARGS_MAX);
		for (unsigned i = 0; i < kv->count; i++) {
			const struct rte_kvargs_pair *p = &kv->pairs[i];
			/* Empty elements are skipped, so no pair is empty. */
			FUZZ_ASSERT(p->key[0] != '\0' || p->value != NULL);
			(void)rte_kvargs_get(kv, p->key);
			if (p->value != NULL)
				FUZZ_ASSERT(rte_kvargs_get_with_value(kv, p->key, p->value) != NULL);
		}
		rte_kvargs_free(kv);
	}
	rte_kvargs_free(rte_kvargs_parse(s, keys));
	rte_kvargs_free(rte_kvargs_parse_delim(s, keys, "/"));
	free(s);
	return 0;
}
