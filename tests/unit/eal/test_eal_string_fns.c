/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_string_fns.h (strlcpy/strlcat/strscpy/strsplit) and rte_str_to_size. */

#include <CUnit/Basic.h>
#include <errno.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_string_fns.h>

#include "test_util.h"

static void test_strlcpy(void)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	CU_ASSERT_EQUAL(rte_strlcpy(buf, "abc", sizeof(buf)), 3);
	CU_ASSERT_STRING_EQUAL(buf, "abc");
	CU_ASSERT_EQUAL(buf[4], 'x'); /* nothing written past the NUL */

	/* Truncated: size - 1 bytes and a NUL; the result says how long src was. */
	CU_ASSERT_EQUAL(rte_strlcpy(buf, "0123456789", sizeof(buf)), 10);
	CU_ASSERT_STRING_EQUAL(buf, "0123456");
	CU_ASSERT_EQUAL(rte_strlcpy(buf, "01234567", sizeof(buf)), 8);
	CU_ASSERT_STRING_EQUAL(buf, "0123456");
	CU_ASSERT_EQUAL(rte_strlcpy(buf, "0123456", sizeof(buf)), 7);
	CU_ASSERT_STRING_EQUAL(buf, "0123456");

	/* Size 0 writes nothing. */
	memset(buf, 'x', sizeof(buf));
	CU_ASSERT_EQUAL(rte_strlcpy(buf, "abc", 0), 3);
	CU_ASSERT_EQUAL(buf[0], 'x');
	CU_ASSERT_EQUAL(rte_strlcpy(buf, "", 1), 0);
	CU_ASSERT_EQUAL(buf[0], '\0');

	/* The BSD name, as DPDK code calls it. */
	CU_ASSERT_EQUAL(strlcpy(buf, "hello world", 6), 11);
	CU_ASSERT_STRING_EQUAL(buf, "hello");
}

static void test_strlcat(void)
{
	char buf[8] = "ab";

	CU_ASSERT_EQUAL(rte_strlcat(buf, "cd", sizeof(buf)), 4);
	CU_ASSERT_STRING_EQUAL(buf, "abcd");
	CU_ASSERT_EQUAL(rte_strlcat(buf, "efghij", sizeof(buf)), 10);
	CU_ASSERT_STRING_EQUAL(buf, "abcdefg");
	/* Full: nothing appended, the would-be length returned. */
	CU_ASSERT_EQUAL(rte_strlcat(buf, "xyz", sizeof(buf)), 10);
	CU_ASSERT_STRING_EQUAL(buf, "abcdefg");
	/* dst not terminated within size: left alone, size + strlen(src) returned. */
	char raw[4] = {'a', 'b', 'c', 'd'};
	CU_ASSERT_EQUAL(rte_strlcat(raw, "xy", sizeof(raw)), 6);
	CU_ASSERT_EQUAL(memcmp(raw, "abcd", 4), 0);
	CU_ASSERT_EQUAL(rte_strlcat(raw, "xy", 0), 2);

	char b2[8] = "a";
	CU_ASSERT_EQUAL(strlcat(b2, "bc", sizeof(b2)), 3);
	CU_ASSERT_STRING_EQUAL(b2, "abc");
}

static void test_strscpy(void)
{
	char buf[6];

	CU_ASSERT_EQUAL(rte_strscpy(buf, "abc", sizeof(buf)), 3);
	CU_ASSERT_STRING_EQUAL(buf, "abc");
	CU_ASSERT_EQUAL(rte_strscpy(buf, "abcde", sizeof(buf)), 5);
	CU_ASSERT_STRING_EQUAL(buf, "abcde");
	CU_ASSERT_EQUAL(rte_strscpy(buf, "", sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "");

	/* Does not fit: -E2BIG, rte_errno E2BIG, the truncated copy terminated. */
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_strscpy(buf, "abcdef", sizeof(buf)), -E2BIG);
	CU_ASSERT_EQUAL(rte_errno, E2BIG);
	CU_ASSERT_STRING_EQUAL(buf, "abcde");

	memset(buf, 'x', sizeof(buf));
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_strscpy(buf, "a", 0), -E2BIG);
	CU_ASSERT_EQUAL(rte_errno, E2BIG);
	CU_ASSERT_EQUAL(buf[0], 'x');
}

/* Split input with these arguments; the tokens joined by '|', or "ERR". */
static const char *split(const char *input, int stringlen, int maxtokens, char delim)
{
	static char out[128];
	char buf[64];
	char *tokens[8] = {0};

	strcpy(buf, input);
	int n = rte_strsplit(buf, stringlen, tokens, maxtokens, delim);
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "|" : "",
			 tokens[i]);
	snprintf(out + strlen(out), sizeof(out) - strlen(out), "#%d", n);
	return out;
}

