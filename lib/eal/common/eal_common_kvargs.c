/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "key=value,..." lists. The input is copied once and split in place, in one pass, so the
 * cost is linear in its length and there is no length limit besides memory.
 *
 * Rules (DPDK's, made strict where DPDK silently accepts a probable typo):
 *  - pairs are separated by ',' outside brackets; brackets nest ("l=[a,[b,c]]" is one pair),
 *    and an unmatched '[' or ']' is an error (DPDK tracks one level and ignores a stray ']');
 *  - key and value are split on the first '=' outside brackets, so a value may contain '=';
 *    a pair without '=' has a NULL value, "k=" an empty one;
 *  - an empty pair (",,", or a leading or trailing ',') and an empty key ("=v") are errors;
 *  - "" and NULL give an empty list (a driver may pass the args of a device that has none).
 * A failure returns NULL with rte_errno set (EINVAL, E2BIG, ENOMEM) and logs its reason and
 * position at DEBUG only: the caller (a driver) reports the failure in its own line, naming
 * the device, and a second line from here would double every error; --log-level
 * lib.eal.kvargs:debug shows the parser's detail.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_kvargs.h>
#include <rte_log.h>

RTE_LOG_REGISTER(eal_kvargs_logtype, lib.eal.kvargs, INFO);
#define KVARGS_LOG(level, ...) rte_log(RTE_LOG_##level, eal_kvargs_logtype, __VA_ARGS__)

/* Inputs are quoted in error lines up to this length, so that a huge input stays one line. */
#define KVARGS_QUOTE_MAX 80

static int quote_len(size_t len)
{
	return (int)RTE_MIN(len, (size_t)KVARGS_QUOTE_MAX);
}

static const char *quote_tail(size_t len)
{
	return len > KVARGS_QUOTE_MAX ? "..." : "";
}

/*
 * Split kvlist->str in place. orig (len bytes, not NUL-terminated) is the caller's text,
 * quoted in error lines because str is being cut into pieces.
 */
static int kvargs_tokenize(struct rte_kvargs *kvlist, const char *orig, size_t len)
{
	char *p = kvlist->str;

	if (*p == '\0')
		return 0;
	for (;;) {
		char *start = p;
		char *eq = NULL;
		unsigned int depth = 0;

		for (; *p != '\0' && (*p != ',' || depth > 0); p++) {
			if (*p == '[') {
				depth++;
			} else if (*p == ']') {
				if (depth == 0) {
					KVARGS_LOG(
					    DEBUG,
					    "kvargs: unmatched ']' at offset %zu in \"%.*s%s\"\n",
					    (size_t)(p - kvlist->str), quote_len(len), orig,
					    quote_tail(len));
					return -EINVAL;
				}
				depth--;
			} else if (*p == '=' && eq == NULL && depth == 0) {
				eq = p;
			}
		}
		if (depth > 0) {
			KVARGS_LOG(DEBUG, "kvargs: unclosed '[' in \"%.*s%s\"\n", quote_len(len),
				   orig, quote_tail(len));
			return -EINVAL;
		}
		if (p == start || eq == start) {
			KVARGS_LOG(DEBUG, "kvargs: empty %s at offset %zu in \"%.*s%s\"\n",
				   p == start ? "pair" : "key", (size_t)(start - kvlist->str),
				   quote_len(len), orig, quote_tail(len));
			return -EINVAL;
		}
		if (kvlist->count == RTE_KVARGS_MAX) {
			KVARGS_LOG(DEBUG, "kvargs: more than %d pairs in \"%.*s%s\"\n",
				   RTE_KVARGS_MAX, quote_len(len), orig, quote_tail(len));
			return -E2BIG;
		}

		bool last = (*p == '\0');
		*p = '\0';
		if (eq != NULL)
			*eq = '\0';
		kvlist->pairs[kvlist->count].key = start;
		kvlist->pairs[kvlist->count].value = eq != NULL ? eq + 1 : NULL;
		kvlist->count++;
		if (last)
			return 0;
		p++;
	}
}

static bool key_is_valid(const char *key, const char *const valid_keys[])
{
	for (const char *const *k = valid_keys; *k != NULL; k++)
		if (strcmp(key, *k) == 0)
			return true;
	return false;
}

/* "a, b, c" for the error line; NULL when out of memory (the line then omits the list). */
static char *join_keys(const char *const valid_keys[])
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	for (const char *const *k = valid_keys; *k != NULL; k++)
		fprintf(f, "%s%s", k == valid_keys ? "" : ", ", *k);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int kvargs_check_keys(const struct rte_kvargs *kvlist, const char *const valid_keys[])
{
	for (unsigned int i = 0; i < kvlist->count; i++) {
		const char *key = kvlist->pairs[i].key;

		if (key_is_valid(key, valid_keys))
			continue;
		/* The list is only built when the line is wanted. */
		if (!rte_log_can_log((uint32_t)eal_kvargs_logtype, RTE_LOG_DEBUG))
			return -EINVAL;
		char *keys = join_keys(valid_keys);
		KVARGS_LOG(DEBUG, "kvargs: unknown key \"%.*s%s\" (valid keys: %s)\n",
			   quote_len(strlen(key)), key, quote_tail(strlen(key)),
			   keys != NULL ? keys : "?");
		free(keys);
		return -EINVAL;
	}
	return 0;
}

static struct rte_kvargs *kvargs_parse_n(const char *args, size_t len,
					 const char *const valid_keys[])
{
	struct rte_kvargs *kvlist = calloc(1, sizeof(*kvlist));
	int ret = -ENOMEM;

	if (kvlist == NULL)
		goto fail;
	kvlist->str = strndup(args, len);
	if (kvlist->str == NULL)
		goto fail;
	ret = kvargs_tokenize(kvlist, args, len);
	if (ret == 0 && valid_keys != NULL)
		ret = kvargs_check_keys(kvlist, valid_keys);
	if (ret == 0)
		return kvlist;
fail:
	if (ret == -ENOMEM)
		KVARGS_LOG(DEBUG, "kvargs: out of memory parsing %zu bytes\n", len);
	rte_kvargs_free(kvlist);
	rte_errno = -ret;
	return NULL;
}

struct rte_kvargs *rte_kvargs_parse(const char *args, const char *const valid_keys[])
{
	if (args == NULL)
		args = "";
	return kvargs_parse_n(args, strlen(args), valid_keys);
}

struct rte_kvargs *rte_kvargs_parse_delim(const char *args, const char *const valid_keys[],
					  const char *valid_ends)
{
	if (args == NULL)
		args = "";
	size_t len = valid_ends != NULL ? strcspn(args, valid_ends) : strlen(args);
	return kvargs_parse_n(args, len, valid_keys);
}

void rte_kvargs_free(struct rte_kvargs *kvlist)
{
	if (kvlist == NULL)
		return;
	free(kvlist->str);
	free(kvlist);
}

const char *rte_kvargs_get(const struct rte_kvargs *kvlist, const char *key)
{
	if (kvlist == NULL || key == NULL)
		return NULL;
	for (unsigned int i = 0; i < kvlist->count; i++)
		if (strcmp(kvlist->pairs[i].key, key) == 0)
			return kvlist->pairs[i].value;
	return NULL;
}

int rte_kvargs_process(const struct rte_kvargs *kvlist, const char *key_match,
		       arg_handler_t handler, void *opaque_arg)
{
	if (kvlist == NULL || handler == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	for (unsigned int i = 0; i < kvlist->count; i++) {
		const struct rte_kvargs_pair *pair = &kvlist->pairs[i];

		if (key_match != NULL && strcmp(pair->key, key_match) != 0)
			continue;
		int ret = handler(pair->key, pair->value, opaque_arg);
		if (ret != 0)
			return ret;
	}
	return 0;
}

unsigned rte_kvargs_count(const struct rte_kvargs *kvlist, const char *key_match)
{
	unsigned int n = 0;

	if (kvlist == NULL)
		return 0;
	for (unsigned int i = 0; i < kvlist->count; i++)
		if (key_match == NULL || strcmp(kvlist->pairs[i].key, key_match) == 0)
			n++;
	return n;
}
