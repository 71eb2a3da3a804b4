/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point compare, trap and select (Power ISA 3.0 Book I, 3.3.10-3.3.12):
 * cmp, cmpi, cmpl, cmpli (L=0 compares the low words, L=1 the doublewords, in
 * either computation mode), cmprb, cmpeqb, setb, mcrxrx, isel, tw, twi, td,
 * tdi.  Decoding moves BF (bits 6-8) into rt and BFA (bits 11-13) into ra.
 */
#include "op_int.h"

#define RA (cpu->gpr[in->ra])
#define RB (cpu->gpr[in->rb])

EMU_ALWAYS_INLINE int set_bf(struct emu_cpu *cpu, const struct emu_insn *in, unsigned c)
{
        emu_set_crf(cpu, in->rt, c | cpu->so);
        return EMU_NEXT;
}

/* Compares with RA still in bits 11-15: only rt is rewritten to BF. */
static int op_cmpw(struct emu_cpu *cpu, const struct emu_insn *in)
{ return set_bf(cpu, in, emu_cmp_signed((int32_t)RA, (int32_t)RB)); }
static int op_cmpd(struct emu_cpu *cpu, const struct emu_insn *in)
{ return set_bf(cpu, in, emu_cmp_signed((int64_t)RA, (int64_t)RB)); }
static int op_cmplw(struct emu_cpu *cpu, const struct emu_insn *in)
{ return set_bf(cpu, in, emu_cmp_unsigned((uint32_t)RA, (uint32_t)RB)); }
static int op_cmpld(struct emu_cpu *cpu, const struct emu_insn *in)
{ return set_bf(cpu, in, emu_cmp_unsigned(RA, RB)); }
/* imm: SI sign-extended (cmpi) or UI zero-extended (cmpli). */
static int op_cmpwi(struct emu_cpu *cpu, const struct emu_insn *in)
{ return set_bf(cpu, in, emu_cmp_signed((int32_t)RA, in->imm)); }
static int op_cmpdi(struct emu_cpu *cpu, const struct emu_insn *in)
{ return set_bf(cpu, in, emu_cmp_signed((int64_t)RA, in->imm)); }
static int op_cmplwi(struct emu_cpu *cpu, const struct emu_insn *in)
{ return set_bf(cpu, in, emu_cmp_unsigned((uint32_t)RA, (uint64_t)in->imm)); }
static int op_cmpldi(struct emu_cpu *cpu, const struct emu_insn *in)
{ return set_bf(cpu, in, emu_cmp_unsigned(RA, (uint64_t)in->imm)); }

static void decode_bf(struct emu_insn *in)
{
        in->rt = (in->word >> 23) & 7u;
}

static void decode_bf_ui(struct emu_insn *in)
{
        decode_bf(in);
        in->imm = in->word & 0xffffu;
}

/* cmprb: is RA's low byte within [RB[56:63], RB[48:55]] or (L=1) within
 * [RB[40:47], RB[32:39]]?  The answer goes to GT; LT, EQ and SO are 0. */
static unsigned byte_in_range(unsigned b, uint64_t range)
{
        unsigned lo = range & 0xff, hi = (range >> 8) & 0xff;
        return lo <= b && b <= hi;
}

static int op_cmprb0(struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned in1 = byte_in_range(RA & 0xff, RB);
        emu_set_crf(cpu, in->rt, in1 ? CR_GT : 0);
        return EMU_NEXT;
}

static int op_cmprb1(struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned b = RA & 0xff;
        unsigned in12 = byte_in_range(b, RB) | byte_in_range(b, RB >> 16);
        emu_set_crf(cpu, in->rt, in12 ? CR_GT : 0);
        return EMU_NEXT;
}

/* cmpeqb: does any byte of RB equal RA's low byte?  (A zero byte of
 * RB ^ b*0x0101.. is a match.)  GT holds the answer. */
static int op_cmpeqb(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t x = RB ^ ((RA & 0xff) * 0x0101010101010101ull);
        uint64_t zero_byte = (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
        emu_set_crf(cpu, in->rt, zero_byte ? CR_GT : 0);
        return EMU_NEXT;
}

/* setb: -1 if CR field BFA has LT, else 1 if GT, else 0.  ra = BFA. */
static int op_setb(struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned f = emu_get_crf(cpu, in->ra);
        cpu->gpr[in->rt] = (f & CR_LT) ? ~0ull : (f & CR_GT) ? 1 : 0;
        return EMU_NEXT;
}

static void decode_bfa(struct emu_insn *in)
{
        in->ra = (in->word >> 18) & 7u;
}

/* mcrxrx: CR field BF = OV || OV32 || CA || CA32. */
static int op_mcrxrx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        emu_set_crf(cpu, in->rt, cpu->ov << 3 | cpu->ov32 << 2 | cpu->ca << 1 | cpu->ca32);
        return EMU_NEXT;
}

