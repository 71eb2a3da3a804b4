/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point add and subtract (Power ISA 3.0 Book I, 3.3.9), with CA/CA32,
 * OV/OV32/SO and CR0.  The other fixed-point instructions live next door:
 * op_muldiv.c, op_logic.c, op_compare.c, op_rotate.c, op_cr.c, and branches
 * in op_branch.c.
 *
 * Results the ISA leaves undefined, and what this emulator returns (chosen
 * to match QEMU 7.2 where that costs nothing; the oracle must exclude them):
 *
 *   divw, divwu     divisor 0, or divw 0x80000000 / -1: RT = the low word
 *                   of RA zero-extended (QEMU divides by 1).  Every divw/divwu
 *                   result is zero-extended: RT[0:31] is undefined in the
 *                   ISA and 0 here.
 *   divd, divdu     divisor 0, or divd 0x8000000000000000 / -1: RT = RA.
 *   divwe, divweu   divisor 0 or quotient not representable in 32 bits:
 *                   RT = 0.  Otherwise divweu's quotient is zero-extended and
 *                   divwe's sign-extended (RT[0:31] undefined in the ISA).
 *   divde, divdeu   divisor 0 or quotient not representable: RT = 0.
 *                   Known QEMU 7.2 difference (QEMU is wrong, the ISA
 *                   decides): QEMU's divde[o] misses many signed overflows
 *                   (e.g. RA=0x1f, RB=0x20: the quotient 0xf8000000_00000000
 *                   exceeds INT64_MAX) and returns a quotient with OV=0; here
 *                   RT = 0 and OV=OV32=1.
 *   modsw, moduw,   divisor 0, or the signed INT_MIN % -1: RT = 0.  modsw
 *   modsd, modud    sign-extends and moduw zero-extends its 32-bit result.
 *   mulhw, mulhwu   RT[0:31] undefined in the ISA: 0 here (zero-extended).
 *   CR0 of the above in 64-bit mode (LT/GT/EQ undefined for the 32-bit
 *                   forms): computed from the 64-bit RT written.
 *   OV/OV32 of divides and multiplies: both set to the same overflow
 *                   indication (divide by zero or overflow, product not
 *                   representable), SO sticky.
 *   darn            getrandom(2); if it fails, or L=3 (reserved), RT =
 *                   0xFFFFFFFFFFFFFFFF, the ISA's "no random number" value.
 *                   Never deterministic: the oracle must skip darn.
 *   mfocrf          FXM not exactly one bit: RT unchanged (as QEMU).
 *   mtocrf          FXM not exactly one bit: CR unchanged (as QEMU).
 *   addex           CY != 0 is reserved: illegal instruction.
 *   bcctr[l]        BO without "don't decrement CTR" (BO[2]=0) is an invalid
 *                   form: illegal instruction.
 * Reserved instruction fields (e.g. RB of neg, bit 31 of cmp) are ignored,
 * as the ISA requires of the processor.
 *
 * 32-bit mode (MSR[SF]=0): results stay 64-bit; CA is the carry out of the
 * low word (= CA32) and OV of add/subtract the overflow of the low word
 * (= OV32), as the ISA's XER description and QEMU do; CR0 compares the low
 * word (emu_update_cr0).
 */
#include "op_int.h"

#define EMU_F_CA 4u   /* sets CA and CA32 */

#define RA (cpu->gpr[in->ra])
#define RB (cpu->gpr[in->rb])

/*
 * RT = x + y + cin: every add and subtract is this, subtract-from being
 * ~RA + RB + 1.  The carry into bit 32 is bit 32 of x ^ y ^ r; signed
 * overflow is when both addends have the sign the result lacks.
 */
EMU_ALWAYS_INLINE int add3(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t x,
                           uint64_t y, unsigned cin, unsigned flags)
{
        uint64_t xy, r;
        unsigned ca = __builtin_add_overflow(x, y, &xy);

        ca |= __builtin_add_overflow(xy, (uint64_t)cin, &r);
        if (flags & EMU_F_CA)
                emu_set_ca(cpu, ca, (unsigned)((x ^ y ^ r) >> 32) & 1);
        if (flags & EMU_F_OE) {
                uint64_t ovf = (x ^ r) & (y ^ r);
                unsigned ov32 = (ovf >> 31) & 1;
                emu_set_ov(cpu, emu_sf(cpu) ? (unsigned)(ovf >> 63) : ov32, ov32);
        }
        return emu_finish(cpu, in->rt, r, flags);
}

EMU_ALWAYS_INLINE int add_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, RA, RB, 0, f); }
EMU_ALWAYS_INLINE int subf_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, ~RA, RB, 1, f); }
EMU_ALWAYS_INLINE int addc_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, RA, RB, 0, f | EMU_F_CA); }
EMU_ALWAYS_INLINE int subfc_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, ~RA, RB, 1, f | EMU_F_CA); }
EMU_ALWAYS_INLINE int adde_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, RA, RB, cpu->ca, f | EMU_F_CA); }
EMU_ALWAYS_INLINE int subfe_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, ~RA, RB, cpu->ca, f | EMU_F_CA); }
EMU_ALWAYS_INLINE int addme_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, RA, ~0ull, cpu->ca, f | EMU_F_CA); }
EMU_ALWAYS_INLINE int subfme_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, ~RA, ~0ull, cpu->ca, f | EMU_F_CA); }
EMU_ALWAYS_INLINE int addze_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, RA, 0, cpu->ca, f | EMU_F_CA); }
EMU_ALWAYS_INLINE int subfze_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, ~RA, 0, cpu->ca, f | EMU_F_CA); }
EMU_ALWAYS_INLINE int neg_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return add3(cpu, in, ~RA, 0, 1, f); }

