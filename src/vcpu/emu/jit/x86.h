/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A small x86-64 instruction emitter for the JIT: only the forms the
 * templates use.  Memory operands are base + disp (+ index * scale); the
 * emitter picks the short displacement when it fits.  Writing past the end
 * of the buffer sets `full` and writes nothing, so a translation that ran
 * out of room is simply thrown away by its caller.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum x_reg {
        RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
        R8, R9, R10, R11, R12, R13, R14, R15,
};

/* Condition codes (the low nibble of Jcc/SETcc). */
enum x_cc {
        CC_O = 0x0, CC_B = 0x2, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6,
        CC_A = 0x7, CC_S = 0x8, CC_NS = 0x9, CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe,
        CC_G = 0xf,
};

/* The /digit of the 0x81/0x83 group and the register-memory ALU opcodes. */
enum x_alu { ALU_ADD = 0, ALU_OR = 1, ALU_ADC = 2, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };
/* The /digit of the 0xc1 shift group. */
enum x_shift { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

struct xbuf {
        uint8_t *p, *end;
        bool full;
};

#define X_NOINDEX 0xffu

static inline void x_bytes(struct xbuf *b, const void *v, size_t n)
{
        if (b->full || (size_t)(b->end - b->p) < n) {
                b->full = true;
                return;
        }
        memcpy(b->p, v, n);
        b->p += n;
}

static inline void x_u8(struct xbuf *b, uint8_t v) { x_bytes(b, &v, 1); }
static inline void x_u32(struct xbuf *b, uint32_t v) { x_bytes(b, &v, 4); }
static inline void x_u64(struct xbuf *b, uint64_t v) { x_bytes(b, &v, 8); }

static inline bool x_fits8(int64_t v) { return v >= -128 && v <= 127; }
static inline bool x_fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/* REX prefix: W (64-bit operand), R (reg), X (index), B (base/rm).  force:
 * needed for byte registers SPL..DIL, which the templates avoid. */
static inline void x_rex(struct xbuf *b, bool w, unsigned reg, unsigned index, unsigned base)
{
        uint8_t rex = 0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) |
                      ((index != X_NOINDEX && (index & 8)) ? 2 : 0) | ((base & 8) ? 1 : 0);
        if (rex != 0x40)
                x_u8(b, rex);
}

/* ModRM (+SIB, +disp) for [base + index*scale + disp]. */
static inline void x_mem(struct xbuf *b, unsigned reg, unsigned base, unsigned index,
                         unsigned scale, int32_t disp)
{
        unsigned mod = (disp == 0 && (base & 7) != RBP) ? 0 : x_fits8(disp) ? 1 : 2;
        bool sib = index != X_NOINDEX || (base & 7) == RSP;

        x_u8(b, (uint8_t)(mod << 6 | (reg & 7) << 3 | (sib ? 4 : (base & 7))));
        if (sib) {
                unsigned ss = scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
                unsigned idx = index == X_NOINDEX ? 4 : (index & 7);
                x_u8(b, (uint8_t)(ss << 6 | idx << 3 | (base & 7)));
        }
        if (mod == 1)
                x_u8(b, (uint8_t)(int8_t)disp);
        else if (mod == 2)
                x_u32(b, (uint32_t)disp);
}

/* op reg, [base + index*scale + disp] (or the reverse, per opcode). */
static inline void x_op_mem(struct xbuf *b, bool w, const uint8_t *op, size_t oplen,
                            unsigned reg, unsigned base, unsigned index, unsigned scale,
                            int32_t disp)
{
        x_rex(b, w, reg, index, base);
        x_bytes(b, op, oplen);
        x_mem(b, reg, base, index, scale, disp);
}

