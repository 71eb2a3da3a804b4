/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point logical instructions (Power ISA 3.0 Book I, 3.3.13): the
 * boolean operations, sign extension, leading/trailing zero counts, population
 * counts, parity, cmpb, bpermd, and darn.  In X-form logical instructions the
 * source RS is bits 6-10 (in->rt) and the target RA is bits 11-15 (in->ra).
 *
 * `or rX,rX,rX` with X = 1, 2, 6, 31, 5, 3, 7 (and 26, 27, 29, 30: miso,
 * yield, mdoio, mdoom) hint a thread priority (PPR) or a pause: they are the
 * plain `or` here, which changes nothing.
 */
#include <errno.h>
#include <sys/random.h>

#include "op_int.h"

#define RS (cpu->gpr[in->rt])
#define RB (cpu->gpr[in->rb])

/* D form with an unsigned immediate (decode_ui / decode_uis put it in imm). */
static int op_andi_rc(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return emu_finish(cpu, in->ra, RS & (uint64_t)in->imm, EMU_F_RC);
}

static int op_ori(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->ra] = RS | (uint64_t)in->imm;
        return EMU_NEXT;
}

static int op_xori(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->ra] = RS ^ (uint64_t)in->imm;
        return EMU_NEXT;
}

static void decode_ui(struct emu_insn *in) { in->imm = in->word & 0xffffu; }
static void decode_uis(struct emu_insn *in) { in->imm = (int64_t)(in->word & 0xffffu) << 16; }

/* X form, two sources. */
#define LOGIC2(name, expr)                                                      \
        EMU_ALWAYS_INLINE int name##_body(struct emu_cpu *cpu, const struct emu_insn *in, \
                                          unsigned f)                           \
        { return emu_finish(cpu, in->ra, (expr), f); }                          \
        EMU_GEN_RC(name, name##_body)

LOGIC2(and, RS & RB)
LOGIC2(andc, RS & ~RB)
LOGIC2(or, RS | RB)
LOGIC2(orc, RS | ~RB)
LOGIC2(xor, RS ^ RB)
LOGIC2(nand, ~(RS & RB))
LOGIC2(nor, ~(RS | RB))
LOGIC2(eqv, ~(RS ^ RB))
LOGIC2(extsb, (uint64_t)(int64_t)(int8_t)RS)
LOGIC2(extsh, (uint64_t)(int64_t)(int16_t)RS)
LOGIC2(extsw, (uint64_t)(int64_t)(int32_t)RS)
/* A zero operand counts its full width. */
LOGIC2(cntlzw, (uint32_t)RS ? (uint64_t)__builtin_clz((uint32_t)RS) : 32)
LOGIC2(cntlzd, RS ? (uint64_t)__builtin_clzll(RS) : 64)
LOGIC2(cnttzw, (uint32_t)RS ? (uint64_t)__builtin_ctz((uint32_t)RS) : 32)
LOGIC2(cnttzd, RS ? (uint64_t)__builtin_ctzll(RS) : 64)

/* Population count of every byte, in that byte. */
static int op_popcntb(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t x = RS;

        x = x - ((x >> 1) & 0x5555555555555555ull);
        x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
        cpu->gpr[in->ra] = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
        return EMU_NEXT;
}

static int op_popcntw(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t x = RS;

        cpu->gpr[in->ra] = (uint64_t)__builtin_popcount((uint32_t)(x >> 32)) << 32 |
                           (uint64_t)__builtin_popcount((uint32_t)x);
        return EMU_NEXT;
}

static int op_popcntd(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->ra] = (uint64_t)__builtin_popcountll(RS);
        return EMU_NEXT;
}

/* Parity of the least significant bit of each byte: per word, per doubleword. */
static int op_prtyw(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t x = RS & 0x0101010101010101ull;

        x ^= x >> 8;
        x ^= x >> 16;
        cpu->gpr[in->ra] = x & 0x0000000100000001ull;
        return EMU_NEXT;
}

static int op_prtyd(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t x = RS & 0x0101010101010101ull;

        x ^= x >> 8;
        x ^= x >> 16;
        x ^= x >> 32;
        cpu->gpr[in->ra] = x & 1;
        return EMU_NEXT;
}

/* cmpb: 0xff in each byte where RS and RB agree, else 0x00. */
static int op_cmpb(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t diff = RS ^ RB, r = 0;

        for (unsigned i = 0; i < 64; i += 8)
                r |= ((diff >> i) & 0xff) ? 0 : 0xffull << i;
        cpu->gpr[in->ra] = r;
        return EMU_NEXT;
}

/* bpermd: byte i of RS indexes a bit of RB (0 = most significant); indexes
 * of 64 and up give 0.  The 8 bits land in RA[56:63], byte 0's first. */
