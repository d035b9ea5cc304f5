/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_kvargs: separators, brackets, keys without values, empty elements, limits, long input,
 * valid keys, and the lists DPDK 22.11's own test_kvargs.c expects. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_kvargs.h>
#include <rte_log.h>

#include "fake_bus.h"
#include "model_tests.h"
#include "test_util.h"

static void test_empty_and_null(void)
{
	struct rte_kvargs *kv = rte_kvargs_parse("", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 0);
	CU_ASSERT_EQUAL(rte_kvargs_count(kv, NULL), 0);
	CU_ASSERT_PTR_NULL(rte_kvargs_get(kv, "a"));
	rte_kvargs_free(kv);

	kv = rte_kvargs_parse(NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 0);
	rte_kvargs_free(kv);
	rte_kvargs_free(NULL);
}

static void test_pairs(void)
{
	struct rte_kvargs *kv = rte_kvargs_parse("a=1,bb=two,c=", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 3);
	CU_ASSERT_STRING_EQUAL(kv->pairs[0].key, "a");
	CU_ASSERT_STRING_EQUAL(kv->pairs[0].value, "1");
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "bb"), "two");
	/* "c=" has an empty value, not a missing one. */
	CU_ASSERT_PTR_NOT_NULL(rte_kvargs_get(kv, "c"));
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "c"), "");
	CU_ASSERT_PTR_NULL(rte_kvargs_get(kv, "missing"));
	rte_kvargs_free(kv);
}

static void test_key_without_value(void)
{
	struct rte_kvargs *kv = rte_kvargs_parse("flag,a=1,other", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 3);
	CU_ASSERT_STRING_EQUAL(kv->pairs[0].key, "flag");
	CU_ASSERT_PTR_NULL(kv->pairs[0].value);
	CU_ASSERT_PTR_NULL(rte_kvargs_get(kv, "flag"));
	CU_ASSERT_EQUAL(rte_kvargs_count(kv, "flag"), 1);
	CU_ASSERT_STRING_EQUAL(kv->pairs[2].key, "other");
	CU_ASSERT_PTR_NULL(kv->pairs[2].value);
	rte_kvargs_free(kv);
}

static void test_value_with_equals(void)
{
	struct rte_kvargs *kv = rte_kvargs_parse("expr=a=b=c,x=1", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 2);
	CU_ASSERT_STRING_EQUAL(kv->pairs[0].key, "expr");
	CU_ASSERT_STRING_EQUAL(kv->pairs[0].value, "a=b=c");
	rte_kvargs_free(kv);
}

struct seen {
	unsigned int calls;
	char values[128];
	int stop_at; /* call number (1-based) that returns ret; 0: never */
	int ret;
};

static int record(const char *key, const char *value, void *opaque)
{
	struct seen *s = opaque;
	size_t used = strlen(s->values);
	snprintf(s->values + used, sizeof(s->values) - used, "%s=%s;", key,
		 value != NULL ? value : "(null)");
	s->calls++;
	return (s->stop_at != 0 && s->calls == (unsigned int)s->stop_at) ? s->ret : 0;
}

static void test_duplicate_keys(void)
{
	struct rte_kvargs *kv = rte_kvargs_parse("a=1,b=2,a=3,a", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(rte_kvargs_count(kv, "a"), 3);
	CU_ASSERT_EQUAL(rte_kvargs_count(kv, "b"), 1);
	CU_ASSERT_EQUAL(rte_kvargs_count(kv, NULL), 4);
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "a"), "1");

	struct seen s = {0};
	CU_ASSERT_EQUAL(rte_kvargs_process(kv, "a", record, &s), 0);
	CU_ASSERT_EQUAL(s.calls, 3);
	CU_ASSERT_STRING_EQUAL(s.values, "a=1;a=3;a=(null);");

	memset(&s, 0, sizeof(s));
	CU_ASSERT_EQUAL(rte_kvargs_process(kv, NULL, record, &s), 0);
	CU_ASSERT_STRING_EQUAL(s.values, "a=1;b=2;a=3;a=(null);");
	rte_kvargs_free(kv);
}

