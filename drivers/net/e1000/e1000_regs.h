/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef E1000_REGS_H
#define E1000_REGS_H

/*
 * The registers net_e1000 uses, from Intel's 8254x (82540EM) and 82574 manuals. Offsets are
 * from BAR0; both families share them.
 */

#include <stdint.h>

#define E1000_CTRL 0x0000
#define E1000_CTRL_RST (UINT32_C(1) << 26)

#define E1000_STATUS 0x0008
#define E1000_STATUS_LU (UINT32_C(1) << 1)

/* Interrupt cause read (reading clears it when the interrupt is not MSI-X), set, mask set and
 * mask clear. */
#define E1000_ICR 0x00C0
#define E1000_ICS 0x00C8
#define E1000_IMS 0x00D0
#define E1000_IMC 0x00D8
#define E1000_ICR_LSC (UINT32_C(1) << 2)
/* Small receive packet detected: never raised here by the hardware itself (no receive
 * path), so it serves as the test cause software raises through ICS. */
#define E1000_ICR_SRPD (UINT32_C(1) << 16)
/* 82574: "other causes" summary bit, the one that is routed to an MSI-X vector. */
#define E1000_ICR_OTHER (UINT32_C(1) << 24)
#define E1000_ICR_INT_ASSERTED (UINT32_C(1) << 31)

/* 82574: interrupt vector allocation; the other-causes field and its valid bit. */
#define E1000_IVAR 0x00E4
#define E1000_IVAR_OTHER_SHIFT 16
#define E1000_IVAR_VALID 0x8u

#define E1000_RAL0 0x5400
#define E1000_RAH0 0x5404
#define E1000_RAH_AV (UINT32_C(1) << 31)

/* The I/O BAR is a window on the memory registers: write an offset to IOADDR, then read or
 * write the register through IODATA. */
#define E1000_IOADDR 0x0
#define E1000_IODATA 0x4

/* Enough of BAR0 to reach every register above. */
#define E1000_BAR0_MIN_LEN 0x6000

#endif
