/* SPDX-License-Identifier: BSD-3-Clause */
/* VFIO layer unit tests: messages, capability chains, sysfs reads, and the API paths that run
 * without the kernel's vfio (argument checks, DMA records before any group). */

#include <CUnit/Basic.h>

#include "test_util.h"
#include "test_vfio.h"

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	test_vfio_add_msg_suite();
	test_vfio_add_caps_suite();
	test_vfio_add_sysfs_suite();
	test_vfio_add_api_suite();
	return test_run_registry();
}
