/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LAB_UTIL_H
#define LAB_UTIL_H

/* What the VM lab's guest programs share: their "ok:"/"FAIL:" lines, fd counts, a clock. */

#include <stdbool.h>

/* Checks made so far, and how many of them failed. */
extern unsigned int checks_run, checks_failed;

/* One "ok: ..." or "FAIL: ..." line on stdout, flushed so that it keeps its place among the
 * log lines the scenario reads from the same console. */
void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Open fds of this process, less the one used to count them; -1 if /proc/self/fd is unreadable. */
int count_fds(void);

/* CLOCK_MONOTONIC in milliseconds. */
double now_ms(void);

#endif
