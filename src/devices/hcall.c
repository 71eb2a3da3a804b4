/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The hypercall table: every file's hcall list, looked up by number. */
#include <stddef.h>

#include "devices/hcall.h"

static const struct hcall_def *const hcall_tables[] = {
        hcalls_term, hcalls_mode, hcalls_page, hcalls_vpa,
        hcalls_misc, hcalls_xics, hcalls_rtas, hcalls_mmu,
};

const struct hcall_def *hcall_lookup(uint64_t nr)
{
        for (size_t t = 0; t < sizeof(hcall_tables) / sizeof(hcall_tables[0]); t++)
                for (const struct hcall_def *d = hcall_tables[t]; d->fn; d++)
                        if (d->nr == nr)
                                return d;
        return NULL;
}

static unsigned vcpu_index(const struct platform *p, const struct vcpu *vcpu)
{
        for (unsigned i = 0; i < p->nr_vcpus; i++)
                if (p->vcpus[i] == vcpu)
                        return i;
        return vcpu->id;
}

int64_t hcall_dispatch(struct platform *p, struct vcpu *vcpu, uint64_t nr, uint64_t args[9])
{
        const struct hcall_def *d = hcall_lookup(nr);
        struct hcall_ctx c = { .p = p, .vcpu = vcpu, .args = args };

        if (!d)
                return H_FUNCTION;
        c.index = vcpu_index(p, vcpu);
        return d->fn(&c);
}
