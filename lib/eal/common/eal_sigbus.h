/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_SIGBUS_H
#define EAL_SIGBUS_H

/*
 * Surprise-removal safety for device (BAR) mappings (doc/sigbus.md): a lock-free table of the
 * mappings a SIGBUS may hit, the fence that replaces such a mapping by all-ones anonymous
 * memory, and the SIGBUS handler that fences the mapping a fault hits and chains to the
 * previous handler for faults elsewhere. Internal to the EAL; Linux: lib/eal/linux/eal_sigbus.c.
 */

#include <stddef.h>

/* Slots of the region table (static storage). */
#define EAL_SIGBUS_MAX_REGIONS 512

/*
 * Register [addr, addr + len) as a device mapping a SIGBUS may hit. Lock-free: safe against
 * concurrent add/del from several threads and lookups from the signal handler. 0; -1 with
 * rte_errno EINVAL (addr NULL, len 0, or the range wraps) or ENOSPC (table full).
 */
int eal_sigbus_region_add(void *addr, size_t len);
/* Forget the region starting at addr (one of them, if added twice); unknown addr is ignored. */
void eal_sigbus_region_del(void *addr);
/* 1 if the table has a region containing addr, else 0. */
int eal_sigbus_region_contains(const void *addr);

/*
 * Replace [addr, addr + len) (addr page aligned; len rounded up to pages) by private anonymous
 * read-write memory reading all-ones, as a removed PCIe device reads (0xffffffff). The new
 * memory is prepared elsewhere and moved over the range in one mremap, so no reader ever sees
 * it half filled. Async-signal-safe. 0, or -errno and nothing changed.
 */
int eal_sigbus_fence(void *addr, size_t len);

/*
 * A second opinion for faults outside the table (a bus's sigbus handler): 0 if it handled the
 * fault at failure_addr, anything else if not. Called from the signal handler.
 */
typedef int (*eal_sigbus_other_fn)(const void *failure_addr);

/*
 * Install the SIGBUS handler (again: only replaces other). A fault inside a region fences the
 * whole region and returns, so the access is retried and reads all-ones; otherwise other (if
 * set) is asked, then the handler installed before is chained to; SIG_DFL/SIG_IGN before
 * means the default action (core dump). 0, or -1 with rte_errno.
 */
int eal_sigbus_handler_install(eal_sigbus_other_fn other);
/* Put the previous action back, if ours is still the one installed. 0, or -1 with rte_errno. */
int eal_sigbus_handler_uninstall(void);
/* Fences the handler has made since the start of the process. */
unsigned long eal_sigbus_fenced_count(void);

#endif
