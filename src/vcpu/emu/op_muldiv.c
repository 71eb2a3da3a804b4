/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point multiply, divide and modulo (Power ISA 3.0 Book I, 3.3.9).
 * What the undefined cases (divide by zero, overflow, the undefined high
 * word of 32-bit results) return is listed at the top of op_int.c.
 *
 * A host division never sees a zero divisor or INT_MIN / -1: invalid
 * divisions divide by 1 instead, then replace the result.
 */
#include <limits.h>

#include "op_int.h"

#define RA (cpu->gpr[in->ra])
#define RB (cpu->gpr[in->rb])
#define RC (cpu->gpr[in->rc])

typedef __int128 s128;
typedef unsigned __int128 u128;

/* The common end of the OE-capable forms: OV and OV32 are the same bit. */
EMU_ALWAYS_INLINE int finish_ov(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t val,
                                unsigned ov, unsigned flags)
{
        if (flags & EMU_F_OE)
                emu_set_ov(cpu, ov, ov);
        return emu_finish(cpu, in->rt, val, flags);
}

/* Multiply. */

EMU_ALWAYS_INLINE int mullw_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        int64_t p = (int64_t)(int32_t)RA * (int32_t)RB;
        return finish_ov(cpu, in, (uint64_t)p, p != (int32_t)p, f);
}

EMU_ALWAYS_INLINE int mulld_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        int64_t p;
        unsigned ov = __builtin_mul_overflow((int64_t)RA, (int64_t)RB, &p);
        return finish_ov(cpu, in, (uint64_t)p, ov, f);
}

EMU_ALWAYS_INLINE int mulhw_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        int64_t p = (int64_t)(int32_t)RA * (int32_t)RB;
        return emu_finish(cpu, in->rt, (uint32_t)((uint64_t)p >> 32), f);
}

EMU_ALWAYS_INLINE int mulhwu_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        uint64_t p = (uint64_t)(uint32_t)RA * (uint32_t)RB;
        return emu_finish(cpu, in->rt, p >> 32, f);
}

EMU_ALWAYS_INLINE int mulhd_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        s128 p = (s128)(int64_t)RA * (int64_t)RB;
        return emu_finish(cpu, in->rt, (uint64_t)((u128)p >> 64), f);
}

EMU_ALWAYS_INLINE int mulhdu_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        u128 p = (u128)RA * RB;
        return emu_finish(cpu, in->rt, (uint64_t)(p >> 64), f);
}

EMU_GEN_OE_RC(mullw, mullw_body)
EMU_GEN_OE_RC(mulld, mulld_body)
EMU_GEN_RC(mulhw, mulhw_body)
EMU_GEN_RC(mulhwu, mulhwu_body)
EMU_GEN_RC(mulhd, mulhd_body)
EMU_GEN_RC(mulhdu, mulhdu_body)

static int op_mulli(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = RA * (uint64_t)in->imm;
        return EMU_NEXT;
}

/* Divide: invalid divisions give the dividend (divw, divwu, divd, divdu). */

EMU_ALWAYS_INLINE int divw_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        int32_t a = (int32_t)RA, b = (int32_t)RB;
        unsigned bad = b == 0 || (a == INT32_MIN && b == -1);
        int32_t q = a / (bad ? 1 : b);
        return finish_ov(cpu, in, (uint32_t)q, bad, f);
}

EMU_ALWAYS_INLINE int divwu_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        uint32_t a = (uint32_t)RA, b = (uint32_t)RB;
        unsigned bad = b == 0;
        return finish_ov(cpu, in, a / (bad ? 1 : b), bad, f);
}

EMU_ALWAYS_INLINE int divd_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        int64_t a = (int64_t)RA, b = (int64_t)RB;
        unsigned bad = b == 0 || (a == INT64_MIN && b == -1);
        int64_t q = a / (bad ? 1 : b);
        return finish_ov(cpu, in, (uint64_t)q, bad, f);
}

EMU_ALWAYS_INLINE int divdu_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        uint64_t a = RA, b = RB;
        unsigned bad = b == 0;
        return finish_ov(cpu, in, a / (bad ? 1 : b), bad, f);
}

/* Divide extended: the dividend is RA's (low) word or doubleword followed
 * by as many zero bits; a quotient that does not fit gives 0. */

EMU_ALWAYS_INLINE int divwe_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        int64_t a = (int64_t)((uint64_t)(uint32_t)RA << 32);
        int64_t b = (int32_t)RB;
        unsigned bad = b == 0 || (a == INT64_MIN && b == -1);
        int64_t q = a / (bad ? 1 : b);
        bad |= q != (int32_t)q;
        return finish_ov(cpu, in, bad ? 0 : (uint64_t)q, bad, f);
}

EMU_ALWAYS_INLINE int divweu_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        uint64_t a = (uint64_t)(uint32_t)RA << 32;
        uint64_t b = (uint32_t)RB;
        unsigned bad = b == 0;
        uint64_t q = a / (bad ? 1 : b);
        bad |= q > UINT32_MAX;
        return finish_ov(cpu, in, bad ? 0 : q, bad, f);
}

