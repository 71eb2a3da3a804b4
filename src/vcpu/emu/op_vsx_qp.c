/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VSX scalar quad-precision instructions (Power ISA 3.0B Book I, 7.6,
 * opcode 63 X/Z23 forms): arithmetic with its round-to-odd "o" forms
 * (bit 31 = RO), multiply-add, compares, sign and exponent/significand
 * operations, test data class, conversions and rounding, on fpu128.c.
 *
 * Operands are VSRs 32-63 (VRT, VRA, VRB).  Like every VSX FP instruction
 * they share the FPSCR: arithmetic sets FPRF, FR and FI; an enabled
 * invalid-operation or zero-divide exception leaves VRT unchanged; with
 * MSR[FE0|FE1] != 0 an enabled exception raises the FP program interrupt
 * after VRT is written (precise mode, as op_vsx_fp.c does).
 */
#include "fpu128.h"
#include "vec.h"

#define VRT(in) (32u + (in)->rt)
#define VRA(in) (32u + (in)->ra)
#define VRB(in) (32u + (in)->rb)
#define RO(in)  (((in)->word & 1u) != 0)
#define BF(in)  (((in)->word >> 23) & 7u)

static f128 qp_get(const struct emu_cpu *cpu, unsigned n)
{
        return ((f128)cpu->vsr[n].hi << 64) | cpu->vsr[n].lo;
}

static void qp_set(struct emu_cpu *cpu, unsigned n, f128 v)
{
        cpu->vsr[n] = (struct emu_vsr){ (uint64_t)(v >> 64), (uint64_t)v };
}

static int qp_done(struct emu_cpu *cpu, uint64_t fpscr)
{
        cpu->fpscr = fpscr;
        if ((cpu->msr & (MSR_FE0 | MSR_FE1)) && (fpscr & FPSCR_FEX))
                return emu_program(cpu, SRR1_PROGRAM_FP);
        return EMU_NEXT;
}

static int qp_result(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t fpscr,
                     bool write, f128 v)
{
        if (write)
                qp_set(cpu, VRT(in), v);
        return qp_done(cpu, fpscr);
}

/* A doubleword result in doubleword 0 of VRT, doubleword 1 zeroed. */
static int dw_result(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t fpscr,
                     bool write, uint64_t v)
{
        return qp_result(cpu, in, fpscr, write, (f128)v << 64);
}

/* ---- arithmetic ---- */

#define QP_AB(name, fn)                                                         \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr;                                       \
                f128 r = 0;                                                    \
                bool w = fn(&f, qp_get(cpu, VRA(in)), qp_get(cpu, VRB(in)),    \
                            f128_mode(f, RO(in)), &r);                         \
                return qp_result(cpu, in, f, w, r);                            \
        }

QP_AB(xsaddqp, f128_add)
QP_AB(xssubqp, f128_sub)
QP_AB(xsmulqp, f128_mul)
QP_AB(xsdivqp, f128_div)

static int op_xssqrtqp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr;
        f128 r = 0;
        bool w = f128_sqrt(&f, qp_get(cpu, VRB(in)), f128_mode(f, RO(in)), &r);
        return qp_result(cpu, in, f, w, r);
}

/* VRT = [-]((VRA * VRB) +/- VRT) */
#define QP_FMA(name, kind)                                                      \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr;                                       \
                f128 r = 0;                                                    \
                bool w = f128_fma(&f, qp_get(cpu, VRA(in)), qp_get(cpu, VRB(in)), \
                                  qp_get(cpu, VRT(in)), kind, f128_mode(f, RO(in)), &r); \
                return qp_result(cpu, in, f, w, r);                            \
        }

QP_FMA(xsmaddqp, FPU_MADD)
QP_FMA(xsmsubqp, FPU_MSUB)
QP_FMA(xsnmaddqp, FPU_NMADD)
QP_FMA(xsnmsubqp, FPU_NMSUB)

/* ---- compares ---- */

static int qp_cmp(struct emu_cpu *cpu, const struct emu_insn *in, bool ordered)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr;
        emu_set_crf(cpu, BF(in), f128_compare(&f, qp_get(cpu, VRA(in)), qp_get(cpu, VRB(in)), ordered));
        return qp_done(cpu, f);
}
static int op_xscmpuqp(struct emu_cpu *cpu, const struct emu_insn *in) { return qp_cmp(cpu, in, false); }
static int op_xscmpoqp(struct emu_cpu *cpu, const struct emu_insn *in) { return qp_cmp(cpu, in, true); }

static unsigned qp_biased_exp(f128 x) { return (unsigned)(x >> 112) & F128_EXP_BITS; }

/* Biased exponents compared; unordered when either operand is a NaN.  No
 * exception; FPCC gets the result too. */
