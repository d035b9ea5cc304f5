/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_cycles.h: the TSC frequency each source reports against the counter's rate measured here
 * over 100 ms of CLOCK_MONOTONIC, the cpuinfo and sysfs parsers on files made in a temp dir,
 * and the delays against CLOCK_MONOTONIC.
 */

#include <CUnit/Basic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_cycles.h>

#include "eal_cycles.h"
#include "test_util.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The counter's rate over 100 ms of CLOCK_MONOTONIC, asleep in between (independent of the
 * library's measurement, which busy-waits on CLOCK_MONOTONIC_RAW for 2 ms). */
static double reference_hz;

static void measure_reference(void)
{
	uint64_t t0 = mono_ns(), c0 = rte_rdtsc_precise();
	struct timespec nap = {0, 100000000};
	nanosleep(&nap, NULL);
	uint64_t t1 = mono_ns(), c1 = rte_rdtsc_precise();
	reference_hz = (double)(c1 - c0) * 1e9 / (double)(t1 - t0);
}

/* Within 0.5 % of the reference. */
static bool near_reference(uint64_t hz)
{
	double d = ((double)hz - reference_hz) / reference_hz;
	if (d < -0.005 || d > 0.005) {
		fprintf(stderr, "\n  %llu Hz is %.3f %% off the measured %.0f Hz",
			(unsigned long long)hz, d * 100, reference_hz);
		return false;
	}
	return true;
}

static void test_tsc_hz(void)
{
	uint64_t hz = rte_get_tsc_hz();
	CU_ASSERT_TRUE(near_reference(hz));
	CU_ASSERT_EQUAL(rte_get_tsc_hz(), hz); /* looked up once */
	CU_ASSERT_EQUAL(rte_get_timer_hz(), hz);
	fprintf(stderr, "[%llu Hz from %s] ", (unsigned long long)hz,
		eal_tsc_source_name(eal_tsc_hz_source()));
}

/* Every source that knows the frequency on this machine agrees with the reference. */
static void test_each_source(void)
{
	uint64_t hz;
	if ((hz = eal_tsc_hz_cpuid_15h()) != 0)
		CU_ASSERT_TRUE(near_reference(hz));
	if ((hz = eal_tsc_hz_hypervisor()) != 0)
		CU_ASSERT_TRUE(near_reference(hz));
	if ((hz = eal_tsc_hz_arch_counter()) != 0)
		CU_ASSERT_TRUE(near_reference(hz));
	if ((hz = eal_tsc_hz_sysfs(NULL)) != 0)
		CU_ASSERT_TRUE(near_reference(hz));
	if ((hz = eal_tsc_hz_cpuinfo(NULL, NULL)) != 0)
		CU_ASSERT_TRUE(near_reference(hz));
	/* The fallback always works. */
	CU_ASSERT_TRUE(near_reference(eal_tsc_hz_measure(2)));
}

static void test_counters(void)
{
	uint64_t a = rte_rdtsc(), b = rte_rdtsc_precise(), c = rte_get_tsc_cycles(),
		 d = rte_get_timer_cycles();
	CU_ASSERT_TRUE(a <= b && b <= c && c <= d);
	/*
	 * 10 ms of time is 10 ms of counter at rte_get_tsc_hz. A preemption between the two end
	 * readings skews one try; three tries all off mean the frequency is.
	 */
	double ratio = 0;
	for (int try = 0; try < 3 && !(ratio > 0.99 && ratio < 1.01); try++) {
		uint64_t t0 = mono_ns(), c0 = rte_rdtsc(), t1;
		while ((t1 = mono_ns()) - t0 < 10000000)
			;
		uint64_t c1 = rte_rdtsc();
		double counter_ns = (double)(c1 - c0) * 1e9 / (double)rte_get_tsc_hz();
		ratio = counter_ns / (double)(t1 - t0);
	}
	CU_ASSERT_TRUE(ratio > 0.99 && ratio < 1.01);
	if (!(ratio > 0.99 && ratio < 1.01))
		fprintf(stderr, "\n  counter/time ratio %.4f", ratio);
}

#define CPUINFO_HEAD \
	"processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nstepping\t: 0\n"

/* The parser on generated /proc/cpuinfo texts. */
static void test_cpuinfo_parse(void)
{
	const char *good =
	    CPUINFO_HEAD "cpu MHz\t\t: 2096.021\nflags\t\t: fpu tsc constant_tsc "
			 "nonstop_tsc tsc_known_freq\n\nprocessor\t: 1\ncpu MHz\t\t: "
			 "1.000\n";
	CU_ASSERT_EQUAL(eal_tsc_hz_parse_cpuinfo(good, strlen(good)), UINT64_C(2096021000));
	const char *whole = CPUINFO_HEAD "cpu MHz\t\t: 3000\nflags\t\t: constant_tsc nonstop_tsc\n";
	CU_ASSERT_EQUAL(eal_tsc_hz_parse_cpuinfo(whole, strlen(whole)), UINT64_C(3000000000));
	const char *one_dec =
	    CPUINFO_HEAD "cpu MHz\t\t: 2400.5\nflags\t\t: nonstop_tsc constant_tsc";
	CU_ASSERT_EQUAL(eal_tsc_hz_parse_cpuinfo(one_dec, strlen(one_dec)), UINT64_C(2400500000));
	/* Refused: sampled current frequency, a TSC that may change rate or stop, no flags, a
	 * malformed figure, a flag that only begins like the one needed. */
	const char *refused[] = {
	    CPUINFO_HEAD "cpu MHz\t\t: 2096.021\nflags\t\t: constant_tsc nonstop_tsc aperfmperf\n",
	    CPUINFO_HEAD "cpu MHz\t\t: 2096.021\nflags\t\t: nonstop_tsc\n",
	    CPUINFO_HEAD "cpu MHz\t\t: 2096.021\nflags\t\t: constant_tsc\n",
	    CPUINFO_HEAD "cpu MHz\t\t: 2096.021\n",
	    CPUINFO_HEAD "cpu MHz\t\t: 2096.0215\nflags\t\t: constant_tsc nonstop_tsc\n",
	    CPUINFO_HEAD "cpu MHz\t\t: 20x6\nflags\t\t: constant_tsc nonstop_tsc\n",
	    CPUINFO_HEAD "cpu MHz\t\t: .5\nflags\t\t: constant_tsc nonstop_tsc\n",
	    CPUINFO_HEAD "flags\t\t: constant_tsc nonstop_tsc\n",
	    CPUINFO_HEAD "cpu MHz\t\t: 2096.021\nflags\t\t: constant_tsc_x nonstop_tsc\n",
	    /* The figure belongs to the second processor only. */
	    CPUINFO_HEAD "flags\t\t: constant_tsc nonstop_tsc\n\ncpu MHz\t\t: 2096.021\n",
	    "",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		CU_ASSERT_EQUAL(eal_tsc_hz_parse_cpuinfo(refused[i], strlen(refused[i])), 0);
		if (eal_tsc_hz_parse_cpuinfo(refused[i], strlen(refused[i])) != 0)
			fprintf(stderr, "\n  accepted case %zu", i);
	}
}

