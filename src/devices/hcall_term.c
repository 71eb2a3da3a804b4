/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hvterm hypercalls.  Up to 16 characters travel in two registers, first
 * character in the most significant byte of the first register.
 */
#include "devices/hcall.h"

#define HVTERM_MAX_CHARS 16u

/* termno 0 means "the console" too: early debug code in Linux uses it, and
 * QEMU accepts it. */
static bool is_vty(uint64_t termno)
{
        return termno == HVTERM_VTY_REG || termno == 0;
}

static int64_t h_put_term_char(struct hcall_ctx *c)
{
        uint64_t termno = c->args[0], len = c->args[1];
        uint8_t buf[HVTERM_MAX_CHARS];

        if (!is_vty(termno) || len > HVTERM_MAX_CHARS)
                return H_PARAMETER;
        for (unsigned i = 0; i < len; i++)
                buf[i] = (uint8_t)(c->args[2 + i / 8] >> (56 - 8 * (i % 8)));
        if (len && c->p->hooks.console_output)
                c->p->hooks.console_output(c->p->hooks.opaque, buf, len);
        return H_SUCCESS;
}

static int64_t h_get_term_char(struct hcall_ctx *c)
{
        uint8_t buf[HVTERM_MAX_CHARS] = { 0 };
        size_t n;

        if (!is_vty(c->args[0]))
                return H_PARAMETER;
        n = hvterm_read(&c->p->console, buf, sizeof(buf));
        c->args[0] = n;
        c->args[1] = c->args[2] = 0;
        for (unsigned i = 0; i < HVTERM_MAX_CHARS; i++)
                c->args[1 + i / 8] |= (uint64_t)buf[i] << (56 - 8 * (i % 8));
        return H_SUCCESS;
}

/* PAPR's H_VIO_SIGNAL: the mode is checked and kept; as with QEMU's vty it
 * does not gate the input interrupt, which Linux relies on without it. */
static int64_t h_vio_signal(struct hcall_ctx *c)
{
        uint64_t unit = c->args[0], mode = c->args[1];

        if (unit != HVTERM_VTY_REG)
                return H_PARAMETER;
        if (mode & ~1ull)
                return H_PARAMETER;
        hvterm_set_signal(&c->p->console, mode & 1);
        return H_SUCCESS;
}

const struct hcall_def hcalls_term[] = {
        { H_VIO_SIGNAL, "H_VIO_SIGNAL", h_vio_signal },
        { H_PUT_TERM_CHAR, "H_PUT_TERM_CHAR", h_put_term_char },
        { H_GET_TERM_CHAR, "H_GET_TERM_CHAR", h_get_term_char },
        { 0, NULL, NULL },
};
