/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* display-character: one byte to the console, for early boot messages. */
#include "devices/rtas.h"

static void rtas_display_character(struct rtas_call *c)
{
        uint8_t ch;

        if (!rtas_check_counts(c, 1, 1))
                return;
        ch = (uint8_t)c->args[0];
        if (c->p->hooks.console_output)
                c->p->hooks.console_output(c->p->hooks.opaque, &ch, 1);
        c->rets[0] = RTAS_OUT_SUCCESS;
}

const struct rtas_def rtas_calls_console[] = {
        { RTAS_DISPLAY_CHARACTER, "display-character", rtas_display_character },
        { 0, NULL, NULL },
};