static void test_process_stops_on_error(void)
{
	struct rte_kvargs *kv = rte_kvargs_parse("a=1,a=2,a=3", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	struct seen s = {.stop_at = 2, .ret = -7};
	CU_ASSERT_EQUAL(rte_kvargs_process(kv, "a", record, &s), -7);
	CU_ASSERT_EQUAL(s.calls, 2);
	CU_ASSERT_STRING_EQUAL(s.values, "a=1;a=2;");

	/* A positive result does not stop the walk (DPDK's rule). */
	s = (struct seen){.stop_at = 1, .ret = 5};
	CU_ASSERT_EQUAL(rte_kvargs_process(kv, "a", record, &s), 0);
	CU_ASSERT_EQUAL(s.calls, 3);

	/* No list is an empty list, as in DPDK; no handler is an error. */
	s = (struct seen){0};
	CU_ASSERT_EQUAL(rte_kvargs_process(NULL, NULL, record, &s), 0);
	CU_ASSERT_EQUAL(s.calls, 0);
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_kvargs_process(kv, NULL, NULL, &s), -1);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_kvargs_count(NULL, NULL), 0);
	CU_ASSERT_PTR_NULL(rte_kvargs_get(NULL, "a"));
	CU_ASSERT_PTR_NULL(rte_kvargs_get(kv, NULL));
	rte_kvargs_free(kv);
}

static void test_get_with_value(void)
{
	struct rte_kvargs *kv = rte_kvargs_parse("a=1,flag,b=2,a=3", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	/* The returned pointer is the pair's own value, so it tells which pair matched. */
	CU_ASSERT_PTR_EQUAL(rte_kvargs_get_with_value(kv, "a", "3"), kv->pairs[3].value);
	CU_ASSERT_PTR_EQUAL(rte_kvargs_get_with_value(kv, NULL, "2"), kv->pairs[2].value);
	CU_ASSERT_PTR_EQUAL(rte_kvargs_get_with_value(kv, "a", NULL), kv->pairs[0].value);
	CU_ASSERT_PTR_NULL(rte_kvargs_get_with_value(kv, "a", "2"));
	/* "flag" has no value: it never matches one, and is not dereferenced. */
	CU_ASSERT_PTR_NULL(rte_kvargs_get_with_value(kv, "flag", "x"));
	CU_ASSERT_PTR_NULL(rte_kvargs_get_with_value(NULL, "a", "1"));
	rte_kvargs_free(kv);
}

static void test_brackets(void)
{
	struct rte_kvargs *kv = rte_kvargs_parse("l=[1,2,3],x=y,e=[],n=[a,[b,c]],m=[k=v,w]", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 5);
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "l"), "[1,2,3]");
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "x"), "y");
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "e"), "[]");
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "n"), "[a,[b,c]]");
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "m"), "[k=v,w]");
	rte_kvargs_free(kv);

	/* DPDK's representor syntax nests lists: it must stay one value. */
	kv = rte_kvargs_parse("representor=[c[0,2-4]pf[1,6]vf[0-1],vf[0],vf4],q=1", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 2);
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "representor"),
			       "[c[0,2-4]pf[1,6]vf[0-1],vf[0],vf4]");
	rte_kvargs_free(kv);
}

struct parse_arg {
	const char *input;
	const char *const *keys;
	const char *ends; /* rte_kvargs_parse_delim when set */
	struct rte_kvargs *result;
	int err;
};

static void parse_fn(void *p)
{
	struct parse_arg *a = p;
	rte_errno = 0;
	a->result = a->ends != NULL ? rte_kvargs_parse_delim(a->input, a->keys, a->ends)
				    : rte_kvargs_parse(a->input, a->keys);
	a->err = rte_errno;
}

/*
 * Parse input expecting a failure. At the default levels nothing is logged (the caller, a
 * driver, reports the failure with the device's name); with lib.eal.kvargs at debug one line
 * gives the reason. Returns that debug line (caller frees).
 */
