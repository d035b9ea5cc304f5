/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_get_tsc_hz and the delays (rte_cycles.h). The frequency is looked up once, at the first
 * call, from the first source that knows it (eal_cycles.h, doc/cycles.md); DPDK instead sleeps
 * about 100 ms in rte_eal_init to measure it, and openeal measures (2 ms) only when no source
 * knows it.
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_log.h>

#include "eal_cycles.h"

#define NS_PER_S UINT64_C(1000000000)

static uint64_t raw_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

uint64_t eal_tsc_hz_cpuid_15h(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;
	if (__get_cpuid_max(0, NULL) < 0x15)
		return 0;
	__cpuid_count(0x15, 0, a, b, c, d);
	/* EAX/EBX: TSC/crystal ratio; ECX: crystal Hz (0 when the CPU does not say it). */
	if (a == 0 || b == 0 || c == 0)
		return 0;
	return (uint64_t)c * b / a;
#else
	return 0;
#endif
}

uint64_t eal_tsc_hz_hypervisor(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;
	__cpuid(1, a, b, c, d);
	if ((c & (1u << 31)) == 0) /* not running under a hypervisor */
		return 0;
	__cpuid(0x40000000, a, b, c, d);
	if (a < 0x40000010)
		return 0;
	/* The timing leaf first defined by VMware and adopted by KVM and ACRN: EAX = TSC kHz. */
	__cpuid(0x40000010, a, b, c, d);
	return (uint64_t)a * 1000;
#else
	return 0;
#endif
}

uint64_t eal_tsc_hz_arch_counter(void)
{
#if defined(__aarch64__)
	uint64_t f;
	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
#elif defined(__x86_64__) || defined(__i386__)
	return 0;
#else
	return NS_PER_S; /* rte_rdtsc counts nanoseconds here */
#endif
}

/* One reading of the counter with the CLOCK_MONOTONIC_RAW instant it was taken at. */
struct tsc_sample {
	uint64_t ns;
	uint64_t tsc;
};

/* The tightest of a few clock-counter-clock brackets: a preemption only widens the bracket. */
static struct tsc_sample tsc_sample_take(void)
{
	struct tsc_sample best = {0, 0};
	uint64_t best_width = UINT64_MAX;
	for (int i = 0; i < 5; i++) {
		uint64_t t0 = raw_ns();
		uint64_t c = rte_rdtsc_precise();
		uint64_t t1 = raw_ns();
		if (t1 - t0 < best_width) {
			best_width = t1 - t0;
			best = (struct tsc_sample){.ns = t0 + (t1 - t0) / 2, .tsc = c};
		}
	}
	return best;
}

uint64_t eal_tsc_hz_measure(unsigned int ms)
{
	struct tsc_sample a = tsc_sample_take();
	uint64_t until = a.ns + (uint64_t)ms * 1000000u;
	while (raw_ns() < until)
		;
	struct tsc_sample b = tsc_sample_take();
	if (b.ns <= a.ns)
		return 0;
	return (uint64_t)((unsigned __int128)(b.tsc - a.tsc) * NS_PER_S / (b.ns - a.ns));
}

/* Is word one of the space-separated words of [list, end)? */
static bool has_word(const char *list, const char *end, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = list; p < end;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *q = p;
		while (q < end && *q != ' ' && *q != '\t')
			q++;
		if ((size_t)(q - p) == wl && memcmp(p, word, wl) == 0)
			return true;
		p = q;
	}
	return false;
}

/* "2096.021" -> Hz (at most 3 decimals: the kernel prints kHz). 0 when malformed. */
static uint64_t parse_mhz(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	uint64_t khz = 0;
	int int_digits = 0, decimals = -1;
	for (; p < end && *p != ' ' && *p != '\r'; p++) {
		if (*p == '.' && decimals < 0) {
			decimals = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || decimals == 3 || int_digits > 7)
			return 0;
		khz = khz * 10 + (uint64_t)(*p - '0');
		if (decimals >= 0)
			decimals++;
		else
			int_digits++;
	}
	if (int_digits == 0)
		return 0;
	for (int d = decimals < 0 ? 0 : decimals; d < 3; d++)
		khz *= 10;
	return khz * 1000;
}

