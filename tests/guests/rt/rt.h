/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A small freestanding runtime for the guest tests: entry and byte-order
 * switch, device tree lookups, the hvterm console, hypercalls, RTAS,
 * interrupt handlers, secondary vcpus and a pass/fail exit.  Guests built on
 * it run unchanged on QEMU's pseries machine and on ppcvmd; they must print
 * the same thing on both, so nothing timing- or address-dependent is printed.
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- guest side (each guest defines this) ---- */
/* Runs on vcpu 0 once the runtime is up; returns the number of failed checks. */
int guest_main(void);

/* ---- machine state registers ---- */
#define MSR_SF          (1ull << 63)
#define MSR_EE          (1ull << 15)
#define MSR_PR          (1ull << 14)
#define MSR_FP          (1ull << 13)
#define MSR_ME          (1ull << 12)
#define MSR_RI          (1ull << 1)
#define MSR_LE          (1ull << 0)

/* SRR1 cause bits of a program interrupt (Power ISA 3.0, 6.5.9). */
#define SRR1_PROGRAM_FP         (1ull << 20)
#define SRR1_PROGRAM_ILLEGAL    (1ull << 19)
#define SRR1_PROGRAM_PRIV       (1ull << 18)
#define SRR1_PROGRAM_TRAP       (1ull << 17)

static inline uint64_t mfmsr(void)
{
        uint64_t v;
        __asm__ volatile("mfmsr %0" : "=r"(v));
        return v;
}

static inline void mtmsrd(uint64_t v)
{
        __asm__ volatile("mtmsrd %0" : : "r"(v) : "memory");
}

static inline uint64_t mftb(void)
{
        uint64_t v;
        __asm__ volatile("mftb %0" : "=r"(v));
        return v;
}

static inline void mtdec(uint32_t v)
{
        __asm__ volatile("mtdec %0" : : "r"((uint64_t)v));
}

static inline void irq_enable(void)  { mtmsrd(mfmsr() | MSR_EE); }
static inline void irq_disable(void) { mtmsrd(mfmsr() & ~MSR_EE); }

#define barrier()       __asm__ volatile("" : : : "memory")
#define sync()          __asm__ volatile("sync" : : : "memory")

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

/* ---- byte order helpers: the device tree and RTAS are big-endian ---- */
static inline uint32_t be32(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return __builtin_bswap32(v);
#else
        return v;
#endif
}

static inline uint64_t be64(uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return __builtin_bswap64(v);
#else
        return v;
#endif
}

#define RT_LITTLE_ENDIAN (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

/* ---- strings and memory (rt/string.c) ---- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* CRC-32 (IEEE 802.3, as zlib computes it). */
uint32_t crc32(const void *p, size_t n);
/* Makes freshly written instructions visible to instruction fetch. */
void rt_sync_icache(void *start, size_t len);

/* ---- device tree (rt/fdt.c) ---- */
/* Checks the header and remembers the tree (done by the runtime at boot). */
bool dt_init(const void *blob);
/* Node offset for a path like "/rtas" or "/vdevice/vty"; a component without
 * a unit address matches any unit ("vty" matches "vty@71000000").  -1: none. */
int dt_find(const char *path);
/* Property value and length, NULL if absent. */
const void *dt_prop(int node, const char *name, int *ret_len);
/* The first big-endian cell of a property, or dflt when absent. */
uint32_t dt_u32(int node, const char *name, uint32_t dflt);
/* Child nodes in order: first with prev = -1; -1 when there are no more. */
int dt_next_child(int node, int prev);
const char *dt_name(int node);
/* Is `s` one of the strings of a string-list property? */
bool dt_has_string(int node, const char *prop, const char *s);
/* The device tree address the guest was booted with. */
const void *dt_blob(void);

