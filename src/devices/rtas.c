/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The RTAS dispatcher: reads the guest's argument block, finds the call by
 * token, writes the results back.  Unknown tokens get -3 (not supported) in
 * rets[0] like QEMU; a block outside RAM or with counts larger than any call
 * uses fails the hypercall itself with H_PARAMETER.
 */
#include <stddef.h>

#include "devices/hcall.h"
#include "devices/rtas.h"

static const struct rtas_def *const rtas_tables[] = {
        rtas_calls_console, rtas_calls_time, rtas_calls_power,
        rtas_calls_cpu, rtas_calls_xics, rtas_calls_events,
};

#define NR_TABLES (sizeof(rtas_tables) / sizeof(rtas_tables[0]))

void rtas_for_each(void (*fn)(void *opaque, const char *name, uint32_t token), void *opaque)
{
        for (size_t t = 0; t < NR_TABLES; t++)
                for (const struct rtas_def *d = rtas_tables[t]; d->fn; d++)
                        fn(opaque, d->name, d->token);
}

const struct rtas_def *rtas_lookup(uint32_t token)
{
        for (size_t t = 0; t < NR_TABLES; t++)
                for (const struct rtas_def *d = rtas_tables[t]; d->fn; d++)
                        if (d->token == token)
                                return d;
        return NULL;
}

bool rtas_check_counts(struct rtas_call *c, uint32_t nargs, uint32_t nret)
{
        if (c->nargs == nargs && c->nret == nret)
                return true;
        if (c->nret)
                c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        return false;
}

static unsigned vcpu_index(const struct platform *p, const struct vcpu *vcpu)
{
        for (unsigned i = 0; i < p->nr_vcpus; i++)
                if (p->vcpus[i] == vcpu)
                        return i;
        return vcpu->id;
}

int64_t rtas_dispatch(struct platform *p, struct vcpu *vcpu, uint64_t gpa)
{
        struct rtas_call c = { .p = p, .vcpu = vcpu };
        const struct rtas_def *d;
        uint32_t token;

        if (!platform_ld32(p, gpa, &token) || !platform_ld32(p, gpa + 4, &c.nargs) ||
            !platform_ld32(p, gpa + 8, &c.nret))
                return H_PARAMETER;
        if (c.nargs > RTAS_MAX_ARGS || c.nret > RTAS_MAX_ARGS ||
            !platform_ram(p, gpa, 12 + 4ull * (c.nargs + c.nret)))
                return H_PARAMETER;
        for (uint32_t i = 0; i < c.nargs; i++)
                platform_ld32(p, gpa + 12 + 4ull * i, &c.args[i]);
        c.index = vcpu_index(p, vcpu);
        d = rtas_lookup(token);
        if (d)
                d->fn(&c);
        else if (c.nret)
                c.rets[0] = (uint32_t)RTAS_OUT_NOT_SUPPORTED;
        for (uint32_t i = 0; i < c.nret; i++)
                platform_st32(p, gpa + 12 + 4ull * (c.nargs + i), c.rets[i]);
        return H_SUCCESS;
}

static int64_t h_rtas(struct hcall_ctx *c)
{
        return rtas_dispatch(c->p, c->vcpu, c->args[0]);
}

const struct hcall_def hcalls_rtas[] = {
        { KVMPPC_H_RTAS, "KVMPPC_H_RTAS", h_rtas },
        { 0, NULL, NULL },
};

void rtas_stub_write(uint8_t out[RTAS_STUB_SIZE])
{
        static const uint32_t words[RTAS_STUB_SIZE / 4] = {
                0x7c641b78,                       /* mr   r4,r3 */
                0x3c600000 | (KVMPPC_H_RTAS >> 16), /* lis  r3,KVMPPC_H_RTAS@h */
                0x60630000 | (KVMPPC_H_RTAS & 0xffff), /* ori r3,r3,KVMPPC_H_RTAS@l */
                0x44000022,                       /* sc   1 */
                0x4e800020,                       /* blr */
        };

        for (unsigned i = 0; i < RTAS_STUB_SIZE / 4; i++) {
                out[4 * i] = words[i] >> 24;
                out[4 * i + 1] = words[i] >> 16;
                out[4 * i + 2] = words[i] >> 8;
                out[4 * i + 3] = words[i];
        }
}
