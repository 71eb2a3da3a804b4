/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Load/store multiple and string (Power ISA 3.0 Book I, 3.3.7-3.3.8):
 * lmw, stmw, lswi, lswx, stswi, stswx.
 *
 * - In little-endian mode they raise the alignment interrupt, as POWER9
 *   (and QEMU) do.
 * - Invalid forms raise the illegal-instruction program interrupt: lmw with
 *   RA in RT..31 (this includes RA=RT=0); lswi/lswx with RA (including RA=0)
 *   or, for lswx, RB among the registers to be loaded.  lswx checks this
 *   only when the XER byte count is non-zero, since the range is empty
 *   otherwise.
 * - The EA need not be word aligned (the ISA lets an implementation
 *   choose; QEMU accepts it too).
 * - Registers are written only once every byte has been read, and stores
 *   happen only once the whole range is known to be RAM, so an interrupt
 *   leaves the state as it was.  These accesses cannot complete through one
 *   MMIO exit; outside RAM they raise the illegal-instruction program
 *   interrupt (see ldst.h).
 * - String registers wrap from r31 to r0; bytes go to bits 32-63 of each
 *   register, high-order first; bits 0-31 and the unused low-order bytes of
 *   the last register are set to 0.  A byte count of 0 is 32 for lswi/stswi
 *   and does nothing for lswx/stswx.
 */
#include "ldst.h"

#define STRING_MAX 128u   /* 32 registers x 4 bytes */

static int lmw_load(struct emu_cpu *cpu, unsigned rt, uint64_t ea)
{
        uint32_t words[32];
        unsigned n = 32 - rt;

        for (unsigned i = 0; i < n; i++) {
                uint64_t v;
                int r = emu_load(cpu, emu_ea(cpu, ea + 4 * i), 4, 0, EMU_TGT_NONE, &v);
                if (r != EMU_NEXT)
                        return r;
                words[i] = (uint32_t)v;
        }
        for (unsigned i = 0; i < n; i++)
                cpu->gpr[rt + i] = words[i];
        return EMU_NEXT;
}

static int op_lmw(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ea = emu_ldst_ea_d(cpu, in);

        if (in->ra >= in->rt)
                return emu_ldst_invalid(cpu);
        if (cpu->msr & MSR_LE)
                return emu_alignment(cpu, ea);
        return lmw_load(cpu, in->rt, ea);
}

static int op_stmw(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ea = emu_ldst_ea_d(cpu, in);
        unsigned n = 32 - in->rt;
        int r;

        if (cpu->msr & MSR_LE)
                return emu_alignment(cpu, ea);
        r = emu_ldst_probe(cpu, ea, 4 * n, true);
        for (unsigned i = 0; r == EMU_NEXT && i < n; i++)
                r = emu_store(cpu, emu_ea(cpu, ea + 4 * i), 4, 0, (uint32_t)cpu->gpr[in->rt + i]);
        return r;
}

/* Is register reg among the nregs registers from rt on, wrapping at 32? */
static bool in_string_range(unsigned reg, unsigned rt, unsigned nregs)
{
        return ((reg - rt) & 31u) < nregs;
}

static unsigned string_regs(unsigned nbytes)
{
        return (nbytes + 3) / 4;
}

/* Loads nbytes (1..128) from ea into registers rt, rt+1, ... (mod 32). */
static int string_load(struct emu_cpu *cpu, unsigned rt, uint64_t ea, unsigned nbytes)
{
        uint8_t buf[STRING_MAX];

        for (unsigned i = 0; i < nbytes; i++) {
                uint64_t v;
                int r = emu_load(cpu, emu_ea(cpu, ea + i), 1, 0, EMU_TGT_NONE, &v);
                if (r != EMU_NEXT)
                        return r;
                buf[i] = (uint8_t)v;
        }
        for (unsigned i = 0; i < nbytes; i++) {
                unsigned reg = (rt + i / 4) & 31;
                unsigned shift = 24 - 8 * (i % 4);
                if (i % 4 == 0)
                        cpu->gpr[reg] = 0;
                cpu->gpr[reg] |= (uint64_t)buf[i] << shift;
        }
        return EMU_NEXT;
}

static int string_store(struct emu_cpu *cpu, unsigned rs, uint64_t ea, unsigned nbytes)
{
        int r = emu_ldst_probe(cpu, ea, nbytes, true);

        for (unsigned i = 0; r == EMU_NEXT && i < nbytes; i++) {
                unsigned reg = (rs + i / 4) & 31;
                unsigned shift = 24 - 8 * (i % 4);
                r = emu_store(cpu, emu_ea(cpu, ea + i), 1, 0, (uint8_t)(cpu->gpr[reg] >> shift));
        }
        return r;
}

/* lswi/stswi: the RB field is NB, the byte count, with 0 meaning 32. */
static unsigned nb_field(const struct emu_insn *in)
{
        return in->rb ? in->rb : 32;
}

static int op_lswi(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ea = emu_ea(cpu, emu_ldst_base(cpu, in->ra));
        unsigned n = nb_field(in);

        if (in_string_range(in->ra, in->rt, string_regs(n)))
                return emu_ldst_invalid(cpu);
        if (cpu->msr & MSR_LE)
                return emu_alignment(cpu, ea);
        return string_load(cpu, in->rt, ea, n);
}

static int op_lswx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ea = emu_ldst_ea_x(cpu, in);
        unsigned n = cpu->xer_bc & XER_BC;

        if (cpu->msr & MSR_LE)
                return emu_alignment(cpu, ea);
        if (n == 0)
                return EMU_NEXT;
        if (in_string_range(in->ra, in->rt, string_regs(n)) ||
            in_string_range(in->rb, in->rt, string_regs(n)))
                return emu_ldst_invalid(cpu);
        return string_load(cpu, in->rt, ea, n);
}

static int op_stswi(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ea = emu_ea(cpu, emu_ldst_base(cpu, in->ra));

        if (cpu->msr & MSR_LE)
                return emu_alignment(cpu, ea);
        return string_store(cpu, in->rt, ea, nb_field(in));
}

static int op_stswx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ea = emu_ldst_ea_x(cpu, in);
        unsigned n = cpu->xer_bc & XER_BC;

        if (cpu->msr & MSR_LE)
                return emu_alignment(cpu, ea);
        if (n == 0)
                return EMU_NEXT;
        return string_store(cpu, in->rt, ea, n);
}

#define D(op)  0xfc000000u, ((uint32_t)(op) << 26)
#define X(xo)  0xfc0007feu, ((31u << 26) | ((uint32_t)(xo) << 1))

const struct emu_opdesc emu_ops_string[] = {
        { "lmw",   D(46),  op_lmw,   NULL },
        { "stmw",  D(47),  op_stmw,  NULL },
        { "lswx",  X(533), op_lswx,  NULL },
        { "lswi",  X(597), op_lswi,  NULL },
        { "stswx", X(661), op_stswx, NULL },
        { "stswi", X(725), op_stswi, NULL },
        { NULL, 0, 0, NULL, NULL },
};
