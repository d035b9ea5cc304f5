/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The uevent socket. Only the kernel may speak on it: any process can send a datagram to our
 * netlink port, and a privileged one to the uevent group, so every message must come from
 * port 0 with the kernel's credentials (pid 0, uid 0) attached by SO_PASSCRED, as udev and
 * systemd-udevd check. A message the socket had no room for is lost, and the kernel says so
 * with ENOBUFS on the next receive; the receive buffer is made large to make that rare and the
 * caller rescans when it happens.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_log.h>

#include "../common/eal_dev_os.h"

/* The kernel's uevent multicast group (udev listens on group 2, udevd's re-broadcast). */
#define UEVENT_GROUP_KERNEL 1
/* Enough for thousands of events at once (a PF creating its VFs, a bus rescan). */
#define UEVENT_RCVBUF (4 * 1024 * 1024)

int eal_uevent_socket_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
	if (fd < 0) {
		rte_errno = errno;
		RTE_LOG(ERR, EAL, "device events: cannot open a NETLINK_KOBJECT_UEVENT socket: %s\n",
			strerror(errno));
		return -1;
	}
	int size = UEVENT_RCVBUF, on = 1;
	/* Beyond net.core.rmem_max needs CAP_NET_ADMIN; without it the capped size is used. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	struct sockaddr_nl addr = {.nl_family = AF_NETLINK, .nl_groups = UEVENT_GROUP_KERNEL};
	const char *step = "ask for sender credentials (SO_PASSCRED)";
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) == 0) {
		step = "join the kernel's uevent group";
		if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
			return fd;
	}
	int err = errno;
	close(fd);
	rte_errno = err;
	RTE_LOG(ERR, EAL, "device events: cannot %s on the uevent socket: %s\n", step,
		strerror(err));
	return -1;
}

ssize_t eal_uevent_socket_recv(int fd, char *buf, size_t size, struct eal_uevent_sender *from)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} ctl;
	struct sockaddr_nl addr;
	struct iovec iov = {.iov_base = buf, .iov_len = size};
	struct msghdr msg = {
	    .msg_name = &addr,
	    .msg_namelen = sizeof(addr),
	    .msg_iov = &iov,
	    .msg_iovlen = 1,
	    .msg_control = ctl.buf,
	    .msg_controllen = sizeof(ctl.buf),
	};

	ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	*from = (struct eal_uevent_sender){.port = addr.nl_pid, .pid = -1, .uid = (uid_t)-1};
	const struct ucred *cred = NULL;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len == CMSG_LEN(sizeof(*cred)))
			cred = (const struct ucred *)CMSG_DATA(c);
	if (cred != NULL) {
		from->pid = cred->pid;
		from->uid = cred->uid;
	}
	if (msg.msg_namelen != sizeof(addr) || addr.nl_family != AF_NETLINK || addr.nl_pid != 0 ||
	    cred == NULL || cred->pid != 0 || cred->uid != 0 || (msg.msg_flags & MSG_TRUNC) != 0)
		return 0;
	return n;
}

static void bus_dir(const char *bus, char *dir, size_t size)
{
	const char *env = strcmp(bus, "pci") == 0 ? getenv("SYSFS_PCI_DEVICES") : NULL;

	if (env != NULL && env[0] != '\0')
		snprintf(dir, size, "%s", env);
	else
		snprintf(dir, size, "/sys/bus/%s/devices", bus);
}

bool eal_uevent_device_listed(const char *bus, const char *name)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];

	bus_dir(bus, dir, sizeof(dir));
	if (strchr(name, '/') != NULL || (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
						 sizeof(path))
		return false;
	return access(path, F_OK) == 0;
}

int eal_uevent_list_bus(const char *bus, void (*fn)(const char *name, void *arg), void *arg)
{
	char dir[PATH_MAX];
	struct dirent *e;

	bus_dir(bus, dir, sizeof(dir));
	DIR *d = opendir(dir);

	if (d == NULL)
		return -errno;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			fn(e->d_name, arg);
	closedir(d);
	return 0;
}
