/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The decrementer interrupt (0x900), and H_CEDE and wait waking on it. */
#include "rt/rt.h"

#define DEC_QUIET       0x7fffffffu     /* far in the future */

static volatile unsigned ticks;
static volatile uint64_t tick_msr;

static void on_decrementer(struct rt_regs *r)
{
        ticks = ticks + 1;
        tick_msr = mfmsr();
        mtdec(DEC_QUIET);       /* the decrementer interrupt is a level: quiet it */
}

static bool ticked(void)
{
        return ticks > 0;
}

static uint32_t mfdec(void)
{
        uint64_t v;

        __asm__ volatile("mfdec %0" : "=r"(v));
        return (uint32_t)v;
}

static void test_dec_counts_down(void)
{
        uint32_t a, b;

        mtdec(DEC_QUIET);
        a = mfdec();
        for (volatile int i = 0; i < 1000; i++)
                ;
        b = mfdec();
        check(b < a, "the decrementer counts down");
}

static void test_dec_masked(void)
{
        irq_disable();
        ticks = 0;
        mtdec(tb_freq() / 10000);               /* 100 us */
        wait_until(ticked, 20);
        check(ticks == 0, "no decrementer interrupt while MSR[EE] = 0");
}

static void test_dec_interrupt(void)
{
        /* Pending from the test above: taken as soon as EE is set. */
        irq_enable();
        check(wait_until(ticked, 2000), "decrementer interrupt taken once MSR[EE] = 1");
        check((tick_msr & MSR_EE) == 0, "the handler runs with MSR[EE] = 0");
        check(!!(tick_msr & MSR_LE) == RT_LITTLE_ENDIAN, "the handler runs in our byte order");
        check((tick_msr & MSR_SF) != 0, "the handler runs in 64-bit mode");
        check((mfmsr() & MSR_EE) != 0, "rfid restored MSR[EE]");
}

static void test_cede_wakes(void)
{
        long rc;

        irq_disable();
        ticks = 0;
        mtdec(tb_freq() / 1000);                /* 1 ms */
        rc = hcall0(H_CEDE);
        check_eq("H_CEDE", rc, H_SUCCESS);
        check(wait_until(ticked, 2000), "H_CEDE returned with the decrementer interrupt due");
        check((mfmsr() & MSR_EE) != 0, "H_CEDE set MSR[EE]");
}

static void test_wait_wakes(void)
{
        irq_disable();
        ticks = 0;
        mtdec(tb_freq() / 1000);                /* 1 ms */
        irq_enable();
        /* wait (WC = 0): the vcpu idles until an interrupt, here the decrementer. */
        __asm__ volatile("wait" : : : "memory");
        check(wait_until(ticked, 2000), "wait returned with the decrementer interrupt taken");
}

int guest_main(void)
{
        exc_set_handler(0x900, on_decrementer);
        test_dec_counts_down();
        test_dec_masked();
        test_dec_interrupt();
        test_cede_wakes();
        test_wait_wakes();
        irq_disable();
        return 0;
}
