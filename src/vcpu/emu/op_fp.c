/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Floating-point instructions (Power ISA 3.0 Book I, chapter 4): loads and
 * stores, arithmetic, conversions, compares and the FPSCR moves.  The
 * arithmetic itself is in fpu*.c; handlers here fetch operands, write FRT,
 * set CR1 for the Rc=1 forms and raise the FP enabled-exception program
 * interrupt.
 *
 * Enabled exceptions: every mode with MSR[FE0] | MSR[FE1] != 0 is handled
 * as the precise mode (the ISA allows implementations to do so).  The
 * interrupt is taken after the instruction has updated FPSCR, CR1 and (for
 * overflow, underflow and inexact) FRT, with SRR0 addressing the
 * instruction itself; enabled invalid-operation and zero-divide exceptions
 * leave FRT unchanged (the fpu_* functions say so).
 */
#include "cpu.h"
#include "fpu.h"

/* ---- common endings ------------------------------------------------------ */

static void set_cr1(struct emu_cpu *cpu)
{
        emu_set_crf(cpu, 1, (unsigned)(cpu->fpscr >> 28) & 0xfu);
}

/* An instruction that may have changed FPSCR: store it, CR1 for Rc=1, and
 * the program interrupt when (MSR[FE0] | MSR[FE1]) & FPSCR[FEX]. */
static int fp_done(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t fpscr, bool rc)
{
        cpu->fpscr = fpscr;
        if (rc && EMU_RC(in->word))
                set_cr1(cpu);
        if ((cpu->msr & (MSR_FE0 | MSR_FE1)) && (fpscr & FPSCR_FEX))
                return emu_program(cpu, SRR1_PROGRAM_FP);
        return EMU_NEXT;
}

static int fp_result(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t fpscr,
                     bool write, uint64_t val)
{
        if (write)
                emu_set_fpr(cpu, in->rt, val);
        return fp_done(cpu, in, fpscr, true);
}

/* Moves that leave FPSCR alone (fmr, fneg, ...). */
static int fp_move(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t val)
{
        emu_set_fpr(cpu, in->rt, val);
        if (EMU_RC(in->word))
                set_cr1(cpu);
        return EMU_NEXT;
}

#define FRA(cpu, in) emu_fpr((cpu), (in)->ra)
#define FRB(cpu, in) emu_fpr((cpu), (in)->rb)
#define FRC(cpu, in) emu_fpr((cpu), (in)->rc)

/* ---- loads and stores ------------------------------------------------------ */

static uint64_t ea_d(const struct emu_cpu *cpu, const struct emu_insn *in)
{
        return emu_ea(cpu, (in->ra ? cpu->gpr[in->ra] : 0) + (uint64_t)in->imm);
}

static uint64_t ea_x(const struct emu_cpu *cpu, const struct emu_insn *in)
{
        return emu_ea(cpu, (in->ra ? cpu->gpr[in->ra] : 0) + cpu->gpr[in->rb]);
}

static uint64_t load_value(unsigned kind, uint64_t v)
{
        switch (kind) {
        case EMU_TGT_FPR_SINGLE:
                return emu_fp_single_to_double((uint32_t)v);
        case EMU_TGT_FPR_IWZ:
                return (uint32_t)v;
        default:        /* FPR as is; IWA arrives sign-extended */
                return v;
        }
}

/* A load into FRT.  An MMIO exit completes into FRT through mem.c; the
 * update form's RA is written either way (cpu.h's contract). */
static int fp_load(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t ea, bool update,
                   unsigned kind)
{
        unsigned size = kind == EMU_TGT_FPR ? 8 : 4;
        unsigned flags = kind == EMU_TGT_FPR_IWA ? EMU_MEM_SEXT : 0;
        uint64_t v;
        int r = emu_load(cpu, ea, size, flags, EMU_TGT(kind, in->rt), &v);

        if (r == EMU_JUMP)
                return r;
        if (update)
                cpu->gpr[in->ra] = ea;
        if (r == EMU_NEXT)
                emu_set_fpr(cpu, in->rt, load_value(kind, v));
        return r;
}

static int fp_store(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t ea, bool update,
                    unsigned size, uint64_t val)
{
        int r = emu_store(cpu, ea, size, 0, val);

        if (r == EMU_JUMP)
                return r;
        if (update)
                cpu->gpr[in->ra] = ea;
        return r;
}

