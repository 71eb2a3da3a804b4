/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hosts without a block translator (anything but x86-64): the execution
 * loop interprets everything.
 */
#include "jit.h"

struct emu_jit *emu_jit_create(struct emu_vcpu *v)
{
        (void)v;
        return NULL;
}

void emu_jit_free(struct emu_jit *jit)
{
        (void)jit;
}

void emu_jit_page_reset(struct emu_page *pg)
{
        (void)pg;
}

void emu_jit_page_free(struct emu_page *pg)
{
        (void)pg;
}

int emu_jit_run(struct emu_jit *jit, struct emu_page *pg, unsigned i)
{
        (void)jit;
        (void)pg;
        (void)i;
        return -1;
}
