/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point templates: the instructions compiled code runs most, each as
 * its op_*.c handler defines it in 64-bit mode, using the operands the
 * decoder left in the slot (imm: the immediate, already shifted for the
 * "shifted" forms; aux: the rotate mask; rt: BF for compares).  Record
 * forms set CR0 from the 64-bit result with SO from XER.  Overflow-enable
 * forms (addo, ...) are not here: they are handler calls.
 */
#include <string.h>

#include "jit_internal.h"

static void ld_gpr(struct jit_ctx *c, unsigned r, unsigned n) { jit_gpr_read(c, r, n, 8, false); }
static void st_gpr(struct jit_ctx *c, unsigned n, unsigned r) { jit_gpr_write(c, n, r); }

/* r op= GPR n. */
static void alu_gpr(struct jit_ctx *c, enum x_alu op, unsigned r, unsigned n)
{
        jit_gpr_read(c, RCX, n, 8, false);
        x_alu_rr(&c->b, true, op, r, RCX);
}

/* GPR n = RAX, and CR0 from it for a record form. */
static void finish(struct jit_ctx *c, unsigned n, bool rc)
{
        st_gpr(c, n, RAX);
        if (rc)
                jit_cr0_from_rax(c);
}

/* r op= imm, for any 64-bit imm. */
static void alu_imm64(struct jit_ctx *c, enum x_alu op, unsigned r, uint64_t imm)
{
        if (x_fits32((int64_t)imm)) {
                x_alu_ri(&c->b, true, op, r, (int32_t)imm);
        } else {
                x_mov_imm(&c->b, RCX, imm);
                x_alu_rr(&c->b, true, op, r, RCX);
        }
}

/* Name without its record dot: rc tells whether it had one. */
static bool base_is(const char *name, const char *base, bool *rc)
{
        size_t n = strlen(base);

        if (strncmp(name, base, n))
                return false;
        if (name[n] == '\0') {
                *rc = false;
                return true;
        }
        if (name[n] == '.' && name[n + 1] == '\0') {
                *rc = true;
                return true;
        }
        return false;
}

static bool emit_arith(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        struct xbuf *b = &c->b;
        bool rc;

        if (!strcmp(name, "li") || !strcmp(name, "lis") ||
            ((!strcmp(name, "addi") || !strcmp(name, "addis")) && in->ra == 0)) {
                x_mov_imm(b, RAX, (uint64_t)in->imm);
                finish(c, in->rt, false);
        } else if (!strcmp(name, "addi") || !strcmp(name, "addis")) {
                ld_gpr(c, RAX, in->ra);
                if (in->imm)
                        x_alu_ri(b, true, ALU_ADD, RAX, (int32_t)in->imm);
                finish(c, in->rt, false);
        } else if (base_is(name, "add", &rc)) {
                ld_gpr(c, RAX, in->ra);
                alu_gpr(c, ALU_ADD, RAX, in->rb);
                finish(c, in->rt, rc);
        } else if (base_is(name, "subf", &rc)) {
                ld_gpr(c, RAX, in->rb);
                alu_gpr(c, ALU_SUB, RAX, in->ra);
                finish(c, in->rt, rc);
        } else if (base_is(name, "neg", &rc)) {
                ld_gpr(c, RAX, in->ra);
                x_neg(b, true, RAX);
                finish(c, in->rt, rc);
        } else if (!strcmp(name, "mulli")) {
                ld_gpr(c, RAX, in->ra);
                x_mov_imm(b, RCX, (uint64_t)in->imm);
                x_imul_rr(b, true, RAX, RCX);
                finish(c, in->rt, false);
        } else if (!strcmp(name, "mulld")) {
                ld_gpr(c, RAX, in->ra);
                ld_gpr(c, RCX, in->rb);
                x_imul_rr(b, true, RAX, RCX);
                finish(c, in->rt, false);
        } else if (!strcmp(name, "mullw")) {
                /* The 64-bit product of the signed low words. */
                jit_gpr_read(c, RAX, in->ra, 4, true);
                jit_gpr_read(c, RCX, in->rb, 4, true);
                x_imul_rr(b, true, RAX, RCX);
                finish(c, in->rt, false);
        } else {
                return false;
        }
        return true;
}

/* The carrying adds and subtracts (OE=0): RT = x + y + cin as op_int.c's
 * add3 computes it, with x RA or ~RA, y RB, 0 or ~0, cin 0, 1 or CA; CA is
 * the carry out of bit 0 and CA32 the carry into bit 32 (bit 32 of
 * x ^ y ^ RT). */