static char *expect_error(const char *input, const char *const *keys, const char *ends, int err)
{
	struct parse_arg a = {.input = input, .keys = keys, .ends = ends};
	char *log = test_capture_log(parse_fn, &a);
	CU_ASSERT_PTR_NULL(a.result);
	CU_ASSERT_EQUAL(a.err, err);
	CU_ASSERT_STRING_EQUAL(log, "");
	free(log);

	/* Registering an existing name returns its type, at its current level. */
	int type = rte_log_register("lib.eal.kvargs");
	CU_ASSERT_FATAL(type >= 0);
	int level = rte_log_get_level((uint32_t)type);
	CU_ASSERT_EQUAL(level, (int)RTE_LOG_INFO);
	rte_log_set_level((uint32_t)type, RTE_LOG_DEBUG);
	a = (struct parse_arg){.input = input, .keys = keys, .ends = ends};
	log = test_capture_log(parse_fn, &a);
	rte_log_set_level((uint32_t)type, (uint32_t)level);
	CU_ASSERT_PTR_NULL(a.result);
	CU_ASSERT_EQUAL(a.err, err);
	CU_ASSERT_EQUAL(count_lines(log), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_EQUAL(strncmp(log, "lib.eal.kvargs: kvargs: ", 24), 0);
	return log;
}

static char *expect_delim_error(const char *input, const char *const *keys, const char *ends)
{
	return expect_error(input, keys, ends, EINVAL);
}

static char *expect_parse_error(const char *input, const char *const *keys)
{
	return expect_error(input, keys, NULL, EINVAL);
}

/* input, then the expected pairs "key=value;" (a NULL value as "key;"). */
static void expect_pairs(const char *input, const char *expected)
{
	struct rte_kvargs *kv = rte_kvargs_parse(input, NULL);
	char got[256] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	for (unsigned int i = 0; i < kv->count; i++) {
		size_t used = strlen(got);
		snprintf(got + used, sizeof(got) - used, "%s%s%s;", kv->pairs[i].key,
			 kv->pairs[i].value != NULL ? "=" : "",
			 kv->pairs[i].value != NULL ? kv->pairs[i].value : "");
	}
	if (strcmp(got, expected) != 0)
		fprintf(stderr, "input \"%s\": pairs \"%s\", expected \"%s\"\n", input, got,
			expected);
	CU_ASSERT_STRING_EQUAL(got, expected);
	rte_kvargs_free(kv);
}

/* DPDK accepts these (its test_kvargs.c says so); each gives the pairs DPDK gives. */
static void test_lenient_like_dpdk(void)
{
	expect_pairs("foo=1,,check=value2,,", "foo=1;check=value2;");
	expect_pairs(",a=1", "a=1;");
	expect_pairs(",,,", "");
	expect_pairs(",", "");
	expect_pairs("foo=1,foo=", "foo=1;foo=;");
	expect_pairs("foo=1,foo", "foo=1;foo;");
	expect_pairs("foo=1,=2", "foo=1;=2;");
	expect_pairs(",=", "=;");
	expect_pairs("=v", "=v;");
	/* An unclosed '[' runs to the end; a stray ']' is an ordinary byte. */
	expect_pairs("foo=[1,2", "foo=[1,2;");
	expect_pairs("foo=[", "foo=[;");
	expect_pairs("l=[[1]", "l=[[1];");
	expect_pairs("l=1],b=2", "l=1];b=2;");
	expect_pairs("l=[a]],b", "l=[a]];b;");
	/* Nesting (DPDK would split this one at ",b]"). */
	expect_pairs("l=[[a],b],c=1", "l=[[a],b];c=1;");
}

/* "k0=0,k1=1,..." with n pairs. */
static char *make_pairs(unsigned int n)
{
	size_t cap = (size_t)n * 16 + 1;
	char *s = malloc(cap);
	size_t len = 0;
	s[0] = '\0';
	for (unsigned int i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%sk%u=%u", i ? "," : "", i, i);
	return s;
}

static void test_pair_limit(void)
{
	char *s = make_pairs(RTE_KVARGS_MAX);
	struct rte_kvargs *kv = rte_kvargs_parse(s, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, RTE_KVARGS_MAX);
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "k31"), "31");
	rte_kvargs_free(kv);
	free(s);

	s = make_pairs(RTE_KVARGS_MAX + 1);
	char *log = expect_error(s, NULL, NULL, E2BIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "more than 32 pairs"));
	free(log);
	free(s);
}

#define LONG_LEN (64 * 1024)

