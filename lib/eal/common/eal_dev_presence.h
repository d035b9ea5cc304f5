/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_DEV_PRESENCE_H
#define EAL_DEV_PRESENCE_H

/*
 * The set of device names the event monitor believes present. Every ADD and REMOVE it reports
 * is a change of this set, so a duplicate (the kernel's event after a resync already reported
 * it, or vfio-pci's release request before the kernel's remove) changes nothing and reports
 * nothing, and a resync after lost events reports exactly the difference.
 */

#include <stdbool.h>
#include <stddef.h>

#define EAL_DEV_PRESENCE_NAME_MAX 64

struct eal_dev_presence {
	char (*names)[EAL_DEV_PRESENCE_NAME_MAX]; /* sorted, unique */
	size_t nb;
	size_t cap;
};

/* 1 if name was not present (now it is), 0 if it was, -ENOMEM, -EINVAL (too long / empty). */
int eal_dev_presence_add(struct eal_dev_presence *p, const char *name);
/* 1 if name was present (now it is not), 0 if not. */
int eal_dev_presence_remove(struct eal_dev_presence *p, const char *name);
bool eal_dev_presence_has(const struct eal_dev_presence *p, const char *name);

typedef void (*eal_dev_presence_emit_t)(const char *name, bool added, void *arg);
/*
 * Make the set equal to now[0..nb) (any order, duplicates allowed) and call emit for each
 * change: every removal first, then every addition, each in name order. 0, or -ENOMEM/-EINVAL
 * with the set and nothing emitted unchanged. emit must not change p (queue what it reports).
 */
int eal_dev_presence_reconcile(struct eal_dev_presence *p, const char *const *now, size_t nb,
			       eal_dev_presence_emit_t emit, void *arg);
void eal_dev_presence_clear(struct eal_dev_presence *p);

#endif