static uint64_t as_double(uint64_t v) { return v; }
static uint64_t as_single(uint64_t v) { return emu_fp_double_to_single(v); }
static uint64_t as_word(uint64_t v) { return (uint32_t)v; }

/* Update forms with RA = 0 are invalid forms: illegal instruction. */
#define FP_LOAD(name, eafn, update, kind)                                          \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)      \
        {                                                                          \
                EMU_REQUIRE_FP(cpu);                                               \
                if ((update) && in->ra == 0)                                       \
                        return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);             \
                return fp_load(cpu, in, eafn(cpu, in), (update), (kind));          \
        }

#define FP_STORE(name, eafn, update, size, convert)                                \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)      \
        {                                                                          \
                EMU_REQUIRE_FP(cpu);                                               \
                if ((update) && in->ra == 0)                                       \
                        return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);             \
                return fp_store(cpu, in, eafn(cpu, in), (update), (size),          \
                                convert(emu_fpr(cpu, in->rt)));                    \
        }

FP_LOAD(lfs, ea_d, false, EMU_TGT_FPR_SINGLE)
FP_LOAD(lfsu, ea_d, true, EMU_TGT_FPR_SINGLE)
FP_LOAD(lfd, ea_d, false, EMU_TGT_FPR)
FP_LOAD(lfdu, ea_d, true, EMU_TGT_FPR)
FP_LOAD(lfsx, ea_x, false, EMU_TGT_FPR_SINGLE)
FP_LOAD(lfsux, ea_x, true, EMU_TGT_FPR_SINGLE)
FP_LOAD(lfdx, ea_x, false, EMU_TGT_FPR)
FP_LOAD(lfdux, ea_x, true, EMU_TGT_FPR)
FP_LOAD(lfiwax, ea_x, false, EMU_TGT_FPR_IWA)
FP_LOAD(lfiwzx, ea_x, false, EMU_TGT_FPR_IWZ)
FP_STORE(stfs, ea_d, false, 4, as_single)
FP_STORE(stfsu, ea_d, true, 4, as_single)
FP_STORE(stfd, ea_d, false, 8, as_double)
FP_STORE(stfdu, ea_d, true, 8, as_double)
FP_STORE(stfsx, ea_x, false, 4, as_single)
FP_STORE(stfsux, ea_x, true, 4, as_single)
FP_STORE(stfdx, ea_x, false, 8, as_double)
FP_STORE(stfdux, ea_x, true, 8, as_double)
FP_STORE(stfiwx, ea_x, false, 4, as_word)

/*
 * lfdp/stfdp: an even-odd FPR pair and a quadword.  Both halves are read
 * before either register is written, so a fault leaves both unchanged; a
 * quadword cannot complete through an MMIO exit (mem.c raises a program
 * interrupt).  In little-endian mode the quadword is reversed as a whole,
 * so FRTp+1 takes the doubleword at EA.  An odd FRTp is an invalid form.
 */
static int fp_load_pair(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t ea)
{
        uint64_t hi, lo;
        bool le = cpu->msr & MSR_LE;
        int r;

        if (in->rt & 1)
                return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);
        r = emu_load(cpu, ea, 8, 0, EMU_TGT(EMU_TGT_NONE, 0), le ? &lo : &hi);
        if (r != EMU_NEXT)
                return r;
        r = emu_load(cpu, emu_ea(cpu, ea + 8), 8, 0, EMU_TGT(EMU_TGT_NONE, 0), le ? &hi : &lo);
        if (r != EMU_NEXT)
                return r;
        emu_set_fpr(cpu, in->rt, hi);
        emu_set_fpr(cpu, in->rt + 1, lo);
        return EMU_NEXT;
}

static int fp_store_pair(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t ea)
{
        bool le = cpu->msr & MSR_LE;
        uint64_t first, second;
        int r;

        if (in->rt & 1)
                return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);
        first = emu_fpr(cpu, le ? in->rt + 1 : in->rt);
        second = emu_fpr(cpu, le ? in->rt : in->rt + 1);
        r = emu_store(cpu, ea, 8, 0, first);
        if (r != EMU_NEXT)
                return r;
        return emu_store(cpu, emu_ea(cpu, ea + 8), 8, 0, second);
}

static void decode_ds(struct emu_insn *in)
{
        in->imm = (int16_t)(in->word & 0xfffc);
}

static int op_lfdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_load_pair(cpu, in, ea_d(cpu, in));
}

