/* SPDX-License-Identifier: BSD-3-Clause */
/* Logging: static and dynamic types, levels, patterns remembered for later types, line format,
 * concurrent writers, and the snapshot rte_eal_init uses to undo --log-level. */

#include <CUnit/Basic.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>

#include "eal_private.h"
#include "test_util.h"

static void test_static_types(void)
{
	CU_ASSERT_STRING_EQUAL(rte_log_type_name(RTE_LOGTYPE_EAL), "lib.eal");
	CU_ASSERT_STRING_EQUAL(rte_log_type_name(RTE_LOGTYPE_PMD), "pmd");
	CU_ASSERT_STRING_EQUAL(rte_log_type_name(RTE_LOGTYPE_USER1), "user1");
	CU_ASSERT_STRING_EQUAL(rte_log_type_name(RTE_LOGTYPE_USER8), "user8");
	CU_ASSERT_PTR_NULL(rte_log_type_name(1));
	CU_ASSERT_PTR_NULL(rte_log_type_name(23));
	CU_ASSERT_EQUAL(rte_log_get_level(1), -1);
	CU_ASSERT_EQUAL(rte_log_get_level(RTE_LOGTYPE_PMD), (int)RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level(RTE_LOGTYPE_USER3), (int)RTE_LOG_INFO);
	/* Registering a static type's name finds it rather than adding a copy. */
	CU_ASSERT_EQUAL(rte_log_register("lib.eal"), RTE_LOGTYPE_EAL);
	CU_ASSERT_EQUAL(rte_log_register("user2"), RTE_LOGTYPE_USER2);
	CU_ASSERT_EQUAL(rte_log_get_global_level(), RTE_LOG_DEBUG);
}

static void test_register(void)
{
	int a = rte_log_register("test.reg.a");
	int b = rte_log_register("test.reg.b");
	CU_ASSERT(a >= RTE_LOGTYPE_FIRST_EXT_ID);
	CU_ASSERT(b >= RTE_LOGTYPE_FIRST_EXT_ID);
	CU_ASSERT_NOT_EQUAL(a, b);
	CU_ASSERT_EQUAL(rte_log_register("test.reg.a"), a);
	CU_ASSERT_STRING_EQUAL(rte_log_type_name((uint32_t)a), "test.reg.a");
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)a), (int)RTE_LOG_INFO);
	CU_ASSERT(rte_log_register(NULL) < 0);
	CU_ASSERT(rte_log_register("") < 0);
	CU_ASSERT(rte_log_register_type_and_pick_level("test.reg.c", RTE_LOG_MAX + 1) < 0);
}

/* Far more types than one chunk of the table: ids stay stable and names readable. */
static void test_many_types(void)
{
	enum { N = 300 };
	static int ids[N];
	char name[32];
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "test.many.%d", i);
		ids[i] = rte_log_register_type_and_pick_level(name, RTE_LOG_ERR);
		CU_ASSERT_FATAL(ids[i] >= RTE_LOGTYPE_FIRST_EXT_ID);
		if (i > 0)
			CU_ASSERT_EQUAL(ids[i], ids[i - 1] + 1);
	}
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "test.many.%d", i);
		CU_ASSERT_STRING_EQUAL(rte_log_type_name((uint32_t)ids[i]), name);
		CU_ASSERT_EQUAL(rte_log_register(name), ids[i]);
		CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)ids[i]), (int)RTE_LOG_ERR);
	}
}

static void test_set_level(void)
{
	int t = rte_log_register("test.level");
	CU_ASSERT_EQUAL(rte_log_set_level((uint32_t)t, RTE_LOG_DEBUG), 0);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)t), (int)RTE_LOG_DEBUG);
	CU_ASSERT_TRUE(rte_log_can_log((uint32_t)t, RTE_LOG_DEBUG));
	CU_ASSERT_EQUAL(rte_log_set_level((uint32_t)t, RTE_LOG_MAX + 1), -1);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)t), (int)RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(rte_log_set_level(1, RTE_LOG_DEBUG), -1);
	CU_ASSERT_EQUAL(rte_log_set_level(100000, RTE_LOG_DEBUG), -1);
	CU_ASSERT_FALSE(rte_log_can_log(100000, RTE_LOG_EMERG));

	/* The global level caps every type. */
	rte_log_set_global_level(RTE_LOG_ERR);
	CU_ASSERT_EQUAL(rte_log_get_global_level(), RTE_LOG_ERR);
	CU_ASSERT_FALSE(rte_log_can_log((uint32_t)t, RTE_LOG_WARNING));
	CU_ASSERT_TRUE(rte_log_can_log((uint32_t)t, RTE_LOG_ERR));
	rte_log_set_global_level(RTE_LOG_MAX + 1); /* ignored */
	CU_ASSERT_EQUAL(rte_log_get_global_level(), RTE_LOG_ERR);
	rte_log_set_global_level(RTE_LOG_DEBUG);
	rte_log_set_level((uint32_t)t, RTE_LOG_INFO);
	CU_ASSERT_FALSE(rte_log_can_log((uint32_t)t, RTE_LOG_DEBUG));
}

