/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two vcpus: RTAS start-cpu, IPIs both ways through XICS, H_CEDE woken by
 * H_PROD, stop-self and query-cpu-stopped-state.  Only vcpu 0 prints, so the output is ordered.
 */
#include "rt/rt.h"

#define CPU_STATE_STOPPED       0
#define CPU_STATE_RUNNING       2
#define IPI_PRIORITY            5

static volatile unsigned ipis[2];
static volatile unsigned secondary_alive, secondary_may_stop;
static volatile unsigned secondary_ceding, secondary_wakeups;
static volatile uint32_t secondary_arg_seen;

static void on_external(struct rt_regs *r)
{
        unsigned long ret[9];
        unsigned me = cpu_index();

        hcall(H_XIRR, ret, 0, 0, 0, 0);
        if ((ret[0] & 0xffffff) == XICS_IPI) {
                hcall2(H_IPI, cpu_server(me), 0xff);
                ipis[me] = ipis[me] + 1;
        }
        hcall1(H_EOI, ret[0]);
}

static unsigned wakeup_base;

static bool secondary_up(void)  { return secondary_alive != 0; }
static bool cpu1_ceding(void)   { return secondary_ceding != 0; }
static bool cpu1_woke(void)     { return secondary_wakeups > wakeup_base; }
static bool cpu1_got_ipi(void)  { return ipis[1] != 0; }
static bool cpu0_got_ipi(void)  { return ipis[0] != 0; }

static void secondary(unsigned index, void *arg)
{
        secondary_arg_seen = (uint32_t)(uintptr_t)arg;
        hcall1(H_CPPR, 0xff);
        irq_enable();
        sync();
        secondary_alive = 1;
        wait_until(cpu1_got_ipi, 5000);
        hcall2(H_IPI, cpu_server(0), IPI_PRIORITY);
        /* Idle in H_CEDE until vcpu 0 lets us go; H_PROD wakes us. */
        while (!secondary_may_stop) {
                irq_disable();
                secondary_ceding = 1;
                sync();
                hcall0(H_CEDE);
                secondary_wakeups = secondary_wakeups + 1;
        }
}

static int32_t cpu1_state(void)
{
        int32_t r[2];

        if (rtas_call("query-cpu-stopped-state", 1, 2, r, cpu_id(1)) != 0)
                return -1;
        return r[1];
}

static bool cpu1_stopped(void)
{
        return cpu1_state() == CPU_STATE_STOPPED;
}

int guest_main(void)
{
        exc_set_handler(0x500, on_external);
        check_eq("vcpus in the device tree", cpu_count(), 2);
        if (cpu_count() < 2)
                return 1;
        check_eq("vcpu 1 before start-cpu", cpu1_state(), CPU_STATE_STOPPED);

        hcall1(H_CPPR, 0xff);
        irq_enable();
        check_eq("start-cpu vcpu 1", cpu_start(1, secondary, (void *)0x1234), 0);
        check(wait_until(secondary_up, 5000), "vcpu 1 runs");
        check_eq("vcpu 1 got its argument", secondary_arg_seen, 0x1234);
        check_eq("vcpu 1 after start-cpu", cpu1_state(), CPU_STATE_RUNNING);
        check_eq("start-cpu of the running vcpu 1", rtas_call("start-cpu", 3, 1, NULL, cpu_id(1),
                 0x400000u, 0u), -1);

        check_eq("H_IPI to vcpu 1", hcall2(H_IPI, cpu_server(1), IPI_PRIORITY), H_SUCCESS);
        check(wait_until(cpu1_got_ipi, 5000), "vcpu 1 took the IPI");
        check(wait_until(cpu0_got_ipi, 5000), "vcpu 0 took vcpu 1's IPI");
        check_eq("IPIs taken by vcpu 0", ipis[0], 1);
        check_eq("IPIs taken by vcpu 1", ipis[1], 1);

        check(wait_until(cpu1_ceding, 5000), "vcpu 1 idles in H_CEDE");
        unsigned before = secondary_wakeups;
        check_eq("H_PROD vcpu 1", hcall1(H_PROD, cpu_id(1)), H_SUCCESS);
        wakeup_base = before;
        check(wait_until(cpu1_woke, 5000), "H_PROD woke vcpu 1 from H_CEDE");

        secondary_may_stop = 1;
        sync();
        hcall1(H_PROD, cpu_id(1));
        check(wait_until(cpu1_stopped, 5000), "vcpu 1 stopped itself");
        check_eq("vcpu 1 after stop-self", cpu1_state(), CPU_STATE_STOPPED);
        irq_disable();
        return 0;
}
