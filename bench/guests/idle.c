/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The daemon figures' guest: prints one byte as soon as the runtime is up
 * (time to first console byte), then sleeps in H_CEDE for ever (an idle VM
 * must cost no host CPU).  Each external interrupt raised with
 * VCPU.Interrupt is acknowledged with one '!' on the console (interrupt
 * latency).
 */
#include "rt/rt.h"

static void on_external(struct rt_regs *r)
{
        (void)r;
        putchar_raw('!');
}

int guest_main(void)
{
        putchar_raw('U');
        exc_set_handler(0x500, on_external);
        irq_enable();
        for (;;)
                hcall0(H_CEDE);
        return 0;
}
