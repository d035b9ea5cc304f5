/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The failing system: every call of the kinds below that the library makes goes through a
 * __wrap_ function (the link wraps them with -Wl,--wrap, tests/faults/meson.build), which
 * counts it and, when the count reaches the armed number, fails it as the kernel or libc
 * would (NULL/ENOMEM, -1 with errno) instead of calling the real one.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include "fault_inject.h"

static atomic_uint fault_at;	/* 0: disarmed */
static atomic_uint calls;	/* calls counted since fault_arm */
static atomic_uint injected;	/* faults made since fault_arm */
static atomic_uint kinds_armed; /* FAULT_* mask of what is counted */
static const char *last_kind;

void fault_arm(unsigned int kinds, unsigned int k)
{
	atomic_store(&calls, 0);
	atomic_store(&injected, 0);
	atomic_store(&kinds_armed, kinds);
	atomic_store(&fault_at, k);
}

unsigned int fault_disarm(void)
{
	atomic_store(&fault_at, 0);
	return atomic_load(&calls);
}

unsigned int fault_injected(void)
{
	return atomic_load(&injected);
}

const char *fault_last_kind(void)
{
	return last_kind;
}

/* Should this call fail? Counts it when its kind is armed. */
static bool fail_now(unsigned int kind, const char *name)
{
	unsigned int at = atomic_load(&fault_at);
	if (at == 0 || (atomic_load(&kinds_armed) & kind) == 0)
		return false;
	if (atomic_fetch_add(&calls, 1) + 1 != at)
		return false;
	atomic_fetch_add(&injected, 1);
	last_kind = name;
	return true;
}

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_open64(const char *path, int flags, ...);
int __real_openat64(int dirfd, const char *path, int flags, ...);
ssize_t __real_read(int fd, void *buf, size_t len);
void *__real_mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __real_ioctl(int fd, unsigned long req, ...);
int __real_eventfd(unsigned int initval, int flags);
int __real_epoll_create1(int flags);
int __real_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev);
int __real_pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);

void *__wrap_malloc(size_t size);
void *__wrap_malloc(size_t size)
{
	if (fail_now(FAULT_ALLOC, "malloc")) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
	if (fail_now(FAULT_ALLOC, "calloc")) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size);
void *__wrap_realloc(void *p, size_t size)
{
	if (fail_now(FAULT_ALLOC, "realloc")) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_realloc(p, size);
}

char *__wrap_strdup(const char *s);
char *__wrap_strdup(const char *s)
{
	if (fail_now(FAULT_ALLOC, "strdup")) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n);
char *__wrap_strndup(const char *s, size_t n)
{
	if (fail_now(FAULT_ALLOC, "strndup")) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strndup(s, n);
}

/* _FILE_OFFSET_BITS=64: glibc's headers turn open, openat and mmap into their *64 names. */
int __wrap_open64(const char *path, int flags, ...);
int __wrap_open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & O_CREAT) != 0 ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	if (fail_now(FAULT_OPEN, "open")) {
		errno = EMFILE;
		return -1;
	}
	return __real_open64(path, flags, mode);
}

int __wrap_openat64(int dirfd, const char *path, int flags, ...);
int __wrap_openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & O_CREAT) != 0 ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	if (fail_now(FAULT_OPEN, "openat")) {
		errno = EMFILE;
		return -1;
	}
	return __real_openat64(dirfd, path, flags, mode);
}

ssize_t __wrap_read(int fd, void *buf, size_t len);
ssize_t __wrap_read(int fd, void *buf, size_t len)
{
	if (fail_now(FAULT_READ, "read")) {
		errno = EIO;
		return -1;
	}
	return __real_read(fd, buf, len);
}

void *__wrap_mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off);
void *__wrap_mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (fail_now(FAULT_MMAP, "mmap")) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return __real_mmap64(addr, len, prot, flags, fd, off);
}

int __wrap_ioctl(int fd, unsigned long req, ...);
int __wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	va_start(ap, req);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (fail_now(FAULT_IOCTL, "ioctl")) {
		errno = EIO;
		return -1;
	}
	return __real_ioctl(fd, req, arg);
}

int __wrap_eventfd(unsigned int initval, int flags);
int __wrap_eventfd(unsigned int initval, int flags)
{
	if (fail_now(FAULT_EVENTFD, "eventfd")) {
		errno = EMFILE;
		return -1;
	}
	return __real_eventfd(initval, flags);
}

int __wrap_epoll_create1(int flags);
int __wrap_epoll_create1(int flags)
{
	if (fail_now(FAULT_EPOLL, "epoll_create1")) {
		errno = EMFILE;
		return -1;
	}
	return __real_epoll_create1(flags);
}

int __wrap_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev);
int __wrap_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	if (fail_now(FAULT_EPOLL, "epoll_ctl")) {
		errno = ENOMEM;
		return -1;
	}
	return __real_epoll_ctl(epfd, op, fd, ev);
}

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	if (fail_now(FAULT_THREAD, "pthread_create"))
		return EAGAIN;
	return __real_pthread_create(t, attr, fn, arg);
}
