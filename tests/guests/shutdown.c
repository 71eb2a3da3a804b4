/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * How a guest can end the machine other than by power-off: RTAS
 * system-reboot or ibm,os-term, chosen at build time (-DSHUTDOWN_OS_TERM).
 * The runner reports each with its own exit status (2 reboot, 3 os-term);
 * QEMU, run with -no-reboot, exits 0 after either.
 */
#include "rt/rt.h"

static uint8_t message[64] __attribute__((aligned(8)));

int guest_main(void)
{
        check(true, "about to end the machine");
        puts_raw(check_failures() ? "FAIL\n" : "PASS\n");
#ifdef SHUTDOWN_OS_TERM
        memcpy(message, "guest says goodbye", 19);
        rtas_call("ibm,os-term", 1, 1, NULL, (uint32_t)(uintptr_t)message);
#else
        (void)message;
        rtas_call("system-reboot", 0, 1, NULL);
#endif
        rt_abort("the machine is still running");
}
