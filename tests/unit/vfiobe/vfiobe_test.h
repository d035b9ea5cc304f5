/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VFIOBE_TEST_H
#define VFIOBE_TEST_H

/* Suites of the vfio-pci backend unit tests (one executable). */

void vfiobe_add_pieces_suite(void);
void vfiobe_add_intr_suite(void);
void vfiobe_add_select_suite(void);

#endif
