/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TEST_DOCTOR_H
#define TEST_DOCTOR_H

#include <CUnit/CUnit.h>

/* The openeal program under test (the executable's argument). */
extern const char *doctor_openeal_bin;

void doctor_add_host_tests(void);    /* machine facts: decoders and readers on fake trees */
void doctor_add_verdict_tests(void); /* the verdict rules, pure */
void doctor_add_tree_tests(void);    /* rte_pci_doctor_run on generated trees */
void doctor_add_cli_tests(void);     /* openeal doctor as a program: text, JSON, exit codes */

#endif