EMU_GEN_OE_RC(add, add_body)
EMU_GEN_OE_RC(subf, subf_body)
EMU_GEN_OE_RC(addc, addc_body)
EMU_GEN_OE_RC(subfc, subfc_body)
EMU_GEN_OE_RC(adde, adde_body)
EMU_GEN_OE_RC(subfe, subfe_body)
EMU_GEN_OE_RC(addme, addme_body)
EMU_GEN_OE_RC(subfme, subfme_body)
EMU_GEN_OE_RC(addze, addze_body)
EMU_GEN_OE_RC(subfze, subfze_body)
EMU_GEN_OE_RC(neg, neg_body)

/* li / lis: addi and addis with RA=0 (which means 0, not r0). */
static int op_li(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = (uint64_t)in->imm;
        return EMU_NEXT;
}

static int op_addi(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = RA + (uint64_t)in->imm;
        return EMU_NEXT;
}

static int op_addic(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return add3(cpu, in, RA, (uint64_t)in->imm, 0, EMU_F_CA);
}

static int op_addic_rc(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return add3(cpu, in, RA, (uint64_t)in->imm, 0, EMU_F_CA | EMU_F_RC);
}

static int op_subfic(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return add3(cpu, in, ~RA, (uint64_t)in->imm, 1, EMU_F_CA);
}

/* addpcis: RT = NIA + (d << 16). */
static int op_addpcis(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = emu_nia(cpu, cpu->nip + 4) + (uint64_t)in->imm;
        return EMU_NEXT;
}

/* addex with CY=0: OV is the carry in and receives the carry out; SO is
 * not touched (it is a carry, not an overflow). */
static int op_addex(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t x = RA, y = RB, xy, r;
        unsigned c64 = __builtin_add_overflow(x, y, &xy);
        unsigned c32;

        c64 |= __builtin_add_overflow(xy, (uint64_t)cpu->ov, &r);
        c32 = (unsigned)((x ^ y ^ r) >> 32) & 1;
        cpu->ov = emu_sf(cpu) ? c64 : c32;
        cpu->ov32 = c32;
        cpu->gpr[in->rt] = r;
        return EMU_NEXT;
}

static void decode_shifted_imm(struct emu_insn *in)
{
        in->imm = (int64_t)((uint64_t)in->imm << 16);
}

/* DX form: d = d0 (bits 16-25) || d1 (bits 11-15) || d2 (bit 31). */
static void decode_addpcis(struct emu_insn *in)
{
        uint32_t w = in->word;
        uint32_t d = (((w >> 6) & 0x3ffu) << 6) | (((w >> 16) & 0x1fu) << 1) | (w & 1u);

        in->imm = (int64_t)(int16_t)d * 65536;
}

#define EMU_MASK_D      0xfc000000u
#define EMU_MASK_D_RA0  0xfc1f0000u   /* RA = 0 */

const struct emu_opdesc emu_ops_int[] = {
        { "li", EMU_MASK_D_RA0, EMU_OP(14), op_li, NULL },
        { "addi", EMU_MASK_D, EMU_OP(14), op_addi, NULL },
        { "lis", EMU_MASK_D_RA0, EMU_OP(15), op_li, decode_shifted_imm },
        { "addis", EMU_MASK_D, EMU_OP(15), op_addi, decode_shifted_imm },
        { "addic", EMU_MASK_D, EMU_OP(12), op_addic, NULL },
        { "addic.", EMU_MASK_D, EMU_OP(13), op_addic_rc, NULL },
        { "subfic", EMU_MASK_D, EMU_OP(8), op_subfic, NULL },
        { "addpcis", 0xfc00003eu, EMU_OP(19) | (2u << 1), op_addpcis, decode_addpcis },
        { "addex", EMU_MASK_X, EMU_X(31, 170), op_addex, NULL },
        EMU_XO_OE_RC("add", 266, op_add),
        EMU_XO_OE_RC("subf", 40, op_subf),
        EMU_XO_OE_RC("addc", 10, op_addc),
        EMU_XO_OE_RC("subfc", 8, op_subfc),
        EMU_XO_OE_RC("adde", 138, op_adde),
        EMU_XO_OE_RC("subfe", 136, op_subfe),
        EMU_XO_OE_RC("addme", 234, op_addme),
        EMU_XO_OE_RC("subfme", 232, op_subfme),
        EMU_XO_OE_RC("addze", 202, op_addze),
        EMU_XO_OE_RC("subfze", 200, op_subfze),
        EMU_XO_OE_RC("neg", 104, op_neg),
        { NULL, 0, 0, NULL, NULL },
};
