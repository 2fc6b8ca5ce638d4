/* SPDX-License-Identifier: MIT */
/* The instructions C cannot write: port I/O, CPUID, MSRs, the TSC, control registers. */
#ifndef SMPSCOPE_BOOT_CPU_H
#define SMPSCOPE_BOOT_CPU_H

#include <stdint.h>

#include "../include/hw/cpuid.h"
#include "../include/hw/msr.h"

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint32_t cpuid_max_leaf(void)
{
	return cpuid(0, 0).eax;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

/* MSR access that survives an MSR the CPU (or emulator) does not have: -1 on #GP. */
int rdmsr_safe(uint32_t msr, uint64_t *val);
int wrmsr_safe(uint32_t msr, uint64_t val);

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* A TSC read that no earlier load or store can pass (LFENCE orders RDTSC on Intel and AMD). */
static inline uint64_t rdtsc_ordered(void)
{
	__asm__ volatile("lfence" ::: "memory");
	return rdtsc();
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void __attribute__((noreturn)) cpu_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/*
 * Sleeps until an interrupt, with interrupts off again afterwards. sti's
 * one-instruction shadow covers the hlt, so an interrupt that arrives
 * between the caller's last check and the hlt still wakes it.
 */
static inline void cpu_wait_for_interrupt(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

/*
 * MONITOR arms the address's line; a store to it (or an interrupt) ends the
 * MWAIT after it (Intel SDM vol. 2B, MONITOR and MWAIT; CPUID.1:ECX[3]).
 */
static inline void cpu_monitor(const volatile void *line)
{
	__asm__ volatile("monitor" ::"a"(line), "c"(0), "d"(0) : "memory");
}

/* MWAIT in C1 with interrupts on for its length, as cpu_wait_for_interrupt does for hlt. */
static inline void cpu_mwait_for_interrupt(void)
{
	__asm__ volatile("sti; mwait; cli" ::"a"(0), "c"(0) : "memory");
}

/*
 * Interrupts on and off around a spin that a fixed IPI must reach: QEMU TCG
 * takes interrupts only between its blocks, so "sti; pause; cli" in one
 * place would never let one in.
 */
static inline void cpu_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline void cpu_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}

static inline void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

/* Every TLB entry of this CPU but global ones (the image maps none): CR3 written again. */
static inline void cpu_flush_tlb(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(v)::"memory");
}

static inline void cpu_invlpg(uint64_t addr)
{
	__asm__ volatile("invlpg (%0)" ::"r"(addr) : "memory");
}

/* Writes back and invalidates every cache of this CPU (SDM vol. 2B, WBINVD). */
static inline void wbinvd(void)
{
	__asm__ volatile("wbinvd" ::: "memory");
}

/*
 * Cache-line write-back (docs/hardware.md, "Memory"): CLFLUSH is ordered
 * with stores and other CLFLUSHes; CLFLUSHOPT is not, so an SFENCE must
 * follow before a later store may count on the line having left the cache.
 */
static inline void clflush(const volatile void *p)
{
	__asm__ volatile("clflush %0" ::"m"(*(const volatile char *)p) : "memory");
}

static inline void clflushopt(const volatile void *p)
{
	__asm__ volatile("clflushopt %0" ::"m"(*(const volatile char *)p) : "memory");
}

static inline void sfence(void)
{
	__asm__ volatile("sfence" ::: "memory");
}

/*
 * A pointer to a fixed physical address (identity-mapped). The empty asm
 * hides the constant from GCC, which otherwise treats low addresses as
 * zero-sized objects and warns on every access.
 */
static inline volatile void *phys_ptr(uint64_t addr)
{
	__asm__("" : "+r"(addr));
	return (volatile void *)(uintptr_t)addr;
}

/* The initial APIC ID of this CPU: the 32-bit x2APIC ID from leaf 0xB where it exists. */
static inline uint32_t cpu_apic_id(void)
{
	if (cpuid_max_leaf() >= CPUID_LEAF_TOPOLOGY && cpuid(CPUID_LEAF_TOPOLOGY, 0).ebx != 0)
		return cpuid(CPUID_LEAF_TOPOLOGY, 0).edx;
	return cpuid(1, 0).ebx >> CPUID_1_EBX_APIC_ID_SHIFT;
}

#endif
