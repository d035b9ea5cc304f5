/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_errno (per thread), rte_strerror, and UUID parse/unparse/compare. */

#include <CUnit/Basic.h>
#include <pthread.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_uuid.h>

#include "test_util.h"

static void *errno_thread(void *arg)
{
	int *seen = arg;
	seen[0] = rte_errno; /* a new thread starts at 0 */
	rte_errno = EPERM;
	seen[1] = rte_errno;
	return NULL;
}

static void test_errno_per_thread(void)
{
	int seen[2] = {-1, -1};
	pthread_t th;
	rte_errno = ENODEV;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, errno_thread, seen), 0);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(seen[0], 0);
	CU_ASSERT_EQUAL(seen[1], EPERM);
	CU_ASSERT_EQUAL(rte_errno, ENODEV);
}

static void test_strerror_texts(void)
{
	CU_ASSERT_STRING_EQUAL(rte_strerror(E_RTE_SECONDARY), "Invalid call in secondary process");
	CU_ASSERT_STRING_EQUAL(rte_strerror(E_RTE_NO_CONFIG), "Missing rte_config structure");
	CU_ASSERT_STRING_EQUAL(rte_strerror(EINVAL), strerror(EINVAL));
	CU_ASSERT_STRING_EQUAL(rte_strerror(-ENOENT), strerror(ENOENT));
	CU_ASSERT_STRING_EQUAL(rte_strerror(0), strerror(0));
	CU_ASSERT_STRING_EQUAL(rte_strerror(RTE_MAX_ERRNO), "Unknown error 1003");
	CU_ASSERT_STRING_EQUAL(rte_strerror(123456), "Unknown error 123456");
}

static void *strerror_thread(void *arg)
{
	int *same = arg;
	*same = strcmp(rte_strerror(654321), "Unknown error 654321") == 0;
	return NULL;
}

/* Each thread has its own buffer: another thread's call does not overwrite this one's text. */
static void test_strerror_thread_safe(void)
{
	const char *mine = rte_strerror(123456);
	int theirs_ok = 0;
	pthread_t th;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, strerror_thread, &theirs_ok), 0);
	pthread_join(th, NULL);
	CU_ASSERT_TRUE(theirs_ok);
	CU_ASSERT_STRING_EQUAL(mine, "Unknown error 123456");
}

static const unsigned char sample[16] = {0x14, 0xd6, 0x3f, 0x20, 0x84, 0x45, 0x11, 0xea,
					 0x89, 0x00, 0x1f, 0x9c, 0xe7, 0xd5, 0x65, 0x0d};

static void test_uuid_parse(void)
{
	rte_uuid_t uu;
	CU_ASSERT_EQUAL(rte_uuid_parse("14d63f20-8445-11ea-8900-1f9ce7d5650d", uu), 0);
	CU_ASSERT_EQUAL(memcmp(uu, sample, 16), 0);
	memset(uu, 0, sizeof(uu));
	CU_ASSERT_EQUAL(rte_uuid_parse("14D63F20-8445-11EA-8900-1F9CE7D5650D", uu), 0);
	CU_ASSERT_EQUAL(memcmp(uu, sample, 16), 0);
	CU_ASSERT_EQUAL(rte_uuid_parse("00000000-0000-0000-0000-000000000000", uu), 0);
	CU_ASSERT_TRUE(rte_uuid_is_null(uu));
}

static void test_uuid_parse_rejects(void)
{
	const char *bad[] = {
	    "",
	    "14d63f20-8445-11ea-8900-1f9ce7d5650",   /* 35 characters */
	    "14d63f20-8445-11ea-8900-1f9ce7d5650d0", /* 37 characters */
	    "14d63f2008445-11ea-8900-1f9ce7d5650d",  /* dash missing */
	    "14d63f2-08445-11ea-8900-1f9ce7d5650d",  /* dash misplaced */
	    "14d63f20-8445-11ea-8900-1f9ce7d5650g",  /* not hex */
	    "14d63f20-8445-11ea-8900-1f9ce7d5 50d",  /* space */
	    "{14d63f20-8445-11ea-8900-1f9ce7d565}",  /* braces */
	    "14d63f20844511ea89001f9ce7d5650d",	     /* no dashes */
	};
	rte_uuid_t uu;
	for (size_t i = 0; i < RTE_DIM(bad); i++) {
		memcpy(uu, sample, 16);
		CU_ASSERT_EQUAL(rte_uuid_parse(bad[i], uu), -1);
		/* A failed parse leaves the output untouched. */
		CU_ASSERT_EQUAL(memcmp(uu, sample, 16), 0);
	}
	CU_ASSERT_EQUAL(rte_uuid_parse(NULL, uu), -1);
}

static void test_uuid_unparse(void)
{
	char text[RTE_UUID_STRLEN];
	rte_uuid_unparse(sample, text, sizeof(text));
	CU_ASSERT_STRING_EQUAL(text, "14d63f20-8445-11ea-8900-1f9ce7d5650d");

	rte_uuid_t back;
	CU_ASSERT_EQUAL(rte_uuid_parse(text, back), 0);
	CU_ASSERT_EQUAL(rte_uuid_compare(back, sample), 0);

	/* Too small a buffer: nothing written rather than a truncated UUID. */
	char small[RTE_UUID_STRLEN - 1];
	memset(small, '#', sizeof(small));
	rte_uuid_unparse(sample, small, sizeof(small));
	CU_ASSERT_EQUAL(small[0], '#');
	CU_ASSERT_EQUAL(small[sizeof(small) - 1], '#');
}

static void test_uuid_compare_copy(void)
{
	rte_uuid_t a, b;
	rte_uuid_copy(a, sample);
	CU_ASSERT_EQUAL(memcmp(a, sample, 16), 0);
	CU_ASSERT_FALSE(rte_uuid_is_null(a));
	rte_uuid_copy(b, a);
	b[15]++;
	CU_ASSERT_EQUAL(rte_uuid_compare(a, b), -1);
	CU_ASSERT_EQUAL(rte_uuid_compare(b, a), 1);
	/* The first byte dominates, as the first hex digits do in the text. */
	b[15] = 0;
	a[0] = 0x15;
	CU_ASSERT_EQUAL(rte_uuid_compare(a, b), 1);
	CU_ASSERT_EQUAL(rte_uuid_compare(a, a), 0);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("eal_errno_uuid", NULL, NULL);
	CU_add_test(s, "rte_errno is per thread", test_errno_per_thread);
	CU_add_test(s, "rte_strerror texts", test_strerror_texts);
	CU_add_test(s, "rte_strerror per-thread buffer", test_strerror_thread_safe);
	CU_add_test(s, "uuid parse", test_uuid_parse);
	CU_add_test(s, "uuid parse rejects malformed text", test_uuid_parse_rejects);
	CU_add_test(s, "uuid unparse", test_uuid_unparse);
	CU_add_test(s, "uuid compare, copy, is_null", test_uuid_compare_copy);
	return test_run_registry();
}