static void test_parse_level(void)
{
	for (int i = 1; i <= 8; i++) {
		char s[2] = {(char)('0' + i), '\0'};
		CU_ASSERT_EQUAL(rte_log_parse_level(s), i);
	}
	CU_ASSERT_EQUAL(rte_log_parse_level("emergency"), (int)RTE_LOG_EMERG);
	CU_ASSERT_EQUAL(rte_log_parse_level("emerg"), (int)RTE_LOG_EMERG);
	CU_ASSERT_EQUAL(rte_log_parse_level("alert"), (int)RTE_LOG_ALERT);
	CU_ASSERT_EQUAL(rte_log_parse_level("critical"), (int)RTE_LOG_CRIT);
	CU_ASSERT_EQUAL(rte_log_parse_level("crit"), (int)RTE_LOG_CRIT);
	CU_ASSERT_EQUAL(rte_log_parse_level("error"), (int)RTE_LOG_ERR);
	CU_ASSERT_EQUAL(rte_log_parse_level("err"), (int)RTE_LOG_ERR);
	CU_ASSERT_EQUAL(rte_log_parse_level("warning"), (int)RTE_LOG_WARNING);
	CU_ASSERT_EQUAL(rte_log_parse_level("notice"), (int)RTE_LOG_NOTICE);
	CU_ASSERT_EQUAL(rte_log_parse_level("info"), (int)RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_parse_level("DEBUG"), (int)RTE_LOG_DEBUG);
	const char *bad[] = {"0", "9", "10", "07", "", " 7", "debugx", "deb", "warn", "-1"};
	for (size_t i = 0; i < RTE_DIM(bad); i++)
		CU_ASSERT_EQUAL(rte_log_parse_level(bad[i]), -1);
	CU_ASSERT_EQUAL(rte_log_parse_level(NULL), -1);
}

static void test_pattern_for_later_types(void)
{
	int a = rte_log_register("test.pat.a");
	CU_ASSERT_EQUAL(rte_log_set_level_pattern("test.pat.*", RTE_LOG_DEBUG), 0);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)a), (int)RTE_LOG_DEBUG);

	int b = rte_log_register_type_and_pick_level("test.pat.b", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)b), (int)RTE_LOG_DEBUG);
	int other = rte_log_register_type_and_pick_level("test.other", RTE_LOG_NOTICE);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)other), (int)RTE_LOG_NOTICE);

	/* A later pattern wins over an earlier one for the names both match. */
	CU_ASSERT_EQUAL(rte_log_set_level_pattern("test.pat.z*", RTE_LOG_ERR), 0);
	int z = rte_log_register_type_and_pick_level("test.pat.zz", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)z), (int)RTE_LOG_ERR);
	int c = rte_log_register_type_and_pick_level("test.pat.c", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)c), (int)RTE_LOG_DEBUG);
	/* Setting the first pattern again makes it the latest. */
	CU_ASSERT_EQUAL(rte_log_set_level_pattern("test.pat.*", RTE_LOG_WARNING), 0);
	int z2 = rte_log_register_type_and_pick_level("test.pat.z2", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)z2), (int)RTE_LOG_WARNING);

	CU_ASSERT_EQUAL(rte_log_set_level_regexp("^test\\.re\\.[0-9]+$", RTE_LOG_NOTICE), 0);
	int r = rte_log_register_type_and_pick_level("test.re.42", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)r), (int)RTE_LOG_NOTICE);
	int rn = rte_log_register_type_and_pick_level("test.re.x", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)rn), (int)RTE_LOG_INFO);

	CU_ASSERT_EQUAL(rte_log_set_level_regexp("(", RTE_LOG_INFO), -1);
	CU_ASSERT_EQUAL(rte_log_set_level_pattern("x", RTE_LOG_MAX + 1), -1);
	CU_ASSERT_EQUAL(rte_log_set_level_pattern(NULL, RTE_LOG_INFO), -1);
}

static size_t count_substr(const char *s, const char *sub)
{
	size_t n = 0;
	for (const char *p = strstr(s, sub); p != NULL; p = strstr(p + 1, sub))
		n++;
	return n;
}

/* A regex whose compilation would take gigabytes in glibc is refused, with one line. */
static void hostile_regex_fn(void *arg)
{
	*(int *)arg = rte_log_set_level_regexp("a+++++++++++++++++++++++++++++++++++++++", 8);
}

