/* SPDX-License-Identifier: BSD-3-Clause */
/* Device-model tests: kvargs, devargs, bus registry, generic device API (fake buses). */
#include <CUnit/CUnit.h>
#include <stdlib.h>

#include "model_tests.h"
#include "test_util.h"

int main(void)
{
	/* Buses linked into the library (PCI) must not look at the host's devices. */
	char *empty = test_make_tmpdir("openeal-model");
	if (empty == NULL || setenv("SYSFS_PCI_DEVICES", empty, 1) != 0)
		return 1;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	model_add_kvargs_suite();
	model_add_devargs_suite();
	model_add_bus_suite();
	model_add_dev_suite();
	int ret = test_run_registry();
	test_remove_tree(empty);
	free(empty);
	return ret;
}