static bool emit_carry(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        enum { Y_RB, Y_ZERO, Y_ONES };
        enum { CIN_0, CIN_1, CIN_CA };
        static const struct { const char *name; bool not_x; unsigned y, cin; } ops[] = {
                { "addc", false, Y_RB, CIN_0 }, { "subfc", true, Y_RB, CIN_1 },
                { "adde", false, Y_RB, CIN_CA }, { "subfe", true, Y_RB, CIN_CA },
                { "addme", false, Y_ONES, CIN_CA }, { "addze", false, Y_ZERO, CIN_CA },
                { "subfze", true, Y_ZERO, CIN_CA },
        };
        struct xbuf *b = &c->b;
        bool rc;

        for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
                if (!base_is(name, ops[i].name, &rc))
                        continue;
                ld_gpr(c, RAX, in->ra);
                if (ops[i].not_x)
                        x_not(b, true, RAX);
                if (ops[i].y == Y_RB)
                        ld_gpr(c, RCX, in->rb);
                else
                        x_mov_imm(b, RCX, ops[i].y == Y_ONES ? ~0ull : 0);
                x_mov_rr(b, true, RSI, RAX);
                x_alu_rr(b, true, ALU_XOR, RSI, RCX);            /* x ^ y */
                x_load(b, 1, false, RDX, RBX, X_NOINDEX, 1, JIT_CPU(ca));
                /* CF = cin; the moves after it leave the flags alone. */
                if (ops[i].cin == CIN_CA) {
                        x_alu_ri(b, false, ALU_CMP, RDX, 1);      /* CF = !CA */
                        x_cmc(b);
                } else if (ops[i].cin == CIN_1) {
                        x_stc(b);
                } else {
                        x_clc(b);
                }
                x_mov_imm(b, RDX, 0);
                x_alu_rr(b, true, ALU_ADC, RAX, RCX);
                x_setcc(b, CC_B, RDX);
                x_store(b, 1, RDX, RBX, X_NOINDEX, 1, JIT_CPU(ca));
                x_alu_rr(b, true, ALU_XOR, RSI, RAX);
                x_shift_ri(b, true, SH_SHR, RSI, 32);
                x_mov_rr(b, false, RCX, RSI);
                x_alu_ri(b, false, ALU_AND, RCX, 1);
                x_store(b, 1, RCX, RBX, X_NOINDEX, 1, JIT_CPU(ca32));
                finish(c, in->rt, rc);
                return true;
        }
        return false;
}

/* X-form logical: RA = RS op RB (RS in the slot's rt). */
static bool emit_logic(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        static const struct { const char *name; enum x_alu op; bool invert_rb, invert_result; } ops[] = {
                { "and", ALU_AND, false, false }, { "or", ALU_OR, false, false },
                { "xor", ALU_XOR, false, false }, { "andc", ALU_AND, true, false },
                { "nor", ALU_OR, false, true },
        };
        struct xbuf *b = &c->b;
        bool rc;

        for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
                if (!base_is(name, ops[i].name, &rc))
                        continue;
                ld_gpr(c, RAX, in->rt);
                if (ops[i].invert_rb) {
                        ld_gpr(c, RCX, in->rb);
                        x_not(b, true, RCX);
                        x_alu_rr(b, true, ops[i].op, RAX, RCX);
                } else if (in->rb != in->rt || ops[i].op == ALU_XOR) {
                        alu_gpr(c, ops[i].op, RAX, in->rb);
                }
                if (ops[i].invert_result)
                        x_not(b, true, RAX);
                finish(c, in->ra, rc);
                return true;
        }
        /* D-form logical with an unsigned (possibly shifted) immediate. */
        static const struct { const char *name; enum x_alu op; bool rc; } imms[] = {
                { "andi.", ALU_AND, true }, { "andis.", ALU_AND, true },
                { "ori", ALU_OR, false }, { "oris", ALU_OR, false },
                { "xori", ALU_XOR, false }, { "xoris", ALU_XOR, false },
        };
        for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++) {
                if (strcmp(name, imms[i].name))
                        continue;
                if (!in->imm && imms[i].op != ALU_AND && in->ra == in->rt)
                        return true;    /* nop (ori 0,0,0) and friends: no change */
                ld_gpr(c, RAX, in->rt);
                if (in->imm || imms[i].op == ALU_AND)
                        alu_imm64(c, imms[i].op, RAX, (uint64_t)in->imm);
                finish(c, in->ra, imms[i].rc);
                return true;
        }
        static const struct { const char *name; unsigned size; } exts[] = {
                { "extsb", 1 }, { "extsh", 2 }, { "extsw", 4 },
        };
        for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
                if (!base_is(name, exts[i].name, &rc))
                        continue;
                jit_gpr_read(c, RAX, in->rt, exts[i].size, true);
                finish(c, in->ra, rc);
                return true;
        }
        return false;
}

