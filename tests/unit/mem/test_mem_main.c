/* SPDX-License-Identifier: BSD-3-Clause */
/* DMA memory: the heap, the Linux parsers and socket choice, the hugepage reader, and the public
 * API in the EAL. */

#include <CUnit/Basic.h>

#include "test_mem.h"
#include "test_util.h"

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	test_mem_add_heap_suite();
	test_mem_add_parse_suite();
	test_mem_add_hugepages_suite();
	test_mem_add_api_suite();
	test_mem_add_populate_suite();
	test_mem_add_place_suite();
	test_mem_add_memseg_suite();
	test_mem_add_ext_suite();
	return test_run_registry();
}
