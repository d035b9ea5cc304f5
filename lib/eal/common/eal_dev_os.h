/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_DEV_OS_H
#define EAL_DEV_OS_H

/*
 * What the OS layer gives device events (Linux: lib/eal/linux/eal_uevent_socket.c, a
 * NETLINK_KOBJECT_UEVENT socket; doc/hotplug.md).
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * A non-blocking socket subscribed to the kernel's uevent group, with a receive buffer as
 * large as the system allows and sender credentials on every message. The fd, or -1 with
 * rte_errno set and one line logged.
 */
int eal_uevent_socket_open(void);

/* Who sent a refused message, for the log line. */
struct eal_uevent_sender {
	unsigned int port; /* netlink port id; the kernel's is 0 */
	pid_t pid;	   /* from SCM_CREDENTIALS; -1 when none came */
	uid_t uid;
};
/*
 * Receive one message into buf. Its length when the kernel sent it; 0 when it was refused
 * (another sender, no credentials, truncated: *from says who) and dropped; -EAGAIN when none
 * is queued; -ENOBUFS when the kernel dropped messages because the socket was full (the
 * caller resynchronises); another -errno on failure.
 */
ssize_t eal_uevent_socket_recv(int fd, char *buf, size_t size, struct eal_uevent_sender *from);

/*
 * Call fn for each device the OS lists on bus ("pci": /sys/bus/pci/devices, or
 * $SYSFS_PCI_DEVICES as for the PCI bus's scan), by the names the kernel gives, unparsed.
 * 0, or -errno when the list cannot be read.
 */
int eal_uevent_list_bus(const char *bus, void (*fn)(const char *name, void *arg), void *arg);

/* Does the OS list name on bus now (its directory exists)? */
bool eal_uevent_device_listed(const char *bus, const char *name);

#endif
