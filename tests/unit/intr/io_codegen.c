/* SPDX-License-Identifier: BSD-3-Clause */
/* Built with -std=c11 -pedantic-errors and without _GNU_SOURCE: rte_io.h must be plain C11. */

#include <rte_io.h>

#include "io_codegen.h"

uint8_t io_read8(const volatile void *addr)
{
	return rte_read8(addr);
}

uint16_t io_read16(const volatile void *addr)
{
	return rte_read16(addr);
}

uint32_t io_read32(const volatile void *addr)
{
	return rte_read32(addr);
}

uint64_t io_read64(const volatile void *addr)
{
	return rte_read64(addr);
}

uint32_t io_read32_relaxed(const volatile void *addr)
{
	return rte_read32_relaxed(addr);
}

void io_write8(uint8_t value, volatile void *addr)
{
	rte_write8(value, addr);
}

void io_write16(uint16_t value, volatile void *addr)
{
	rte_write16(value, addr);
}

void io_write32(uint32_t value, volatile void *addr)
{
	rte_write32(value, addr);
}

void io_write64(uint64_t value, volatile void *addr)
{
	rte_write64(value, addr);
}

void io_write32_relaxed(uint32_t value, volatile void *addr)
{
	rte_write32_relaxed(value, addr);
}

void io_write32_wc(uint32_t value, volatile void *addr)
{
	rte_write32_wc(value, addr);
}

void io_post(struct io_desc *d, uint64_t buf, uint32_t len, volatile void *doorbell, uint32_t tail)
{
	d->addr = buf;
	d->len = len;
	rte_write32(tail, doorbell);
	d->flags = 1;
}

void io_post_relaxed(struct io_desc *d, uint64_t buf, uint32_t len, volatile void *doorbell,
		     uint32_t tail)
{
	d->addr = buf;
	d->len = len;
	rte_write32_relaxed(tail, doorbell);
	d->flags = 1;
}

uint32_t io_poll(volatile void *status, const struct io_desc *d)
{
	uint32_t s = rte_read32(status);
	return s + d->len;
}

void io_barrier_mb(void)
{
	rte_io_mb();
}

void io_barrier_wmb(void)
{
	rte_io_wmb();
}

void io_barrier_rmb(void)
{
	rte_io_rmb();
}

void io_barrier_smp_mb(void)
{
	rte_smp_mb();
}