static int op_lfdpx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_load_pair(cpu, in, ea_x(cpu, in));
}

static int op_stfdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_store_pair(cpu, in, ea_d(cpu, in));
}

static int op_stfdpx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_store_pair(cpu, in, ea_x(cpu, in));
}

/* ---- arithmetic ---------------------------------------------------------- */

/* FRT <- FRA op FRB (add, sub, div) */
#define FP_AB(name, fn, single)                                                    \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)      \
        {                                                                          \
                uint64_t f = cpu->fpscr, r = 0;                                    \
                EMU_REQUIRE_FP(cpu);                                               \
                bool w = fn(&f, FRA(cpu, in), FRB(cpu, in), (single), &r);         \
                return fp_result(cpu, in, f, w, r);                                \
        }

/* FRT <- op FRB (sqrt and the estimates) */
#define FP_B(name, fn, single)                                                     \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)      \
        {                                                                          \
                uint64_t f = cpu->fpscr, r = 0;                                    \
                EMU_REQUIRE_FP(cpu);                                               \
                bool w = fn(&f, FRB(cpu, in), (single), &r);                       \
                return fp_result(cpu, in, f, w, r);                                \
        }

/* FRT <- [-]((FRA * FRC) +/- FRB) */
#define FP_FMA(name, kind, single)                                                 \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)      \
        {                                                                          \
                uint64_t f = cpu->fpscr, r = 0;                                    \
                EMU_REQUIRE_FP(cpu);                                               \
                bool w = fpu_fma(&f, FRA(cpu, in), FRC(cpu, in), FRB(cpu, in),     \
                                 (kind), (single), &r);                            \
                return fp_result(cpu, in, f, w, r);                                \
        }

FP_AB(fadd, fpu_add, false)
FP_AB(fadds, fpu_add, true)
FP_AB(fsub, fpu_sub, false)
FP_AB(fsubs, fpu_sub, true)
FP_AB(fdiv, fpu_div, false)
FP_AB(fdivs, fpu_div, true)
FP_B(fsqrt, fpu_sqrt, false)
FP_B(fsqrts, fpu_sqrt, true)
FP_B(fre, fpu_re, false)
FP_B(fres, fpu_re, true)
FP_B(frsqrte, fpu_rsqrte, false)
FP_B(frsqrtes, fpu_rsqrte, true)
FP_FMA(fmadd, FPU_MADD, false)
FP_FMA(fmadds, FPU_MADD, true)
FP_FMA(fmsub, FPU_MSUB, false)
FP_FMA(fmsubs, FPU_MSUB, true)
FP_FMA(fnmadd, FPU_NMADD, false)
FP_FMA(fnmadds, FPU_NMADD, true)
FP_FMA(fnmsub, FPU_NMSUB, false)
FP_FMA(fnmsubs, FPU_NMSUB, true)

static int fp_mul(struct emu_cpu *cpu, const struct emu_insn *in, bool single)
{
        uint64_t f = cpu->fpscr, r = 0;

        EMU_REQUIRE_FP(cpu);
        bool w = fpu_mul(&f, FRA(cpu, in), FRC(cpu, in), single, &r);
        return fp_result(cpu, in, f, w, r);
}

static int op_fmul(struct emu_cpu *cpu, const struct emu_insn *in) { return fp_mul(cpu, in, false); }
static int op_fmuls(struct emu_cpu *cpu, const struct emu_insn *in) { return fp_mul(cpu, in, true); }

static int op_frsp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t f = cpu->fpscr, r = 0;

        EMU_REQUIRE_FP(cpu);
        bool w = fpu_rsp(&f, FRB(cpu, in), &r);
        return fp_result(cpu, in, f, w, r);
}

/* ---- conversions and rounding ---------------------------------------------- */

#define FP_CTI(name, flags)                                                        \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)      \
        {                                                                          \
                uint64_t f = cpu->fpscr, r = 0;                                    \
                EMU_REQUIRE_FP(cpu);                                               \
                bool w = fpu_to_int(&f, FRB(cpu, in), (flags), &r);                \
                return fp_result(cpu, in, f, w, r);                                \
        }

