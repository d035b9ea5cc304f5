/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef IO_CODEGEN_H
#define IO_CODEGEN_H

/*
 * Out-of-line wrappers around the rte_io.h accessors, compiled in strict C11 at -O2 (see
 * meson.build): the unit test runs them on normal memory and doc/io-accessors.md shows their
 * disassembly.
 */

#include <stdint.h>

uint8_t io_read8(const volatile void *addr);
uint16_t io_read16(const volatile void *addr);
uint32_t io_read32(const volatile void *addr);
uint64_t io_read64(const volatile void *addr);
uint32_t io_read32_relaxed(const volatile void *addr);
void io_write8(uint8_t value, volatile void *addr);
void io_write16(uint16_t value, volatile void *addr);
void io_write32(uint32_t value, volatile void *addr);
void io_write64(uint64_t value, volatile void *addr);
void io_write32_relaxed(uint32_t value, volatile void *addr);
void io_write32_wc(uint32_t value, volatile void *addr);

/*
 * What a driver does to hand a descriptor to a device: fill it in normal memory, then ring
 * the doorbell. The barrier in rte_write32 keeps the descriptor stores before the doorbell;
 * the _relaxed variant lets the compiler (and on aarch64 the CPU) move them after it.
 */
struct io_desc {
	uint64_t addr;
	uint32_t len;
	uint32_t flags;
};
void io_post(struct io_desc *d, uint64_t buf, uint32_t len, volatile void *doorbell, uint32_t tail);
void io_post_relaxed(struct io_desc *d, uint64_t buf, uint32_t len, volatile void *doorbell,
		     uint32_t tail);
/* Read a status register, then the descriptor the device wrote before setting it. */
uint32_t io_poll(volatile void *status, const struct io_desc *d);

void io_barrier_mb(void);
void io_barrier_wmb(void);
void io_barrier_rmb(void);
void io_barrier_smp_mb(void);

#endif