static void test_long_input(void)
{
	/* One 64 KiB value. */
	char *s = malloc(LONG_LEN + 8);
	strcpy(s, "k=");
	memset(s + 2, 'x', LONG_LEN);
	strcpy(s + 2 + LONG_LEN, ",z=1");
	struct rte_kvargs *kv = rte_kvargs_parse(s, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 2);
	CU_ASSERT_EQUAL(strlen(rte_kvargs_get(kv, "k")), LONG_LEN);
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "z"), "1");
	rte_kvargs_free(kv);

	/* A 64 KiB bracketed list with 32 Ki commas is still one pair. */
	s[2] = '[';
	for (size_t i = 3; i < 2 + LONG_LEN - 1; i++)
		s[i] = (i % 2) ? '1' : ',';
	s[2 + LONG_LEN - 1] = ']';
	kv = rte_kvargs_parse(s, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 2);
	CU_ASSERT_EQUAL(strlen(rte_kvargs_get(kv, "k")), LONG_LEN);
	rte_kvargs_free(kv);

	/* Unclosed: the list runs to the end, ",z=1" included. */
	s[2 + LONG_LEN - 1] = '1';
	kv = rte_kvargs_parse(s, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 1);
	CU_ASSERT_EQUAL(strlen(rte_kvargs_get(kv, "k")), LONG_LEN + 4);
	rte_kvargs_free(kv);

	/* 33 pairs in 64 KiB: the error line quotes a bounded prefix, not 64 KiB. */
	memset(s, ',', LONG_LEN);
	for (unsigned int i = 0; i <= RTE_KVARGS_MAX; i++)
		s[LONG_LEN / 2 + 2 * i] = 'k';
	s[LONG_LEN] = '\0';
	char *log = expect_error(s, NULL, NULL, E2BIG);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_TRUE(strlen(log) < 300);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "...\""));
	free(log);
	free(s);
}

static void test_valid_keys(void)
{
	static const char *const keys[] = {"size", "mode", NULL};
	struct rte_kvargs *kv = rte_kvargs_parse("size=1,mode=x,size=2", keys);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 3);
	rte_kvargs_free(kv);

	char *log = expect_parse_error("size=1,colour=red", keys);
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "unknown key \"colour\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "valid keys: size, mode"));
	free(log);

	/* A key without value is checked too. */
	log = expect_parse_error("flag", keys);
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "unknown key \"flag\""));
	free(log);
}

static void test_parse_delim(void)
{
	/* Stops at the first '/' wherever it is, brackets included (DPDK's rule). */
	struct rte_kvargs *kv = rte_kvargs_parse_delim("a=1,b=[x/y]/c=3", NULL, "/");
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 2);
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "b"), "[x");
	rte_kvargs_free(kv);

	/* Keys are checked only before the end: "c" after '/' is not looked at... */
	static const char *const ab[] = {"a", "b", NULL};
	kv = rte_kvargs_parse_delim("a=1,b=2/c=3", ab, "/");
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	rte_kvargs_free(kv);
	/* ...but one before it is. */
	char *log = expect_delim_error("a=1,c=2/b=3", ab, "/");
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "unknown key \"c\""));
	free(log);

	kv = rte_kvargs_parse_delim("a=1,b=2/class=eth,c=3", NULL, "/");
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 2);
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "b"), "2");
	CU_ASSERT_PTR_NULL(rte_kvargs_get(kv, "class"));
	rte_kvargs_free(kv);

	kv = rte_kvargs_parse_delim("a=1;b=2", NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 1);
	CU_ASSERT_STRING_EQUAL(rte_kvargs_get(kv, "a"), "1;b=2");
	rte_kvargs_free(kv);

	static const char *const keys[] = {"a", NULL};
	kv = rte_kvargs_parse_delim("a=1/b=2", keys, "/;");
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 1);
	rte_kvargs_free(kv);

	kv = rte_kvargs_parse_delim("/a=1", NULL, "/");
	CU_ASSERT_PTR_NOT_NULL_FATAL(kv);
	CU_ASSERT_EQUAL(kv->count, 0);
	rte_kvargs_free(kv);
}

void model_add_kvargs_suite(void)
{
	CU_pSuite s = CU_add_suite("kvargs", NULL, NULL);
	CU_add_test(s, "empty and NULL input", test_empty_and_null);
	CU_add_test(s, "pairs and empty values", test_pairs);
	CU_add_test(s, "key without value", test_key_without_value);
	CU_add_test(s, "value containing '='", test_value_with_equals);
	CU_add_test(s, "duplicate keys", test_duplicate_keys);
	CU_add_test(s, "process stops on a negative handler result", test_process_stops_on_error);
	CU_add_test(s, "get_with_value", test_get_with_value);
	CU_add_test(s, "bracketed and nested lists", test_brackets);
	CU_add_test(s, "lists DPDK accepts (empty elements, open brackets)", test_lenient_like_dpdk);
	CU_add_test(s, "32 and 33 pairs", test_pair_limit);
	CU_add_test(s, "64 KiB input", test_long_input);
	CU_add_test(s, "valid keys", test_valid_keys);
	CU_add_test(s, "parse_delim", test_parse_delim);
}