uint64_t eal_tsc_hz_parse_cpuinfo(const char *text, size_t len)
{
	const char *end = text + len;
	uint64_t hz = 0;
	bool constant = false, nonstop = false, sampled = false, flags_seen = false;
	for (const char *line = text; line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		if (eol == NULL)
			eol = end;
		if (eol == line)
			break; /* the first processor's block ends at the first empty line */
		const char *colon = memchr(line, ':', (size_t)(eol - line));
		if (colon != NULL) {
			const char *k_end = colon;
			while (k_end > line && (k_end[-1] == ' ' || k_end[-1] == '\t'))
				k_end--;
			size_t klen = (size_t)(k_end - line);
			if (klen == 7 && memcmp(line, "cpu MHz", 7) == 0) {
				hz = parse_mhz(colon + 1, eol);
			} else if (klen == 5 && memcmp(line, "flags", 5) == 0) {
				flags_seen = true;
				constant = has_word(colon + 1, eol, "constant_tsc");
				nonstop = has_word(colon + 1, eol, "nonstop_tsc");
				sampled = has_word(colon + 1, eol, "aperfmperf");
			}
		}
		line = eol + 1;
	}
	return flags_seen && constant && nonstop && !sampled ? hz : 0;
}

static pthread_once_t tsc_once = PTHREAD_ONCE_INIT;
static uint64_t tsc_hz;
static enum eal_tsc_source tsc_source;

const char *eal_tsc_source_name(enum eal_tsc_source src)
{
	switch (src) {
	case EAL_TSC_SRC_CPUID_15H:
		return "CPUID leaf 0x15";
	case EAL_TSC_SRC_HYPERVISOR:
		return "the hypervisor's CPUID leaf 0x40000010";
	case EAL_TSC_SRC_ARCH_COUNTER:
		return "the architecture's counter frequency";
	case EAL_TSC_SRC_SYSFS:
		return "/sys/devices/system/cpu/cpu0/tsc_freq_khz";
	case EAL_TSC_SRC_CPUINFO:
		return "/proc/cpuinfo (the kernel's cpu_khz)";
	case EAL_TSC_SRC_MEASURED:
		return "a 2 ms measurement against CLOCK_MONOTONIC_RAW";
	}
	return "?";
}

static void tsc_hz_lookup(void)
{
	struct {
		enum eal_tsc_source src;
		uint64_t hz;
	} found = {EAL_TSC_SRC_MEASURED, 0};
	if ((found.hz = eal_tsc_hz_cpuid_15h()) != 0)
		found.src = EAL_TSC_SRC_CPUID_15H;
	else if ((found.hz = eal_tsc_hz_hypervisor()) != 0)
		found.src = EAL_TSC_SRC_HYPERVISOR;
	else if ((found.hz = eal_tsc_hz_arch_counter()) != 0)
		found.src = EAL_TSC_SRC_ARCH_COUNTER;
	else if ((found.hz = eal_tsc_hz_sysfs(NULL)) != 0)
		found.src = EAL_TSC_SRC_SYSFS;
	else if ((found.hz = eal_tsc_hz_cpuinfo(NULL, NULL)) != 0)
		found.src = EAL_TSC_SRC_CPUINFO;
	else {
		found.src = EAL_TSC_SRC_MEASURED;
		found.hz = eal_tsc_hz_measure(2);
	}
	if (found.hz == 0) /* the clock went backwards: rte_get_tsc_hz never returns 0 */
		found.hz = NS_PER_S;
	tsc_hz = found.hz;
	tsc_source = found.src;
	RTE_LOG(DEBUG, EAL, "TSC frequency %" PRIu64 " Hz, from %s\n", tsc_hz,
		eal_tsc_source_name(tsc_source));
}

uint64_t rte_get_tsc_hz(void)
{
	pthread_once(&tsc_once, tsc_hz_lookup);
	return tsc_hz;
}

enum eal_tsc_source eal_tsc_hz_source(void)
{
	pthread_once(&tsc_once, tsc_hz_lookup);
	return tsc_source;
}

void rte_delay_us_block(unsigned int us)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t until =
	    (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec + (uint64_t)us * 1000u;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		if ((uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec >= until)
			return;
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	}
}

void rte_delay_us_sleep(unsigned int us)
{
	struct timespec ts = {.tv_sec = us / 1000000u, .tv_nsec = (long)(us % 1000000u) * 1000};
	/* Restarted with what is left when a signal interrupts it. */
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void (*_Atomic delay_us_fn)(unsigned int us) = rte_delay_us_block;

void rte_delay_us(unsigned int us)
{
	delay_us_fn(us);
}

void rte_delay_us_callback_register(void (*userfunc)(unsigned int us))
{
	delay_us_fn = userfunc != NULL ? userfunc : rte_delay_us_block;
}