/* ---- console (rt/console.c, rt/format.c) ---- */
/* Finds the vty in /vdevice (done by the runtime at boot). */
bool console_init(void);
/* Writes bytes to the console as one unit (lines from vcpus stay whole). */
void console_write(const char *s, size_t n);
void putchar_raw(char c);
void puts_raw(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* One byte of console input, waiting at most `ms` milliseconds; -1 on timeout. */
int getchar_timeout(unsigned ms);
/* The hvterm's termno (the vty node's reg). */
uint64_t console_termno(void);

/* ---- hypercalls (rt/entry.S, rt/hcall.h) ---- */
#include "hcall.h"

/* ---- RTAS (rt/rtas.c) ---- */
#define RTAS_UNKNOWN_SERVICE    0xffffffffu
#define RTAS_MAX_ARGS           16
/* Token for a named RTAS service from /rtas, or RTAS_UNKNOWN_SERVICE. */
uint32_t rtas_token(const char *name);
/* Calls a service by token; args in, rets[0] is the status.  Returns rets[0]. */
int32_t rtas_call_token(uint32_t token, int nargs, int nret, int32_t *rets, ...);
/* Calls a service by name; a missing service returns -1 without calling. */
int32_t rtas_call(const char *name, int nargs, int nret, int32_t *rets, ...);
void rtas_power_off(void) __attribute__((noreturn));

/* ---- interrupts (rt/exc.c) ---- */
struct rt_regs {
        uint64_t gpr[32];
        uint64_t srr0, srr1, lr, ctr, xer, cr, dar, dsisr, vec;
        uint64_t pad;
};
typedef void (*rt_handler)(struct rt_regs *r);
/* Installs the vector stubs in low memory (done by the runtime at boot). */
void exc_init(void);
/* Handler for vector `vec` (0x100..0xf60); NULL: unexpected (FAIL, power
 * off).  The default for 0x900 (decrementer) just reloads it. */
void exc_set_handler(unsigned vec, rt_handler h);

/* ---- timebase ---- */
uint64_t tb_freq(void);
/* Spins until cond() is true or ms milliseconds pass; true if cond() held. */
bool wait_until(bool (*cond)(void), unsigned ms);

/* ---- vcpus (rt/smp.c) ---- */
/* Which of our vcpus is running this (0 = the boot vcpu); kept in SPRG3. */
static inline unsigned cpu_index(void)
{
        uint64_t v;
        __asm__ volatile("mfsprg3 %0" : "=r"(v));
        return (unsigned)v;
}

static inline void set_cpu_index(unsigned i)
{
        __asm__ volatile("mtsprg3 %0" : : "r"((uint64_t)i));
}

unsigned cpu_count(void);
/* The XICS server number of vcpu `index` (ibm,ppc-interrupt-server#s). */
uint32_t cpu_server(unsigned index);
/* The device tree reg of vcpu `index` (what RTAS start-cpu takes). */
uint32_t cpu_id(unsigned index);
/* Starts vcpu `index` (RTAS start-cpu) running fn(arg) on its own stack;
 * when fn returns the vcpu stops itself (RTAS stop-self).  Returns the RTAS
 * status. */
int32_t cpu_start(unsigned index, void (*fn)(unsigned index, void *arg), void *arg);
/* Stops the calling vcpu (RTAS stop-self); does not return. */
void cpu_stop_self(void) __attribute__((noreturn));

/* ---- checks and exit (rt/check.c) ---- */
/* Prints "ok   <what>" or "FAIL <what>" and counts failures. */
bool check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Compares and prints "<what>: <got>" plus ok/FAIL (expected shown on FAIL). */
bool check_eq(const char *what, int64_t got, int64_t expected);
/* The same, in hex. */
bool check_eqx(const char *what, uint64_t got, uint64_t expected);
unsigned check_failures(void);
/* Prints PASS (no failures) or FAIL, then powers off. */
void rt_exit(void) __attribute__((noreturn));
/* Prints "FAIL: <reason>" and powers off at once. */
void rt_abort(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
