/* SPDX-License-Identifier: BSD-3-Clause */
/* The TSC frequency sources that are files (eal_cycles.h): what the kernel already knows. */

#include <sys/stat.h>

#include "../common/eal_cycles.h"
#include "../common/eal_file.h"

uint64_t eal_tsc_hz_sysfs(const char *path)
{
	char buf[32];
	/* Only kernels carrying a tsc_freq_khz patch have it (not mainline as of 6.18). */
	ssize_t n = eal_file_read_small(
	    AT_FDCWD, path != NULL ? path : "/sys/devices/system/cpu/cpu0/tsc_freq_khz", buf,
	    sizeof(buf));
	if (n <= 0)
		return 0;
	uint64_t khz = 0;
	for (ssize_t i = 0; i < n && buf[i] != '\n'; i++) {
		if (buf[i] < '0' || buf[i] > '9' || khz > UINT64_MAX / 10000)
			return 0;
		khz = khz * 10 + (uint64_t)(buf[i] - '0');
	}
	return khz * 1000;
}

uint64_t eal_tsc_hz_cpuinfo(const char *path, const char *cpufreq_dir)
{
	struct stat st;
	/* With a cpufreq driver, "cpu MHz" is the current frequency, not the TSC's. */
	if (stat(cpufreq_dir != NULL ? cpufreq_dir : "/sys/devices/system/cpu/cpu0/cpufreq", &st) ==
	    0)
		return 0;
	/* The first processor's block fits one page, which /proc gives in one read. */
	char buf[4096];
	ssize_t n =
	    eal_file_read_small(AT_FDCWD, path != NULL ? path : "/proc/cpuinfo", buf, sizeof(buf));
	if (n <= 0)
		return 0;
	return eal_tsc_hz_parse_cpuinfo(buf, (size_t)n);
}
