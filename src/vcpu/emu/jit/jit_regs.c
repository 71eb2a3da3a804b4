/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guest GPRs in host registers within a block.
 *
 * A block starts with every GPR in struct emu_cpu.  The first read of a GPR
 * loads it into one of eight host registers, which later reads and writes
 * use; a write marks it dirty.  Before anything that looks at cpu->gpr
 * (a handler call, leaving the block, jumping to another block) the dirty
 * ones are stored back; after a handler call all of them are forgotten,
 * since the handler may have written any GPR and the call clobbers the
 * caller-saved ones.  Eight registers are used round-robin; a dirty one is
 * stored back when it is reused.
 *
 * Templates only copy GPRs into their scratch registers (RAX..RDI) and
 * copy results back, so an eviction never pulls a register from under
 * them.
 */
#include <string.h>

#include "jit_internal.h"

static const unsigned cache_host[JIT_CACHE_REGS] = { R8, R9, R10, R11, R13, R14, R15, RBP };

void jit_regs_reset(struct jit_ctx *c)
{
        memset(c->regs.slot_of, -1, sizeof(c->regs.slot_of));
        memset(c->regs.gpr_in, -1, sizeof(c->regs.gpr_in));
        memset(c->regs.dirty, 0, sizeof(c->regs.dirty));
        c->regs.next = 0;
}

static void store_slot(struct jit_ctx *c, const struct jit_regs *r, unsigned s)
{
        x_st64(&c->b, RBX, JIT_GPR(r->gpr_in[s]), cache_host[s]);
}

static unsigned alloc_slot(struct jit_ctx *c, unsigned n)
{
        struct jit_regs *r = &c->regs;
        unsigned s;

        for (s = 0; s < JIT_CACHE_REGS; s++)
                if (r->gpr_in[s] < 0)
                        break;
        if (s == JIT_CACHE_REGS) {
                s = r->next;
                r->next = (r->next + 1) % JIT_CACHE_REGS;
                if (r->dirty[s])
                        store_slot(c, r, s);
                r->slot_of[r->gpr_in[s]] = -1;
        }
        r->gpr_in[s] = (int8_t)n;
        r->slot_of[n] = (int8_t)s;
        r->dirty[s] = false;
        return s;
}

void jit_gpr_read(struct jit_ctx *c, unsigned dst, unsigned n, unsigned size, bool sext)
{
        int s = c->regs.slot_of[n];

        if (s < 0) {
                s = (int)alloc_slot(c, n);
                x_ld64(&c->b, cache_host[s], RBX, JIT_GPR(n));
        }
        x_extend(&c->b, size, sext, dst, cache_host[s]);
}

void jit_gpr_write(struct jit_ctx *c, unsigned n, unsigned src)
{
        int s = c->regs.slot_of[n];

        if (s < 0)
                s = (int)alloc_slot(c, n);
        x_mov_rr(&c->b, true, cache_host[s], src);
        c->regs.dirty[s] = true;
}

void jit_regs_emit_writeback(struct jit_ctx *c, const struct jit_regs *r)
{
        for (unsigned s = 0; s < JIT_CACHE_REGS; s++)
                if (r->gpr_in[s] >= 0 && r->dirty[s])
                        store_slot(c, r, s);
}

void jit_regs_emit_reload(struct jit_ctx *c, const struct jit_regs *r)
{
        for (unsigned s = 0; s < JIT_CACHE_REGS; s++)
                if (r->gpr_in[s] >= 0)
                        x_ld64(&c->b, cache_host[s], RBX, JIT_GPR(r->gpr_in[s]));
}

void jit_regs_flush(struct jit_ctx *c)
{
        jit_regs_emit_writeback(c, &c->regs);
        memset(c->regs.dirty, 0, sizeof(c->regs.dirty));
}
