/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The XICS presentation hypercalls (logic in xics.c). */
#include "devices/hcall.h"

#define SPR_TBL 268

static int64_t h_cppr(struct hcall_ctx *c)
{
        xics_set_cppr(&c->p->xics, c->index, (uint8_t)c->args[0]);
        return H_SUCCESS;
}

static int64_t h_ipi(struct hcall_ctx *c)
{
        uint64_t server = c->args[0];

        if (server >= c->p->nr_vcpus)
                return H_PARAMETER;
        xics_set_mfrr(&c->p->xics, (unsigned)server, (uint8_t)c->args[1]);
        return H_SUCCESS;
}

static int64_t h_xirr(struct hcall_ctx *c)
{
        c->args[0] = xics_accept(&c->p->xics, c->index);
        return H_SUCCESS;
}

static int64_t h_xirr_x(struct hcall_ctx *c)
{
        uint64_t tb = 0;

        c->args[0] = xics_accept(&c->p->xics, c->index);
        if (c->vcpu->ops->get_one_reg)
                c->vcpu->ops->get_one_reg(c->vcpu, VCPU_REG_SPR(SPR_TBL), &tb);
        c->args[1] = tb;
        return H_SUCCESS;
}

static int64_t h_eoi(struct hcall_ctx *c)
{
        xics_eoi(&c->p->xics, c->index, (uint32_t)c->args[0]);
        return H_SUCCESS;
}

static int64_t h_ipoll(struct hcall_ctx *c)
{
        uint64_t server = c->args[0];
        uint8_t mfrr;

        if (server >= c->p->nr_vcpus)
                return H_PARAMETER;
        c->args[0] = xics_peek(&c->p->xics, (unsigned)server, &mfrr);
        c->args[1] = mfrr;
        return H_SUCCESS;
}

const struct hcall_def hcalls_xics[] = {
        { H_CPPR, "H_CPPR", h_cppr },
        { H_IPI, "H_IPI", h_ipi },
        { H_XIRR, "H_XIRR", h_xirr },
        { H_XIRR_X, "H_XIRR_X", h_xirr_x },
        { H_EOI, "H_EOI", h_eoi },
        { H_IPOLL, "H_IPOLL", h_ipoll },
        { 0, NULL, NULL },
};
