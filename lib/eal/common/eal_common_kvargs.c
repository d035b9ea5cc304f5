/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "key=value,..." lists. The input is copied once and split in place, in one pass, so the
 * cost is linear in its length and there is no length limit besides memory.
 *
 * Rules: every list DPDK 22.11 accepts is accepted, with the same pairs, except that brackets
 * nest (DPDK tracks one level, so it splits "l=[[a],b]" at ",b]"; DPDK's own representor
 * syntax "[c[0,2-4]pf[1,6]vf[0-1],vf[0]]" needs nesting):
 *  - pairs are separated by ',' outside brackets; a '[' left open makes the rest of the input
 *    part of the value ("foo=[1,2" is one pair), a ']' with no open '[' is an ordinary byte;
 *  - key and value are split on the first '=' outside brackets, so a value may contain '=';
 *    a pair without '=' has a NULL value, "k=" an empty one, "=v" an empty key;
 *  - empty elements (",,", a leading or trailing ',') are skipped: DPDK applications build
 *    lists by concatenation and rely on it;
 *  - "" and NULL give an empty list (a driver may pass the args of a device that has none).
 * A failure (more than RTE_KVARGS_MAX pairs, a key not in valid_keys, no memory) returns NULL
 * with rte_errno set (E2BIG, EINVAL, ENOMEM) and logs its reason at DEBUG only: the caller (a
 * driver) reports the failure in its own line, naming the device, and a second line from here
 * would double every error; --log-level lib.eal.kvargs:debug shows the parser's detail.
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

/* The end of the element starting at p: the next ',' outside brackets, or the NUL. */
static char *element_end(char *p, char **eq)
{
	unsigned int depth = 0;

	*eq = NULL;
	for (; *p != '\0' && (*p != ',' || depth > 0); p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth > 0)
			depth--;
		else if (*p == '=' && *eq == NULL && depth == 0)
			*eq = p;
	}
	return p;
}

/*
 * Split kvlist->str in place. orig (len bytes, not NUL-terminated) is the caller's text,
 * quoted in error lines because str is being cut into pieces.
 */
static int kvargs_tokenize(struct rte_kvargs *kvlist, const char *orig, size_t len)
{
	char *p = kvlist->str;

	while (*p != '\0') {
		char *eq;
		char *end = element_end(p, &eq);

		if (end == p) { /* empty element */
			p++;
			continue;
		}
		if (kvlist->count == RTE_KVARGS_MAX) {
			KVARGS_LOG(DEBUG, "kvargs: more than %d pairs in \"%.*s%s\"\n",
				   RTE_KVARGS_MAX, quote_len(len), orig, quote_tail(len));
			return -E2BIG;
		}
		kvlist->pairs[kvlist->count].key = p;
		kvlist->pairs[kvlist->count].value = eq != NULL ? eq + 1 : NULL;
		kvlist->count++;
		if (eq != NULL)
			*eq = '\0';
		if (*end == '\0')
			break;
		*end = '\0';
		p = end + 1;
	}
	return 0;
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

const char *rte_kvargs_get_with_value(const struct rte_kvargs *kvlist, const char *key,
				      const char *value)
{
	if (kvlist == NULL)
		return NULL;
	for (unsigned int i = 0; i < kvlist->count; i++) {
		const struct rte_kvargs_pair *pair = &kvlist->pairs[i];

		if (key != NULL && strcmp(pair->key, key) != 0)
			continue;
		/* A pair without value never matches a value (DPDK would dereference NULL). */
		if (value != NULL && (pair->value == NULL || strcmp(pair->value, value) != 0))
			continue;
		return pair->value;
	}
	return NULL;
}

const char *rte_kvargs_get(const struct rte_kvargs *kvlist, const char *key)
{
	if (key == NULL)
		return NULL;
	return rte_kvargs_get_with_value(kvlist, key, NULL);
}

int rte_kvargs_process(const struct rte_kvargs *kvlist, const char *key_match,
		       arg_handler_t handler, void *opaque_arg)
{
	/* DPDK's contract: no list (a device without arguments) is nothing to do. */
	if (kvlist == NULL)
		return 0;
	if (handler == NULL) {
		rte_errno = EINVAL;
		return -1;
	}
	for (unsigned int i = 0; i < kvlist->count; i++) {
		const struct rte_kvargs_pair *pair = &kvlist->pairs[i];

		if (key_match != NULL && strcmp(pair->key, key_match) != 0)
			continue;
		/* As in DPDK only a negative result stops; it is returned as is (DPDK returns -1)
		 * so that a handler's -errno reaches the caller. */
		int ret = handler(pair->key, pair->value, opaque_arg);
		if (ret < 0)
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