static int op_bpermd(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t rs = RS, rb = RB, r = 0;

        for (unsigned i = 0; i < 8; i++) {
                unsigned idx = (rs >> (56 - 8 * i)) & 0xff;
                uint64_t bit = idx < 64 ? (rb >> (63 - idx)) & 1 : 0;
                r |= bit << (7 - i);
        }
        cpu->gpr[in->ra] = r;
        return EMU_NEXT;
}

/* extswsli (XS form): EXTS(RS[32:63]) << sh; imm = sh. */
EMU_ALWAYS_INLINE int extswsli_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        return emu_finish(cpu, in->ra, (uint64_t)(int64_t)(int32_t)RS << in->imm, f);
}

EMU_GEN_RC(extswsli, extswsli_body)

static void decode_xs_sh(struct emu_insn *in)
{
        in->imm = ((in->word >> 11) & 0x1fu) | ((in->word >> 1) & 1u) << 5;
}

/*
 * darn: L (bits 14-15, in imm) 0 = 32-bit conditioned, 1 = 64-bit
 * conditioned, 2 = 64-bit raw; the host's getrandom() serves all three.
 * L=3 is reserved and, like a failure, gives 0xFFFFFFFFFFFFFFFF, the value
 * that tells the guest to retry.
 */
#define DARN_FAILED ~0ull

static int op_darn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t v;

        if (in->imm > 2 || getrandom(&v, sizeof(v), GRND_NONBLOCK) != (ssize_t)sizeof(v))
                v = DARN_FAILED;
        else if (in->imm == 0)
                v = (uint32_t)v;
        cpu->gpr[in->rt] = v;
        return EMU_NEXT;
}

static void decode_darn(struct emu_insn *in)
{
        in->imm = (in->word >> 16) & 3u;
}

#define X_ONLY(nm, xo, fn, dec) { nm, EMU_MASK_X, EMU_X(31, xo), fn, dec }

const struct emu_opdesc emu_ops_logic[] = {
        { "andi.", 0xfc000000u, EMU_OP(28), op_andi_rc, decode_ui },
        { "andis.", 0xfc000000u, EMU_OP(29), op_andi_rc, decode_uis },
        { "ori", 0xfc000000u, EMU_OP(24), op_ori, decode_ui },
        { "oris", 0xfc000000u, EMU_OP(25), op_ori, decode_uis },
        { "xori", 0xfc000000u, EMU_OP(26), op_xori, decode_ui },
        { "xoris", 0xfc000000u, EMU_OP(27), op_xori, decode_uis },
        EMU_X_RC("and", 31, 28, op_and, NULL),
        EMU_X_RC("andc", 31, 60, op_andc, NULL),
        EMU_X_RC("or", 31, 444, op_or, NULL),
        EMU_X_RC("orc", 31, 412, op_orc, NULL),
        EMU_X_RC("xor", 31, 316, op_xor, NULL),
        EMU_X_RC("nand", 31, 476, op_nand, NULL),
        EMU_X_RC("nor", 31, 124, op_nor, NULL),
        EMU_X_RC("eqv", 31, 284, op_eqv, NULL),
        EMU_X_RC("extsb", 31, 954, op_extsb, NULL),
        EMU_X_RC("extsh", 31, 922, op_extsh, NULL),
        EMU_X_RC("extsw", 31, 986, op_extsw, NULL),
        EMU_X_RC("cntlzw", 31, 26, op_cntlzw, NULL),
        EMU_X_RC("cntlzd", 31, 58, op_cntlzd, NULL),
        EMU_X_RC("cnttzw", 31, 538, op_cnttzw, NULL),
        EMU_X_RC("cnttzd", 31, 570, op_cnttzd, NULL),
        X_ONLY("popcntb", 122, op_popcntb, NULL),
        X_ONLY("popcntw", 378, op_popcntw, NULL),
        X_ONLY("popcntd", 506, op_popcntd, NULL),
        X_ONLY("prtyw", 154, op_prtyw, NULL),
        X_ONLY("prtyd", 186, op_prtyd, NULL),
        X_ONLY("cmpb", 508, op_cmpb, NULL),
        X_ONLY("bpermd", 252, op_bpermd, NULL),
        X_ONLY("darn", 755, op_darn, decode_darn),
        /* XS form: XO in bits 21-29, sh[5] in bit 30. */
        { "extswsli", 0xfc0007fdu, EMU_OP(31) | (445u << 2), op_extswsli, decode_xs_sh },
        { "extswsli.", 0xfc0007fdu, EMU_OP(31) | (445u << 2) | 1u, op_extswsli_rc, decode_xs_sh },
        { NULL, 0, 0, NULL, NULL },
};
