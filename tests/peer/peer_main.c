/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The peer suite's program around one DPDK unit-test file: rte_eal_init with the EAL
 * arguments it is given (the harness passes DPDK's usual ones), then every command the file
 * registered, then rte_eal_cleanup. Also the runner behind test.h's unit test suites.
 *
 * Exit status: 0 all commands passed, 77 all skipped, 1 a command failed, 2 rte_eal_init
 * failed (the line before says why), 3 the file registered no command.
 */
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "test.h"

#define EXIT_INIT_FAILED 2
#define EXIT_NO_COMMAND 3

int last_test_result;
const char *prgname;

static TAILQ_HEAD(, test_command) commands = TAILQ_HEAD_INITIALIZER(commands);

void add_test_command(struct test_command *t)
{
	TAILQ_INSERT_TAIL(&commands, t, next);
}

static const char *result_name(int r)
{
	return r == TEST_SUCCESS ? "passed" : r == TEST_SKIPPED ? "skipped" : "failed";
}

/* A case's result: its own, or its setup's when that did not succeed. */
static int run_case(const struct unit_test_case *tc)
{
	int r;

	if (!tc->enabled)
		return TEST_SKIPPED;
	if (tc->setup != NULL) {
		r = tc->setup();
		if (r != TEST_SUCCESS)
			return r == TEST_SKIPPED || r == -ENOTSUP ? r : TEST_FAILED;
	}
	if (tc->testcase != NULL)
		r = tc->testcase();
	else if (tc->testcase_with_data != NULL)
		r = tc->testcase_with_data(tc->data);
	else
		r = -ENOTSUP;
	if (tc->teardown != NULL)
		tc->teardown();
	return r;
}

static const char *case_result_name(int r)
{
	return r == -ENOTSUP ? "unsupported" : result_name(r);
}

int unit_test_suite_runner(struct unit_test_suite *suite)
{
	const char *name = suite->suite_name != NULL ? suite->suite_name : "(unnamed)";

	suite->total = suite->executed = suite->succeeded = 0;
	suite->skipped = suite->failed = suite->unsupported = 0;
	printf(" + suite %s\n", name);
	if (suite->setup != NULL) {
		int r = suite->setup();
		if (r != TEST_SUCCESS) {
			printf(" + suite %s: setup %s\n", name, result_name(r));
			return r == TEST_SKIPPED ? TEST_SKIPPED : TEST_FAILED;
		}
	}
	for (const struct unit_test_case *tc = suite->unit_test_cases; tc->name != NULL; tc++) {
		int r = run_case(tc);
		suite->total++;
		if (r == TEST_SKIPPED) {
			suite->skipped++;
		} else if (r == -ENOTSUP) {
			suite->unsupported++;
		} else {
			suite->executed++;
			if (r == TEST_SUCCESS)
				suite->succeeded++;
			else
				suite->failed++;
		}
		printf(" + case %s: %s\n", tc->name, case_result_name(r));
	}
	for (struct unit_test_suite **sub = suite->unit_test_suites; sub != NULL && *sub != NULL;
	     sub++) {
		unit_test_suite_runner(*sub);
		suite->total += (*sub)->total;
		suite->executed += (*sub)->executed;
		suite->succeeded += (*sub)->succeeded;
		suite->skipped += (*sub)->skipped;
		suite->failed += (*sub)->failed;
		suite->unsupported += (*sub)->unsupported;
	}
	if (suite->teardown != NULL)
		suite->teardown();
	printf(" + suite %s: %u cases, %u passed, %u skipped, %u failed, %u unsupported\n", name,
	       suite->total, suite->succeeded, suite->skipped, suite->failed, suite->unsupported);
	last_test_result = (int)suite->failed;
	if (suite->failed != 0)
		return TEST_FAILED;
	if (suite->total == suite->skipped)
		return TEST_SKIPPED;
	return TEST_SUCCESS;
}

int main(int argc, char **argv)
{
	prgname = argv[0];
	if (TAILQ_EMPTY(&commands)) {
		printf("peer: the test file registered no command (no REGISTER_TEST_COMMAND)\n");
		return EXIT_NO_COMMAND;
	}
	if (rte_eal_init(argc, argv) < 0) {
		printf("peer: rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		return EXIT_INIT_FAILED;
	}
	int passed = 0, skipped = 0, failed = 0;
	struct test_command *t;
	TAILQ_FOREACH(t, &commands, next)
	{
		printf("peer: running %s\n", t->command);
		fflush(stdout);
		last_test_result = t->callback();
		printf("peer: %s %s (returned %d)\n", t->command, result_name(last_test_result),
		       last_test_result);
		if (last_test_result == TEST_SUCCESS)
			passed++;
		else if (last_test_result == TEST_SKIPPED)
			skipped++;
		else
			failed++;
	}
	fflush(stdout);
	rte_eal_cleanup();
	if (failed != 0)
		return 1;
	return passed == 0 && skipped != 0 ? 77 : 0;
}
