/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Branches (Power ISA 3.0 Book I, 2.4): b, bc, bclr, bcctr, bctar, each with
 * AA/LK forms.  Decoding splits every conditional branch by BO[2] into a
 * "test the CR only" handler and a "decrement CTR, test CTR and CR" handler,
 * and leaves them the CR test as a mask and the wanted value:
 *
 *   aux[0:31]   crmask: the CR bit BI, or 0 when BO[0] says "ignore the CR"
 *   aux[32:63]  crwant: crmask when BO[1] asks for the bit set, else 0
 *   rc          1 when BO[3] asks for CTR == 0, 0 for CTR != 0
 *   imm         the displacement (relative) or target (absolute)
 *
 * BO encodings with "z" or hint bits set behave as the ISA's formula says
 * (the hint bits are ignored).  In 32-bit mode the CTR test looks at the low
 * word of the (64-bit decremented) CTR, and LR and targets are truncated.
 * A taken branch records its own address in CFAR.
 *
 * bcctr with BO[2]=0 is an invalid form: no entry matches it, so it decodes
 * as illegal.  bctar may decrement (its ISA pseudo-code tests the CTR); the
 * FSCR[TAR] facility check is not modelled: bctar is always available.
 */
#include "op_int.h"

#define BC_DEC   1u   /* BO[2]=0: decrement and test CTR */
#define BC_LK    2u
#define BC_AA    4u
#define BC_TO_LR  8u  /* target register: LR, CTR or TAR, else the immediate */
#define BC_TO_CTR 16u
#define BC_TO_TAR 32u

#define BO_NO_CR   0x10u
#define BO_CR_SET  0x08u
#define BO_CTR_Z   0x02u

EMU_ALWAYS_INLINE int jump(struct emu_cpu *cpu, uint64_t target)
{
        cpu->spr[SPR_CFAR] = cpu->nip;
        cpu->nip = emu_nia(cpu, target);
        return EMU_JUMP;
}

EMU_ALWAYS_INLINE uint64_t bc_target(const struct emu_cpu *cpu, const struct emu_insn *in,
                                     unsigned f)
{
        if (f & BC_TO_LR)
                return cpu->lr & ~3ull;
        if (f & BC_TO_CTR)
                return cpu->ctr & ~3ull;
        if (f & BC_TO_TAR)
                return cpu->spr[SPR_TAR] & ~3ull;
        return (f & BC_AA) ? (uint64_t)in->imm : cpu->nip + (uint64_t)in->imm;
}

EMU_ALWAYS_INLINE int bc_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        uint64_t target = bc_target(cpu, in, f);   /* before LK changes LR */
        unsigned ok = (cpu->cr & (uint32_t)in->aux) == (uint32_t)(in->aux >> 32);

        if (f & BC_DEC) {
                uint64_t ctr = --cpu->ctr;
                uint64_t tested = emu_sf(cpu) ? ctr : (uint32_t)ctr;
                ok &= (tested == 0) == in->rc;
        }
        if (f & BC_LK)
                cpu->lr = emu_nia(cpu, cpu->nip + 4);
        return ok ? jump(cpu, target) : EMU_NEXT;
}

#define BC_HANDLER(name, flags)                                                 \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)    \
        { return bc_body(cpu, in, flags); }

BC_HANDLER(bc, 0)
BC_HANDLER(bcl, BC_LK)
BC_HANDLER(bca, BC_AA)
BC_HANDLER(bcla, BC_AA | BC_LK)
BC_HANDLER(bdc, BC_DEC)
BC_HANDLER(bdcl, BC_DEC | BC_LK)
BC_HANDLER(bdca, BC_DEC | BC_AA)
BC_HANDLER(bdcla, BC_DEC | BC_AA | BC_LK)
BC_HANDLER(bclr, BC_TO_LR)
BC_HANDLER(bclrl, BC_TO_LR | BC_LK)
BC_HANDLER(bdclr, BC_TO_LR | BC_DEC)
BC_HANDLER(bdclrl, BC_TO_LR | BC_DEC | BC_LK)
BC_HANDLER(bcctr, BC_TO_CTR)
BC_HANDLER(bcctrl, BC_TO_CTR | BC_LK)
BC_HANDLER(bctar, BC_TO_TAR)
BC_HANDLER(bctarl, BC_TO_TAR | BC_LK)
BC_HANDLER(bdctar, BC_TO_TAR | BC_DEC)
BC_HANDLER(bdctarl, BC_TO_TAR | BC_DEC | BC_LK)