FP_CTI(fctiw, FPU_CVT_WORD)
FP_CTI(fctiwz, FPU_CVT_WORD | FPU_CVT_TRUNC)
FP_CTI(fctiwu, FPU_CVT_WORD | FPU_CVT_UNSIGNED)
FP_CTI(fctiwuz, FPU_CVT_WORD | FPU_CVT_UNSIGNED | FPU_CVT_TRUNC)
FP_CTI(fctid, 0)
FP_CTI(fctidz, FPU_CVT_TRUNC)
FP_CTI(fctidu, FPU_CVT_UNSIGNED)
FP_CTI(fctiduz, FPU_CVT_UNSIGNED | FPU_CVT_TRUNC)

#define FP_CFI(name, uns, single)                                                  \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)      \
        {                                                                          \
                uint64_t f = cpu->fpscr;                                           \
                EMU_REQUIRE_FP(cpu);                                               \
                uint64_t r = fpu_from_int(&f, FRB(cpu, in), (uns), (single));      \
                return fp_result(cpu, in, f, true, r);                             \
        }

FP_CFI(fcfid, false, false)
FP_CFI(fcfids, false, true)
FP_CFI(fcfidu, true, false)
FP_CFI(fcfidus, true, true)

#define FP_RINT(name, mode)                                                        \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)      \
        {                                                                          \
                uint64_t f = cpu->fpscr, r = 0;                                    \
                EMU_REQUIRE_FP(cpu);                                               \
                bool w = fpu_round_int(&f, FRB(cpu, in), (mode), &r);              \
                return fp_result(cpu, in, f, w, r);                                \
        }

FP_RINT(frin, FPU_RINT_NEAREST_AWAY)
FP_RINT(friz, FPU_RINT_ZERO)
FP_RINT(frip, FPU_RINT_PINF)
FP_RINT(frim, FPU_RINT_MINF)

/* ---- moves, sign operations, select, merges -------------------------------- */

#define SIGN_BIT 0x8000000000000000ull

static int op_fmr(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_move(cpu, in, FRB(cpu, in));
}

static int op_fneg(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_move(cpu, in, FRB(cpu, in) ^ SIGN_BIT);
}

static int op_fabs(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_move(cpu, in, FRB(cpu, in) & ~SIGN_BIT);
}

static int op_fnabs(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_move(cpu, in, FRB(cpu, in) | SIGN_BIT);
}

static int op_fcpsgn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_move(cpu, in, (FRA(cpu, in) & SIGN_BIT) | (FRB(cpu, in) & ~SIGN_BIT));
}

/* fsel: FRC when FRA >= 0 (either zero counts), FRB when FRA < 0 or NaN. */
static int op_fsel(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t a = FRA(cpu, in);
        bool nan = (a & ~SIGN_BIT) > 0x7ff0000000000000ull;
        bool ge0 = !nan && (!(a & SIGN_BIT) || !(a & ~SIGN_BIT));

        EMU_REQUIRE_FP(cpu);
        return fp_move(cpu, in, ge0 ? FRC(cpu, in) : FRB(cpu, in));
}

static int op_fmrgew(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        emu_set_fpr(cpu, in->rt, (FRA(cpu, in) & 0xffffffff00000000ull) | (FRB(cpu, in) >> 32));
        return EMU_NEXT;
}

static int op_fmrgow(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        emu_set_fpr(cpu, in->rt, (FRA(cpu, in) << 32) | (uint32_t)FRB(cpu, in));
        return EMU_NEXT;
}

/* ---- compares and tests ---------------------------------------------------- */

static unsigned field_bf(const struct emu_insn *in) { return (in->word >> 23) & 7u; }

static int fp_compare(struct emu_cpu *cpu, const struct emu_insn *in, bool ordered)
{
        uint64_t f = cpu->fpscr;

        EMU_REQUIRE_FP(cpu);
        emu_set_crf(cpu, field_bf(in), fpu_compare(&f, FRA(cpu, in), FRB(cpu, in), ordered));
        return fp_done(cpu, in, f, false);
}

static int op_fcmpu(struct emu_cpu *cpu, const struct emu_insn *in) { return fp_compare(cpu, in, false); }
static int op_fcmpo(struct emu_cpu *cpu, const struct emu_insn *in) { return fp_compare(cpu, in, true); }

static int op_ftdiv(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        emu_set_crf(cpu, field_bf(in), fpu_tdiv(FRA(cpu, in), FRB(cpu, in)));
        return EMU_NEXT;
}

static int op_ftsqrt(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        emu_set_crf(cpu, field_bf(in), fpu_tsqrt(FRB(cpu, in)));
        return EMU_NEXT;
}

