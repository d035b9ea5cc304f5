/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_FILE_H
#define EAL_FILE_H

/*
 * Reading the small text files the kernel shows (sysfs attributes, /proc entries) for the PCI
 * scan, binding and the IOVA probes. Internal, never installed; lib/eal/common is on the
 * library's include path.
 */

#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * Read path (relative to dirfd; AT_FDCWD for an absolute path) into buf, NUL-terminated, with
 * one read(): sysfs produces an attribute whole on the first read. Returns the length, or
 * -errno. A length of size - 1 means the file may not have fit: callers that care check it.
 */
static inline ssize_t eal_file_read_small(int dirfd, const char *path, char *buf, size_t size)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, size - 1);
	int err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	return n;
}

#endif