static void test_strsplit(void)
{
	CU_ASSERT_STRING_EQUAL(split("a,b,c", 64, 8, ','), "a|b|c#3");
	/* At most maxtokens - 1 splits: the last token holds the rest. */
	CU_ASSERT_STRING_EQUAL(split("a,b,c", 64, 2, ','), "a|b,c#2");
	CU_ASSERT_STRING_EQUAL(split("a,b,c", 64, 1, ','), "a,b,c#1");
	CU_ASSERT_STRING_EQUAL(split("a,b,c", 64, 0, ','), "#0");
	/* The rest, even when it starts with delim (DPDK gives "a|b|" here). */
	CU_ASSERT_STRING_EQUAL(split("a,b,,c", 64, 3, ','), "a|b|,c#3");
	CU_ASSERT_STRING_EQUAL(split("a,,", 64, 2, ','), "a|,#2");
	/* Empty tokens between delimiters and before a leading one; none after a trailing one. */
	CU_ASSERT_STRING_EQUAL(split("a,,b", 64, 8, ','), "a||b#3");
	CU_ASSERT_STRING_EQUAL(split(",a", 64, 8, ','), "|a#2");
	CU_ASSERT_STRING_EQUAL(split("a,", 64, 8, ','), "a#1");
	CU_ASSERT_STRING_EQUAL(split("", 64, 8, ','), "#0");
	CU_ASSERT_STRING_EQUAL(split("abc", 64, 8, ','), "abc#1");
	CU_ASSERT_STRING_EQUAL(split("1:2:3", 64, 8, ':'), "1|2|3#3");
	/* stringlen bounds the scan: "a,b" is looked at, so the ',' after b is not cut. */
	CU_ASSERT_STRING_EQUAL(split("a,b,c", 3, 8, ','), "a|b,c#2");
	CU_ASSERT_STRING_EQUAL(split("a,b,c", 0, 8, ','), "#0");

	char *tokens[2];
	char s[] = "x";
	errno = 0;
	rte_errno = 0;
	CU_ASSERT_EQUAL(rte_strsplit(NULL, 4, tokens, 2, ','), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(rte_strsplit(s, 4, NULL, 2, ','), -1);
}

static void test_str_to_size(void)
{
	static const struct {
		const char *s;
		uint64_t v;
	} cases[] = {
	    /* DPDK 22.11's own cases (app/test/test_malloc.c). */
	    {"5G", 5ULL << 30},
	    {"0x20g", 0x20ULL << 30},
	    {"10M", 10ULL << 20},
	    {"050m", 050ULL << 20},
	    {"8K", 8ULL << 10},
	    {"15k", 15ULL << 10},
	    {"0200", 0200},
	    {"0x103", 0x103},
	    {"432", 432},
	    {"-1", 0},
	    {"  -2", 0},
	    {"  -3MB", 0},
	    {"18446744073709551616", 0},
	    /* One space before the suffix; what follows the suffix is ignored. */
	    {"1 M", 1ULL << 20},
	    {"1  M", 1},
	    {"2MB", 2ULL << 20},
	    {"\t 7k", 7ULL << 10},
	    {"16E", 16},
	    {"18446744073709551615", UINT64_MAX},
	    /* A suffix that overflows 64 bits gives 0 (DPDK: the product modulo 2^64). */
	    {"17179869183G", 17179869183ULL << 30},
	    {"17179869184G", 0},
	    {"0x40000000000000k", 0},
	    {"0x40000000000001k", 0}, /* DPDK: 1024 */
	    {"", 0},
	    {"abc", 0},
	};
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		uint64_t got = rte_str_to_size(cases[i].s);
		if (got != cases[i].v)
			fprintf(stderr, "rte_str_to_size(\"%s\") = %llu, expected %llu\n", cases[i].s,
				(unsigned long long)got, (unsigned long long)cases[i].v);
		CU_ASSERT_EQUAL(got, cases[i].v);
	}
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_string_fns", NULL, NULL);
	CU_add_test(s, "rte_strlcpy and strlcpy", test_strlcpy);
	CU_add_test(s, "rte_strlcat and strlcat", test_strlcat);
	CU_add_test(s, "rte_strscpy", test_strscpy);
	CU_add_test(s, "rte_strsplit", test_strsplit);
	CU_add_test(s, "rte_str_to_size", test_str_to_size);
	return test_run_registry();
}