static int op_xscmpexpqp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        f128 a = qp_get(cpu, VRA(in)), b = qp_get(cpu, VRB(in));
        unsigned ea = qp_biased_exp(a), eb = qp_biased_exp(b), c;
        if (f128_is_nan(a) || f128_is_nan(b))
                c = FPCC_FU;
        else
                c = ea < eb ? FPCC_FL : ea > eb ? FPCC_FG : FPCC_FE;
        emu_set_crf(cpu, BF(in), c);
        cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | ((uint64_t)c << FPSCR_FPRF_SHIFT);
        return EMU_NEXT;
}

/* ---- sign, exponent and significand (no FPSCR effect) ---- */

static int op_xscpsgnqp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        f128 a = qp_get(cpu, VRA(in)), b = qp_get(cpu, VRB(in));
        qp_set(cpu, VRT(in), (a & F128_SIGN) | (b & ~F128_SIGN));
        return EMU_NEXT;
}

#define QP_SIGN_OP(name, expr)                                                  \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                f128 b = qp_get(cpu, VRB(in));                                 \
                qp_set(cpu, VRT(in), (expr));                                  \
                return EMU_NEXT;                                               \
        }

QP_SIGN_OP(xsabsqp, b & ~F128_SIGN)
QP_SIGN_OP(xsnabsqp, b | F128_SIGN)
QP_SIGN_OP(xsnegqp, b ^ F128_SIGN)

/* xsxexpqp: the biased exponent in doubleword 0. */
QP_SIGN_OP(xsxexpqp, (f128)qp_biased_exp(b) << 64)

/* xsxsigqp: the significand with its implicit bit (1 for normal values). */
static f128 qp_significand(f128 b)
{
        unsigned e = qp_biased_exp(b);
        bool hidden = e != 0 && e != F128_EXP_BITS;
        return (b & F128_FRAC) | ((f128)hidden << 112);
}
QP_SIGN_OP(xsxsigqp, qp_significand(b))

/* xsiexpqp: sign and fraction of VRA, exponent from bits 49:63 of VRB. */
static int op_xsiexpqp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        f128 a = qp_get(cpu, VRA(in));
        uint64_t e = cpu->vsr[VRB(in)].hi & F128_EXP_BITS;
        qp_set(cpu, VRT(in), (a & (F128_SIGN | F128_FRAC)) | ((f128)e << 112));
        return EMU_NEXT;
}

/* xststdcqp: DCMX (bits 9-15, 0x40 first) selects NaN, +Inf, -Inf, +0,
 * -0, +denormal, -denormal; CR[BF] = sign, 0, match, 0; FPCC the same. */
static unsigned qp_class_bit(f128 x)
{
        bool neg = x >> 127;
        unsigned e = qp_biased_exp(x);
        bool frac = (x & F128_FRAC) != 0;
        if (e == F128_EXP_BITS)
                return frac ? 0x40 : neg ? 0x10 : 0x20;
        if (e == 0)
                return frac ? (neg ? 0x01 : 0x02) : (neg ? 0x04 : 0x08);
        return 0;
}

static int op_xststdcqp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        f128 b = qp_get(cpu, VRB(in));
        unsigned dcmx = (in->word >> 16) & 0x7f;
        unsigned crf = ((b >> 127) ? CR_LT : 0) | ((qp_class_bit(b) & dcmx) ? CR_EQ : 0);
        emu_set_crf(cpu, BF(in), crf);
        cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | ((uint64_t)crf << FPSCR_FPRF_SHIFT);
        return EMU_NEXT;
}

/* ---- conversions ---- */

static int op_xscvdpqp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr;
        f128 r = 0;
        bool w = f128_from_double(&f, cpu->vsr[VRB(in)].hi, &r);
        return qp_result(cpu, in, f, w, r);
}

static int op_xscvqpdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr, r = 0;
        bool w = f128_to_double(&f, qp_get(cpu, VRB(in)), f128_mode(f, RO(in)), &r);
        return dw_result(cpu, in, f, w, r);
}

#define QP_TO_INT(name, flags)                                                  \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr, r = 0;                                \
                bool w = f128_to_int(&f, qp_get(cpu, VRB(in)), flags, &r);     \
                return dw_result(cpu, in, f, w, r);                            \
        }

QP_TO_INT(xscvqpsdz, 0)
QP_TO_INT(xscvqpswz, FPU_CVT_WORD)
QP_TO_INT(xscvqpudz, FPU_CVT_UNSIGNED)
QP_TO_INT(xscvqpuwz, FPU_CVT_UNSIGNED | FPU_CVT_WORD)