/* isel: RT = CR bit BC ? (RA|0) : RB.  aux = the CR bit's mask. */
static int op_isel(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = (cpu->cr & in->aux) ? RA : RB;
        return EMU_NEXT;
}

static int op_isel_ra0(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = (cpu->cr & in->aux) ? 0 : RB;
        return EMU_NEXT;
}

static void decode_isel(struct emu_insn *in)
{
        in->aux = 1u << (31 - in->rc);
}

/*
 * Traps: TO (bits 6-10, in rt) selects among signed <, >, =, unsigned <, >.
 * The word forms compare sign-extended low words, which orders them the same
 * way as 32-bit signed and unsigned compares would.
 */
#define TO_LT  0x10u
#define TO_GT  0x08u
#define TO_EQ  0x04u
#define TO_LTU 0x02u
#define TO_GTU 0x01u

EMU_ALWAYS_INLINE int trap(struct emu_cpu *cpu, const struct emu_insn *in, int64_t a, int64_t b)
{
        uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
        unsigned c = (a < b ? TO_LT : 0) | (a > b ? TO_GT : 0) | (a == b ? TO_EQ : 0) |
                     (ua < ub ? TO_LTU : 0) | (ua > ub ? TO_GTU : 0);

        if (c & in->rt)
                return emu_program(cpu, SRR1_PROGRAM_TRAP);
        return EMU_NEXT;
}

static int op_tw(struct emu_cpu *cpu, const struct emu_insn *in)
{ return trap(cpu, in, (int32_t)RA, (int32_t)RB); }
static int op_td(struct emu_cpu *cpu, const struct emu_insn *in)
{ return trap(cpu, in, (int64_t)RA, (int64_t)RB); }
static int op_twi(struct emu_cpu *cpu, const struct emu_insn *in)
{ return trap(cpu, in, (int32_t)RA, (int32_t)in->imm); }
static int op_tdi(struct emu_cpu *cpu, const struct emu_insn *in)
{ return trap(cpu, in, (int64_t)RA, in->imm); }

#define L_BIT    0x00200000u           /* bit 10 */
#define MASK_D_L (0xfc000000u | L_BIT)
#define MASK_X_L (EMU_MASK_X | L_BIT)

const struct emu_opdesc emu_ops_compare[] = {
        { "cmpi", MASK_D_L, EMU_OP(11), op_cmpwi, decode_bf },
        { "cmpi", MASK_D_L, EMU_OP(11) | L_BIT, op_cmpdi, decode_bf },
        { "cmpli", MASK_D_L, EMU_OP(10), op_cmplwi, decode_bf_ui },
        { "cmpli", MASK_D_L, EMU_OP(10) | L_BIT, op_cmpldi, decode_bf_ui },
        { "cmp", MASK_X_L, EMU_X(31, 0), op_cmpw, decode_bf },
        { "cmp", MASK_X_L, EMU_X(31, 0) | L_BIT, op_cmpd, decode_bf },
        { "cmpl", MASK_X_L, EMU_X(31, 32), op_cmplw, decode_bf },
        { "cmpl", MASK_X_L, EMU_X(31, 32) | L_BIT, op_cmpld, decode_bf },
        { "cmprb", MASK_X_L, EMU_X(31, 192), op_cmprb0, decode_bf },
        { "cmprb", MASK_X_L, EMU_X(31, 192) | L_BIT, op_cmprb1, decode_bf },
        { "cmpeqb", EMU_MASK_X, EMU_X(31, 224), op_cmpeqb, decode_bf },
        { "setb", EMU_MASK_X, EMU_X(31, 128), op_setb, decode_bfa },
        { "mcrxrx", EMU_MASK_X, EMU_X(31, 576), op_mcrxrx, decode_bf },
        /* A form: bits 26-30 = 15. */
        { "isel", 0xfc1f003eu, EMU_X(31, 15), op_isel_ra0, decode_isel },
        { "isel", 0xfc00003eu, EMU_X(31, 15), op_isel, decode_isel },
        { "tw", EMU_MASK_X, EMU_X(31, 4), op_tw, NULL },
        { "td", EMU_MASK_X, EMU_X(31, 68), op_td, NULL },
        { "twi", 0xfc000000u, EMU_OP(3), op_twi, NULL },
        { "tdi", 0xfc000000u, EMU_OP(2), op_tdi, NULL },
        { NULL, 0, 0, NULL, NULL },
};
