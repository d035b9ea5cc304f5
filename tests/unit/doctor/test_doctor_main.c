/* SPDX-License-Identifier: BSD-3-Clause */
/* openeal doctor's unit tests; the argument is the openeal program. */

#include <stdio.h>

#include "test_doctor.h"
#include "test_util.h"

const char *doctor_openeal_bin;

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_doctor OPENEAL_PROGRAM\n");
		return 2;
	}
	doctor_openeal_bin = argv[1];
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	doctor_add_host_tests();
	doctor_add_verdict_tests();
	doctor_add_tree_tests();
	doctor_add_cli_tests();
	return test_run_registry();
}
