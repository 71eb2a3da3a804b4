/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared by the translator's files: the translation context and the
 * helpers templates use (jit.c), and the template families
 * (jit_int.c, jit_ldst.c, jit_branch.c).
 *
 * Register use in translated code: RBX holds the struct emu_cpu pointer for
 * the whole run (callee-saved, so handler calls keep it), R12 the count of
 * instructions completed since `enter`; RAX, RCX, RDX, RSI and RDI are
 * scratch within one instruction; R8-R11, R13-R15 and RBP hold guest GPRs
 * within a block (jit_regs.c).  Everything else of the guest lives in
 * struct emu_cpu.
 */
#pragma once

#include <stddef.h>

#include "jit.h"
#include "x86.h"

#define JIT_CPU(f)    ((int32_t)offsetof(struct emu_cpu, f))
#define JIT_GPR(n)    (JIT_CPU(gpr) + 8 * (int32_t)(n))
#define JIT_SPR(n)    (JIT_CPU(spr) + 8 * (int32_t)(n))
/* v->req, relative to the cpu inside the vcpu. */
#define JIT_REQ       ((int32_t)offsetof(struct emu_vcpu, req) - (int32_t)offsetof(struct emu_vcpu, cpu))

/* The MMU's translation cache (mmu_inline.h): a field, an access kind's
 * table, a field of an entry. */
#define MMU(f)        JIT_CPU(mmu_tlb.f)
#define XE_OFF(acc)   (MMU(e) + (int32_t)((acc) * EMU_XLATE_ENTRIES * sizeof(struct emu_xlate_entry)))
#define XE(f)         ((int32_t)offsetof(struct emu_xlate_entry, f))
_Static_assert(sizeof(struct emu_xlate_entry) == 32, "translation entry is 4 quadwords");

#define JIT_BLOCK_MAX 128u    /* instructions per block */
#define JIT_STUBS_MAX (2 * JIT_BLOCK_MAX)

/* Translated blocks of one decoded page: code[i] is the body of the block
 * starting at slot i, or NULL. */
struct emu_jit_page {
        void *code[EMU_PAGE_INSNS];
        uint8_t entries[EMU_PAGE_INSNS];   /* block entries seen before translation */
};
/* code[i] for a block that could not be translated: interpret it. */
#define JIT_NO_CODE ((void *)1)

/* Which guest GPRs the block holds in host registers (jit_regs.c). */
#define JIT_CACHE_REGS 8
struct jit_regs {
        int8_t slot_of[32];              /* cache slot of GPR n, or -1 */
        int8_t gpr_in[JIT_CACHE_REGS];   /* GPR in a slot, or -1 */
        bool dirty[JIT_CACHE_REGS];      /* newer than cpu->gpr */
        unsigned next;                   /* the next slot to reuse */
};

/* Code emitted out of line after the block body. */
struct jit_stub {
        x_label from[10];         /* branches to this stub */
        unsigned nfrom;
        unsigned k;               /* the instruction, as an index in the block */
        const struct emu_insn *in;   /* call_slot: the slot whose handler to call */
        int32_t nip_diff;         /* call_slot: bytes to add to cpu->nip for the call */
        const uint8_t *resume;    /* call_slot: where to go on EMU_NEXT */
        bool call_slot;           /* else: leave with the result in EAX */
        struct jit_regs before;   /* call_slot: registers at the branch (stored before the call) */
        struct jit_regs after;    /* call_slot: registers at resume (loaded after the call) */
};

struct jit_ctx {
        struct xbuf b;
        struct emu_jit *jit;
        struct emu_vcpu *v;
        struct emu_page *pg;
        unsigned start;           /* first slot of the block */
        const uint8_t *body;      /* where the block's code starts */
        unsigned k;               /* current instruction, index in the block */
        unsigned synced;          /* cpu->nip is the address of this block index */
        bool le;                  /* the page's code (and data) is little-endian */
        bool relocated;           /* MSR[DR] was set when the block was translated */
        struct jit_stub stubs[JIT_STUBS_MAX];
        unsigned nstubs;
        bool overflow;            /* too many stubs: give up the block */
        struct jit_regs regs;
};

/* jit_regs.c: GPR n into scratch register dst (size bytes, extended);
 * GPR n = src; storing the dirty ones back (before handler calls and
 * exits); the registers a stub stores and reloads. */
void jit_regs_reset(struct jit_ctx *c);
void jit_gpr_read(struct jit_ctx *c, unsigned dst, unsigned n, unsigned size, bool sext);
void jit_gpr_write(struct jit_ctx *c, unsigned n, unsigned src);
void jit_regs_flush(struct jit_ctx *c);
void jit_regs_emit_writeback(struct jit_ctx *c, const struct jit_regs *r);
void jit_regs_emit_reload(struct jit_ctx *c, const struct jit_regs *r);

/* jit.c: helpers for templates. */
/* cpu->nip = address of block index k (before a call). */
void jit_sync_nip(struct jit_ctx *c, unsigned k);
/* call in->fn(cpu, in) with cpu->nip at the current instruction and leave
 * on any result but EMU_NEXT. */
void jit_emit_call_slot(struct jit_ctx *c, const struct emu_insn *in);
/* A stub that calls the current slot's handler (the uncommon case of an
 * inline template) and comes back to `resume` on EMU_NEXT; the branches
 * to it are added with jit_stub_from().  It stores the registers dirty now
 * and, after the call, reloads those cached at resume (the template sets
 * s->after with s->resume). */
struct jit_stub *jit_stub_call(struct jit_ctx *c, const struct emu_insn *in);
void jit_stub_from(struct jit_ctx *c, struct jit_stub *s, x_label from);
/* Leaves the block: EMU_JUMP with cpu->nip already set, after counting the
 * instructions up to and including block index k; jumps to the block at
 * the target instead when it is translated and the loop would run it next
 * (jit.h).  target_slot: the slot when known at translation time, -2 when
 * the target is in another page, else -1 with the target EA in RAX and the
 * branch's EA in RDX (compared at run time for "same page"). */
void jit_emit_jump_exit(struct jit_ctx *c, unsigned k, int target_slot);
/* CR field bf (with SO from XER) from the flags of a compare just made;
 * sign: signed compare.  Uses RAX and RCX. */
void jit_cr_from_flags(struct jit_ctx *c, unsigned bf, bool sign);
/* CR0 from the 64-bit value in RAX (record forms in 64-bit mode). */
void jit_cr0_from_rax(struct jit_ctx *c);

/* Template families: true when the instruction was emitted inline. */
bool jit_int(struct jit_ctx *c, const struct emu_insn *in, const char *name);
bool jit_ldst(struct jit_ctx *c, const struct emu_insn *in, const char *name);

enum jit_branch_result {
        JIT_BRANCH_NONE,          /* not a branch this file translates */
        JIT_BRANCH_CONT,          /* conditional: the block goes on */
        JIT_BRANCH_END,           /* the block ends here */
};
enum jit_branch_result jit_branch(struct jit_ctx *c, const struct emu_insn *in, const char *name);
