/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /proc/self/maps lines (eal_va_maps_line) and the placement choice fed with what they give
 * (eal_va_window_pick): every accepted range is non-empty, a chosen range lies in the window,
 * aligned, clear of every busy range, and of want bytes or at least min.
 */
#include <errno.h>
#include <string.h>

#include "eal_va_window.h"
#include "fuzz_util.h"

#define MAX_SPANS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eal_va_span busy[MAX_SPANS], copy[MAX_SPANS];
	unsigned int n = 0;
	char *s = fuzz_strdup(data, size);

	if (s == NULL)
		return 0;
	for (char *line = s, *next; line != NULL && n < MAX_SPANS; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (eal_va_maps_line(line, &busy[n]) == 0) {
			FUZZ_ASSERT(busy[n].start < busy[n].end);
			n++;
		}
	}
	memcpy(copy, busy, sizeof(busy[0]) * n);
	const uint64_t lo = UINT64_C(1) << 32, hi = UINT64_C(1) << 39, align = 2u << 20;
	const uint64_t want = UINT64_C(8) << 30, min = 64u << 20;
	uint64_t start, len;
	int ret = eal_va_window_pick(lo, hi, busy, n, want, min, align, &start, &len);
	FUZZ_ASSERT(ret == 0 || ret == -ENOSPC);
	if (ret == 0) {
		FUZZ_ASSERT(start >= lo && len <= hi - start && start % align == 0);
		FUZZ_ASSERT(len == want || (len >= min && len < want));
		for (unsigned int i = 0; i < n; i++)
			FUZZ_ASSERT(copy[i].end <= start || copy[i].start >= start + len);
	}
	free(s);
	return 0;
}
