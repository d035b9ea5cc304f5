/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RTE_IO_H
#define RTE_IO_H

/*
 * Device register (MMIO) accessors with DPDK's names and semantics.
 *
 * A _relaxed accessor is exactly one access of the given width through a volatile pointer:
 * the compiler may neither drop, merge, split nor reorder it against other volatile accesses,
 * but the CPU may still reorder it against normal memory accesses.
 *
 * The plain accessors add the barrier a driver needs around a register:
 *   rte_writeN(v, a) = rte_io_wmb(); rte_writeN_relaxed(v, a)
 *     so descriptors written to memory before ringing a doorbell are visible to the device
 *     when it reacts to the doorbell;
 *   rte_readN(a)     = rte_readN_relaxed(a); rte_io_rmb()
 *     so memory read after a status register (descriptors the device wrote by DMA) is not
 *     read before the register.
 * On x86 both barriers are compiler barriers (see rte_atomic.h); on aarch64 they are
 * dmb oshst / dmb oshld.
 *
 * On aarch64 the relaxed accessors are single ldr/str instructions written in assembly: a
 * plain C access may be compiled to a load/store pair or a form with address write-back,
 * which a hypervisor cannot emulate for a trapped MMIO access (no instruction syndrome).
 *
 * rte_write32_wc is the write-combining doorbell write of DPDK; without the x86 MOVDIRI
 * path it is rte_write32, as in DPDK's generic version.
 */

#include <stdint.h>

#include <rte_atomic.h>
#include <rte_common.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__aarch64__)

static __rte_always_inline uint8_t rte_read8_relaxed(const volatile void *addr)
{
	uint8_t val;
	__asm__ volatile("ldrb %w0, [%1]" : "=r"(val) : "r"(addr));
	return val;
}

static __rte_always_inline uint16_t rte_read16_relaxed(const volatile void *addr)
{
	uint16_t val;
	__asm__ volatile("ldrh %w0, [%1]" : "=r"(val) : "r"(addr));
	return val;
}

static __rte_always_inline uint32_t rte_read32_relaxed(const volatile void *addr)
{
	uint32_t val;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(val) : "r"(addr));
	return val;
}

static __rte_always_inline uint64_t rte_read64_relaxed(const volatile void *addr)
{
	uint64_t val;
	__asm__ volatile("ldr %x0, [%1]" : "=r"(val) : "r"(addr));
	return val;
}

static __rte_always_inline void rte_write8_relaxed(uint8_t value, volatile void *addr)
{
	__asm__ volatile("strb %w0, [%1]" : : "rZ"(value), "r"(addr));
}

static __rte_always_inline void rte_write16_relaxed(uint16_t value, volatile void *addr)
{
	__asm__ volatile("strh %w0, [%1]" : : "rZ"(value), "r"(addr));
}

static __rte_always_inline void rte_write32_relaxed(uint32_t value, volatile void *addr)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(value), "r"(addr));
}

static __rte_always_inline void rte_write64_relaxed(uint64_t value, volatile void *addr)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(value), "r"(addr));
}

#else

static __rte_always_inline uint8_t rte_read8_relaxed(const volatile void *addr)
{
	return *(const volatile uint8_t *)addr;
}

static __rte_always_inline uint16_t rte_read16_relaxed(const volatile void *addr)
{
	return *(const volatile uint16_t *)addr;
}

static __rte_always_inline uint32_t rte_read32_relaxed(const volatile void *addr)
{
	return *(const volatile uint32_t *)addr;
}

static __rte_always_inline uint64_t rte_read64_relaxed(const volatile void *addr)
{
	return *(const volatile uint64_t *)addr;
}

static __rte_always_inline void rte_write8_relaxed(uint8_t value, volatile void *addr)
{
	*(volatile uint8_t *)addr = value;
}

static __rte_always_inline void rte_write16_relaxed(uint16_t value, volatile void *addr)
{
	*(volatile uint16_t *)addr = value;
}

static __rte_always_inline void rte_write32_relaxed(uint32_t value, volatile void *addr)
{
	*(volatile uint32_t *)addr = value;
}

static __rte_always_inline void rte_write64_relaxed(uint64_t value, volatile void *addr)
{
	*(volatile uint64_t *)addr = value;
}

#endif

static __rte_always_inline uint8_t rte_read8(const volatile void *addr)
{
	uint8_t val = rte_read8_relaxed(addr);
	rte_io_rmb();
	return val;
}

static __rte_always_inline uint16_t rte_read16(const volatile void *addr)
{
	uint16_t val = rte_read16_relaxed(addr);
	rte_io_rmb();
	return val;
}

static __rte_always_inline uint32_t rte_read32(const volatile void *addr)
{
	uint32_t val = rte_read32_relaxed(addr);
	rte_io_rmb();
	return val;
}

static __rte_always_inline uint64_t rte_read64(const volatile void *addr)
{
	uint64_t val = rte_read64_relaxed(addr);
	rte_io_rmb();
	return val;
}

static __rte_always_inline void rte_write8(uint8_t value, volatile void *addr)
{
	rte_io_wmb();
	rte_write8_relaxed(value, addr);
}

static __rte_always_inline void rte_write16(uint16_t value, volatile void *addr)
{
	rte_io_wmb();
	rte_write16_relaxed(value, addr);
}

static __rte_always_inline void rte_write32(uint32_t value, volatile void *addr)
{
	rte_io_wmb();
	rte_write32_relaxed(value, addr);
}

static __rte_always_inline void rte_write64(uint64_t value, volatile void *addr)
{
	rte_io_wmb();
	rte_write64_relaxed(value, addr);
}

static __rte_always_inline void rte_write32_wc_relaxed(uint32_t value, volatile void *addr)
{
	rte_write32_relaxed(value, addr);
}

static __rte_always_inline void rte_write32_wc(uint32_t value, volatile void *addr)
{
	rte_write32(value, addr);
}

#ifdef __cplusplus
}
#endif
#endif
