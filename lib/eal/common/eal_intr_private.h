/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_INTR_PRIVATE_H
#define EAL_INTR_PRIVATE_H

/* What rte_eal_cleanup needs from the interrupt code. */

/*
 * Stop and join the EAL interrupt thread (if it was started), then release what the interrupt
 * code still holds: callbacks left registered (drivers unregister theirs when their device is
 * removed, so call this after the buses are cleaned up; one line per leftover fd) and the
 * per-thread Rx epoll instances. Closes the thread's epoll and wakeup fds. The next callback
 * registration starts a new thread.
 * 0, or -EDEADLK when called from the interrupt thread itself (nothing is done then).
 */
int eal_intr_thread_stop(void);

/*
 * Cancel every alarm (waiting for a callback that is running), then remove the alarm timer's
 * interrupt source and close its timerfd (lib/eal/linux/eal_alarm.c). Call before
 * eal_intr_thread_stop and not from the interrupt thread. The next rte_eal_alarm_set starts
 * again.
 */
void eal_alarm_cleanup(void);

#endif
