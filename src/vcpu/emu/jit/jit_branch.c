/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Branch templates (Power ISA 3.0 Book I 2.4): b, bl, bc, bclr, bcctr and
 * bcctrl, as op_branch.c defines them in 64-bit mode: BO decides whether
 * CTR is decremented and tested and whether the CR bit BI is tested; a
 * taken branch records its own address in CFAR; LK sets LR to the next
 * instruction whether or not the branch is taken, after the target was
 * read from LR.
 *
 * A taken branch leaves the block through jit_emit_jump_exit, which goes
 * on to the target's block when it is in the same page.  A conditional
 * branch that is not taken falls into the next instruction of the block.
 */
#include <string.h>

#include "jit_internal.h"

#define BO_NO_CR   0x10u
#define BO_CR_SET  0x08u
#define BO_NO_CTR  0x04u
#define BO_CTR_Z   0x02u

enum target_kind { TO_REL, TO_LR, TO_CTR };

static unsigned bo_of(uint32_t w) { return (w >> 21) & 31u; }
static unsigned bi_of(uint32_t w) { return (w >> 16) & 31u; }

/* The branch's address into r. */
static void branch_ea(struct jit_ctx *c, unsigned r)
{
        x_ld64(&c->b, r, RBX, JIT_CPU(nip));
        if (c->k != c->synced)
                x_alu_ri(&c->b, true, ALU_ADD, r, 4 * ((int32_t)c->k - (int32_t)c->synced));
}

/* Emits the BO/BI test; the returned labels (NULL if unused) are taken
 * when the branch is not. */
static void emit_condition(struct jit_ctx *c, unsigned bo, unsigned bi, x_label not_taken[2])
{
        struct xbuf *b = &c->b;

        not_taken[0] = not_taken[1] = NULL;
        if (!(bo & BO_NO_CTR)) {
                x_alu_mi(b, true, ALU_SUB, RBX, JIT_CPU(ctr), 1);
                not_taken[0] = x_jcc(b, (bo & BO_CTR_Z) ? CC_NE : CC_E);
        }
        if (!(bo & BO_NO_CR)) {
                x_test_mi32(b, RBX, JIT_CPU(cr), 1u << (31 - bi));
                not_taken[1] = x_jcc(b, (bo & BO_CR_SET) ? CC_E : CC_NE);
        }
}

static void emit_taken(struct jit_ctx *c, const struct emu_insn *in, enum target_kind to, bool lk)
{
        struct xbuf *b = &c->b;
        int slot = -1;

        if (to == TO_LR || to == TO_CTR) {
                x_ld64(b, RAX, RBX, to == TO_LR ? JIT_CPU(lr) : JIT_CPU(ctr));
                x_alu_ri(b, true, ALU_AND, RAX, -4);
        }
        branch_ea(c, RDX);
        x_st64(b, RBX, JIT_SPR(SPR_CFAR), RDX);
        if (lk) {
                x_lea(b, RCX, RDX, X_NOINDEX, 1, 4);
                x_st64(b, RBX, JIT_CPU(lr), RCX);
        }
        if (to == TO_REL) {
                int64_t t = (int64_t)(c->start + c->k) + in->imm / 4;

                x_lea(b, RAX, RDX, X_NOINDEX, 1, (int32_t)in->imm);
                slot = (t >= 0 && t < EMU_PAGE_INSNS) ? (int)t : -2;
        }
        x_st64(b, RBX, JIT_CPU(nip), RAX);
        jit_emit_jump_exit(c, c->k, slot);
}

static enum jit_branch_result emit_bc(struct jit_ctx *c, const struct emu_insn *in,
                                      enum target_kind to, bool lk)
{
        unsigned bo = bo_of(in->word);
        x_label not_taken[2];

        if (lk && to != TO_CTR)
                return JIT_BRANCH_NONE;   /* bcl (get-PC idiom), bclrl: rare */
        if (lk) {
                /* bcctrl: LR is set whether or not the branch is taken. */
                if ((bo & (BO_NO_CR | BO_NO_CTR)) != (BO_NO_CR | BO_NO_CTR))
                        return JIT_BRANCH_NONE;
        }
        emit_condition(c, bo, bi_of(in->word), not_taken);
        emit_taken(c, in, to, lk);
        if (!not_taken[0] && !not_taken[1])
                return JIT_BRANCH_END;
        x_here(&c->b, not_taken[0]);
        x_here(&c->b, not_taken[1]);
        return JIT_BRANCH_CONT;
}

enum jit_branch_result jit_branch(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        if (!strcmp(name, "b") || !strcmp(name, "bl")) {
                emit_taken(c, in, TO_REL, name[1] == 'l');
                return JIT_BRANCH_END;
        }
        if (!strcmp(name, "bc"))
                return emit_bc(c, in, TO_REL, false);
        if (!strcmp(name, "bclr"))
                return emit_bc(c, in, TO_LR, false);
        if (!strcmp(name, "bcctr"))
                return emit_bc(c, in, TO_CTR, false);
        if (!strcmp(name, "bcctrl"))
                return emit_bc(c, in, TO_CTR, true);
        return JIT_BRANCH_NONE;
}
