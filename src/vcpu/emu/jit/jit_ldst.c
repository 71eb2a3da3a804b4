/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Load and store templates: the real-mode soft-TLB hit of mem_inline.h
 * inline (MSR[DR] off, the access within one page, the page's entry
 * tagged, and for stores no reservation held by any vcpu and no decoded
 * code on the page), and with MSR[DR] on the MMU cache hit of
 * mmu_inline.h; the byte order of the page's code (MSR[LE]
 * cannot change inside a block).  Anything else calls the slot's handler out of
 * line, which does the whole access exactly as the interpreter would:
 * translation, MMIO exits, faults, code-write tracking.
 */
#include <string.h>

#include "jit_internal.h"

#define TLB_OFF      JIT_CPU(tlb)
#define TLB_ADDEND   ((int32_t)offsetof(struct emu_tlb_entry, addend))
#define TLB_PAGEINFO ((int32_t)offsetof(struct emu_tlb_entry, pageinfo))
_Static_assert(sizeof(struct emu_tlb_entry) == 24, "TLB entry is 3 quadwords");

struct ldst {
        const char *name;
        unsigned size;
        bool store, sext, xform, update;
};

static const struct ldst ldsts[] = {
        { "lbz", 1, false, false, false, false }, { "lhz", 2, false, false, false, false },
        { "lha", 2, false, true, false, false }, { "lwz", 4, false, false, false, false },
        { "lwa", 4, false, true, false, false }, { "ld", 8, false, false, false, false },
        { "lbzx", 1, false, false, true, false }, { "lhzx", 2, false, false, true, false },
        { "lhax", 2, false, true, true, false }, { "lwzx", 4, false, false, true, false },
        { "lwax", 4, false, true, true, false }, { "ldx", 8, false, false, true, false },
        { "lbzu", 1, false, false, false, true }, { "lhzu", 2, false, false, false, true },
        { "lwzu", 4, false, false, false, true }, { "ldu", 8, false, false, false, true },
        { "stb", 1, true, false, false, false }, { "sth", 2, true, false, false, false },
        { "stw", 4, true, false, false, false }, { "std", 8, true, false, false, false },
        { "stbx", 1, true, false, true, false }, { "sthx", 2, true, false, true, false },
        { "stwx", 4, true, false, true, false }, { "stdx", 8, true, false, true, false },
        { "stbu", 1, true, false, false, true }, { "sthu", 2, true, false, false, true },
        { "stwu", 4, true, false, false, true }, { "stdu", 8, true, false, false, true },
};

/* EA into RDI: (RA|0) + imm or (RA|0) + RB; 64-bit mode, no truncation. */
static void emit_ea(struct jit_ctx *c, const struct emu_insn *in, const struct ldst *op)
{
        struct xbuf *b = &c->b;

        if (in->ra)
                jit_gpr_read(c, RDI, in->ra, 8, false);
        else
                x_alu_rr(b, false, ALU_XOR, RDI, RDI);
        if (op->xform) {
                jit_gpr_read(c, RSI, in->rb, 8, false);
                x_alu_rr(b, true, ALU_ADD, RDI, RSI);
        } else if (in->imm) {
                x_alu_ri(b, true, ALU_ADD, RDI, (int32_t)in->imm);
        }
}

/* The TLB check (the EA in RDI): RDX = entry index * 3, RSI = the host
 * page's addend.  Misses branch to the stub.  The EA itself is compared
 * with the tag (a real address): an EA with any of the 4 high-order bits
 * that real mode ignores set never matches and takes the slow path, which
 * masks them.  The tag is compared with the page of the last byte, so an
 * access crossing into the next page misses too. */