static inline void x_op_reg(struct xbuf *b, bool w, const uint8_t *op, size_t oplen,
                            unsigned reg, unsigned rm)
{
        x_rex(b, w, reg, X_NOINDEX, rm);
        x_bytes(b, op, oplen);
        x_u8(b, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

#define X_OP(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Loads and stores of [base + disp]: size 1, 2, 4 or 8 bytes. */
static inline void x_load(struct xbuf *b, unsigned size, bool sext, unsigned r,
                          unsigned base, unsigned index, unsigned scale, int32_t disp)
{
        switch (size) {
        case 1:
                x_op_mem(b, sext, X_OP(0x0f, sext ? 0xbe : 0xb6), r, base, index, scale, disp);
                break;
        case 2:
                x_op_mem(b, sext, X_OP(0x0f, sext ? 0xbf : 0xb7), r, base, index, scale, disp);
                break;
        case 4:
                if (sext)
                        x_op_mem(b, true, X_OP(0x63), r, base, index, scale, disp);
                else
                        x_op_mem(b, false, X_OP(0x8b), r, base, index, scale, disp);
                break;
        default:
                x_op_mem(b, true, X_OP(0x8b), r, base, index, scale, disp);
        }
}

/* Stores the low `size` bytes of r (r must be RAX, RCX, RDX or RBX for 1). */
static inline void x_store(struct xbuf *b, unsigned size, unsigned r, unsigned base,
                           unsigned index, unsigned scale, int32_t disp)
{
        switch (size) {
        case 1:
                x_op_mem(b, false, X_OP(0x88), r, base, index, scale, disp);
                break;
        case 2:
                x_u8(b, 0x66);
                x_op_mem(b, false, X_OP(0x89), r, base, index, scale, disp);
                break;
        case 4:
                x_op_mem(b, false, X_OP(0x89), r, base, index, scale, disp);
                break;
        default:
                x_op_mem(b, true, X_OP(0x89), r, base, index, scale, disp);
        }
}

static inline void x_ld64(struct xbuf *b, unsigned r, unsigned base, int32_t disp)
{
        x_load(b, 8, false, r, base, X_NOINDEX, 1, disp);
}

static inline void x_st64(struct xbuf *b, unsigned base, int32_t disp, unsigned r)
{
        x_store(b, 8, r, base, X_NOINDEX, 1, disp);
}

static inline void x_mov_rr(struct xbuf *b, bool w, unsigned dst, unsigned src)
{
        x_op_reg(b, w, X_OP(0x89), src, dst);
}

static inline void x_mov_imm(struct xbuf *b, unsigned r, uint64_t v)
{
        if (v <= UINT32_MAX) {                          /* mov r32, imm32 zero-extends */
                x_rex(b, false, 0, X_NOINDEX, r);
                x_u8(b, (uint8_t)(0xb8 + (r & 7)));
                x_u32(b, (uint32_t)v);
        } else if (x_fits32((int64_t)v)) {              /* mov r/m64, simm32 */
                x_op_reg(b, true, X_OP(0xc7), 0, r);
                x_u32(b, (uint32_t)v);
        } else {
                x_rex(b, true, 0, X_NOINDEX, r);
                x_u8(b, (uint8_t)(0xb8 + (r & 7)));
                x_u64(b, v);
        }
}

/* op dst, src (register forms: opcode 8*alu + 1 is "op r/m, r"). */
static inline void x_alu_rr(struct xbuf *b, bool w, enum x_alu op, unsigned dst, unsigned src)
{
        x_op_reg(b, w, X_OP((uint8_t)(op * 8 + 1)), src, dst);
}

/* op r, [base + disp]. */
static inline void x_alu_rm(struct xbuf *b, bool w, enum x_alu op, unsigned r, unsigned base,
                            int32_t disp)
{
        x_op_mem(b, w, X_OP((uint8_t)(op * 8 + 3)), r, base, X_NOINDEX, 1, disp);
}

/* op r, simm32 (sign-extended for 64-bit operations). */
static inline void x_alu_ri(struct xbuf *b, bool w, enum x_alu op, unsigned r, int32_t imm)
{
        if (x_fits8(imm)) {
                x_op_reg(b, w, X_OP(0x83), op, r);
                x_u8(b, (uint8_t)(int8_t)imm);
        } else {
                x_op_reg(b, w, X_OP(0x81), op, r);
                x_u32(b, (uint32_t)imm);
        }
}

/* op [base + disp], simm32. */
static inline void x_alu_mi(struct xbuf *b, bool w, enum x_alu op, unsigned base, int32_t disp,
                            int32_t imm)
{
        if (x_fits8(imm)) {
                x_op_mem(b, w, X_OP(0x83), op, base, X_NOINDEX, 1, disp);
                x_u8(b, (uint8_t)(int8_t)imm);
        } else {
                x_op_mem(b, w, X_OP(0x81), op, base, X_NOINDEX, 1, disp);
                x_u32(b, (uint32_t)imm);
        }
}

/* test dword [base + disp], imm32. */
static inline void x_test_mi32(struct xbuf *b, unsigned base, int32_t disp, uint32_t imm)
{
        x_op_mem(b, false, X_OP(0xf7), 0, base, X_NOINDEX, 1, disp);
        x_u32(b, imm);
}

static inline void x_test_rr(struct xbuf *b, bool w, unsigned a, unsigned c)
{
        x_op_reg(b, w, X_OP(0x85), c, a);
}

static inline void x_test_ri32(struct xbuf *b, unsigned r, uint32_t imm)
{
        x_op_reg(b, false, X_OP(0xf7), 0, r);
        x_u32(b, imm);
}

static inline void x_shift_ri(struct xbuf *b, bool w, enum x_shift op, unsigned r, unsigned n)
{
        x_op_reg(b, w, X_OP(0xc1), op, r);
        x_u8(b, (uint8_t)n);
}

/* shift r, cl. */
static inline void x_shift_cl(struct xbuf *b, bool w, enum x_shift op, unsigned r)
{
        x_op_reg(b, w, X_OP(0xd3), op, r);
}

static inline void x_imul_rr(struct xbuf *b, bool w, unsigned dst, unsigned src)
{
        x_op_reg(b, w, X_OP(0x0f, 0xaf), dst, src);
}

static inline void x_neg(struct xbuf *b, bool w, unsigned r) { x_op_reg(b, w, X_OP(0xf7), 3, r); }
static inline void x_not(struct xbuf *b, bool w, unsigned r) { x_op_reg(b, w, X_OP(0xf7), 2, r); }

static inline void x_bswap(struct xbuf *b, bool w, unsigned r)
{
        x_rex(b, w, 0, X_NOINDEX, r);
        x_u8(b, 0x0f);
        x_u8(b, (uint8_t)(0xc8 + (r & 7)));
}

/* Sign or zero extension of the low `size` bytes of src into dst (64-bit). */
static inline void x_extend(struct xbuf *b, unsigned size, bool sext, unsigned dst, unsigned src)
{
        switch (size) {
        case 1:
                /* Always a REX prefix: without one, SPL..DIL would be AH..BH. */
                x_u8(b, (uint8_t)(0x40 | (sext ? 8 : 0) | ((dst & 8) ? 4 : 0) | ((src & 8) ? 1 : 0)));
                x_u8(b, 0x0f);
                x_u8(b, sext ? 0xbe : 0xb6);
                x_u8(b, (uint8_t)(0xc0 | (dst & 7) << 3 | (src & 7)));
                break;
        case 2:
                x_op_reg(b, sext, X_OP(0x0f, sext ? 0xbf : 0xb7), dst, src);
                break;
        case 4:
                if (sext)
                        x_op_reg(b, true, X_OP(0x63), dst, src);
                else
                        x_mov_rr(b, false, dst, src);
                break;
        default:
                if (dst != src)
                        x_mov_rr(b, true, dst, src);
        }
}

/* rol r16, 8: swaps the two bytes of a halfword. */
static inline void x_swap16(struct xbuf *b, unsigned r)
{
        x_u8(b, 0x66);
        x_shift_ri(b, false, SH_ROL, r, 8);
}

/* setcc r8 (r must be RAX..RBX). */
static inline void x_setcc(struct xbuf *b, enum x_cc cc, unsigned r)
{
        x_u8(b, 0x0f);
        x_u8(b, (uint8_t)(0x90 + cc));
        x_u8(b, (uint8_t)(0xc0 | (r & 7)));
}

static inline void x_lea(struct xbuf *b, unsigned r, unsigned base, unsigned index,
                         unsigned scale, int32_t disp)
{
        x_op_mem(b, true, X_OP(0x8d), r, base, index, scale, disp);
}

static inline void x_push(struct xbuf *b, unsigned r)
{
        x_rex(b, false, 0, X_NOINDEX, r);
        x_u8(b, (uint8_t)(0x50 + (r & 7)));
}

static inline void x_pop(struct xbuf *b, unsigned r)
{
        x_rex(b, false, 0, X_NOINDEX, r);
        x_u8(b, (uint8_t)(0x58 + (r & 7)));
}

static inline void x_ret(struct xbuf *b) { x_u8(b, 0xc3); }

/* The carry flag: set, clear, complement. */
static inline void x_stc(struct xbuf *b) { x_u8(b, 0xf9); }
static inline void x_clc(struct xbuf *b) { x_u8(b, 0xf8); }
static inline void x_cmc(struct xbuf *b) { x_u8(b, 0xf5); }

/* call r / jmp r. */
static inline void x_call_r(struct xbuf *b, unsigned r) { x_op_reg(b, false, X_OP(0xff), 2, r); }
static inline void x_jmp_r(struct xbuf *b, unsigned r) { x_op_reg(b, false, X_OP(0xff), 4, r); }

/* Forward branches: emit with a 32-bit displacement, patch once the
 * target is known.  A label is the buffer position after the branch. */
typedef uint8_t *x_label;

static inline x_label x_jcc(struct xbuf *b, enum x_cc cc)
{
        x_u8(b, 0x0f);
        x_u8(b, (uint8_t)(0x80 + cc));
        x_u32(b, 0);
        return b->full ? NULL : b->p;
}

static inline x_label x_jmp(struct xbuf *b)
{
        x_u8(b, 0xe9);
        x_u32(b, 0);
        return b->full ? NULL : b->p;
}

/* Points the branch that ends at `from` to `to`. */
static inline void x_patch(x_label from, const uint8_t *to)
{
        if (!from)
                return;
        int32_t rel = (int32_t)(to - from);
        memcpy(from - 4, &rel, 4);
}

static inline void x_here(struct xbuf *b, x_label from)
{
        if (!b->full)
                x_patch(from, b->p);
}

/* jmp/jcc to a known earlier (or any) address within +-2 GiB. */
static inline void x_jmp_to(struct xbuf *b, const uint8_t *to)
{
        x_label l = x_jmp(b);
        x_patch(l, to);
}

static inline void x_jcc_to(struct xbuf *b, enum x_cc cc, const uint8_t *to)
{
        x_label l = x_jcc(b, cc);
        x_patch(l, to);
}

/* cmovcc dst, src. */
static inline void x_cmov(struct xbuf *b, bool w, enum x_cc cc, unsigned dst, unsigned src)
{
        x_op_reg(b, w, X_OP(0x0f, (uint8_t)(0x40 + cc)), dst, src);
}
