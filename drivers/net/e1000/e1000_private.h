/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef E1000_PRIVATE_H
#define E1000_PRIVATE_H

/* State shared by the files of net_e1000; nothing here is installed. */

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <bus_pci_driver.h>
#include <rte_io.h>
#include <rte_log.h>

#include "rte_pmd_e1000.h"

extern int e1000_logtype;
#define E1000_LOG(level, fmt, ...) rte_log(RTE_LOG_##level, e1000_logtype, fmt "\n", ##__VA_ARGS__)

/* What differs between the supported controllers. */
struct e1000_model {
	const char *name;
	/* 82574: causes other than Rx/Tx queues reach MSI-X only through IVAR and ICR.OTHER,
	 * and ICR is not cleared by reading it under MSI-X. */
	bool other_cause_routing;
};

struct e1000_adapter {
	TAILQ_ENTRY(e1000_adapter) next;
	struct rte_pci_device *pdev;
	const struct e1000_model *model;
	volatile uint8_t *hw; /* BAR0 */
	int io_bar;	      /* -1: no usable I/O BAR */
	/* IOADDR then IODATA is one access: callers hold e1000_api.c's lock. */
	struct rte_pci_ioport io;
	uint8_t mac[6];
	struct rte_pmd_e1000_intr_stats stats; /* written by the callback with atomics */
};

static inline uint32_t e1000_read(const struct e1000_adapter *ad, uint32_t reg)
{
	return rte_read32(ad->hw + reg);
}

static inline void e1000_write(const struct e1000_adapter *ad, uint32_t reg, uint32_t val)
{
	rte_write32(val, ad->hw + reg);
}

/* e1000_intr.c: callback registration and unmasking at probe; the reverse at remove, which
 * fails (changing nothing) when called from the interrupt thread. 0 or a negative errno. */
int e1000_intr_setup(struct e1000_adapter *ad);
int e1000_intr_teardown(struct e1000_adapter *ad);

/* e1000_api.c: the probed devices the public calls look up by name. */
void e1000_adapter_add(struct e1000_adapter *ad);
/* The adapter of pdev, unlinked (NULL if it is not listed). */
struct e1000_adapter *e1000_adapter_take(const struct rte_pci_device *pdev);

#endif