static void emit_tlb_hit(struct jit_ctx *c, const struct ldst *op, struct jit_stub *slow)
{
        struct xbuf *b = &c->b;

        x_mov_rr(b, false, RDX, RDI);
        x_shift_ri(b, false, SH_SHR, RDX, 12);
        x_alu_ri(b, false, ALU_AND, RDX, EMU_TLB_ENTRIES - 1);
        x_lea(b, RDX, RDX, RDX, 2, 0);
        x_lea(b, RSI, RDI, X_NOINDEX, 1, (int32_t)op->size - 1);
        x_alu_ri(b, true, ALU_AND, RSI, -0x1000);
        x_alu_ri(b, true, ALU_OR, RSI, 1);
        x_op_mem(b, true, X_OP(0x3b), RSI, RBX, RDX, 8, TLB_OFF);    /* cmp rsi, tag */
        jit_stub_from(c, slow, x_jcc(b, CC_NE));
        x_load(b, 8, false, RSI, RBX, RDX, 8, TLB_OFF + TLB_ADDEND);
        if (op->store)
                x_load(b, 8, false, RDX, RBX, RDX, 8, TLB_OFF + TLB_PAGEINFO);
}

/* The relocated hit of mmu_inline.h (EA in RDI, MSR[DR] on): the MMU's
 * cache current (partition invalidations, RAM layout, PID, no AMR
 * dependence), and the entry of the access kind tagged with the EA page
 * of the last byte, MSR[PR] and the epoch, with a host address.  Leaves
 * RSI = addend (host = RSI + RDI) and, for stores, RDX = the page's
 * code-tracking word. */
static void emit_mmu_hit(struct jit_ctx *c, const struct ldst *op, struct jit_stub *slow)
{
        struct xbuf *b = &c->b;
        struct emu_vm *vm = c->v->cpu.vm;
        unsigned acc = op->store ? 1 : 0;

        x_mov_imm(b, RAX, (uint64_t)(uintptr_t)&vm->mmu.gen);
        x_load(b, 4, false, RAX, RAX, X_NOINDEX, 1, 0);
        x_alu_rm(b, false, ALU_CMP, RAX, RBX, MMU(gen));
        jit_stub_from(c, slow, x_jcc(b, CC_NE));
        x_mov_imm(b, RAX, (uint64_t)(uintptr_t)&vm->mem_gen);
        x_load(b, 4, false, RAX, RAX, X_NOINDEX, 1, 0);
        x_alu_rm(b, false, ALU_CMP, RAX, RBX, MMU(mem_gen));
        jit_stub_from(c, slow, x_jcc(b, CC_NE));
        x_ld64(b, RAX, RBX, JIT_SPR(SPR_PID));
        x_alu_rm(b, true, ALU_CMP, RAX, RBX, MMU(pid));
        jit_stub_from(c, slow, x_jcc(b, CC_NE));
        x_load(b, 1, false, RAX, RBX, X_NOINDEX, 1, MMU(amr_used));
        x_test_rr(b, false, RAX, RAX);
        jit_stub_from(c, slow, x_jcc(b, CC_NE));
        /* RDX = entry offset; RSI = the tag wanted. */
        x_mov_rr(b, false, RDX, RDI);
        x_shift_ri(b, false, SH_SHR, RDX, 12);
        x_alu_ri(b, false, ALU_AND, RDX, EMU_XLATE_ENTRIES - 1);
        x_shift_ri(b, false, SH_SHL, RDX, 5);
        x_lea(b, RSI, RDI, X_NOINDEX, 1, (int32_t)op->size - 1);
        x_alu_ri(b, true, ALU_AND, RSI, -0x1000);
        x_alu_rm(b, true, ALU_OR, RSI, RBX, MMU(tag_bits));
        x_alu_ri(b, true, ALU_OR, RSI, 1);
        x_load(b, 4, false, RAX, RBX, X_NOINDEX, 1, JIT_CPU(msr));
        x_shift_ri(b, false, SH_SHR, RAX, 13);          /* MSR[PR] (0x4000) -> 2 */
        x_alu_ri(b, false, ALU_AND, RAX, 2);
        x_alu_rr(b, true, ALU_OR, RSI, RAX);
        x_op_mem(b, true, X_OP(0x3b), RSI, RBX, RDX, 1, XE_OFF(acc) + XE(tag));   /* cmp */
        jit_stub_from(c, slow, x_jcc(b, CC_NE));
        x_load(b, 8, false, RSI, RBX, RDX, 1, XE_OFF(acc) + XE(addend));
        x_test_rr(b, true, RSI, RSI);
        jit_stub_from(c, slow, x_jcc(b, CC_E));
        if (op->store)
                x_load(b, 8, false, RDX, RBX, RDX, 1, XE_OFF(acc) + XE(pageinfo));
}

