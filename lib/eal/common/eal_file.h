/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef EAL_FILE_H
#define EAL_FILE_H

/*
 * Opening and reading the small text files the kernel shows (sysfs attributes, /proc entries)
 * for the PCI scan, binding, the doctor and the IOVA probes. Internal, never installed;
 * lib/eal/common is on the library's include path.
 *
 * No open and no read here can block. A tree named by SYSFS_PCI_DEVICES may be generated or
 * bind-mounted, and a FIFO in place of an attribute would block a plain open() until some
 * writer appears, a socket or a terminal a read(): every open is O_NONBLOCK (and O_NOCTTY,
 * O_CLOEXEC), so a FIFO opens at once and reads as empty, a socket fails to open, and each
 * read is bounded by the caller's buffer. Only when a read comes back empty, or fails, is the
 * file's type looked at (fstat), to say "not a regular file" rather than "empty": checking
 * every file first would cost the scan one more system call per file (12% of a 4096-device
 * scan, doc/performance.md) for the same outcome.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * The error for a FIFO, socket or device node where a regular file belongs. Linux has no
 * EFTYPE; EMEDIUMTYPE ("wrong medium type") comes otherwise only from removable-media block
 * drivers, never from a sysfs or procfs file, so it cannot be mistaken for another failure.
 */
#define EAL_FILE_ENOTREG EMEDIUMTYPE

/* A reason for a log line: strerror, but EAL_FILE_ENOTREG said plainly. */
static inline const char *eal_file_strerror(int err)
{
	return err == EAL_FILE_ENOTREG ? "not a regular file (a FIFO, socket or device node)"
				       : strerror(err);
}

/* openat() that never blocks and never hands a terminal to the process. fd, or -1 (errno). */
static inline int eal_file_open(int dirfd, const char *path, int flags)
{
	int fd = openat(dirfd, path, flags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0 && errno == ENXIO) {
		/* A socket (or a FIFO opened for writing with no reader): say what it is. */
		struct stat st;
		if (fstatat(dirfd, path, &st, 0) == 0 && !S_ISREG(st.st_mode))
			errno = EAL_FILE_ENOTREG;
		else
			errno = ENXIO;
	}
	return fd;
}

/* After an empty or failed read of fd: EAL_FILE_ENOTREG when it is no regular file, else err. */
static inline int eal_file_check_kind(int fd, int err)
{
	struct stat st;
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return EAL_FILE_ENOTREG;
	return err;
}

/*
 * Read path (relative to dirfd; AT_FDCWD for an absolute path) into buf, NUL-terminated, with
 * one read(): sysfs produces an attribute whole on the first read. Returns the length, or
 * -errno (-EAL_FILE_ENOTREG for a FIFO, socket or device node). A length of size - 1 means
 * the file may not have fit: callers that care check it.
 */
static inline ssize_t eal_file_read_small(int dirfd, const char *path, char *buf, size_t size)
{
	int fd = eal_file_open(dirfd, path, O_RDONLY);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, size - 1);
	int err = n < 0 ? errno : 0;
	if (n <= 0)
		err = eal_file_check_kind(fd, err);
	close(fd);
	if (err != 0)
		return -err;
	buf[n] = '\0';
	return n;
}

/*
 * fopen(path, "re") for reading a text file line by line, with the same guarantees: a FIFO,
 * socket or device node is refused up front (errno EAL_FILE_ENOTREG), since stdio may read
 * more than once. NULL with errno set on failure.
 */
static inline FILE *eal_file_fopen(const char *path)
{
	int fd = eal_file_open(AT_FDCWD, path, O_RDONLY);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EAL_FILE_ENOTREG;
		return NULL;
	}
	FILE *f = fdopen(fd, "r");
	if (f == NULL) {
		int err = errno;
		close(fd);
		errno = err;
	}
	return f;
}

#endif