/* The file sources on files in a temp dir. */
static void test_file_sources(void)
{
	char *dir = test_make_tmpdir("cycles");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	char khz[512], info[512], cpufreq[512];
	snprintf(khz, sizeof(khz), "%s/tsc_freq_khz", dir);
	snprintf(info, sizeof(info), "%s/cpuinfo", dir);
	snprintf(cpufreq, sizeof(cpufreq), "%s/cpufreq", dir);

	CU_ASSERT_EQUAL(eal_tsc_hz_sysfs(khz), 0); /* absent */
	CU_ASSERT_EQUAL(test_write_file(khz, "2095998\n"), 0);
	CU_ASSERT_EQUAL(eal_tsc_hz_sysfs(khz), UINT64_C(2095998000));
	CU_ASSERT_EQUAL(test_write_file(khz, "2095x98\n"), 0);
	CU_ASSERT_EQUAL(eal_tsc_hz_sysfs(khz), 0);
	CU_ASSERT_EQUAL(test_write_file(khz, "\n"), 0);
	CU_ASSERT_EQUAL(eal_tsc_hz_sysfs(khz), 0);

	CU_ASSERT_EQUAL(test_write_file(info, CPUINFO_HEAD "cpu MHz\t\t: 2096.021\nflags\t\t: "
							   "constant_tsc nonstop_tsc\n\n"),
			0);
	CU_ASSERT_EQUAL(eal_tsc_hz_cpuinfo(info, cpufreq), UINT64_C(2096021000));
	/* With a cpufreq driver the figure is its current frequency: refused. */
	CU_ASSERT_EQUAL(test_mkdirs(cpufreq), 0);
	CU_ASSERT_EQUAL(eal_tsc_hz_cpuinfo(info, cpufreq), 0);
	CU_ASSERT_EQUAL(test_remove_tree(dir), 0);
	free(dir);
}

static void test_delays(void)
{
	const unsigned int us[] = {1, 10, 100, 1000, 5000};
	for (size_t i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		uint64_t t0 = mono_ns();
		rte_delay_us_block(us[i]);
		CU_ASSERT_TRUE(mono_ns() - t0 >= (uint64_t)us[i] * 1000u);
		t0 = mono_ns();
		rte_delay_us(us[i]);
		CU_ASSERT_TRUE(mono_ns() - t0 >= (uint64_t)us[i] * 1000u);
		t0 = mono_ns();
		rte_delay_us_sleep(us[i]);
		CU_ASSERT_TRUE(mono_ns() - t0 >= (uint64_t)us[i] * 1000u);
	}
	uint64_t t0 = mono_ns();
	rte_delay_ms(20);
	uint64_t took = mono_ns() - t0;
	CU_ASSERT_TRUE(took >= 20000000u);
	CU_ASSERT_TRUE(took < 200000000u); /* and does not wait for ever */
}

static unsigned int delay_calls, delay_last;

static void my_delay(unsigned int us)
{
	delay_calls++;
	delay_last = us;
}

static void test_delay_callback(void)
{
	rte_delay_us_callback_register(my_delay);
	rte_delay_us(7);
	rte_delay_ms(3);
	CU_ASSERT_EQUAL(delay_calls, 2);
	CU_ASSERT_EQUAL(delay_last, 3000);
	rte_delay_us_callback_register(NULL);
	uint64_t t0 = mono_ns();
	rte_delay_us(2000);
	CU_ASSERT_TRUE(mono_ns() - t0 >= 2000000u);
	CU_ASSERT_EQUAL(delay_calls, 2);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	measure_reference();
	CU_pSuite s = CU_add_suite("cycles", NULL, NULL);
	if (s == NULL)
		return 1;
	CU_add_test(s, "rte_get_tsc_hz within 0.5% of the measured rate", test_tsc_hz);
	CU_add_test(s, "each source that knows the frequency agrees", test_each_source);
	CU_add_test(s, "counters are monotonic and tick at rte_get_tsc_hz", test_counters);
	CU_add_test(s, "cpuinfo: accepted only as the kernel's fixed frequency",
		    test_cpuinfo_parse);
	CU_add_test(s, "tsc_freq_khz and cpuinfo files", test_file_sources);
	CU_add_test(s, "delays last at least what was asked", test_delays);
	CU_add_test(s, "rte_delay_us_callback_register", test_delay_callback);
	return test_run_registry();
}
