/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * `sc` (level 0) from supervisor state is a system call interrupt (0xc00)
 * for the guest itself, whatever the registers hold: also with the
 * Mac-on-Linux OSI magic in r3/r4 when the host has not enabled OSI, which
 * neither QEMU nor a default ppcvmd VM does.
 */
#include "rt/rt.h"

#define OSI_SC_MAGIC_R3 0x113724FA
#define OSI_SC_MAGIC_R4 0x77810F9B

static volatile unsigned taken;
static volatile uint64_t srr0, srr1, seen_r3, seen_r4;

static void on_syscall(struct rt_regs *r)
{
        taken = taken + 1;
        srr0 = r->srr0;
        srr1 = r->srr1;
        seen_r3 = r->gpr[3];
        seen_r4 = r->gpr[4];
        r->gpr[3] = 0x600d;             /* our "system call" result */
}

/* sc with r3/r4 given; returns r3 afterwards, *ret_after = the address after sc. */
static uint64_t do_sc(uint64_t r3, uint64_t r4, uint64_t *ret_after)
{
        register uint64_t a3 __asm__("r3") = r3;
        register uint64_t a4 __asm__("r4") = r4;
        uint64_t at;

        __asm__ volatile("bcl 20,31,1f\n1: mflr %2\nsc\n"
                         : "+r"(a3), "+r"(a4), "=r"(at) : : "lr", "memory");
        *ret_after = at + 8;
        return a3;
}

static void test_plain_sc(void)
{
        uint64_t after, rc;

        taken = 0;
        rc = do_sc(1, 2, &after);
        check_eq("system call interrupts", taken, 1);
        check(srr0 == after, "SRR0 is the instruction after sc");
        check(seen_r3 == 1 && seen_r4 == 2, "the handler saw r3 and r4");
        check_eqx("r3 after the system call", rc, 0x600d);
        check((srr1 & MSR_SF) && !!(srr1 & MSR_LE) == RT_LITTLE_ENDIAN,
              "SRR1 holds the interrupted MSR[SF, LE]");
}

static void test_osi_magic_without_osi(void)
{
        uint64_t after, rc;

        taken = 0;
        rc = do_sc(OSI_SC_MAGIC_R3, OSI_SC_MAGIC_R4, &after);
        check_eq("system call interrupts for an OSI call (OSI not enabled)", taken, 1);
        check(seen_r3 == OSI_SC_MAGIC_R3 && seen_r4 == OSI_SC_MAGIC_R4,
              "the handler saw the OSI magic");
        check_eqx("r3 after the OSI-shaped call", rc, 0x600d);
}

int guest_main(void)
{
        exc_set_handler(0xc00, on_syscall);
        test_plain_sc();
        test_osi_magic_without_osi();
        return 0;
}
