/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The XICS source calls: ibm,set-xive, ibm,get-xive, ibm,int-off, ibm,int-on. */
#include "devices/rtas.h"

static void status(struct rtas_call *c, int r)
{
        c->rets[0] = r < 0 ? (uint32_t)RTAS_OUT_PARAM_ERROR : RTAS_OUT_SUCCESS;
}

static void rtas_set_xive(struct rtas_call *c)
{
        if (!rtas_check_counts(c, 3, 1))
                return;
        if (c->args[2] > XICS_PRIO_MASKED) {
                c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
                return;
        }
        status(c, xics_set_xive(&c->p->xics, c->args[0], c->args[1], (uint8_t)c->args[2]));
}

static void rtas_get_xive(struct rtas_call *c)
{
        uint32_t server = 0;
        uint8_t prio = 0;
        int r;

        if (!rtas_check_counts(c, 1, 3))
                return;
        r = xics_get_xive(&c->p->xics, c->args[0], &server, &prio);
        status(c, r);
        if (r >= 0) {
                c->rets[1] = server;
                c->rets[2] = prio;
        }
}

static void rtas_int_off(struct rtas_call *c)
{
        if (!rtas_check_counts(c, 1, 1))
                return;
        status(c, xics_int_off(&c->p->xics, c->args[0]));
}

static void rtas_int_on(struct rtas_call *c)
{
        if (!rtas_check_counts(c, 1, 1))
                return;
        status(c, xics_int_on(&c->p->xics, c->args[0]));
}

const struct rtas_def rtas_calls_xics[] = {
        { RTAS_IBM_SET_XIVE, "ibm,set-xive", rtas_set_xive },
        { RTAS_IBM_GET_XIVE, "ibm,get-xive", rtas_get_xive },
        { RTAS_IBM_INT_OFF, "ibm,int-off", rtas_int_off },
        { RTAS_IBM_INT_ON, "ibm,int-on", rtas_int_on },
        { 0, NULL, NULL },
};