/* rlwinm: ROTL32 (the low word in both halves) & mask; rld*: ROTL64 & mask. */
static bool emit_rotate(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        struct xbuf *b = &c->b;
        unsigned sh = (unsigned)in->imm & 63;
        uint64_t m = in->aux;
        bool rc;

        if (base_is(name, "rlwinm", &rc)) {
                jit_gpr_read(c, RAX, in->rt, 4, false);
                if (sh & 31)
                        x_shift_ri(b, false, SH_ROL, RAX, sh & 31);
                if (m >> 32) {
                        x_mov_rr(b, true, RCX, RAX);
                        x_shift_ri(b, true, SH_SHL, RCX, 32);
                        x_alu_rr(b, true, ALU_OR, RAX, RCX);
                        alu_imm64(c, ALU_AND, RAX, m);
                } else if (m != 0xffffffffu) {
                        x_alu_ri(b, false, ALU_AND, RAX, (int32_t)(uint32_t)m);
                }
                finish(c, in->ra, rc);
                return true;
        }
        if (base_is(name, "rldicl", &rc) || base_is(name, "rldicr", &rc) ||
            base_is(name, "rldic", &rc)) {
                ld_gpr(c, RAX, in->rt);
                if (sh)
                        x_shift_ri(b, true, SH_ROL, RAX, sh);
                if (m == 0xffffffffu)
                        x_mov_rr(b, false, RAX, RAX);
                else if (m <= 0xffffffffu && !x_fits32((int64_t)m))
                        x_alu_ri(b, false, ALU_AND, RAX, (int32_t)(uint32_t)m);
                else if (m != ~0ull)
                        alu_imm64(c, ALU_AND, RAX, m);
                finish(c, in->ra, rc);
                return true;
        }
        /* rlwimi, rldimi: the rotated RS under the mask, RA elsewhere. */
        bool word = base_is(name, "rlwimi", &rc);
        if (word || base_is(name, "rldimi", &rc)) {
                if (word) {
                        jit_gpr_read(c, RAX, in->rt, 4, false);
                        if (sh & 31)
                                x_shift_ri(b, false, SH_ROL, RAX, sh & 31);
                        x_mov_rr(b, true, RCX, RAX);
                        x_shift_ri(b, true, SH_SHL, RCX, 32);
                        x_alu_rr(b, true, ALU_OR, RAX, RCX);
                } else {
                        ld_gpr(c, RAX, in->rt);
                        if (sh)
                                x_shift_ri(b, true, SH_ROL, RAX, sh);
                }
                alu_imm64(c, ALU_AND, RAX, m);
                ld_gpr(c, RDX, in->ra);
                x_mov_imm(b, RCX, ~m);
                x_alu_rr(b, true, ALU_AND, RDX, RCX);
                x_alu_rr(b, true, ALU_OR, RAX, RDX);
                finish(c, in->ra, rc);
                return true;
        }
        return false;
}

/* slw/srw (count & 63, 32..63 give 0) and sld/srd (count & 127, 64..127
 * give 0): x86 masks the count to 5 or 6 bits, so the next bit up selects
 * zero. */
static bool emit_shift(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        static const struct { const char *name; bool dword; enum x_shift op; } ops[] = {
                { "slw", false, SH_SHL }, { "srw", false, SH_SHR },
                { "sld", true, SH_SHL }, { "srd", true, SH_SHR },
        };
        struct xbuf *b = &c->b;
        bool rc;

        for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
                bool w = ops[i].dword;

                if (!base_is(name, ops[i].name, &rc))
                        continue;
                jit_gpr_read(c, RAX, in->rt, w ? 8 : 4, false);
                jit_gpr_read(c, RCX, in->rb, 4, false);
                x_shift_cl(b, w, ops[i].op, RAX);
                x_alu_rr(b, false, ALU_XOR, RDX, RDX);
                x_test_ri32(b, RCX, w ? 64 : 32);
                x_cmov(b, true, CC_NE, RAX, RDX);
                finish(c, in->ra, rc);
                return true;
        }
        return false;
}