/* I-form b: unconditional. */
static int op_b(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return jump(cpu, cpu->nip + (uint64_t)in->imm);
}

static int op_ba(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return jump(cpu, (uint64_t)in->imm);
}

static int op_bl(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->lr = emu_nia(cpu, cpu->nip + 4);
        return jump(cpu, cpu->nip + (uint64_t)in->imm);
}

static int op_bla(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->lr = emu_nia(cpu, cpu->nip + 4);
        return jump(cpu, (uint64_t)in->imm);
}

/* LI (bits 6-29) || 0b00, sign-extended. */
static void decode_b(struct emu_insn *in)
{
        in->imm = (int32_t)((in->word & 0x03fffffcu) << 6) >> 6;
}

/* BO in rt, BI in ra (as emu_decode extracted them). */
static void decode_bo_bi(struct emu_insn *in)
{
        unsigned bo = in->rt, bi = in->ra;
        uint32_t crmask = (bo & BO_NO_CR) ? 0 : 1u << (31 - bi);
        uint32_t crwant = (bo & BO_CR_SET) ? crmask : 0;

        in->aux = crmask | (uint64_t)crwant << 32;
        in->rc = (bo & BO_CTR_Z) ? 1 : 0;
}

/* B form: BD (bits 16-29) || 0b00, sign-extended. */
static void decode_bc(struct emu_insn *in)
{
        decode_bo_bi(in);
        in->imm = (int16_t)(in->word & 0xfffcu);
}

#define BO2        0x00800000u   /* BO[2] in the word */
#define MASK_B     0xfc000003u   /* opcode, AA, LK */
#define MASK_BC    (MASK_B | BO2)
#define MASK_XL    (0xfc0007ffu | BO2)   /* opcode, BO[2], XO, LK */

const struct emu_opdesc emu_ops_branch[] = {
        { "b", MASK_B, EMU_OP(18), op_b, decode_b },
        { "bl", MASK_B, EMU_OP(18) | 1u, op_bl, decode_b },
        { "ba", MASK_B, EMU_OP(18) | 2u, op_ba, decode_b },
        { "bla", MASK_B, EMU_OP(18) | 3u, op_bla, decode_b },

        { "bc", MASK_BC, EMU_OP(16) | BO2, op_bc, decode_bc },
        { "bcl", MASK_BC, EMU_OP(16) | BO2 | 1u, op_bcl, decode_bc },
        { "bca", MASK_BC, EMU_OP(16) | BO2 | 2u, op_bca, decode_bc },
        { "bcla", MASK_BC, EMU_OP(16) | BO2 | 3u, op_bcla, decode_bc },
        { "bc", MASK_BC, EMU_OP(16), op_bdc, decode_bc },
        { "bcl", MASK_BC, EMU_OP(16) | 1u, op_bdcl, decode_bc },
        { "bca", MASK_BC, EMU_OP(16) | 2u, op_bdca, decode_bc },
        { "bcla", MASK_BC, EMU_OP(16) | 3u, op_bdcla, decode_bc },

        { "bclr", MASK_XL, EMU_X(19, 16) | BO2, op_bclr, decode_bo_bi },
        { "bclrl", MASK_XL, EMU_X(19, 16) | BO2 | 1u, op_bclrl, decode_bo_bi },
        { "bclr", MASK_XL, EMU_X(19, 16), op_bdclr, decode_bo_bi },
        { "bclrl", MASK_XL, EMU_X(19, 16) | 1u, op_bdclrl, decode_bo_bi },

        { "bcctr", MASK_XL, EMU_X(19, 528) | BO2, op_bcctr, decode_bo_bi },
        { "bcctrl", MASK_XL, EMU_X(19, 528) | BO2 | 1u, op_bcctrl, decode_bo_bi },

        { "bctar", MASK_XL, EMU_X(19, 560) | BO2, op_bctar, decode_bo_bi },
        { "bctarl", MASK_XL, EMU_X(19, 560) | BO2 | 1u, op_bctarl, decode_bo_bi },
        { "bctar", MASK_XL, EMU_X(19, 560), op_bdctar, decode_bo_bi },
        { "bctarl", MASK_XL, EMU_X(19, 560) | 1u, op_bdctarl, decode_bo_bi },
        { NULL, 0, 0, NULL, NULL },
};
