/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * External interrupts through XICS on one vcpu: an IPI to ourselves with
 * H_IPI, accepted with H_XIRR, ended with H_EOI, masked by H_CPPR.
 */
#include "rt/rt.h"

#define CPPR_OPEN       0xff            /* least favoured: accept everything */
#define CPPR_CLOSED     0x00
#define MFRR_NONE       0xff
#define IPI_PRIORITY    5

static volatile unsigned taken;
static volatile uint32_t last_xirr;

static void on_external(struct rt_regs *r)
{
        unsigned long ret[9];

        hcall(H_XIRR, ret, 0, 0, 0, 0);
        last_xirr = (uint32_t)ret[0];
        if ((ret[0] & 0xffffff) == XICS_IPI)
                hcall2(H_IPI, cpu_server(cpu_index()), MFRR_NONE);
        hcall1(H_EOI, ret[0]);
        taken = taken + 1;
}

static bool got_one(void)
{
        return taken > 0;
}

static void test_nothing_pending(void)
{
        unsigned long ret[9];

        check_eq("H_XIRR with nothing pending", hcall(H_XIRR, ret, 0, 0, 0, 0), H_SUCCESS);
        check_eq("XISR with nothing pending", (long)(ret[0] & 0xffffff), 0);
}

static void test_ipoll(void)
{
        unsigned long ret[9];

        check_eq("H_IPOLL", hcall(H_IPOLL, ret, cpu_server(0), 0, 0, 0), H_SUCCESS);
        check_eq("H_IPOLL MFRR", (long)ret[1], MFRR_NONE);
        check_eq("H_IPOLL unknown server", hcall(H_IPOLL, ret, 999, 0, 0, 0), H_PARAMETER);
}

static void test_self_ipi(void)
{
        taken = 0;
        check_eq("H_CPPR open", hcall1(H_CPPR, CPPR_OPEN), H_SUCCESS);
        irq_enable();
        check_eq("H_IPI to ourselves", hcall2(H_IPI, cpu_server(0), IPI_PRIORITY), H_SUCCESS);
        check(wait_until(got_one, 2000), "external interrupt taken");
        check_eq("accepted source", last_xirr & 0xffffff, XICS_IPI);
        check_eq("CPPR before acceptance", last_xirr >> 24, CPPR_OPEN);
        check_eq("interrupts taken", taken, 1);
}

static void test_masked_by_cppr(void)
{
        taken = 0;
        check_eq("H_CPPR closed", hcall1(H_CPPR, CPPR_CLOSED), H_SUCCESS);
        check_eq("H_IPI while masked", hcall2(H_IPI, cpu_server(0), IPI_PRIORITY), H_SUCCESS);
        wait_until(got_one, 20);
        check_eq("interrupts taken while CPPR is 0", taken, 0);
        check_eq("H_CPPR reopened", hcall1(H_CPPR, CPPR_OPEN), H_SUCCESS);
        check(wait_until(got_one, 2000), "the held IPI arrives once CPPR allows it");
        check_eq("accepted source", last_xirr & 0xffffff, XICS_IPI);
}

static void test_bad_server(void)
{
        check_eq("H_IPI to server 999", hcall2(H_IPI, 999, IPI_PRIORITY), H_PARAMETER);
}

int guest_main(void)
{
        exc_set_handler(0x500, on_external);
        test_nothing_pending();
        test_ipoll();
        test_self_ipi();
        test_masked_by_cppr();
        test_bad_server();
        irq_disable();
        return 0;
}
