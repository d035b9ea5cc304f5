/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_ALARM_H
#define RTE_ALARM_H

/*
 * One-shot alarms, with DPDK 22.11's names and semantics: rte_eal_alarm_set(us, cb, arg) calls
 * cb(arg) once, about us microseconds from now, in the EAL interrupt thread (the thread that
 * runs interrupt callbacks, so an alarm callback and a PMD's interrupt callback never run at
 * the same time). Alarms fire in deadline order; alarms with the same deadline in the order
 * they were set. rte_eal_cleanup cancels every alarm left. See doc/alarms.md.
 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*rte_eal_alarm_callback)(void *arg);

/*
 * Arm an alarm. us: 1 .. UINT64_MAX - 1000000. An alarm callback may set alarms (its own
 * callback again, for a periodic timer). 0, or a negative errno with rte_errno set: -EINVAL
 * (us out of range, cb_fn NULL), -ENOMEM, or what starting the interrupt thread or its timer
 * failed with (one line logged).
 */
int rte_eal_alarm_set(uint64_t us, rte_eal_alarm_callback cb_fn, void *cb_arg);

/*
 * Cancel the alarms of cb_fn with argument cb_arg, or with any argument when cb_arg is
 * (void *)-1. Returns how many were cancelled. An alarm whose callback is running is not
 * counted: from another thread the call waits until that callback has returned (its alarm
 * is then gone); from the callback itself (an alarm cannot cancel itself) it returns at once
 * with rte_errno EINPROGRESS. When none matched: 0 with rte_errno ENOENT. cb_fn NULL: -1 with
 * rte_errno EINVAL.
 */
int rte_eal_alarm_cancel(rte_eal_alarm_callback cb_fn, void *cb_arg);

#ifdef __cplusplus
}
#endif
#endif