/* ---- FPSCR moves ------------------------------------------------------------ */

/* The mask of FPSCR field k (0-15 over the 64-bit FPSCR). */
static uint64_t fpscr_field(unsigned k)
{
        return 0xfull << (60 - 4 * k);
}

#define FPSCR_CONTROL (FPSCR_DRN | FPSCR_VE | FPSCR_OE | FPSCR_UE | FPSCR_ZE | \
                       FPSCR_XE | FPSCR_NI | FPSCR_RN)

static int op_mffs(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        return fp_move(cpu, in, cpu->fpscr);
}

/* mffsce: FRT <- FPSCR, then the exception enables are cleared. */
static int op_mffsce(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        emu_set_fpr(cpu, in->rt, cpu->fpscr);
        cpu->fpscr = fpu_fpscr_summarize(cpu->fpscr & ~(FPSCR_VE | FPSCR_OE | FPSCR_UE |
                                                        FPSCR_ZE | FPSCR_XE));
        return EMU_NEXT;
}

/* mffsl: the control bits and FR, FI, FPRF. */
static int op_mffsl(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        emu_set_fpr(cpu, in->rt, cpu->fpscr & (FPSCR_CONTROL | FPSCR_FR | FPSCR_FI | FPSCR_FPRF));
        return EMU_NEXT;
}

/* The mffsc[d]rn[i] family: FRT <- control bits, then one field replaced. */
static int mffs_control(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t mask,
                        uint64_t val)
{
        EMU_REQUIRE_FP(cpu);
        emu_set_fpr(cpu, in->rt, cpu->fpscr & FPSCR_CONTROL);
        cpu->fpscr = (cpu->fpscr & ~mask) | (val & mask);
        return EMU_NEXT;
}

static int op_mffscdrn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return mffs_control(cpu, in, FPSCR_DRN, FRB(cpu, in));
}

static int op_mffscdrni(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return mffs_control(cpu, in, FPSCR_DRN, (uint64_t)((in->word >> 11) & 7u) << 32);
}

static int op_mffscrn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return mffs_control(cpu, in, FPSCR_RN, FRB(cpu, in));
}

static int op_mffscrni(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return mffs_control(cpu, in, FPSCR_RN, (in->word >> 11) & 3u);
}

/*
 * mtfsf: fields selected by FLM (or all with L=1) come from FRB; W=1
 * selects the upper word's fields.  FEX and VX are always recomputed, FX
 * is copied, never set implicitly.
 */
static int op_mtfsf(struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned l = (in->word >> 25) & 1u, flm = (in->word >> 17) & 0xffu;
        unsigned w = (in->word >> 16) & 1u;
        uint64_t mask = 0;

        EMU_REQUIRE_FP(cpu);
        if (l) {
                mask = ~0ull;
        } else {
                for (unsigned i = 0; i < 8; i++)
                        if (flm & (0x80u >> i))
                                mask |= fpscr_field(i + 8 * (1 - w));
        }
        mask &= FPSCR_DEFINED;
        uint64_t f = (cpu->fpscr & ~mask) | (FRB(cpu, in) & mask);
        return fp_done(cpu, in, fpu_fpscr_summarize(f), true);
}

static int op_mtfsfi(struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned k = field_bf(in) + 8 * (1 - ((in->word >> 16) & 1u));
        uint64_t u = (in->word >> 12) & 0xfu;
        uint64_t mask = fpscr_field(k) & FPSCR_DEFINED;

        EMU_REQUIRE_FP(cpu);
        uint64_t f = (cpu->fpscr & ~mask) | ((u << (60 - 4 * k)) & mask);
        return fp_done(cpu, in, fpu_fpscr_summarize(f), true);
}

static int op_mtfsb0(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_FP(cpu);
        uint64_t f = cpu->fpscr & ~PPC_BIT(32 + in->rt);
        return fp_done(cpu, in, fpu_fpscr_summarize(f), true);
}

/* mtfsb1: setting an exception bit that was 0 also sets FX. */
static int op_mtfsb1(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t bit = PPC_BIT(32 + in->rt) & FPSCR_DEFINED;

        EMU_REQUIRE_FP(cpu);
        uint64_t f = cpu->fpscr | bit;
        if (bit & FPSCR_EXC_ALL & ~cpu->fpscr)
                f |= FPSCR_FX;
        return fp_done(cpu, in, fpu_fpscr_summarize(f), true);
}

