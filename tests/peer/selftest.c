/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The peer suite's own test: test.h and peer_main.c must report what a DPDK test file does,
 * since the peer verdicts rest on them. Every assertion macro must fail when its condition is
 * false and pass when true, and unit_test_suite_runner must count and conclude correctly.
 * Built like a DPDK file (REGISTER_TEST_COMMAND, run by peer_main.c after rte_eal_init).
 */
#include "test.h"

static int setups, teardowns;

static int check_true(void)
{
	int x = 1, *p = &x;
	const char a[] = "abcdef", b[] = "abXdef";

	TEST_ASSERT(x == 1, "x is %d", x);
	TEST_ASSERT_EQUAL(x, 1, "x");
	TEST_ASSERT_NOT_EQUAL(x, 2, "x");
	TEST_ASSERT_SUCCESS(0, "zero");
	TEST_ASSERT_FAIL(-1, "non-zero");
	TEST_ASSERT_NULL(NULL, "null");
	TEST_ASSERT_NOT_NULL(p, "p");
	TEST_ASSERT_BUFFERS_ARE_EQUAL(a, b, 2, "first two bytes");
	TEST_ASSERT_BUFFERS_ARE_EQUAL_OFFSET(a, b, 3, 3, "last three bytes");
	return TEST_SUCCESS;
}

/* Each returns TEST_FAILED from its one false assertion, or 1 if the macro let it through. */
static int f_assert(void) { TEST_ASSERT(0, "false"); return 1; }
static int f_equal(void) { TEST_ASSERT_EQUAL(1, 2, "1 == 2"); return 1; }
static int f_not_equal(void) { TEST_ASSERT_NOT_EQUAL(3, 3, "3 != 3"); return 1; }
static int f_success(void) { TEST_ASSERT_SUCCESS(-5, "-5 is success"); return 1; }
static int f_fail(void) { TEST_ASSERT_FAIL(0, "0 is failure"); return 1; }
static int f_null(void) { int x; TEST_ASSERT_NULL(&x, "&x is NULL"); return 1; }
static int f_not_null(void) { TEST_ASSERT_NOT_NULL(NULL, "NULL is not NULL"); return 1; }
static int f_buffers(void) { TEST_ASSERT_BUFFERS_ARE_EQUAL("ab", "ac", 2, "ab == ac"); return 1; }
static int f_offset(void)
{
	TEST_ASSERT_BUFFERS_ARE_EQUAL_OFFSET("xxab", "xxac", 2, 2, "ab == ac");
	return 1;
}

static int case_pass(void) { return TEST_SUCCESS; }
static int case_fail(void) { return TEST_FAILED; }
static int case_skip(void) { return TEST_SKIPPED; }
static int case_unsupported(void) { return -ENOTSUP; }
static int with_data(const void *data) { return *(const int *)data == 42 ? TEST_SUCCESS : TEST_FAILED; }
static int setup_ok(void) { setups++; return TEST_SUCCESS; }
static int setup_skip(void) { setups++; return TEST_SKIPPED; }
static void teardown(void) { teardowns++; }

static const int answer = 42;

static struct unit_test_suite passing = {
	.suite_name = "passing",
	.setup = setup_ok,
	.teardown = teardown,
	.unit_test_cases = {
		TEST_CASE(case_pass),
		TEST_CASE_ST(setup_ok, teardown, case_pass),
		TEST_CASE_NAMED("named", case_pass),
		TEST_CASE_WITH_DATA(setup_ok, teardown, with_data, &answer),
		TEST_CASE_DISABLED(case_fail),
		TEST_CASE(case_skip),
		TEST_CASES_END(),
	},
};

static struct unit_test_suite failing = {
	.suite_name = "failing",
	.unit_test_cases = {
		TEST_CASE(case_pass),
		TEST_CASE(case_fail),
		TEST_CASE(case_unsupported),
		TEST_CASE_ST(setup_skip, teardown, case_fail), /* setup skips: not run */
		TEST_CASES_END(),
	},
};

