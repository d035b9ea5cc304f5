/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_UEVENT_H
#define EAL_UEVENT_H

/*
 * Linux kernel uevent messages, as read from a NETLINK_KOBJECT_UEVENT socket bound to group 1
 * (the kernel's own messages, not udevd's): a header "ACTION@DEVPATH" and NUL-terminated
 * "KEY=VALUE" fields, the last NUL optional. Strict: anything garbled or inconsistent is
 * rejected with a reason, so that a forged message changes nothing (doc/hotplug.md "The
 * uevent parser"). Pure text processing; internal, never installed.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum eal_uevent_action {
	EAL_UEVENT_ADD,
	EAL_UEVENT_REMOVE,
	EAL_UEVENT_BIND,
	EAL_UEVENT_UNBIND,
	EAL_UEVENT_CHANGE,
	EAL_UEVENT_MOVE,
	EAL_UEVENT_ONLINE,
	EAL_UEVENT_OFFLINE,
};

/* The kernel's UEVENT_BUFFER_SIZE is 2048; messages up to this many bytes are accepted. */
#define EAL_UEVENT_MSG_MAX 8192

struct eal_uevent {
	enum eal_uevent_action action;
	uint64_t seqnum;
	char subsystem[32];
	char devpath[512]; /* as in the message, starts with '/' */
	char name[64];	   /* last component of devpath: "0000:01:00.0" for pci */
	char driver[64];   /* DRIVER=, "" when absent */
	/* PCI only (subsystem "pci"): */
	bool has_pci_id;
	uint16_t vendor_id, device_id;
	bool has_class;
	uint32_t class_id;
	/* vfio only: DEVNAME= ("vfio/5"), "" when absent */
	char devname[64];
};

/*
 * Parse one message of len bytes. 0 and *ev filled; or -1, *ev untouched and *why (when why
 * is not NULL) set to a static one-phrase reason ("no '@' in the header", ...). Never reads
 * beyond len; buf need not be NUL-terminated.
 */
int eal_uevent_parse(const char *buf, size_t len, struct eal_uevent *ev, const char **why);

/* "add", "remove", ...; "unknown" for a value outside the enum. */
const char *eal_uevent_action_name(enum eal_uevent_action a);

#endif