/* mcrfs: CR[BF] <- FPSCR field BFA; the exception bits copied (and FX) are
 * cleared. */
static int op_mcrfs(struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned bfa = (in->word >> 18) & 7u;
        uint64_t mask = fpscr_field(8 + bfa);

        EMU_REQUIRE_FP(cpu);
        emu_set_crf(cpu, field_bf(in), (unsigned)((cpu->fpscr & mask) >> (28 - 4 * bfa)));
        cpu->fpscr = fpu_fpscr_summarize(cpu->fpscr & ~(mask & (FPSCR_FX | FPSCR_EXC_ALL)));
        return EMU_NEXT;
}

/* ---- the table -------------------------------------------------------------- */

/* Reserved instruction fields are ignored (Book I 1.3.3): the masks cover
 * only the opcode fields, and bit 31 only where it is Rc. */

#define D(op)          ((uint32_t)(op) << 26)
#define X(op, xo)      (D(op) | ((uint32_t)(xo) << 1))
#define A(op, xo)      (D(op) | ((uint32_t)(xo) << 1))
#define M_D            0xfc000000u
#define M_DS           0xfc000003u
#define M_X            0xfc0007feu
#define M_A            0xfc00003eu
#define M_MFFS         0xfc1f07feu   /* X-form with bits 11:15 selecting */
#define MFFS(sel)      (X(63, 583) | ((uint32_t)(sel) << 16))

