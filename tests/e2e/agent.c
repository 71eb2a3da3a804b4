/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The end-to-end tests' guest: it obeys one-letter commands from its console
 * and reports what happens to it, so tests can check from the host side that
 * D-Bus calls reached the guest.
 *
 *   p  print "pong"
 *   t  start printing "tick N" lines;  T  stop
 *   o  make an OSI call (r3/r4 magic, r5 = 0x1234) and print r3 and r5 after it
 *   s  make a plain system call (sc) and print whether it trapped
 *   r  ask RTAS for a reboot;  q  power off
 *   d  deaf: stop looking for power-off requests
 *   k  terminate the OS (RTAS ibm,os-term "agent gave up"), as a panicking kernel does
 * External interrupts (VCPU.Interrupt) print "irq N"; the handler returns
 * with MSR[EE] clear and the idle loop sets it again 20 ms later, so a level
 * interrupt shows up again and again until it is lowered.  An EPOW event
 * (Shutdown) found by event-scan powers the guest off.
 */
#include "rt/rt.h"

#define OSI_MAGIC_R3 0x113724FAul
#define OSI_MAGIC_R4 0x77810F9Bul

static volatile unsigned irqs, syscalls;
static volatile uint64_t irq_masked_at;

static void on_external(struct rt_regs *r)
{
        irqs++;
        printf("irq %u\n", irqs);
        r->srr1 &= ~MSR_EE;
        irq_masked_at = mftb();
}

/* The idle loop sleeps in H_CEDE until the decrementer (or an interrupt)
 * wakes it; the decrementer is level-triggered, so park it far away. */
static void on_decrementer(struct rt_regs *r)
{
        mtdec(0x7fffffff);
}

static void on_syscall(struct rt_regs *r)
{
        syscalls++;
}

static void osi_call(void)
{
        register uint64_t r3 __asm__("r3") = OSI_MAGIC_R3;
        register uint64_t r4 __asm__("r4") = OSI_MAGIC_R4;
        register uint64_t r5 __asm__("r5") = 0x1234;
        __asm__ volatile("sc" : "+r"(r3), "+r"(r4), "+r"(r5) : : "r0", "r6", "r7", "r8", "r9", "r10", "r11",
                         "r12", "cr0", "ctr", "lr", "xer", "memory");
        printf("osi r3=%lx r5=%lx\n", (unsigned long)r3, (unsigned long)r5);
}

static void plain_syscall(void)
{
        unsigned before = syscalls;
        register uint64_t r0 __asm__("r0") = 0;
        register uint64_t r3 __asm__("r3") = 0;
        __asm__ volatile("sc" : "+r"(r0), "+r"(r3) : : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12",
                         "cr0", "ctr", "lr", "xer", "memory");
        printf("syscall %s\n", syscalls == before + 1 ? "trapped" : "did not trap");
}

static bool epow_pending(void)
{
        static uint8_t log[1024];
        int32_t rets[1];
        return rtas_call("event-scan", 4, 1, rets, 0x40000000, 0, (int32_t)(uintptr_t)log, (int32_t)sizeof(log)) == 0;
}

int guest_main(void)
{
        uint64_t freq = tb_freq(), last_tick = 0, last_scan = 0;
        unsigned ticks = 0;
        bool ticking = false, deaf = false;

        exc_set_handler(0x500, on_external);
        exc_set_handler(0x900, on_decrementer);
        exc_set_handler(0xc00, on_syscall);
        printf("agent ready\n");
        irq_enable();
        for (;;) {
                uint64_t now = mftb();
                int c;

                if (!(mfmsr() & MSR_EE) && now - irq_masked_at > freq / 50)
                        irq_enable();
                if ((mfmsr() & MSR_EE) && !ticking) {
                        /* Idle: sleep 20 ms unless something happens. */
                        mtdec((uint32_t)(freq / 50));
                        hcall0(H_CEDE);
                        c = getchar_timeout(0);
                } else {
                        c = getchar_timeout(5);
                }
                now = mftb();
                if (ticking && now - last_tick > freq / 100) {
                        printf("tick %u\n", ++ticks);
                        last_tick = now;
                }
                if (!deaf && now - last_scan > freq / 20) {
                        last_scan = now;
                        if (epow_pending()) {
                                printf("power-off requested\n");
                                rtas_power_off();
                        }
                }
                switch (c) {
                case 'p':
                        printf("pong\n");
                        break;
                case 't':
                        ticking = true;
                        break;
                case 'T':
                        ticking = false;
                        break;
                case 'd':
                        deaf = true;
                        printf("deaf\n");
                        break;
                case 'o':
                        osi_call();
                        break;
                case 's':
                        plain_syscall();
                        break;
                case 'r': {
                        int32_t rets[1];
                        rtas_call("system-reboot", 0, 1, rets);
                        break;
                }
                case 'k': {
                        static const char why[] = "agent gave up";
                        int32_t rets[1];
                        printf("terminating\n");
                        rtas_call("ibm,os-term", 1, 1, rets, (int32_t)(uintptr_t)why);
                        break;
                }
                case 'q':
                        printf("bye\n");
                        rtas_power_off();
                }
        }
}
