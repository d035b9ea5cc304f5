/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_BRANCH_PREDICTION_H
#define RTE_BRANCH_PREDICTION_H

/*
 * likely()/unlikely() live in rte_common.h, which every openeal header includes; DPDK code
 * includes this header for them, so it exists and gives the same definitions.
 */
#include <rte_common.h>

#endif
