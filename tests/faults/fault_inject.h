/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef FAULT_INJECT_H
#define FAULT_INJECT_H

#include <stdbool.h>

/* The kinds of call that can be made to fail (fault_inject.c wraps each). */
#define FAULT_ALLOC (1u << 0)	/* malloc, calloc, realloc, strdup, strndup: NULL, ENOMEM */
#define FAULT_OPEN (1u << 1)	/* open, openat: EMFILE */
#define FAULT_READ (1u << 2)	/* read: EIO */
#define FAULT_MMAP (1u << 3)	/* mmap: ENOMEM */
#define FAULT_IOCTL (1u << 4)	/* ioctl: EIO */
#define FAULT_EVENTFD (1u << 5) /* eventfd: EMFILE */
#define FAULT_EPOLL (1u << 6)	/* epoll_create1: EMFILE, epoll_ctl: ENOMEM */
#define FAULT_THREAD (1u << 7)	/* pthread_create: EAGAIN */

/* From now on count the calls of these kinds, and fail the k-th (k >= 1). */
void fault_arm(unsigned int kinds, unsigned int k);
/* Stop; the number of calls counted since fault_arm. */
unsigned int fault_disarm(void);
/* How many calls were failed since fault_arm (0 or 1). */
unsigned int fault_injected(void);
/* The name of the call last failed ("malloc", "openat"...). */
const char *fault_last_kind(void);

#endif