static struct unit_test_suite all_skipped = {
	.suite_name = "all skipped",
	.unit_test_cases = {
		TEST_CASE(case_skip),
		TEST_CASE_DISABLED(case_pass),
		TEST_CASES_END(),
	},
};

static struct unit_test_suite unsupported_only = {
	.suite_name = "unsupported",
	.unit_test_cases = {
		TEST_CASE(case_pass),
		TEST_CASE(case_unsupported),
		/* no test function at all: unsupported too */
		{NULL, NULL, NULL, NULL, "empty", 1, NULL},
		TEST_CASES_END(),
	},
};

static struct unit_test_suite *subs[] = {&failing, NULL};
static struct unit_test_suite parent = {
	.suite_name = "parent",
	.unit_test_suites = subs,
	.unit_test_cases = {
		TEST_CASE(case_pass),
		TEST_CASES_END(),
	},
};

static int peer_selftest(void)
{
	int (*const must_fail[])(void) = {f_assert, f_equal, f_not_equal, f_success, f_fail,
					   f_null, f_not_null, f_buffers, f_offset};

	TEST_ASSERT_EQUAL(check_true(), TEST_SUCCESS, "true assertions failed");
	for (size_t i = 0; i < RTE_DIM(must_fail); i++)
		TEST_ASSERT_EQUAL(must_fail[i](), TEST_FAILED, "false assertion %zu passed", i);

	setups = teardowns = 0;
	TEST_ASSERT_EQUAL(unit_test_suite_runner(&passing), TEST_SUCCESS, "passing suite");
	TEST_ASSERT(passing.total == 6 && passing.executed == 4 && passing.succeeded == 4 &&
			    passing.skipped == 2 && passing.failed == 0,
		    "passing: total %u executed %u succeeded %u skipped %u failed %u", passing.total,
		    passing.executed, passing.succeeded, passing.skipped, passing.failed);
	TEST_ASSERT(setups == 3 && teardowns == 3, "setups %d teardowns %d", setups, teardowns);

	setups = teardowns = 0;
	TEST_ASSERT_EQUAL(unit_test_suite_runner(&failing), TEST_FAILED, "failing suite");
	TEST_ASSERT(failing.total == 4 && failing.succeeded == 1 && failing.failed == 1 &&
			    failing.unsupported == 1 && failing.skipped == 1,
		    "failing: total %u succeeded %u failed %u unsupported %u skipped %u",
		    failing.total, failing.succeeded, failing.failed, failing.unsupported,
		    failing.skipped);
	/* A case whose setup skips it is not run, and not torn down. */
	TEST_ASSERT(setups == 1 && teardowns == 0, "setups %d teardowns %d", setups, teardowns);

	TEST_ASSERT_EQUAL(unit_test_suite_runner(&all_skipped), TEST_SKIPPED, "all skipped");
	/* Unsupported cases fail nothing (DPDK's rule). */
	TEST_ASSERT_EQUAL(unit_test_suite_runner(&unsupported_only), TEST_SUCCESS, "unsupported");
	TEST_ASSERT_EQUAL(unsupported_only.unsupported, 2, "unsupported count");
	/* A failing sub-suite fails its parent, whose counts include it. */
	TEST_ASSERT_EQUAL(unit_test_suite_runner(&parent), TEST_FAILED, "parent of failing");
	TEST_ASSERT(parent.total == 5 && parent.succeeded == 2 && parent.failed == 1,
		    "parent: total %u succeeded %u failed %u", parent.total, parent.succeeded,
		    parent.failed);
	TEST_ASSERT_EQUAL(last_test_result, 1, "last_test_result is the failed count");
	return TEST_SUCCESS;
}

REGISTER_TEST_COMMAND(peer_selftest, peer_selftest);
