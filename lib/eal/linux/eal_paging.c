/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_eal_paging.h on Linux: mmap, munmap, mlock, sysconf. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal_paging.h>
#include <rte_errno.h>
#include <rte_log.h>

RTE_LOG_REGISTER(eal_paging_logtype, lib.eal.paging, INFO);
#define PAGING_LOG(level, ...) rte_log(RTE_LOG_##level, eal_paging_logtype, __VA_ARGS__)

#define KNOWN_PROT (RTE_PROT_READ | RTE_PROT_WRITE | RTE_PROT_EXECUTE)
#define KNOWN_FLAGS (RTE_MAP_SHARED | RTE_MAP_PRIVATE | RTE_MAP_ANONYMOUS | RTE_MAP_FORCE_ADDRESS)

static int sys_prot(int prot)
{
	int p = PROT_NONE;

	if (prot & RTE_PROT_READ)
		p |= PROT_READ;
	if (prot & RTE_PROT_WRITE)
		p |= PROT_WRITE;
	if (prot & RTE_PROT_EXECUTE)
		p |= PROT_EXEC;
	return p;
}

static int sys_flags(int flags)
{
	int f = 0;

	if (flags & RTE_MAP_SHARED)
		f |= MAP_SHARED;
	if (flags & RTE_MAP_PRIVATE)
		f |= MAP_PRIVATE;
	if (flags & RTE_MAP_ANONYMOUS)
		f |= MAP_ANONYMOUS;
	if (flags & RTE_MAP_FORCE_ADDRESS)
		f |= MAP_FIXED_NOREPLACE;
	return f;
}

void *rte_mem_map(void *requested_addr, size_t size, int prot, int flags, int fd,
		  uint64_t offset)
{
	const char *bad = NULL;

	if (size == 0)
		bad = "size 0";
	else if ((prot & ~KNOWN_PROT) != 0 || (flags & ~KNOWN_FLAGS) != 0)
		bad = "unknown protection or flag bits";
	else if (!(flags & RTE_MAP_SHARED) == !(flags & RTE_MAP_PRIVATE))
		bad = "exactly one of RTE_MAP_SHARED and RTE_MAP_PRIVATE is needed";
	else if ((flags & RTE_MAP_FORCE_ADDRESS) && requested_addr == NULL)
		bad = "RTE_MAP_FORCE_ADDRESS without an address";
	else if (offset > (uint64_t)INT64_MAX)
		bad = "offset out of range";
	if (bad != NULL) {
		PAGING_LOG(ERR, "rte_mem_map of %zu bytes: %s\n", size, bad);
		rte_errno = EINVAL;
		return NULL;
	}
	void *va = mmap(requested_addr, size, sys_prot(prot), sys_flags(flags), fd, (off_t)offset);
	if (va == MAP_FAILED) {
		int err = errno;
		PAGING_LOG(ERR, "rte_mem_map of %zu bytes (fd %d, offset 0x%" PRIx64 "): %s%s\n",
			   size, fd, offset, strerror(err),
			   err == EEXIST ? " (something is already mapped at the forced address)" : "");
		rte_errno = err;
		return NULL;
	}
	/* An old kernel without MAP_FIXED_NOREPLACE takes it as a hint: check the address. */
	if ((flags & RTE_MAP_FORCE_ADDRESS) && va != requested_addr) {
		munmap(va, size);
		PAGING_LOG(ERR, "rte_mem_map of %zu bytes at %p: the kernel placed it elsewhere "
				"(something is already mapped there)\n",
			   size, requested_addr);
		rte_errno = EEXIST;
		return NULL;
	}
	return va;
}

int rte_mem_unmap(void *virt, size_t size)
{
	if (munmap(virt, size) != 0) {
		rte_errno = errno;
		PAGING_LOG(ERR, "rte_mem_unmap of %zu bytes at %p: %s\n", size, virt,
			   strerror(errno));
		return -1;
	}
	return 0;
}

size_t rte_mem_page_size(void)
{
	static size_t page_size;

	if (page_size == 0)
		page_size = (size_t)sysconf(_SC_PAGESIZE);
	return page_size;
}

int rte_mem_lock(const void *virt, size_t size)
{
	if (mlock(virt, size) != 0) {
		rte_errno = errno;
		PAGING_LOG(ERR, "cannot lock %zu bytes at %p in memory: %s (%s)\n", size, virt,
			   strerror(errno),
			   errno == ENOMEM || errno == EPERM
			       ? "raise the locked-memory limit: ulimit -l, or memlock in "
				 "/etc/security/limits.conf"
			       : "an unmapped range?");
		return -1;
	}
	return 0;
}