/* srawi/sradi: arithmetic shift; CA = CA32 = negative and 1 bits lost. */
static bool emit_sra_imm(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        struct xbuf *b = &c->b;
        unsigned sh = (unsigned)in->imm & 63;
        bool rc, word;

        if (base_is(name, "srawi", &rc))
                word = true;
        else if (base_is(name, "sradi", &rc))
                word = false;
        else
                return false;
        jit_gpr_read(c, RAX, in->rt, word ? 4 : 8, word);
        x_alu_rr(b, false, ALU_XOR, RDX, RDX);
        if (sh) {
                /* lost bits != 0 -> DL; then DL &= sign */
                x_mov_imm(b, RCX, (1ull << sh) - 1);
                x_test_rr(b, true, RAX, RCX);
                x_setcc(b, CC_NE, RDX);
                x_mov_rr(b, true, RCX, RAX);
                x_shift_ri(b, true, SH_SHR, RCX, 63);
                x_alu_rr(b, false, ALU_AND, RDX, RCX);
                x_shift_ri(b, true, SH_SAR, RAX, sh);
        }
        x_store(b, 1, RDX, RBX, X_NOINDEX, 1, JIT_CPU(ca));
        x_store(b, 1, RDX, RBX, X_NOINDEX, 1, JIT_CPU(ca32));
        finish(c, in->ra, rc);
        return true;
}

/* cmp, cmpl, cmpi, cmpli: BF in rt, L (bit 10 of the word) selects 64 bits. */
static bool emit_compare(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        struct xbuf *b = &c->b;
        bool reg, sign;
        bool l = (in->word >> 21) & 1u;

        if (!strcmp(name, "cmp"))
                reg = true, sign = true;
        else if (!strcmp(name, "cmpl"))
                reg = true, sign = false;
        else if (!strcmp(name, "cmpi"))
                reg = false, sign = true;
        else if (!strcmp(name, "cmpli"))
                reg = false, sign = false;
        else
                return false;
        jit_gpr_read(c, RAX, in->ra, l ? 8 : 4, false);
        if (reg)
                jit_gpr_read(c, RSI, in->rb, l ? 8 : 4, false);
        if (reg)
                x_alu_rr(b, l, ALU_CMP, RAX, RSI);
        else
                x_alu_ri(b, l, ALU_CMP, RAX, (int32_t)in->imm);   /* SI, or UI < 2^16 */
        jit_cr_from_flags(c, in->rt & 7u, sign);
        return true;
}

/* extswsli: the sign-extended low word shifted left (XS form, sh in imm);
 * isel: RT = CR bit BC (mask in aux) ? (RA|0) : RB. */
static bool emit_select_shift(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        struct xbuf *b = &c->b;
        bool rc;

        if (base_is(name, "extswsli", &rc)) {
                jit_gpr_read(c, RAX, in->rt, 4, true);
                if (in->imm & 63)
                        x_shift_ri(b, true, SH_SHL, RAX, (unsigned)in->imm & 63);
                finish(c, in->ra, rc);
                return true;
        }
        if (!strcmp(name, "isel")) {
                ld_gpr(c, RAX, in->rb);
                if (in->ra)
                        ld_gpr(c, RCX, in->ra);
                else
                        x_alu_rr(b, false, ALU_XOR, RCX, RCX);
                x_test_mi32(b, RBX, JIT_CPU(cr), (uint32_t)in->aux);
                x_cmov(b, true, CC_NE, RAX, RCX);
                finish(c, in->rt, false);
                return true;
        }
        return false;
}

/* mtlr, mtctr, mflr, mfctr: plain moves (no privilege, facility or hook). */
static bool emit_spr_move(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        bool to = !strcmp(name, "mtspr");
        int32_t off;

        if (!to && strcmp(name, "mfspr"))
                return false;
        if (in->aux == SPR_LR)
                off = JIT_CPU(lr);
        else if (in->aux == SPR_CTR)
                off = JIT_CPU(ctr);
        else
                return false;
        if (to) {
                ld_gpr(c, RAX, in->rt);
                x_st64(&c->b, RBX, off, RAX);
        } else {
                x_ld64(&c->b, RAX, RBX, off);
                st_gpr(c, in->rt, RAX);
        }
        return true;
}

bool jit_int(struct jit_ctx *c, const struct emu_insn *in, const char *name)
{
        return emit_arith(c, in, name) || emit_carry(c, in, name) || emit_logic(c, in, name) || emit_rotate(c, in, name) ||
               emit_shift(c, in, name) || emit_sra_imm(c, in, name) || emit_compare(c, in, name) ||
               emit_spr_move(c, in, name) || emit_select_shift(c, in, name);
}