const struct emu_opdesc emu_ops_fp[] = {
        /* loads and stores */
        { "lfs",      M_D, D(48), op_lfs, NULL },
        { "lfsu",     M_D, D(49), op_lfsu, NULL },
        { "lfd",      M_D, D(50), op_lfd, NULL },
        { "lfdu",     M_D, D(51), op_lfdu, NULL },
        { "stfs",     M_D, D(52), op_stfs, NULL },
        { "stfsu",    M_D, D(53), op_stfsu, NULL },
        { "stfd",     M_D, D(54), op_stfd, NULL },
        { "stfdu",    M_D, D(55), op_stfdu, NULL },
        { "lfdp",     M_DS, D(57), op_lfdp, decode_ds },
        { "stfdp",    M_DS, D(61), op_stfdp, decode_ds },
        { "lfsx",     M_X, X(31, 535), op_lfsx, NULL },
        { "lfsux",    M_X, X(31, 567), op_lfsux, NULL },
        { "lfdx",     M_X, X(31, 599), op_lfdx, NULL },
        { "lfdux",    M_X, X(31, 631), op_lfdux, NULL },
        { "lfiwax",   M_X, X(31, 855), op_lfiwax, NULL },
        { "lfiwzx",   M_X, X(31, 887), op_lfiwzx, NULL },
        { "stfsx",    M_X, X(31, 663), op_stfsx, NULL },
        { "stfsux",   M_X, X(31, 695), op_stfsux, NULL },
        { "stfdx",    M_X, X(31, 727), op_stfdx, NULL },
        { "stfdux",   M_X, X(31, 759), op_stfdux, NULL },
        { "stfiwx",   M_X, X(31, 983), op_stfiwx, NULL },
        { "lfdpx",    M_X, X(31, 791), op_lfdpx, NULL },
        { "stfdpx",   M_X, X(31, 919), op_stfdpx, NULL },
        /* arithmetic, double */
        { "fdiv",     M_A, A(63, 18), op_fdiv, NULL },
        { "fsub",     M_A, A(63, 20), op_fsub, NULL },
        { "fadd",     M_A, A(63, 21), op_fadd, NULL },
        { "fsqrt",    M_A, A(63, 22), op_fsqrt, NULL },
        { "fsel",     M_A, A(63, 23), op_fsel, NULL },
        { "fre",      M_A, A(63, 24), op_fre, NULL },
        { "fmul",     M_A, A(63, 25), op_fmul, NULL },
        { "frsqrte",  M_A, A(63, 26), op_frsqrte, NULL },
        { "fmsub",    M_A, A(63, 28), op_fmsub, NULL },
        { "fmadd",    M_A, A(63, 29), op_fmadd, NULL },
        { "fnmsub",   M_A, A(63, 30), op_fnmsub, NULL },
        { "fnmadd",   M_A, A(63, 31), op_fnmadd, NULL },
        /* arithmetic, single */
        { "fdivs",    M_A, A(59, 18), op_fdivs, NULL },
        { "fsubs",    M_A, A(59, 20), op_fsubs, NULL },
        { "fadds",    M_A, A(59, 21), op_fadds, NULL },
        { "fsqrts",   M_A, A(59, 22), op_fsqrts, NULL },
        { "fres",     M_A, A(59, 24), op_fres, NULL },
        { "fmuls",    M_A, A(59, 25), op_fmuls, NULL },
        { "frsqrtes", M_A, A(59, 26), op_frsqrtes, NULL },
        { "fmsubs",   M_A, A(59, 28), op_fmsubs, NULL },
        { "fmadds",   M_A, A(59, 29), op_fmadds, NULL },
        { "fnmsubs",  M_A, A(59, 30), op_fnmsubs, NULL },
        { "fnmadds",  M_A, A(59, 31), op_fnmadds, NULL },
        /* rounding and conversion */
        { "frsp",     M_X, X(63, 12), op_frsp, NULL },
        { "fctiw",    M_X, X(63, 14), op_fctiw, NULL },
        { "fctiwz",   M_X, X(63, 15), op_fctiwz, NULL },
        { "fctiwu",   M_X, X(63, 142), op_fctiwu, NULL },
        { "fctiwuz",  M_X, X(63, 143), op_fctiwuz, NULL },
        { "fctid",    M_X, X(63, 814), op_fctid, NULL },
        { "fctidz",   M_X, X(63, 815), op_fctidz, NULL },
        { "fctidu",   M_X, X(63, 942), op_fctidu, NULL },
        { "fctiduz",  M_X, X(63, 943), op_fctiduz, NULL },
        { "fcfid",    M_X, X(63, 846), op_fcfid, NULL },
        { "fcfidu",   M_X, X(63, 974), op_fcfidu, NULL },
        { "fcfids",   M_X, X(59, 846), op_fcfids, NULL },
        { "fcfidus",  M_X, X(59, 974), op_fcfidus, NULL },
        { "frin",     M_X, X(63, 392), op_frin, NULL },
        { "friz",     M_X, X(63, 424), op_friz, NULL },
        { "frip",     M_X, X(63, 456), op_frip, NULL },
        { "frim",     M_X, X(63, 488), op_frim, NULL },
        /* moves */
        { "fmr",      M_X, X(63, 72), op_fmr, NULL },
        { "fneg",     M_X, X(63, 40), op_fneg, NULL },
        { "fabs",     M_X, X(63, 264), op_fabs, NULL },
        { "fnabs",    M_X, X(63, 136), op_fnabs, NULL },
        { "fcpsgn",   M_X, X(63, 8), op_fcpsgn, NULL },
        { "fmrgew",   M_X, X(63, 966), op_fmrgew, NULL },
        { "fmrgow",   M_X, X(63, 838), op_fmrgow, NULL },
        /* compares and tests */
        { "fcmpu",    M_X, X(63, 0), op_fcmpu, NULL },
        { "fcmpo",    M_X, X(63, 32), op_fcmpo, NULL },
        { "ftdiv",    M_X, X(63, 128), op_ftdiv, NULL },
        { "ftsqrt",   M_X, X(63, 160), op_ftsqrt, NULL },
        /* FPSCR */
        { "mffs",      M_MFFS, MFFS(0), op_mffs, NULL },
        { "mffsce",    M_MFFS, MFFS(1), op_mffsce, NULL },
        { "mffscdrn",  M_MFFS, MFFS(20), op_mffscdrn, NULL },
        { "mffscdrni", M_MFFS, MFFS(21), op_mffscdrni, NULL },
        { "mffscrn",   M_MFFS, MFFS(22), op_mffscrn, NULL },
        { "mffscrni",  M_MFFS, MFFS(23), op_mffscrni, NULL },
        { "mffsl",     M_MFFS, MFFS(24), op_mffsl, NULL },
        { "mtfsf",    M_X, X(63, 711), op_mtfsf, NULL },
        { "mtfsfi",   M_X, X(63, 134), op_mtfsfi, NULL },
        { "mtfsb0",   M_X, X(63, 70), op_mtfsb0, NULL },
        { "mtfsb1",   M_X, X(63, 38), op_mtfsb1, NULL },
        { "mcrfs",    M_X, X(63, 64), op_mcrfs, NULL },
        { NULL, 0, 0, NULL, NULL },
};
