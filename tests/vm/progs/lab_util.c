/* SPDX-License-Identifier: BSD-3-Clause */

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "lab_util.h"

unsigned int checks_run, checks_failed;

void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	checks_run++;
	if (!ok)
		checks_failed++;
	printf("%s: ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	struct dirent *e;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