static int qp_from_int(struct emu_cpu *cpu, const struct emu_insn *in, bool is_unsigned)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr;
        f128 r = f128_from_int(&f, cpu->vsr[VRB(in)].hi, is_unsigned);
        return qp_result(cpu, in, f, true, r);
}
static int op_xscvsdqp(struct emu_cpu *cpu, const struct emu_insn *in) { return qp_from_int(cpu, in, false); }
static int op_xscvudqp(struct emu_cpu *cpu, const struct emu_insn *in) { return qp_from_int(cpu, in, true); }

/* ---- rounding (Z23 form: R in bit 15, RMC in bits 21-22, EX in bit 31) ---- */

/* R=1: RMC names the mode (nearest even, zero, +inf, -inf); R=0: RMC=0 is
 * nearest-away, RMC=3 FPSCR[RN].  R=0 with RMC 1 or 2 is reserved; it
 * takes FPSCR[RN] here. */
static unsigned z23_mode(const struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned r = (in->word >> 16) & 1u, rmc = (in->word >> 9) & 3u;
        if (r)
                return rmc;   /* FPSCR_RN_NEAREST, _ZERO, _PINF, _MINF in this order */
        return rmc == 0 ? F128_ROUND_NEAR_AWAY : (unsigned)(cpu->fpscr & FPSCR_RN);
}

static int op_xsrqpi(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr;
        f128 r = 0;
        bool w = f128_round_int(&f, qp_get(cpu, VRB(in)), z23_mode(cpu, in), in->word & 1u, &r);
        return qp_result(cpu, in, f, w, r);
}

static int op_xsrqpxp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr;
        f128 r = 0;
        bool w = f128_round_xp(&f, qp_get(cpu, VRB(in)), z23_mode(cpu, in), &r);
        return qp_result(cpu, in, f, w, r);
}

/* ---- table ---- */

#define X63(xo)        ((63u << 26) | ((uint32_t)(xo) << 1))
#define X_MASK         0xfc0007ffu            /* opcode, XO, RO/EX */
#define X_SUB_MASK     0xfc1f07ffu            /* ... and the VRA field as an opcode */
#define X_SUB(xo, sub) (X63(xo) | ((uint32_t)(sub) << 16))
#define Z23_MASK       0xfc0001ffu            /* opcode, 8-bit XO, EX */
#define QP(name, xo)           { #name, X_MASK, X63(xo), op_##name, NULL }
#define QP_O(name, xo)         { #name "o", X_MASK, X63(xo) | 1u, op_##name, NULL }
#define QP_SUB(name, xo, sub)  { #name, X_SUB_MASK, X_SUB(xo, sub), op_##name, NULL }

const struct emu_opdesc emu_ops_vsx_qp[] = {
        QP(xsaddqp, 4), QP_O(xsaddqp, 4),
        QP(xssubqp, 516), QP_O(xssubqp, 516),
        QP(xsmulqp, 36), QP_O(xsmulqp, 36),
        QP(xsdivqp, 548), QP_O(xsdivqp, 548),
        QP(xsmaddqp, 388), QP_O(xsmaddqp, 388),
        QP(xsmsubqp, 420), QP_O(xsmsubqp, 420),
        QP(xsnmaddqp, 452), QP_O(xsnmaddqp, 452),
        QP(xsnmsubqp, 484), QP_O(xsnmsubqp, 484),
        QP(xscpsgnqp, 100),
        QP(xscmpoqp, 132), QP(xscmpuqp, 644), QP(xscmpexpqp, 164),
        QP(xststdcqp, 708),
        QP(xsiexpqp, 868),
        QP_SUB(xsabsqp, 804, 0), QP_SUB(xsxexpqp, 804, 2), QP_SUB(xsnabsqp, 804, 8),
        QP_SUB(xsnegqp, 804, 16), QP_SUB(xsxsigqp, 804, 18),
        QP_SUB(xssqrtqp, 804, 27), { "xssqrtqpo", X_SUB_MASK, X_SUB(804, 27) | 1u, op_xssqrtqp, NULL },
        QP_SUB(xscvqpuwz, 836, 1), QP_SUB(xscvudqp, 836, 2), QP_SUB(xscvqpswz, 836, 9),
        QP_SUB(xscvsdqp, 836, 10), QP_SUB(xscvqpudz, 836, 17), QP_SUB(xscvqpdp, 836, 20),
        { "xscvqpdpo", X_SUB_MASK, X_SUB(836, 20) | 1u, op_xscvqpdp, NULL },
        QP_SUB(xscvdpqp, 836, 22), QP_SUB(xscvqpsdz, 836, 25),
        { "xsrqpi", Z23_MASK, X63(5), op_xsrqpi, NULL },
        { "xsrqpix", Z23_MASK, X63(5) | 1u, op_xsrqpi, NULL },
        { "xsrqpxp", Z23_MASK, X63(37), op_xsrqpxp, NULL },
        { NULL, 0, 0, NULL, NULL },
};
