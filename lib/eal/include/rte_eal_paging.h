/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_EAL_PAGING_H
#define RTE_EAL_PAGING_H

/*
 * Page size of the system, as DPDK 22.11 declares it here. DPDK marks it internal; openeal
 * exports it, as PMDs use it to align BAR offsets and DMA buffers to pages.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The system's (base) page size in bytes, e.g. 4096. Never fails. */
size_t rte_mem_page_size(void);

#ifdef __cplusplus
}
#endif
#endif