static void test_hostile_regex(void)
{
	int rc = 0;
	char *out = test_capture_log(hostile_regex_fn, &rc);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_STRING_EQUAL(out, "lib.eal: log level regex "
				    "'a+++++++++++++++++++++++++++++++++++++++': more than 4 '+' in "
				    "a regular expression\n");
	free(out);
	CU_ASSERT_EQUAL(rte_log_set_level_regexp("^user[12]$", 8), 0);
}

static void dump_fn(void *arg)
{
	(void)arg;
	rte_log_dump(rte_log_get_stream());
}

/* Re-setting the same pattern replaces it, so repeated inits do not grow the list. */
static void test_pattern_not_duplicated(void)
{
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(rte_log_set_level_pattern("test.dup.*", RTE_LOG_ERR), 0);
	char *dump = test_capture_log(dump_fn, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dump);
	CU_ASSERT_EQUAL(count_substr(dump, "pattern 'test.dup.*': level error"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(dump, "global log level: debug\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(dump, "id 0: lib.eal, level info\n"));
	free(dump);
}

struct log_call {
	uint32_t level;
	uint32_t type;
	const char *text;
	int ret;
};

static void log_fn(void *arg)
{
	struct log_call *c = arg;
	c->ret = rte_log(c->level, c->type, "%s", c->text);
}

static char *log_capture(uint32_t level, uint32_t type, const char *text, int *ret)
{
	struct log_call c = {level, type, text, 0};
	char *out = test_capture_log(log_fn, &c);
	*ret = c.ret;
	return out;
}

static void expect_output(uint32_t level, uint32_t type, const char *text, const char *expect)
{
	int ret;
	char *out = log_capture(level, type, text, &ret);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_STRING_EQUAL(out, expect);
	free(out);
}

static void rte_log_macro_fn(void *arg)
{
	(void)arg;
	RTE_LOG(ERR, EAL, "value %d of %s\n", 42, "x");
	RTE_LOG(WARNING, USER1, "no newline");
}

static void test_line_format(void)
{
	char *out = test_capture_log(rte_log_macro_fn, NULL);
	CU_ASSERT_STRING_EQUAL(out, "lib.eal: value 42 of x\nuser1: no newline\n");
	free(out);

	expect_output(RTE_LOG_ERR, RTE_LOGTYPE_PMD, "a\nb\n", "pmd: a\npmd: b\n");
	expect_output(RTE_LOG_ERR, RTE_LOGTYPE_PMD, "a\n\nb", "pmd: a\npmd: \npmd: b\n");
	expect_output(RTE_LOG_ERR, RTE_LOGTYPE_PMD, "", "pmd:\n");
	expect_output(RTE_LOG_ERR, RTE_LOGTYPE_PMD, "\n", "pmd: \n");
	int t = rte_log_register("test.fmt");
	expect_output(RTE_LOG_INFO, (uint32_t)t, "hello\n", "test.fmt: hello\n");
	/* Below the type's level: nothing, and no error. */
	expect_output(RTE_LOG_DEBUG, (uint32_t)t, "hidden\n", "");

	/* Longer than any stack buffer: formatted on the heap, still one intact line. */
	size_t n = 5000;
	char *big = malloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	int ret;
	out = log_capture(RTE_LOG_ERR, (uint32_t)t, big, &ret);
	CU_ASSERT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(strlen(out), strlen("test.fmt: ") + n + 1);
	CU_ASSERT_EQUAL(strncmp(out, "test.fmt: xxx", 13), 0);
	CU_ASSERT_EQUAL(out[strlen(out) - 1], '\n');
	free(out);
	free(big);

	/* An unregistered type is a caller bug: -1, nothing written. */
	out = log_capture(RTE_LOG_ERR, 3, "lost\n", &ret);
	CU_ASSERT_EQUAL(ret, -1);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
}

static void test_cur_msg_and_stream(void)
{
	int ret;
	char *out = log_capture(RTE_LOG_NOTICE, RTE_LOGTYPE_USER2, "x", &ret);
	free(out);
	CU_ASSERT_EQUAL(rte_log_cur_msg_loglevel(), (int)RTE_LOG_NOTICE);
	CU_ASSERT_EQUAL(rte_log_cur_msg_logtype(), RTE_LOGTYPE_USER2);

	CU_ASSERT_PTR_EQUAL(rte_log_get_stream(), stderr);
	FILE *f = tmpfile();
	CU_ASSERT_EQUAL(rte_openlog_stream(f), 0);
	CU_ASSERT_PTR_EQUAL(rte_log_get_stream(), f);
	CU_ASSERT_EQUAL(rte_openlog_stream(NULL), 0);
	CU_ASSERT_PTR_EQUAL(rte_log_get_stream(), stderr);
	fclose(f);
}

static void list_fn(void *arg)
{
	rte_log_list_types(rte_log_get_stream(), arg);
}

static void test_list_types(void)
{
	rte_log_register("test.list");
	char *out = test_capture_log(list_fn, "- ");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "- lib.eal\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "- user8\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "- test.list\n"));
	free(out);
}

#define WRITERS 4
#define LINES_PER_WRITER 300
#define PAYLOAD 700 /* past the stack buffer, so the heap path runs concurrently too */

static void *writer(void *arg)
{
	int id = (int)(intptr_t)arg;
	char payload[PAYLOAD + 1];
	memset(payload, 'a' + id, PAYLOAD);
	payload[PAYLOAD] = '\0';
	for (int i = 0; i < LINES_PER_WRITER; i++)
		rte_log(RTE_LOG_ERR, RTE_LOGTYPE_USER1 + (uint32_t)id, "%d %s\n", i, payload);
	return NULL;
}

static void concurrent_fn(void *arg)
{
	(void)arg;
	pthread_t th[WRITERS];
	for (int i = 0; i < WRITERS; i++)
		pthread_create(&th[i], NULL, writer, (void *)(intptr_t)i);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);
}