EMU_ALWAYS_INLINE int divde_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        s128 a = (s128)((u128)RA << 64);
        int64_t b = (int64_t)RB;
        unsigned bad = b == 0 || ((int64_t)RA == INT64_MIN && b == -1);
        s128 q = a / (bad ? 1 : b);
        bad |= q != (int64_t)q;
        return finish_ov(cpu, in, bad ? 0 : (uint64_t)q, bad, f);
}

EMU_ALWAYS_INLINE int divdeu_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        uint64_t b = RB;
        unsigned bad = RA >= b;   /* the quotient needs more than 64 bits (or b = 0) */
        u128 q = ((u128)RA << 64) / (bad ? 1 : b);
        return finish_ov(cpu, in, bad ? 0 : (uint64_t)q, bad, f);
}

EMU_GEN_OE_RC(divw, divw_body)
EMU_GEN_OE_RC(divwu, divwu_body)
EMU_GEN_OE_RC(divd, divd_body)
EMU_GEN_OE_RC(divdu, divdu_body)
EMU_GEN_OE_RC(divwe, divwe_body)
EMU_GEN_OE_RC(divweu, divweu_body)
EMU_GEN_OE_RC(divde, divde_body)
EMU_GEN_OE_RC(divdeu, divdeu_body)

/* Modulo (no OE, no Rc): invalid divisions give 0. */

static int op_modsw(struct emu_cpu *cpu, const struct emu_insn *in)
{
        int32_t a = (int32_t)RA, b = (int32_t)RB;
        unsigned bad = b == 0 || (a == INT32_MIN && b == -1);
        cpu->gpr[in->rt] = (uint64_t)(int64_t)(a % (bad ? 1 : b));
        return EMU_NEXT;
}

static int op_moduw(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint32_t a = (uint32_t)RA, b = (uint32_t)RB;
        cpu->gpr[in->rt] = a % (b ? b : 1);
        return EMU_NEXT;
}

static int op_modsd(struct emu_cpu *cpu, const struct emu_insn *in)
{
        int64_t a = (int64_t)RA, b = (int64_t)RB;
        unsigned bad = b == 0 || (a == INT64_MIN && b == -1);
        cpu->gpr[in->rt] = (uint64_t)(a % (bad ? 1 : b));
        return EMU_NEXT;
}

static int op_modud(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t a = RA, b = RB;
        cpu->gpr[in->rt] = a % (b ? b : 1);
        return EMU_NEXT;
}

/* Multiply-add (VA form): the 128-bit RA * RB + RC. */

static int op_maddhd(struct emu_cpu *cpu, const struct emu_insn *in)
{
        s128 s = (s128)(int64_t)RA * (int64_t)RB + (int64_t)RC;
        cpu->gpr[in->rt] = (uint64_t)((u128)s >> 64);
        return EMU_NEXT;
}

static int op_maddhdu(struct emu_cpu *cpu, const struct emu_insn *in)
{
        u128 s = (u128)RA * RB + RC;
        cpu->gpr[in->rt] = (uint64_t)(s >> 64);
        return EMU_NEXT;
}

static int op_maddld(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = RA * RB + RC;
        return EMU_NEXT;
}

#define EMU_MASK_VA 0xfc00003fu

const struct emu_opdesc emu_ops_muldiv[] = {
        { "mulli", 0xfc000000u, EMU_OP(7), op_mulli, NULL },
        EMU_XO_OE_RC("mullw", 235, op_mullw),
        EMU_XO_OE_RC("mulld", 233, op_mulld),
        EMU_XO_RC("mulhw", 75, op_mulhw),
        EMU_XO_RC("mulhwu", 11, op_mulhwu),
        EMU_XO_RC("mulhd", 73, op_mulhd),
        EMU_XO_RC("mulhdu", 9, op_mulhdu),
        EMU_XO_OE_RC("divw", 491, op_divw),
        EMU_XO_OE_RC("divwu", 459, op_divwu),
        EMU_XO_OE_RC("divd", 489, op_divd),
        EMU_XO_OE_RC("divdu", 457, op_divdu),
        EMU_XO_OE_RC("divwe", 427, op_divwe),
        EMU_XO_OE_RC("divweu", 395, op_divweu),
        EMU_XO_OE_RC("divde", 425, op_divde),
        EMU_XO_OE_RC("divdeu", 393, op_divdeu),
        { "modsw", EMU_MASK_X, EMU_X(31, 779), op_modsw, NULL },
        { "moduw", EMU_MASK_X, EMU_X(31, 267), op_moduw, NULL },
        { "modsd", EMU_MASK_X, EMU_X(31, 777), op_modsd, NULL },
        { "modud", EMU_MASK_X, EMU_X(31, 265), op_modud, NULL },
        { "maddhd", EMU_MASK_VA, EMU_OP(4) | 48u, op_maddhd, NULL },
        { "maddhdu", EMU_MASK_VA, EMU_OP(4) | 49u, op_maddhdu, NULL },
        { "maddld", EMU_MASK_VA, EMU_OP(4) | 51u, op_maddld, NULL },
        { NULL, 0, 0, NULL, NULL },
};