/* Both hit paths, chosen by MSR[DR]: a real page's code may run in both
 * modes (a kernel's early boot and later), the mode it was translated in
 * falls through. */
static void emit_hit(struct jit_ctx *c, const struct ldst *op, struct jit_stub *slow)
{
        struct xbuf *b = &c->b;
        x_label other, done;

        x_test_mi32(b, RBX, JIT_CPU(msr), (uint32_t)MSR_DR);
        other = x_jcc(b, c->relocated ? CC_E : CC_NE);
        if (c->relocated)
                emit_mmu_hit(c, op, slow);
        else
                emit_tlb_hit(c, op, slow);
        done = x_jmp(b);
        x_here(b, other);
        if (c->relocated)
                emit_tlb_hit(c, op, slow);
        else
                emit_mmu_hit(c, op, slow);
        x_here(b, done);
}

/* RAX = guest-order value at [RSI + RDI], extended to 64 bits. */
static void emit_host_load(struct jit_ctx *c, const struct ldst *op)
{
        struct xbuf *b = &c->b;

        if (c->le || op->size == 1) {
                x_load(b, op->size, op->sext, RAX, RSI, RDI, 1, 0);
                return;
        }
        x_load(b, op->size, false, RAX, RSI, RDI, 1, 0);
        if (op->size == 2)
                x_swap16(b, RAX);
        else
                x_bswap(b, op->size == 8, RAX);
        if (op->size < 8)
                x_extend(b, op->size, op->sext, RAX, RAX);
}

/* [RSI + RDI] = RCX in guest order. */
static void emit_host_store(struct jit_ctx *c, const struct ldst *op)
{
        struct xbuf *b = &c->b;

        if (!c->le && op->size == 2)
                x_swap16(b, RCX);
        else if (!c->le && op->size > 2)
                x_bswap(b, op->size == 8, RCX);
        x_store(b, op->size, RCX, RSI, RDI, 1, 0);
}

/* Every GPR the access reads is read before the first branch to the slow
 * path, so that all those branches leave the same registers behind. */
static void emit_ldst(struct jit_ctx *c, const struct emu_insn *in, const struct ldst *op)
{
        struct xbuf *b = &c->b;
        struct jit_stub *slow;

        emit_ea(c, in, op);
        if (op->store)
                jit_gpr_read(c, RCX, in->rt, 8, false);
        slow = jit_stub_call(c, in);
        emit_hit(c, op, slow);
        if (op->store) {
                /* Any vcpu's reservation, or decoded code on the page: the
                 * handler clears reservations and bumps the code generation. */
                x_mov_imm(b, RAX, (uint64_t)(uintptr_t)&c->v->cpu.vm->nresv);
                x_alu_mi(b, false, ALU_CMP, RAX, 0, 0);
                jit_stub_from(c, slow, x_jcc(b, CC_NE));
                x_test_mi32(b, RDX, 0, 1);
                jit_stub_from(c, slow, x_jcc(b, CC_NE));
                emit_host_store(c, op);
        } else {
                emit_host_load(c, op);
                jit_gpr_write(c, in->rt, RAX);
        }
        if (op->update)
                jit_gpr_write(c, in->ra, RDI);
        if (slow) {
                slow->resume = b->p;
                slow->after = c->regs;
        }
}

bool jit_ldst(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        for (size_t i = 0; i < sizeof(ldsts) / sizeof(ldsts[0]); i++) {
                const struct ldst *op = &ldsts[i];

                if (strcmp(name, op->name))
                        continue;
                /* Invalid update forms (RA = 0, or RA = RT for a load) are
                 * the handler's to judge. */
                if (op->update && (in->ra == 0 || (!op->store && in->ra == in->rt)))
                        return false;
                emit_ldst(c, in, op);
                return true;
        }
        return false;
}