/* Concurrent writers never tear or interleave a line. */
static void test_concurrent_lines(void)
{
	char *out = test_capture_log(concurrent_fn, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	int lines[WRITERS] = {0};
	int bad = 0;
	for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		int id = -1, seq = -1, off = 0;
		if (sscanf(line, "user%d: %d %n", &id, &seq, &off) < 2 || id < 1 || id > WRITERS) {
			bad++;
			continue;
		}
		size_t plen = strlen(line + off);
		bool ok = plen == PAYLOAD && seq == lines[id - 1];
		for (size_t k = 0; ok && k < plen; k++)
			ok = line[off + k] == 'a' + id - 1;
		bad += !ok;
		lines[id - 1]++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	for (int i = 0; i < WRITERS; i++)
		CU_ASSERT_EQUAL(lines[i], LINES_PER_WRITER);
	free(out);
}

static void test_snapshot_restore(void)
{
	int t = rte_log_register("test.snap");
	rte_log_set_level((uint32_t)t, RTE_LOG_NOTICE);
	CU_ASSERT_EQUAL(rte_log_set_level_pattern("test.keep.*", RTE_LOG_CRIT), 0);
	struct eal_log_snapshot *s = eal_log_snapshot_take();
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);

	rte_log_set_global_level(RTE_LOG_ERR);
	rte_log_set_level_pattern("test.snap*", RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)t), (int)RTE_LOG_DEBUG);
	/* A type registered after the snapshot keeps existing after the restore. */
	int later = rte_log_register_type_and_pick_level("test.snap.later", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)later), (int)RTE_LOG_DEBUG);

	eal_log_snapshot_restore(s);
	CU_ASSERT_EQUAL(rte_log_get_global_level(), RTE_LOG_DEBUG);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)t), (int)RTE_LOG_NOTICE);
	CU_ASSERT_STRING_EQUAL(rte_log_type_name((uint32_t)later), "test.snap.later");
	/* The pattern is forgotten: new types no longer pick it up. */
	int after = rte_log_register_type_and_pick_level("test.snap.after", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)after), (int)RTE_LOG_INFO);
	/* Patterns saved before the snapshot survive the restore. */
	int p = rte_log_register_type_and_pick_level("test.keep.x", RTE_LOG_INFO);
	CU_ASSERT_EQUAL(rte_log_get_level((uint32_t)p), (int)RTE_LOG_CRIT);

	eal_log_snapshot_drop(eal_log_snapshot_take());
	eal_log_snapshot_drop(NULL);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_log", NULL, NULL);
	CU_add_test(s, "static types", test_static_types);
	CU_add_test(s, "register", test_register);
	CU_add_test(s, "hundreds of types", test_many_types);
	CU_add_test(s, "set level, global level", test_set_level);
	CU_add_test(s, "parse level", test_parse_level);
	CU_add_test(s, "patterns apply to later types", test_pattern_for_later_types);
	CU_add_test(s, "a re-set pattern is not duplicated", test_pattern_not_duplicated);
	CU_add_test(s, "line format", test_line_format);
	CU_add_test(s, "current message, stream", test_cur_msg_and_stream);
	CU_add_test(s, "list types", test_list_types);
	CU_add_test(s, "concurrent lines stay whole", test_concurrent_lines);
	CU_add_test(s, "snapshot restore", test_snapshot_restore);
	CU_add_test(s, "hostile regex refused", test_hostile_regex);
	return test_run_registry();
}
