/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * H_RANDOM, the cache-inhibited logical load/store pair, and the idle
 * hypercalls.  H_CEDE, H_PROD and H_CONFER normally never leave the vcpu
 * backend (it sleeps the vcpu itself); when a backend does pass them out,
 * cede returns at once (a wake-up with nothing pending is allowed) and prod
 * kicks the target.
 */
#include <errno.h>
#include <sys/random.h>

#include "devices/hcall.h"

static int64_t h_random(struct hcall_ctx *c)
{
        uint64_t v;
        ssize_t n;

        do
                n = getrandom(&v, sizeof(v), 0);
        while (n < 0 && errno == EINTR);
        if (n != (ssize_t)sizeof(v))
                return H_HARDWARE;
        c->args[0] = v;
        return H_SUCCESS;
}

static bool ci_size_ok(uint64_t size, uint64_t addr)
{
        return (size == 1 || size == 2 || size == 4 || size == 8) && addr % size == 0;
}

/* The value is big-endian in the access's bytes, as the architecture's
 * cache-inhibited load instructions the hcall stands for would see it. */
static int64_t h_logical_ci_load(struct hcall_ctx *c)
{
        uint64_t size = c->args[0], addr = c->args[1], v = 0;
        uint8_t data[8];
        const uint8_t *ram;

        if (!ci_size_ok(size, addr))
                return H_PARAMETER;
        if ((ram = platform_ram(c->p, addr, size)))
                for (unsigned i = 0; i < size; i++)
                        data[i] = ram[i];
        else
                mmio_bus_access(&c->p->mmio, addr, data, size, false);
        for (unsigned i = 0; i < size; i++)
                v = v << 8 | data[i];
        c->args[0] = v;
        return H_SUCCESS;
}

static int64_t h_logical_ci_store(struct hcall_ctx *c)
{
        uint64_t size = c->args[0], addr = c->args[1], v = c->args[2];
        uint8_t data[8];
        uint8_t *ram;

        if (!ci_size_ok(size, addr))
                return H_PARAMETER;
        for (unsigned i = 0; i < size; i++)
                data[i] = (uint8_t)(v >> (8 * (size - 1 - i)));
        if ((ram = platform_ram(c->p, addr, size))) {
                for (unsigned i = 0; i < size; i++)
                        ram[i] = data[i];
                platform_ram_written(c->p, addr, size);
        } else
                mmio_bus_access(&c->p->mmio, addr, data, size, true);
        return H_SUCCESS;
}

#define MSR_EE (1ull << 15)

/* PAPR: H_CEDE enables external interrupts, whatever happens next. */
static int64_t h_cede(struct hcall_ctx *c)
{
        struct vcpu_regs regs;

        if (c->vcpu->ops->get_regs(c->vcpu, &regs) >= 0) {
                regs.msr |= MSR_EE;
                c->vcpu->ops->set_regs(c->vcpu, &regs);
        }
        vpa_dispatch_count(c->p, c->index);
        vpa_dispatch_count(c->p, c->index);
        return H_SUCCESS;
}

static int64_t h_prod(struct hcall_ctx *c)
{
        uint64_t target = c->args[0];
        struct vcpu *v;

        if (target >= c->p->nr_vcpus || !(v = c->p->vcpus[target]))
                return H_PARAMETER;
        if (v->ops->kick)
                v->ops->kick(v);
        return H_SUCCESS;
}

static int64_t h_confer(struct hcall_ctx *c)
{
        int64_t target = (int64_t)c->args[0];

        /* -1 means "any vcpu of this partition" */
        if (target != -1 && (target < 0 || (uint64_t)target >= c->p->nr_vcpus))
                return H_PARAMETER;
        return H_SUCCESS;
}

const struct hcall_def hcalls_misc[] = {
        { H_RANDOM, "H_RANDOM", h_random },
        { H_LOGICAL_CI_LOAD, "H_LOGICAL_CI_LOAD", h_logical_ci_load },
        { H_LOGICAL_CI_STORE, "H_LOGICAL_CI_STORE", h_logical_ci_store },
        { H_CEDE, "H_CEDE", h_cede },
        { H_PROD, "H_PROD", h_prod },
        { H_CONFER, "H_CONFER", h_confer },
        { 0, NULL, NULL },
};
