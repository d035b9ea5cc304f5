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

#endif
