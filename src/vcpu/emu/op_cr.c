/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Condition register logical and move instructions (Power ISA 3.0 Book I,
 * 2.5 and 3.3.17): crand ... crorc, mcrf, mfcr/mfocrf, mtcrf/mtocrf.
 *
 * Decoding turns CR bit numbers into shift counts (bit n of the ISA is
 * 1 << (31 - n) in cpu->cr) and FXM into a 32-bit field mask.
 *
 * mfocrf and mtocrf with an FXM that is not exactly one bit are undefined;
 * both leave all state unchanged here, as QEMU does.  (mtcrf and mfcr, the
 * forms with bit 11 clear, accept any FXM.)
 */
#include "op_int.h"

/* XL form: rt = 31 - BT, ra = 31 - BA, rb = 31 - BB. */
EMU_ALWAYS_INLINE int cr_set(struct emu_cpu *cpu, const struct emu_insn *in, uint32_t bit)
{
        cpu->cr = (cpu->cr & ~(1u << in->rt)) | ((bit & 1u) << in->rt);
        return EMU_NEXT;
}

#define CR_A (cpu->cr >> in->ra)
#define CR_B (cpu->cr >> in->rb)

static int op_crand(struct emu_cpu *cpu, const struct emu_insn *in) { return cr_set(cpu, in, CR_A & CR_B); }
static int op_cror(struct emu_cpu *cpu, const struct emu_insn *in) { return cr_set(cpu, in, CR_A | CR_B); }
static int op_crxor(struct emu_cpu *cpu, const struct emu_insn *in) { return cr_set(cpu, in, CR_A ^ CR_B); }
static int op_crnand(struct emu_cpu *cpu, const struct emu_insn *in) { return cr_set(cpu, in, ~(CR_A & CR_B)); }
static int op_crnor(struct emu_cpu *cpu, const struct emu_insn *in) { return cr_set(cpu, in, ~(CR_A | CR_B)); }
static int op_creqv(struct emu_cpu *cpu, const struct emu_insn *in) { return cr_set(cpu, in, ~(CR_A ^ CR_B)); }
static int op_crandc(struct emu_cpu *cpu, const struct emu_insn *in) { return cr_set(cpu, in, CR_A & ~CR_B); }
static int op_crorc(struct emu_cpu *cpu, const struct emu_insn *in) { return cr_set(cpu, in, CR_A | ~CR_B); }

static void decode_crbits(struct emu_insn *in)
{
        in->rt = 31 - in->rt;
        in->ra = 31 - in->ra;
        in->rb = 31 - in->rb;
}

/* mcrf: rt = BF, ra = BFA. */
static int op_mcrf(struct emu_cpu *cpu, const struct emu_insn *in)
{
        emu_set_crf(cpu, in->rt, emu_get_crf(cpu, in->ra));
        return EMU_NEXT;
}

static void decode_mcrf(struct emu_insn *in)
{
        in->rt = (in->word >> 23) & 7u;
        in->ra = (in->word >> 18) & 7u;
}

static int op_mfcr(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = cpu->cr;
        return EMU_NEXT;
}

/* mfocrf: aux = the field's mask and imm = 0, or (FXM not one bit) aux = 0
 * and imm = ~0, which keeps RT. */
static int op_mfocrf(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = (cpu->gpr[in->rt] & (uint64_t)in->imm) | (cpu->cr & in->aux);
        return EMU_NEXT;
}

/* mtcrf and mtocrf: aux = the fields to replace (0 for an undefined mtocrf). */
static int op_mtcrf(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint32_t m = (uint32_t)in->aux;
        cpu->cr = (cpu->cr & ~m) | ((uint32_t)cpu->gpr[in->rt] & m);
        return EMU_NEXT;
}

/* FXM, bits 12-19: bit 12 selects CR field 0 (CR bits 28-31 of cpu->cr). */
static uint32_t fxm_mask(uint32_t word)
{
        unsigned fxm = (word >> 12) & 0xffu;
        uint32_t m = 0;

        for (unsigned i = 0; i < 8; i++)
                if (fxm & (0x80u >> i))
                        m |= 0xf0000000u >> (4 * i);
        return m;
}

static bool fxm_one_field(uint32_t word)
{
        return __builtin_popcount((word >> 12) & 0xffu) == 1;
}

static void decode_mtcrf(struct emu_insn *in)
{
        in->aux = fxm_mask(in->word);
}

static void decode_mtocrf(struct emu_insn *in)
{
        in->aux = fxm_one_field(in->word) ? fxm_mask(in->word) : 0;
}

static void decode_mfocrf(struct emu_insn *in)
{
        bool one = fxm_one_field(in->word);

        in->aux = one ? fxm_mask(in->word) : 0;
        in->imm = one ? 0 : -1;
}

#define ONE_FIELD 0x00100000u   /* bit 11: the mfocrf/mtocrf forms */
#define MASK_CRM  (EMU_MASK_X | ONE_FIELD)

const struct emu_opdesc emu_ops_cr[] = {
        { "crand", EMU_MASK_X, EMU_X(19, 257), op_crand, decode_crbits },
        { "cror", EMU_MASK_X, EMU_X(19, 449), op_cror, decode_crbits },
        { "crxor", EMU_MASK_X, EMU_X(19, 193), op_crxor, decode_crbits },
        { "crnand", EMU_MASK_X, EMU_X(19, 225), op_crnand, decode_crbits },
        { "crnor", EMU_MASK_X, EMU_X(19, 33), op_crnor, decode_crbits },
        { "creqv", EMU_MASK_X, EMU_X(19, 289), op_creqv, decode_crbits },
        { "crandc", EMU_MASK_X, EMU_X(19, 129), op_crandc, decode_crbits },
        { "crorc", EMU_MASK_X, EMU_X(19, 417), op_crorc, decode_crbits },
        { "mcrf", EMU_MASK_X, EMU_X(19, 0), op_mcrf, decode_mcrf },
        { "mfcr", MASK_CRM, EMU_X(31, 19), op_mfcr, NULL },
        { "mfocrf", MASK_CRM, EMU_X(31, 19) | ONE_FIELD, op_mfocrf, decode_mfocrf },
        { "mtcrf", MASK_CRM, EMU_X(31, 144), op_mtcrf, decode_mtcrf },
        { "mtocrf", MASK_CRM, EMU_X(31, 144) | ONE_FIELD, op_mtcrf, decode_mtocrf },
        { NULL, 0, 0, NULL, NULL },
};
