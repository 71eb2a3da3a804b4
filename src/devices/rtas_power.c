/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* power-off, system-reboot, ibm,os-term: the guest ends the machine. */
#include <string.h>

#include "devices/rtas.h"

#define OS_TERM_MSG_MAX 256u

static void stop(struct rtas_call *c, enum platform_stop why, const char *detail)
{
        if (c->p->hooks.stop)
                c->p->hooks.stop(c->p->hooks.opaque, why, detail);
}

static void rtas_power_off(struct rtas_call *c)
{
        if (!rtas_check_counts(c, 2, 1))
                return;
        c->rets[0] = RTAS_OUT_SUCCESS;
        stop(c, PLATFORM_STOP_POWEROFF, "");
}

static void rtas_system_reboot(struct rtas_call *c)
{
        if (!rtas_check_counts(c, 0, 1))
                return;
        c->rets[0] = RTAS_OUT_SUCCESS;
        stop(c, PLATFORM_STOP_REBOOT, "");
}

/* The message is a NUL-terminated string in guest RAM; only its printable
 * part, up to OS_TERM_MSG_MAX bytes, reaches the detail. */
static void read_message(const struct platform *p, uint64_t gpa, char *out, size_t size)
{
        size_t n = 0;
        const uint8_t *b;

        while (n + 1 < size && (b = platform_ram(p, gpa + n, 1)) && *b) {
                out[n] = (*b >= 0x20 && *b < 0x7f) ? (char)*b : '?';
                n++;
        }
        out[n] = '\0';
}

static void rtas_os_term(struct rtas_call *c)
{
        char msg[OS_TERM_MSG_MAX];

        if (!rtas_check_counts(c, 1, 1))
                return;
        read_message(c->p, c->args[0], msg, sizeof(msg));
        c->rets[0] = RTAS_OUT_SUCCESS;
        stop(c, PLATFORM_STOP_OS_TERM, msg);
}

const struct rtas_def rtas_calls_power[] = {
        { RTAS_POWER_OFF, "power-off", rtas_power_off },
        { RTAS_SYSTEM_REBOOT, "system-reboot", rtas_system_reboot },
        { RTAS_IBM_OS_TERM, "ibm,os-term", rtas_os_term },
        { 0, NULL, NULL },
};
