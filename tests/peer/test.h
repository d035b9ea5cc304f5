/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OPENEAL_PEER_TEST_H
#define OPENEAL_PEER_TEST_H

/*
 * The peer suite's stand-in for DPDK app/test's test.h, written for this project: the
 * interface DPDK's unit-test files are written against (result codes, TEST_ASSERT*, unit test
 * suites and cases, REGISTER_TEST_COMMAND), and nothing else, so that a file builds against
 * openeal's installed headers (or DPDK's) with no help from DPDK's test application. Built
 * with -std=gnu11: the files and these macros use ", ##__VA_ARGS__".
 */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <rte_common.h>

#define TEST_SUCCESS 0
#define TEST_FAILED (-1)
#define TEST_SKIPPED 77

/* Every failed assertion prints one line and returns TEST_FAILED from the calling test. */
#define PEER_FAIL_(msg, ...)                                                                        \
	do {                                                                                        \
		printf("TestCase %s() line %d failed: " msg "\n", __func__, __LINE__,               \
		       ##__VA_ARGS__);                                                              \
		return TEST_FAILED;                                                                 \
	} while (0)

#define TEST_ASSERT(cond, msg, ...)                                                                 \
	do {                                                                                        \
		if (!(cond))                                                                        \
			PEER_FAIL_(msg, ##__VA_ARGS__);                                             \
	} while (0)
#define TEST_ASSERT_EQUAL(a, b, msg, ...) TEST_ASSERT((a) == (b), msg, ##__VA_ARGS__)
#define TEST_ASSERT_NOT_EQUAL(a, b, msg, ...) TEST_ASSERT((a) != (b), msg, ##__VA_ARGS__)
#define TEST_ASSERT_SUCCESS(val, msg, ...) TEST_ASSERT((val) == 0, msg, ##__VA_ARGS__)
#define TEST_ASSERT_FAIL(val, msg, ...) TEST_ASSERT((val) != 0, msg, ##__VA_ARGS__)
#define TEST_ASSERT_NULL(val, msg, ...) TEST_ASSERT((val) == NULL, msg, ##__VA_ARGS__)
#define TEST_ASSERT_NOT_NULL(val, msg, ...) TEST_ASSERT((val) != NULL, msg, ##__VA_ARGS__)
#define TEST_ASSERT_BUFFERS_ARE_EQUAL(a, b, len, msg, ...)                                          \
	TEST_ASSERT(memcmp((a), (b), (len)) == 0, msg, ##__VA_ARGS__)
#define TEST_ASSERT_BUFFERS_ARE_EQUAL_OFFSET(a, b, len, off, msg, ...)                              \
	TEST_ASSERT(memcmp((const uint8_t *)(a) + (off), (const uint8_t *)(b) + (off), (len)) == 0, \
		    msg, ##__VA_ARGS__)

/* A case of a suite: setup and teardown may be NULL; enabled 0 skips it. */
struct unit_test_case {
	int (*setup)(void);
	void (*teardown)(void);
	int (*testcase)(void);
	int (*testcase_with_data)(const void *data);
	const char *name;
	unsigned enabled;
	const void *data;
};

#define TEST_CASE_NAMED_WITH_DATA(name, setup, teardown, fn, data)                                  \
	{ setup, teardown, NULL, fn, name, 1, data }
#define TEST_CASE_WITH_DATA(setup, teardown, fn, data)                                              \
	TEST_CASE_NAMED_WITH_DATA(#fn, setup, teardown, fn, data)
#define TEST_CASE_NAMED_ST(name, setup, teardown, fn) { setup, teardown, fn, NULL, name, 1, NULL }
#define TEST_CASE_ST(setup, teardown, fn) TEST_CASE_NAMED_ST(#fn, setup, teardown, fn)
#define TEST_CASE_NAMED(name, fn) TEST_CASE_NAMED_ST(name, NULL, NULL, fn)
#define TEST_CASE(fn) TEST_CASE_NAMED(#fn, fn)
#define TEST_CASE_DISABLED(fn) { NULL, NULL, fn, NULL, #fn, 0, NULL }
#define TEST_CASE_ST_DISABLED(setup, teardown, fn) { setup, teardown, fn, NULL, #fn, 0, NULL }
#define TEST_CASES_END() { NULL, NULL, NULL, NULL, NULL, 0, NULL }

/* A suite: its cases (ended by TEST_CASES_END), and/or sub-suites (NULL-terminated). The
 * counters are filled by unit_test_suite_runner. */
struct unit_test_suite {
	const char *suite_name;
	int (*setup)(void);
	void (*teardown)(void);
	unsigned int total;
	unsigned int executed;
	unsigned int succeeded;
	unsigned int skipped;
	unsigned int failed;
	unsigned int unsupported;
	struct unit_test_suite **unit_test_suites;
	struct unit_test_case unit_test_cases[];
};

/* Run the suite (and its sub-suites, whose counts are added to it): TEST_FAILED if a case
 * failed, else TEST_SKIPPED if its setup skipped it or every case was skipped, else
 * TEST_SUCCESS. A case returning -ENOTSUP counts as unsupported, which fails nothing, as in
 * DPDK. */
int unit_test_suite_runner(struct unit_test_suite *suite);

/* The result of the last command run, and the program name (argv[0]). */
extern int last_test_result;
extern const char *prgname;

typedef int(test_callback)(void);

struct test_command {
	TAILQ_ENTRY(test_command) next;
	const char *command;
	test_callback *callback;
};

void add_test_command(struct test_command *t);

/* Make func runnable by its command name (what DPDK's test application types: cmd). */
#define REGISTER_TEST_COMMAND(cmd, func)                                                            \
	static struct test_command peer_command_##cmd = {.command = RTE_STR(cmd),                   \
							 .callback = func};                         \
	RTE_INIT(peer_register_##cmd)                                                               \
	{                                                                                           \
		add_test_command(&peer_command_##cmd);                                              \
	}

#endif
