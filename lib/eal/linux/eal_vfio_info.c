/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The INFO ioctls whose answer can end in a capability chain (VFIO_IOMMU_GET_INFO,
 * VFIO_DEVICE_GET_REGION_INFO): the kernel fills what fits in argsz and, when the chain does
 * not fit, says in argsz how big the buffer must be. Decoding is eal_vfio_caps.c's.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <rte_errno.h>

#include "eal_vfio_private.h"

void *vfio_info_ioctl(int fd, unsigned long request, const void *fixed, size_t fixed_size,
		      size_t max_size, size_t *size, const char *fmt, ...)
{
	void *buf = NULL;
	size_t len = fixed_size;

	/* Once with the fixed part; the kernel then says how big the capability chain is. */
	for (int attempt = 0; attempt < 2; attempt++) {
		void *bigger = realloc(buf, len);
		if (bigger == NULL) {
			free(buf);
			rte_errno = ENOMEM;
			return NULL;
		}
		buf = bigger;
		memset(buf, 0, len);
		memcpy(buf, fixed, fixed_size);
		uint32_t argsz = (uint32_t)len;
		memcpy(buf, &argsz, sizeof(argsz));
		if (ioctl(fd, request, buf) != 0) {
			int err = errno;
			char what[128];
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(what, sizeof(what), fmt, ap);
			va_end(ap);
			VFIO_LOG(ERR, "%s failed: %s\n", what, rte_strerror(err));
			free(buf);
			rte_errno = err;
			return NULL;
		}
		memcpy(&argsz, buf, sizeof(argsz));
		if (argsz <= len || argsz > max_size)
			break;
		len = argsz;
	}
	*size = len;
	return buf;
}
