/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VSX floating point (Power ISA 3.0 Book I, 7.6): scalar and vector
 * arithmetic, multiply-add, compares, max/min, sign operations,
 * conversions, rounding and the exponent/significand instructions, all on
 * fpu.c's core and sharing the FPSCR with the FP instructions.
 *
 * Scalar instructions set FPRF, FR and FI like their FP counterparts and
 * write doubleword 0 of XT, setting doubleword 1 to 0.  Vector
 * instructions leave FPRF, FR and FI unchanged and accumulate only the
 * sticky exception bits.  An enabled invalid-operation or zero-divide
 * exception in any element leaves XT unchanged; with MSR[FE0|FE1] != 0 an
 * enabled exception raises the FP program interrupt (precise mode, as
 * op_fp.c does).
 */
#include "fpu.h"
#include "fpu_half.h"
#include "vec_ops.h"

#define XT(in) vsx_xt((in)->word)
#define XA(in) vsx_xa((in)->word)
#define XB(in) vsx_xb((in)->word)

#define FPSCR_NONSTICKY (FPSCR_FR | FPSCR_FI | FPSCR_FPRF)

static int vsx_fp_done(struct emu_cpu *cpu, uint64_t fpscr)
{
        cpu->fpscr = fpscr;
        if ((cpu->msr & (MSR_FE0 | MSR_FE1)) && (fpscr & FPSCR_FEX))
                return emu_program(cpu, SRR1_PROGRAM_FP);
        return EMU_NEXT;
}

static int scalar_result(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t fpscr,
                         bool write, uint64_t val)
{
        if (write)
                cpu->vsr[XT(in)] = (struct emu_vsr){ val, 0 };
        return vsx_fp_done(cpu, fpscr);
}

static uint64_t xa_d0(const struct emu_cpu *cpu, const struct emu_insn *in) { return cpu->vsr[XA(in)].hi; }
static uint64_t xb_d0(const struct emu_cpu *cpu, const struct emu_insn *in) { return cpu->vsr[XB(in)].hi; }
static uint64_t xt_d0(const struct emu_cpu *cpu, const struct emu_insn *in) { return cpu->vsr[XT(in)].hi; }

/* ---- scalar arithmetic ---- */

#define XS_AB(name, fn, single)                                                 \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr, r = 0;                                \
                bool w = fn(&f, xa_d0(cpu, in), xb_d0(cpu, in), single, &r);   \
                return scalar_result(cpu, in, f, w, r);                        \
        }

#define XS_B(name, fn, single)                                                  \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr, r = 0;                                \
                bool w = fn(&f, xb_d0(cpu, in), single, &r);                   \
                return scalar_result(cpu, in, f, w, r);                        \
        }

/* A-type (the target is the addend): XT = [-]((XA * XB) +/- XT);
 * M-type (the target is the multiplicand): XT = [-]((XA * XT) +/- XB). */
#define XS_FMA(name, kind, single, mtype)                                       \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr, r = 0, a = xa_d0(cpu, in);            \
                uint64_t c = (mtype) ? xt_d0(cpu, in) : xb_d0(cpu, in);        \
                uint64_t b = (mtype) ? xb_d0(cpu, in) : xt_d0(cpu, in);        \
                bool w = fpu_fma(&f, a, c, b, kind, single, &r);               \
                return scalar_result(cpu, in, f, w, r);                        \
        }

XS_AB(xsadddp, fpu_add, false)
XS_AB(xssubdp, fpu_sub, false)
XS_AB(xsmuldp, fpu_mul, false)
XS_AB(xsdivdp, fpu_div, false)
XS_AB(xsaddsp, fpu_add, true)
XS_AB(xssubsp, fpu_sub, true)
XS_AB(xsmulsp, fpu_mul, true)
XS_AB(xsdivsp, fpu_div, true)
XS_B(xssqrtdp, fpu_sqrt, false)
XS_B(xssqrtsp, fpu_sqrt, true)
XS_B(xsredp, fpu_re, false)
XS_B(xsresp, fpu_re, true)
XS_B(xsrsqrtedp, fpu_rsqrte, false)
XS_B(xsrsqrtesp, fpu_rsqrte, true)
XS_FMA(xsmaddadp, FPU_MADD, false, false)
XS_FMA(xsmaddmdp, FPU_MADD, false, true)
XS_FMA(xsmsubadp, FPU_MSUB, false, false)
XS_FMA(xsmsubmdp, FPU_MSUB, false, true)
XS_FMA(xsnmaddadp, FPU_NMADD, false, false)
XS_FMA(xsnmaddmdp, FPU_NMADD, false, true)
XS_FMA(xsnmsubadp, FPU_NMSUB, false, false)
XS_FMA(xsnmsubmdp, FPU_NMSUB, false, true)
XS_FMA(xsmaddasp, FPU_MADD, true, false)
XS_FMA(xsmaddmsp, FPU_MADD, true, true)
XS_FMA(xsmsubasp, FPU_MSUB, true, false)
XS_FMA(xsmsubmsp, FPU_MSUB, true, true)
XS_FMA(xsnmaddasp, FPU_NMADD, true, false)
XS_FMA(xsnmaddmsp, FPU_NMADD, true, true)
XS_FMA(xsnmsubasp, FPU_NMSUB, true, false)
XS_FMA(xsnmsubmsp, FPU_NMSUB, true, true)

static bool rsp(uint64_t *f, uint64_t b, bool single, uint64_t *ret)
{
        (void)single;
        return fpu_rsp(f, b, ret);
}
XS_B(xsrsp, rsp, true)

/* ---- scalar compares ---- */

#define BF(in) (((in)->word >> 23) & 7)

static int xs_cmp(struct emu_cpu *cpu, const struct emu_insn *in, bool ordered)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr;
        emu_set_crf(cpu, BF(in), fpu_compare(&f, xa_d0(cpu, in), xb_d0(cpu, in), ordered));
        return vsx_fp_done(cpu, f);
}
static int op_xscmpudp(struct emu_cpu *cpu, const struct emu_insn *in) { return xs_cmp(cpu, in, false); }
static int op_xscmpodp(struct emu_cpu *cpu, const struct emu_insn *in) { return xs_cmp(cpu, in, true); }

/* The compare as a mask: only the invalid bits of the compare (no FPCC). */
static bool cmp_mask(uint64_t *fpscr, uint64_t a, uint64_t b, unsigned want, bool ordered)
{
        uint64_t f = *fpscr;
        unsigned c = fpu_compare(&f, a, b, ordered);
        *fpscr = (f & ~FPSCR_FPCC) | (*fpscr & FPSCR_FPCC);
        return (c & want) != 0;
}

#define XS_CMPM(name, want, ordered)                                                  \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)         \
        {                                                                            \
                EMU_REQUIRE_VSX(cpu);                                                \
                uint64_t f = cpu->fpscr;                                             \
                bool m = cmp_mask(&f, xa_d0(cpu, in), xb_d0(cpu, in), want, ordered); \
                bool w = !((f & FPSCR_VE) && (f & FPSCR_VX));                        \
                return scalar_result(cpu, in, f, w, m ? ~0ull : 0);                  \
        }

XS_CMPM(xscmpeqdp, FPCC_FE, false)
XS_CMPM(xscmpgtdp, FPCC_FG, true)
XS_CMPM(xscmpgedp, FPCC_FG | FPCC_FE, true)

/* ---- max / min ---- */

#define DP_SIGN  0x8000000000000000ull
#define DP_EXP   0x7ff0000000000000ull
#define DP_FRAC  0x000fffffffffffffull
#define DP_QUIET 0x0008000000000000ull

static bool dp_nan(uint64_t x) { return (x & DP_EXP) == DP_EXP && (x & DP_FRAC); }
static bool dp_snan(uint64_t x) { return dp_nan(x) && !(x & DP_QUIET); }

static int64_t dp_order(uint64_t x)
{
        return (x & DP_SIGN) ? -(int64_t)(x & ~DP_SIGN) - 1 : (int64_t)x;
}

static void set_vxsnan(uint64_t *f)
{
        if (!(*f & FPSCR_VXSNAN))
                *f |= FPSCR_VXSNAN | FPSCR_FX;
        *f = fpu_fpscr_summarize(*f);
}

/* xsmaxdp/xsmindp (IEEE maxNum/minNum): a signalling NaN gives its quiet
 * form, a quiet NaN loses to a number; +0 > -0. */
static bool dp_maxmin(uint64_t *f, uint64_t a, uint64_t b, bool max, uint64_t *ret)
{
        if (dp_snan(a) || dp_snan(b)) {
                set_vxsnan(f);
                *ret = (dp_snan(a) ? a : b) | DP_QUIET;
                return !(*f & FPSCR_VE);
        }
        if (dp_nan(a) || dp_nan(b))
                *ret = dp_nan(a) && dp_nan(b) ? a : dp_nan(a) ? b : a;
        else
                *ret = ((dp_order(a) > dp_order(b)) == max) ? a : b;
        return true;
}

/* xsmaxcdp/xsmincdp (C's a > b ? a : b): any NaN, or equal, gives XB. */
static bool dp_maxmin_c(uint64_t *f, uint64_t a, uint64_t b, bool max, uint64_t *ret)
{
        if (dp_snan(a) || dp_snan(b))
                set_vxsnan(f);
        if (dp_nan(a) || dp_nan(b)) {
                *ret = b;
                return !((*f & FPSCR_VE) && (*f & FPSCR_VXSNAN) && (dp_snan(a) || dp_snan(b)));
        }
        uint64_t fa = *f;
        unsigned c = fpu_compare(&fa, a, b, false);
        *ret = (c & (max ? FPCC_FG : FPCC_FL)) ? a : b;
        return true;
}

static bool xsmax(uint64_t *f, uint64_t a, uint64_t b, bool s, uint64_t *r) { (void)s; return dp_maxmin(f, a, b, true, r); }
static bool xsmin(uint64_t *f, uint64_t a, uint64_t b, bool s, uint64_t *r) { (void)s; return dp_maxmin(f, a, b, false, r); }
static bool xsmaxc(uint64_t *f, uint64_t a, uint64_t b, bool s, uint64_t *r) { (void)s; return dp_maxmin_c(f, a, b, true, r); }
static bool xsminc(uint64_t *f, uint64_t a, uint64_t b, bool s, uint64_t *r) { (void)s; return dp_maxmin_c(f, a, b, false, r); }

/* Max/min leave FPRF, FR and FI alone. */
#define XS_MAXMIN(name, fn)                                                     \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr, r = 0;                                \
                bool w = fn(&f, xa_d0(cpu, in), xb_d0(cpu, in), false, &r);    \
                return scalar_result(cpu, in, f, w, r);                        \
        }
XS_MAXMIN(xsmaxdp, xsmax)
XS_MAXMIN(xsmindp, xsmin)
XS_MAXMIN(xsmaxcdp, xsmaxc)
XS_MAXMIN(xsmincdp, xsminc)

/* ---- sign operations (no FPSCR effect) ---- */

#define XS_SIGN(name, expr)                                                     \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t a = xa_d0(cpu, in), b = xb_d0(cpu, in);               \
                (void)a;                                                       \
                cpu->vsr[XT(in)] = (struct emu_vsr){ (expr), 0 };              \
                return EMU_NEXT;                                               \
        }
XS_SIGN(xsabsdp, b & ~DP_SIGN)
XS_SIGN(xsnabsdp, b | DP_SIGN)
XS_SIGN(xsnegdp, b ^ DP_SIGN)
XS_SIGN(xscpsgndp, (a & DP_SIGN) | (b & ~DP_SIGN))

/* ---- scalar conversions ---- */

/* xscvdpsp: rounded like frsp, the single in words 0 and 1. */
static int op_xscvdpsp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr, r = 0;
        bool w = fpu_rsp(&f, xb_d0(cpu, in), &r);
        uint64_t s = emu_fp_double_to_single(r);
        return scalar_result(cpu, in, f, w, (s << 32) | s);
}

/* xscvdpspn: the bits of a double reformatted as a single without rounding
 * and without any FPSCR effect (the ISA's definition): the significand is
 * truncated, operands below the single range are denormalized (truncating),
 * and the exponent keeps its top bit and low 7 bits. */
static uint32_t dp_to_sp_bits(uint64_t b)
{
        uint64_t exp = (b >> 52) & 0x7ff, frac = (b & DP_FRAC) | (1ull << 52);

        if (exp == 0 && (b & DP_FRAC)) {        /* double denormal */
                exp = 1;
                frac &= ~(1ull << 52);
        }
        if (exp < 897 && frac) {                /* below the single normal range */
                frac = 897 - exp > 63 ? 0 : frac >> (897 - exp);
                exp = 896;
        }
        return (uint32_t)((b >> 63) << 31) | (uint32_t)(((exp >> 10) & 1) << 30) |
               (uint32_t)((exp & 0x7f) << 23) | (uint32_t)((frac >> 29) & 0x7fffff);
}

static int op_xscvdpspn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t s = dp_to_sp_bits(xb_d0(cpu, in));
        cpu->vsr[XT(in)] = (struct emu_vsr){ (s << 32) | s, 0 };
        return EMU_NEXT;
}

/* xscvspdp: word 0 as a single, exactly; a signalling NaN is quieted. */
static int op_xscvspdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr, d = emu_fp_single_to_double((uint32_t)(xb_d0(cpu, in) >> 32));
        bool w = true;
        if (dp_snan(d)) {
                set_vxsnan(&f);
                d |= DP_QUIET;
                w = !(f & FPSCR_VE);
        }
        f = (f & ~(FPSCR_FPRF | FPSCR_FR | FPSCR_FI)) |
            ((uint64_t)fpu_fprf(d, false) << FPSCR_FPRF_SHIFT);
        return scalar_result(cpu, in, f, w, d);
}

static int op_xscvspdpn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        cpu->vsr[XT(in)] = (struct emu_vsr){
                emu_fp_single_to_double((uint32_t)(xb_d0(cpu, in) >> 32)), 0 };
        return EMU_NEXT;
}

/* To integer, truncating; word results fill both words of doubleword 0.
 * FPRF, which the ISA leaves undefined, is kept. */
#define XS_CVT_INT(name, flags)                                                 \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr, r = 0;                                \
                bool w = fpu_to_int(&f, xb_d0(cpu, in), (flags) | FPU_CVT_TRUNC, &r); \
                f = (f & ~FPSCR_FPRF) | (cpu->fpscr & FPSCR_FPRF);             \
                if ((flags) & FPU_CVT_WORD)                                    \
                        r = ((r & 0xffffffffull) << 32) | (r & 0xffffffffull); \
                return scalar_result(cpu, in, f, w, r);                        \
        }
XS_CVT_INT(xscvdpsxds, 0)
XS_CVT_INT(xscvdpuxds, FPU_CVT_UNSIGNED)
XS_CVT_INT(xscvdpsxws, FPU_CVT_WORD)
XS_CVT_INT(xscvdpuxws, FPU_CVT_WORD | FPU_CVT_UNSIGNED)

#define XS_CVT_FROM(name, uns, single)                                          \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr;                                       \
                uint64_t r = fpu_from_int(&f, xb_d0(cpu, in), uns, single);    \
                return scalar_result(cpu, in, f, true, r);                     \
        }
XS_CVT_FROM(xscvsxddp, false, false)
XS_CVT_FROM(xscvuxddp, true, false)
XS_CVT_FROM(xscvsxdsp, false, true)
XS_CVT_FROM(xscvuxdsp, true, true)

/* ---- round to integral ---- */

#define XS_RINT(name, mode)                                                     \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                uint64_t f = cpu->fpscr, r = 0;                                \
                bool w = fpu_round_int(&f, xb_d0(cpu, in), mode, &r);          \
                return scalar_result(cpu, in, f, w, r);                        \
        }
XS_RINT(xsrdpi, FPU_RINT_NEAREST_AWAY)
XS_RINT(xsrdpiz, FPU_RINT_ZERO)
XS_RINT(xsrdpip, FPU_RINT_PINF)
XS_RINT(xsrdpim, FPU_RINT_MINF)

/* ---- test data class, exponent and significand ---- */

/* DCMX bits (bits 9-15 of the word, 0x40 first): NaN, +Inf, -Inf, +0, -0,
 * +denormal, -denormal.  CR[BF] = sign, 0, match, 0; FPCC the same. */
static unsigned dp_class_bit(uint64_t x)
{
        bool neg = x & DP_SIGN;
        uint64_t e = x & DP_EXP, m = x & DP_FRAC;
        if (e == DP_EXP)
                return m ? 0x40 : neg ? 0x10 : 0x20;
        if (e == 0)
                return m ? (neg ? 0x01 : 0x02) : (neg ? 0x04 : 0x08);
        return 0;
}

static int op_xststdcdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t b = xb_d0(cpu, in);
        unsigned dcmx = (in->word >> 16) & 0x7f;
        unsigned crf = ((b & DP_SIGN) ? CR_LT : 0) | ((dp_class_bit(b) & dcmx) ? CR_EQ : 0);
        emu_set_crf(cpu, BF(in), crf);
        cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | ((uint64_t)crf << FPSCR_FPRF_SHIFT);
        return EMU_NEXT;
}

static int op_xsxexpdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        cpu->gpr[in->rt] = (xb_d0(cpu, in) >> 52) & 0x7ff;
        return EMU_NEXT;
}

static int op_xsxsigdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t b = xb_d0(cpu, in), e = b & DP_EXP;
        bool hidden = e != 0 && e != DP_EXP;
        cpu->gpr[in->rt] = (b & DP_FRAC) | ((uint64_t)hidden << 52);
        return EMU_NEXT;
}

static int op_xsiexpdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t a = cpu->gpr[in->ra], b = cpu->gpr[in->rb];
        cpu->vsr[XT(in)] = (struct emu_vsr){
                (a & (DP_SIGN | DP_FRAC)) | ((b & 0x7ff) << 52), 0 };
        return EMU_NEXT;
}

/* xststdcsp: the same classes, with "denormal" meaning below the single
 * normal range; CR bit 3 says the operand is not exactly a single value
 * (its single image converts back to other bits). */
static bool not_single(uint64_t x)
{
        return emu_fp_single_to_double(emu_fp_double_to_single(x)) != x;
}

static unsigned sp_class_bit(uint64_t x)
{
        uint64_t e = (x & DP_EXP) >> 52;
        bool neg = x & DP_SIGN;
        if (e != 0 && e != 0x7ff && e < 897)
                return neg ? 0x01 : 0x02;
        return dp_class_bit(x);
}

static int op_xststdcsp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t b = xb_d0(cpu, in);
        unsigned dcmx = (in->word >> 16) & 0x7f;
        unsigned crf = ((b & DP_SIGN) ? CR_LT : 0) | ((sp_class_bit(b) & dcmx) ? CR_EQ : 0) |
                       (not_single(b) ? CR_SO : 0);
        emu_set_crf(cpu, BF(in), crf);
        cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | ((uint64_t)crf << FPSCR_FPRF_SHIFT);
        return EMU_NEXT;
}

/* ---- software divide/square root tests (CR field only) ---- */

static int op_xstdivdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        emu_set_crf(cpu, BF(in), fpu_tdiv(xa_d0(cpu, in), xb_d0(cpu, in)));
        return EMU_NEXT;
}

static int op_xstsqrtdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        emu_set_crf(cpu, BF(in), fpu_tsqrt(xb_d0(cpu, in)));
        return EMU_NEXT;
}

/* Vector forms: 0b1 || any element's fg || any element's fe || 0. */
static int op_xvtdivdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec a = vsr_get(cpu, XA(in)), b = vsr_get(cpu, XB(in));
        emu_set_crf(cpu, BF(in), fpu_tdiv(a.d[0], b.d[0]) | fpu_tdiv(a.d[1], b.d[1]));
        return EMU_NEXT;
}

static int op_xvtsqrtdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in));
        emu_set_crf(cpu, BF(in), fpu_tsqrt(b.d[0]) | fpu_tsqrt(b.d[1]));
        return EMU_NEXT;
}

/* ---- exponent compare, Java max/min ---- */

static int op_xscmpexpdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t a = xa_d0(cpu, in), b = xb_d0(cpu, in);
        uint64_t ea = (a & DP_EXP) >> 52, eb = (b & DP_EXP) >> 52;
        unsigned c = dp_nan(a) || dp_nan(b) ? FPCC_FU : ea < eb ? FPCC_FL : ea > eb ? FPCC_FG : FPCC_FE;
        emu_set_crf(cpu, BF(in), c);
        cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | ((uint64_t)c << FPSCR_FPRF_SHIFT);
        return EMU_NEXT;
}

/* xsmaxjdp/xsminjdp: a NaN operand (XA's first) is the result as it is;
 * -0 < +0. */
static bool dp_maxmin_j(uint64_t *f, uint64_t a, uint64_t b, bool max, uint64_t *ret)
{
        if (dp_snan(a) || dp_snan(b))
                set_vxsnan(f);
        if (dp_nan(a))
                *ret = a;
        else if (dp_nan(b))
                *ret = b;
        else
                *ret = ((dp_order(a) > dp_order(b)) == max) ? a : b;
        return !((*f & FPSCR_VE) && (dp_snan(a) || dp_snan(b)));
}
static bool xsmaxj(uint64_t *f, uint64_t a, uint64_t b, bool s, uint64_t *r) { (void)s; return dp_maxmin_j(f, a, b, true, r); }
static bool xsminj(uint64_t *f, uint64_t a, uint64_t b, bool s, uint64_t *r) { (void)s; return dp_maxmin_j(f, a, b, false, r); }
XS_MAXMIN(xsmaxjdp, xsmaxj)
XS_MAXMIN(xsminjdp, xsminj)

/* ---- round to integral in the current rounding mode (sets XX) ---- */

static bool round_current(uint64_t *fpscr, uint64_t b, uint64_t *ret)
{
        static const enum fpu_rint_mode directed[] = { 0, FPU_RINT_ZERO, FPU_RINT_PINF, FPU_RINT_MINF };
        unsigned rn = (unsigned)(*fpscr & FPSCR_RN);
        uint64_t f = *fpscr, r = 0;
        bool w;

        if (rn != FPSCR_RN_NEAREST) {
                w = fpu_round_int(&f, b, directed[rn], &r);
        } else {
                /* Nearest-away, except that an exact tie goes to the even one of
                 * the two neighbours (the truncation and the away result). */
                uint64_t t = 0, s = f, d = 0;
                w = fpu_round_int(&f, b, FPU_RINT_NEAREST_AWAY, &r);
                fpu_round_int(&s, b, FPU_RINT_ZERO, &t);
                s = *fpscr & FPSCR_RN;
                if (!dp_nan(b) && fpu_sub(&s, b, t, false, &d) &&
                    (d & ~DP_SIGN) == 0x3fe0000000000000ull) {
                        uint64_t two = 0x4000000000000000ull, h = 0, fl = 0;
                        s = 0;
                        fpu_mul(&s, t, 0x3fe0000000000000ull, false, &h);   /* t / 2 */
                        fpu_round_int(&s, h, FPU_RINT_ZERO, &fl);
                        fpu_mul(&s, fl, two, false, &fl);
                        if (fl == t || (fl ^ DP_SIGN) == t) {                /* t is even */
                                r = t;
                                f = (f & ~FPSCR_FPRF) |
                                    ((uint64_t)fpu_fprf(r, false) << FPSCR_FPRF_SHIFT);
                        }
                }
        }
        if (w && !dp_nan(b) && r != b) {       /* inexact */
                if (!(f & FPSCR_XX))
                        f |= FPSCR_XX | FPSCR_FX;
                f = fpu_fpscr_summarize(f | FPSCR_FI);
        }
        *fpscr = f;
        *ret = r;
        return w;
}

static int op_xsrdpic(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr, r = 0;
        bool w = round_current(&f, xb_d0(cpu, in), &r);
        return scalar_result(cpu, in, f, w, r);
}

/* ---- vector operations ----
 * Each element runs on the accumulating FPSCR; FPRF, FR and FI are put
 * back afterwards.  Single-precision elements are converted to double
 * format and back (exactly) around the double-format core. */

struct vrun {
        uint64_t f, keep;
        bool ok;
};

static void vrun_begin(struct vrun *v, const struct emu_cpu *cpu)
{
        v->f = cpu->fpscr;
        v->keep = cpu->fpscr & FPSCR_NONSTICKY;
        v->ok = true;
}

static int vrun_end(struct emu_cpu *cpu, const struct emu_insn *in, struct vrun *v, union vec t)
{
        if (v->ok)
                vsr_set(cpu, XT(in), t);
        return vsx_fp_done(cpu, (v->f & ~FPSCR_NONSTICKY) | v->keep);
}

static uint64_t sp2d(uint32_t x) { return emu_fp_single_to_double(x); }
static uint32_t d2sp(uint64_t x) { return emu_fp_double_to_single(x); }

#define XV_AB(name, fn, single)                                                         \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)           \
        {                                                                              \
                EMU_REQUIRE_VSX(cpu);                                                  \
                union vec a = vsr_get(cpu, XA(in)), b = vsr_get(cpu, XB(in)), t;       \
                struct vrun v;                                                         \
                uint64_t r = 0;                                                        \
                vrun_begin(&v, cpu);                                                   \
                if (single) {                                                          \
                        for (unsigned i = 0; i < 4; i++) {                             \
                                v.ok &= fn(&v.f, sp2d(a.w[i]), sp2d(b.w[i]), true, &r); \
                                t.w[i] = d2sp(r);                                      \
                        }                                                              \
                } else {                                                               \
                        for (unsigned i = 0; i < 2; i++) {                             \
                                v.ok &= fn(&v.f, a.d[i], b.d[i], false, &r);           \
                                t.d[i] = r;                                            \
                        }                                                              \
                }                                                                      \
                return vrun_end(cpu, in, &v, t);                                       \
        }

#define XV_B(name, fn, single)                                                          \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)           \
        {                                                                              \
                EMU_REQUIRE_VSX(cpu);                                                  \
                union vec b = vsr_get(cpu, XB(in)), t;                                 \
                struct vrun v;                                                         \
                uint64_t r = 0;                                                        \
                vrun_begin(&v, cpu);                                                   \
                if (single) {                                                          \
                        for (unsigned i = 0; i < 4; i++) {                             \
                                v.ok &= fn(&v.f, sp2d(b.w[i]), true, &r);              \
                                t.w[i] = d2sp(r);                                      \
                        }                                                              \
                } else {                                                               \
                        for (unsigned i = 0; i < 2; i++) {                             \
                                v.ok &= fn(&v.f, b.d[i], false, &r);                   \
                                t.d[i] = r;                                            \
                        }                                                              \
                }                                                                      \
                return vrun_end(cpu, in, &v, t);                                       \
        }

#define XV_FMA(name, kind, single, mtype)                                               \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)           \
        {                                                                              \
                EMU_REQUIRE_VSX(cpu);                                                  \
                union vec a = vsr_get(cpu, XA(in)), b = vsr_get(cpu, XB(in));          \
                union vec o = vsr_get(cpu, XT(in)), t;                                 \
                union vec m = (mtype) ? o : b, add = (mtype) ? b : o;                  \
                struct vrun v;                                                         \
                uint64_t r = 0;                                                        \
                vrun_begin(&v, cpu);                                                   \
                if (single) {                                                          \
                        for (unsigned i = 0; i < 4; i++) {                             \
                                v.ok &= fpu_fma(&v.f, sp2d(a.w[i]), sp2d(m.w[i]),      \
                                                sp2d(add.w[i]), kind, true, &r);       \
                                t.w[i] = d2sp(r);                                      \
                        }                                                              \
                } else {                                                               \
                        for (unsigned i = 0; i < 2; i++) {                             \
                                v.ok &= fpu_fma(&v.f, a.d[i], m.d[i], add.d[i], kind,  \
                                                false, &r);                            \
                                t.d[i] = r;                                            \
                        }                                                              \
                }                                                                      \
                return vrun_end(cpu, in, &v, t);                                       \
        }

XV_AB(xvadddp, fpu_add, false)
XV_AB(xvsubdp, fpu_sub, false)
XV_AB(xvmuldp, fpu_mul, false)
XV_AB(xvdivdp, fpu_div, false)
XV_AB(xvaddsp, fpu_add, true)
XV_AB(xvsubsp, fpu_sub, true)
XV_AB(xvmulsp, fpu_mul, true)
XV_AB(xvdivsp, fpu_div, true)
XV_AB(xvmaxdp, xsmax, false)
XV_AB(xvmindp, xsmin, false)
XV_B(xvsqrtdp, fpu_sqrt, false)
XV_B(xvsqrtsp, fpu_sqrt, true)
XV_B(xvredp, fpu_re, false)
XV_B(xvresp, fpu_re, true)
XV_B(xvrsqrtedp, fpu_rsqrte, false)
XV_B(xvrsqrtesp, fpu_rsqrte, true)
XV_FMA(xvmaddadp, FPU_MADD, false, false)
XV_FMA(xvmaddmdp, FPU_MADD, false, true)
XV_FMA(xvmsubadp, FPU_MSUB, false, false)
XV_FMA(xvmsubmdp, FPU_MSUB, false, true)
XV_FMA(xvnmaddadp, FPU_NMADD, false, false)
XV_FMA(xvnmaddmdp, FPU_NMADD, false, true)
XV_FMA(xvnmsubadp, FPU_NMSUB, false, false)
XV_FMA(xvnmsubmdp, FPU_NMSUB, false, true)
XV_FMA(xvmaddasp, FPU_MADD, true, false)
XV_FMA(xvmaddmsp, FPU_MADD, true, true)
XV_FMA(xvmsubasp, FPU_MSUB, true, false)
XV_FMA(xvmsubmsp, FPU_MSUB, true, true)
XV_FMA(xvnmaddasp, FPU_NMADD, true, false)
XV_FMA(xvnmaddmsp, FPU_NMADD, true, true)
XV_FMA(xvnmsubasp, FPU_NMSUB, true, false)
XV_FMA(xvnmsubmsp, FPU_NMSUB, true, true)

/* ---- vector compares: Rc (bit 21) sets CR6 ---- */

static int xv_cmp(struct emu_cpu *cpu, const struct emu_insn *in, bool single, unsigned want,
                  bool ordered)
{
        EMU_REQUIRE_VSX(cpu);
        union vec a = vsr_get(cpu, XA(in)), b = vsr_get(cpu, XB(in)), t;
        struct vrun v;

        vrun_begin(&v, cpu);
        if (single)
                for (unsigned i = 0; i < 4; i++)
                        t.w[i] = cmp_mask(&v.f, sp2d(a.w[i]), sp2d(b.w[i]), want, ordered) ? ~0u : 0;
        else
                for (unsigned i = 0; i < 2; i++)
                        t.d[i] = cmp_mask(&v.f, a.d[i], b.d[i], want, ordered) ? ~0ull : 0;
        v.ok = !((v.f & FPSCR_VE) && (v.f & FPSCR_VX) && !(cpu->fpscr & FPSCR_VX));
        if (v.ok && (in->word & 0x400u))
                emu_set_crf(cpu, 6, t.q == ~(u128)0 ? CR_LT : t.q == 0 ? CR_EQ : 0);
        return vrun_end(cpu, in, &v, t);
}

#define XV_CMP(name, single, want, ordered) \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in) { return xv_cmp(cpu, in, single, want, ordered); }
XV_CMP(xvcmpeqdp, false, FPCC_FE, false)
XV_CMP(xvcmpgtdp, false, FPCC_FG, true)
XV_CMP(xvcmpgedp, false, FPCC_FG | FPCC_FE, true)
XV_CMP(xvcmpeqsp, true, FPCC_FE, false)
XV_CMP(xvcmpgtsp, true, FPCC_FG, true)
XV_CMP(xvcmpgesp, true, FPCC_FG | FPCC_FE, true)

/* ---- vector sign operations ---- */

#define SP_SIGNBIT 0x80000000u
#define XV_SIGN(name, arr, expr)                                                \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                union vec a = vsr_get(cpu, XA(in)), b = vsr_get(cpu, XB(in)), t; \
                (void)a;                                                       \
                EACH(arr, expr);                                               \
                vsr_set(cpu, XT(in), t);                                       \
                return EMU_NEXT;                                               \
        }
XV_SIGN(xvabsdp, d, b.d[i] & ~DP_SIGN)
XV_SIGN(xvnabsdp, d, b.d[i] | DP_SIGN)
XV_SIGN(xvnegdp, d, b.d[i] ^ DP_SIGN)
XV_SIGN(xvcpsgndp, d, (a.d[i] & DP_SIGN) | (b.d[i] & ~DP_SIGN))
XV_SIGN(xvabssp, w, b.w[i] & ~SP_SIGNBIT)
XV_SIGN(xvnabssp, w, b.w[i] | SP_SIGNBIT)
XV_SIGN(xvnegsp, w, b.w[i] ^ SP_SIGNBIT)
XV_SIGN(xvcpsgnsp, w, (a.w[i] & SP_SIGNBIT) | (b.w[i] & ~SP_SIGNBIT))

/* ---- vector conversions ----
 * Doubleword <-> word conversions use words 0 and 2 (the high word of each
 * doubleword) as their single or 32-bit integer elements; results in word
 * elements are written to both words of their doubleword. */

static int xv_cvt_dp_sp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        struct vrun v;
        uint64_t r = 0;

        vrun_begin(&v, cpu);
        for (unsigned i = 0; i < 2; i++) {
                v.ok &= fpu_rsp(&v.f, VD(b, i), &r);
                VW(t, 2 * i) = VW(t, 2 * i + 1) = d2sp(r);
        }
        return vrun_end(cpu, in, &v, t);
}

static int xv_cvt_sp_dp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        struct vrun v;

        vrun_begin(&v, cpu);
        for (unsigned i = 0; i < 2; i++) {
                uint64_t d = sp2d(VW(b, 2 * i));
                if (dp_snan(d)) {
                        set_vxsnan(&v.f);
                        d |= DP_QUIET;
                        v.ok &= !(v.f & FPSCR_VE);
                }
                VD(t, i) = d;
        }
        return vrun_end(cpu, in, &v, t);
}

static int op_xvcvdpsp(struct emu_cpu *cpu, const struct emu_insn *in) { return xv_cvt_dp_sp(cpu, in); }
static int op_xvcvspdp(struct emu_cpu *cpu, const struct emu_insn *in) { return xv_cvt_sp_dp(cpu, in); }

/* To integer: src_single says the source elements are words 0 and 2 (or all
 * four words when the result is words too). */
enum xv_shape { DP_TO_D, DP_TO_W, SP_TO_D, SP_TO_W };

static int xv_to_int(struct emu_cpu *cpu, const struct emu_insn *in, enum xv_shape shape,
                     unsigned flags)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        struct vrun v;
        uint64_t r = 0;

        vrun_begin(&v, cpu);
        flags |= FPU_CVT_TRUNC;
        switch (shape) {
        case DP_TO_D:
                for (unsigned i = 0; i < 2; i++) {
                        v.ok &= fpu_to_int(&v.f, b.d[i], flags, &r);
                        t.d[i] = r;
                }
                break;
        case DP_TO_W:
                for (unsigned i = 0; i < 2; i++) {
                        v.ok &= fpu_to_int(&v.f, VD(b, i), flags | FPU_CVT_WORD, &r);
                        VW(t, 2 * i) = VW(t, 2 * i + 1) = (uint32_t)r;
                }
                break;
        case SP_TO_D:
                for (unsigned i = 0; i < 2; i++) {
                        v.ok &= fpu_to_int(&v.f, sp2d(VW(b, 2 * i)), flags, &r);
                        VD(t, i) = r;
                }
                break;
        case SP_TO_W:
                for (unsigned i = 0; i < 4; i++) {
                        v.ok &= fpu_to_int(&v.f, sp2d(b.w[i]), flags | FPU_CVT_WORD, &r);
                        t.w[i] = (uint32_t)r;
                }
                break;
        }
        return vrun_end(cpu, in, &v, t);
}

#define XV_TO_INT(name, shape, flags) \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in) { return xv_to_int(cpu, in, shape, flags); }
XV_TO_INT(xvcvdpsxds, DP_TO_D, 0)
XV_TO_INT(xvcvdpuxds, DP_TO_D, FPU_CVT_UNSIGNED)
XV_TO_INT(xvcvdpsxws, DP_TO_W, 0)
XV_TO_INT(xvcvdpuxws, DP_TO_W, FPU_CVT_UNSIGNED)
XV_TO_INT(xvcvspsxds, SP_TO_D, 0)
XV_TO_INT(xvcvspuxds, SP_TO_D, FPU_CVT_UNSIGNED)
XV_TO_INT(xvcvspsxws, SP_TO_W, 0)
XV_TO_INT(xvcvspuxws, SP_TO_W, FPU_CVT_UNSIGNED)

/* From integer: source doublewords or words (0 and 2, or all four). */
static int xv_from_int(struct emu_cpu *cpu, const struct emu_insn *in, enum xv_shape shape, bool uns)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        struct vrun v;

        vrun_begin(&v, cpu);
        switch (shape) {
        case DP_TO_D:   /* doubleword -> double */
                for (unsigned i = 0; i < 2; i++)
                        t.d[i] = fpu_from_int(&v.f, b.d[i], uns, false);
                break;
        case DP_TO_W:   /* doubleword -> single in both words */
                for (unsigned i = 0; i < 2; i++)
                        VW(t, 2 * i) = VW(t, 2 * i + 1) = d2sp(fpu_from_int(&v.f, VD(b, i), uns, true));
                break;
        case SP_TO_D:   /* word 0/2 -> double */
                for (unsigned i = 0; i < 2; i++) {
                        uint64_t x = uns ? VW(b, 2 * i) : (uint64_t)(int64_t)VSW(b, 2 * i);
                        VD(t, i) = fpu_from_int(&v.f, x, uns, false);
                }
                break;
        case SP_TO_W:   /* word -> single */
                for (unsigned i = 0; i < 4; i++) {
                        uint64_t x = uns ? b.w[i] : (uint64_t)(int64_t)b.sw[i];
                        t.w[i] = d2sp(fpu_from_int(&v.f, x, uns, true));
                }
                break;
        }
        return vrun_end(cpu, in, &v, t);
}

#define XV_FROM_INT(name, shape, uns) \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in) { return xv_from_int(cpu, in, shape, uns); }
XV_FROM_INT(xvcvsxddp, DP_TO_D, false)
XV_FROM_INT(xvcvuxddp, DP_TO_D, true)
XV_FROM_INT(xvcvsxdsp, DP_TO_W, false)
XV_FROM_INT(xvcvuxdsp, DP_TO_W, true)
XV_FROM_INT(xvcvsxwdp, SP_TO_D, false)
XV_FROM_INT(xvcvuxwdp, SP_TO_D, true)
XV_FROM_INT(xvcvsxwsp, SP_TO_W, false)
XV_FROM_INT(xvcvuxwsp, SP_TO_W, true)

/* ---- exponent and significand, by element ---- */

#define XV_BITS(name, arr, expr)                                                \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                union vec a = vsr_get(cpu, XA(in)), b = vsr_get(cpu, XB(in)), t; \
                (void)a;                                                       \
                EACH(arr, expr);                                               \
                vsr_set(cpu, XT(in), t);                                       \
                return EMU_NEXT;                                               \
        }

static uint64_t dp_sig(uint64_t x)
{
        uint64_t e = x & DP_EXP;
        return (x & DP_FRAC) | ((uint64_t)(e != 0 && e != DP_EXP) << 52);
}

static uint32_t sp_sig(uint32_t x)
{
        uint32_t e = x & 0x7f800000u;
        return (x & 0x7fffffu) | ((uint32_t)(e != 0 && e != 0x7f800000u) << 23);
}

XV_BITS(xvxexpdp, d, (b.d[i] >> 52) & 0x7ff)
XV_BITS(xvxsigdp, d, dp_sig(b.d[i]))
XV_BITS(xvxexpsp, w, (b.w[i] >> 23) & 0xff)
XV_BITS(xvxsigsp, w, sp_sig(b.w[i]))
XV_BITS(xviexpdp, d, (a.d[i] & (DP_SIGN | DP_FRAC)) | ((b.d[i] & 0x7ff) << 52))
XV_BITS(xviexpsp, w, (a.w[i] & 0x807fffffu) | ((b.w[i] & 0xff) << 23))

static int xv_round_current(struct emu_cpu *cpu, const struct emu_insn *in, bool single)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        struct vrun v;
        uint64_t r = 0;

        vrun_begin(&v, cpu);
        if (single) {
                for (unsigned i = 0; i < 4; i++) {
                        v.ok &= round_current(&v.f, sp2d(b.w[i]), &r);
                        t.w[i] = d2sp(r);
                }
        } else {
                for (unsigned i = 0; i < 2; i++) {
                        v.ok &= round_current(&v.f, b.d[i], &r);
                        t.d[i] = r;
                }
        }
        return vrun_end(cpu, in, &v, t);
}
static int op_xvrdpic(struct emu_cpu *cpu, const struct emu_insn *in) { return xv_round_current(cpu, in, false); }
static int op_xvrspic(struct emu_cpu *cpu, const struct emu_insn *in) { return xv_round_current(cpu, in, true); }

/* ---- half precision: the half is the low halfword of doubleword 0
 * (scalar) or of each word (vector) ---- */

static uint64_t half_in(uint64_t *f, uint16_t h, bool *ok)
{
        bool snan;
        uint64_t d = fpu_half_to_double(h, &snan);
        if (snan) {
                set_vxsnan(f);
                d |= DP_QUIET;
                *ok &= !(*f & FPSCR_VE);
        }
        return d;
}

static int op_xscvhpdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr & ~(FPSCR_FR | FPSCR_FI);
        bool ok = true;
        uint64_t d = half_in(&f, (uint16_t)xb_d0(cpu, in), &ok);
        f = (f & ~FPSCR_FPRF) | ((uint64_t)fpu_fprf(d, false) << FPSCR_FPRF_SHIFT);
        return scalar_result(cpu, in, f, ok, d);
}

static int op_xscvdphp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        uint64_t f = cpu->fpscr;
        uint16_t h = fpu_double_to_half(&f, xb_d0(cpu, in));
        bool ok = !((f & FPSCR_VE) && (f & ~cpu->fpscr & FPSCR_VXSNAN));
        f = (f & ~FPSCR_FPRF) | ((uint64_t)fpu_fprf_half(h) << FPSCR_FPRF_SHIFT);
        return scalar_result(cpu, in, f, ok, h);
}

static int op_xvcvhpsp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        struct vrun v;

        vrun_begin(&v, cpu);
        for (unsigned i = 0; i < 4; i++)
                t.w[i] = d2sp(half_in(&v.f, (uint16_t)b.w[i], &v.ok));
        return vrun_end(cpu, in, &v, t);
}

static int op_xvcvsphp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        struct vrun v;

        vrun_begin(&v, cpu);
        for (unsigned i = 0; i < 4; i++)
                t.w[i] = fpu_double_to_half(&v.f, sp2d(b.w[i]));
        if ((v.f & FPSCR_VE) && (v.f & ~cpu->fpscr & FPSCR_VXSNAN))
                v.ok = false;
        return vrun_end(cpu, in, &v, t);
}

/* ---- vector round to integral ---- */

#define XV_RINT(name, mode, single)                                                     \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)           \
        {                                                                              \
                EMU_REQUIRE_VSX(cpu);                                                  \
                union vec b = vsr_get(cpu, XB(in)), t;                                 \
                struct vrun v;                                                         \
                uint64_t r = 0;                                                        \
                vrun_begin(&v, cpu);                                                   \
                if (single) {                                                          \
                        for (unsigned i = 0; i < 4; i++) {                             \
                                v.ok &= fpu_round_int(&v.f, sp2d(b.w[i]), mode, &r);   \
                                t.w[i] = d2sp(r);                                      \
                        }                                                              \
                } else {                                                               \
                        for (unsigned i = 0; i < 2; i++) {                             \
                                v.ok &= fpu_round_int(&v.f, b.d[i], mode, &r);         \
                                t.d[i] = r;                                            \
                        }                                                              \
                }                                                                      \
                return vrun_end(cpu, in, &v, t);                                       \
        }
XV_RINT(xvrdpi, FPU_RINT_NEAREST_AWAY, false)
XV_RINT(xvrdpiz, FPU_RINT_ZERO, false)
XV_RINT(xvrdpip, FPU_RINT_PINF, false)
XV_RINT(xvrdpim, FPU_RINT_MINF, false)
XV_RINT(xvrspi, FPU_RINT_NEAREST_AWAY, true)
XV_RINT(xvrspiz, FPU_RINT_ZERO, true)
XV_RINT(xvrspip, FPU_RINT_PINF, true)
XV_RINT(xvrspim, FPU_RINT_MINF, true)

/* ---- single-precision vector tests, max/min, test data class ---- */

XV_AB(xvmaxsp, xsmax, true)
XV_AB(xvminsp, xsmin, true)

#define SP_EXPF  0x7f800000u
#define SP_FRACF 0x007fffffu

static int sp_exp(uint32_t x) { return (int)((x & SP_EXPF) >> 23) - 127; }
static bool sp_nan(uint32_t x) { return (x & SP_EXPF) == SP_EXPF && (x & SP_FRACF); }
static bool sp_inf(uint32_t x) { return (x & ~0x80000000u) == SP_EXPF; }
static bool sp_zero(uint32_t x) { return (x & ~0x80000000u) == 0; }
static bool sp_denormal(uint32_t x) { return !(x & SP_EXPF) && (x & SP_FRACF); }

/* xvtdivsp: ftdiv's tests with single-precision bounds (emin -126, emax
 * 127, 24-bit significand); CR field = 0b1 || fg || fe || 0. */
static unsigned sp_tdiv(uint32_t a, uint32_t b)
{
        int ea = sp_exp(a), eb = sp_exp(b);
        bool fe = sp_nan(a) || sp_inf(a) || sp_zero(b) || sp_nan(b) || sp_inf(b) ||
                  eb <= -126 || eb >= 125 ||
                  (!sp_zero(a) && (ea - eb >= 127 || ea - eb <= -125 || ea <= -103));
        bool fg = sp_inf(a) || sp_zero(b) || sp_inf(b) || sp_denormal(b);
        return 8u | (fg ? 4u : 0) | (fe ? 2u : 0);
}

static unsigned sp_tsqrt(uint32_t b)
{
        bool fe = sp_zero(b) || sp_nan(b) || sp_inf(b) || (b >> 31) || sp_exp(b) <= -103;
        bool fg = sp_zero(b) || sp_inf(b) || sp_denormal(b);
        return 8u | (fg ? 4u : 0) | (fe ? 2u : 0);
}

static int op_xvtdivsp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec a = vsr_get(cpu, XA(in)), b = vsr_get(cpu, XB(in));
        unsigned c = 0;
        for (unsigned i = 0; i < 4; i++)
                c |= sp_tdiv(a.w[i], b.w[i]);
        emu_set_crf(cpu, BF(in), c);
        return EMU_NEXT;
}

static int op_xvtsqrtsp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in));
        unsigned c = 0;
        for (unsigned i = 0; i < 4; i++)
                c |= sp_tsqrt(b.w[i]);
        emu_set_crf(cpu, BF(in), c);
        return EMU_NEXT;
}

/* xvtstdcsp/xvtstdcdp (XX2 form with DCMX split): DCMX = dc (bit 25) ||
 * dm (bit 29) || dx (bits 11-15), the classes of xststdcdp; each element
 * becomes all ones when its class is selected, else 0.  No FPSCR effect. */
static unsigned xv_dcmx(uint32_t w)
{
        return (((w >> 6) & 1u) << 6) | (((w >> 2) & 1u) << 5) | ((w >> 16) & 31u);
}

/* A single element's class (a single denormal is a normal double). */
static unsigned sp_elem_class_bit(uint32_t x)
{
        if (sp_denormal(x))
                return (x >> 31) ? 0x01 : 0x02;
        return dp_class_bit(emu_fp_single_to_double(x));
}

static int op_xvtstdcsp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        unsigned dcmx = xv_dcmx(in->word);
        for (unsigned i = 0; i < 4; i++)
                t.w[i] = (sp_elem_class_bit(b.w[i]) & dcmx) ? ~0u : 0;
        vsr_set(cpu, XT(in), t);
        return EMU_NEXT;
}

static int op_xvtstdcdp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        union vec b = vsr_get(cpu, XB(in)), t;
        unsigned dcmx = xv_dcmx(in->word);
        for (unsigned i = 0; i < 2; i++)
                t.d[i] = (dp_class_bit(b.d[i]) & dcmx) ? ~0ull : 0;
        vsr_set(cpu, XT(in), t);
        return EMU_NEXT;
}

#define XX3(xo)    ((60u << 26) | ((uint32_t)(xo) << 3))
#define XX3_MASK   0xfc0007f8u
#define XX3RC_MASK 0xfc0003f8u
#define XX2(xo)    ((60u << 26) | ((uint32_t)(xo) << 2))
#define XX2_MASK   0xfc1f07fcu     /* bits 11-15 reserved */
#define E3(name, xo)  { #name, XX3_MASK, XX3(xo), op_##name, NULL }
#define E3RC(name, xo) { #name, XX3RC_MASK, XX3(xo), op_##name, NULL }
#define E2(name, xo)  { #name, XX2_MASK, XX2(xo), op_##name, NULL }

const struct emu_opdesc emu_ops_vsx_fp[] = {
        E3(xsadddp, 32), E3(xssubdp, 40), E3(xsmuldp, 48), E3(xsdivdp, 56),
        E3(xsaddsp, 0), E3(xssubsp, 8), E3(xsmulsp, 16), E3(xsdivsp, 24),
        E2(xssqrtdp, 75), E2(xssqrtsp, 11), E2(xsredp, 90), E2(xsresp, 26),
        E2(xsrsqrtedp, 74), E2(xsrsqrtesp, 10), E2(xsrsp, 281),
        E3(xsmaddadp, 33), E3(xsmaddmdp, 41), E3(xsmsubadp, 49), E3(xsmsubmdp, 57),
        E3(xsnmaddadp, 161), E3(xsnmaddmdp, 169), E3(xsnmsubadp, 177), E3(xsnmsubmdp, 185),
        E3(xsmaddasp, 1), E3(xsmaddmsp, 9), E3(xsmsubasp, 17), E3(xsmsubmsp, 25),
        E3(xsnmaddasp, 129), E3(xsnmaddmsp, 137), E3(xsnmsubasp, 145), E3(xsnmsubmsp, 153),
        { "xscmpudp", 0xfc6007f9u, XX3(35), op_xscmpudp, NULL },
        { "xscmpodp", 0xfc6007f9u, XX3(43), op_xscmpodp, NULL },
        E3(xscmpeqdp, 3), E3(xscmpgtdp, 11), E3(xscmpgedp, 19),
        E3(xsmaxdp, 160), E3(xsmindp, 168), E3(xsmaxcdp, 128), E3(xsmincdp, 136),
        E2(xsabsdp, 345), E2(xsnabsdp, 361), E2(xsnegdp, 377), E3(xscpsgndp, 176),
        E2(xscvdpsp, 265), E2(xscvdpspn, 267), E2(xscvspdp, 329), E2(xscvspdpn, 331),
        E2(xscvdpsxds, 344), E2(xscvdpuxds, 328), E2(xscvdpsxws, 88), E2(xscvdpuxws, 72),
        E2(xscvsxddp, 376), E2(xscvuxddp, 360), E2(xscvsxdsp, 312), E2(xscvuxdsp, 296),
        E2(xsrdpi, 73), E2(xsrdpiz, 89), E2(xsrdpip, 105), E2(xsrdpim, 121),
        { "xststdcdp", 0xfc0007fcu, XX2(362), op_xststdcdp, NULL },
        { "xststdcsp", 0xfc0007fcu, XX2(298), op_xststdcsp, NULL },
        { "xstdivdp", 0xfc6007f9u, XX3(61), op_xstdivdp, NULL },
        { "xstsqrtdp", 0xfc7f07fdu, XX2(106), op_xstsqrtdp, NULL },
        { "xvtdivdp", 0xfc6007f9u, XX3(125), op_xvtdivdp, NULL },
        { "xvtsqrtdp", 0xfc7f07fdu, XX2(234), op_xvtsqrtdp, NULL },
        { "xscmpexpdp", 0xfc6007f9u, XX3(59), op_xscmpexpdp, NULL },
        E3(xsmaxjdp, 144), E3(xsminjdp, 152),
        E2(xsrdpic, 107), E2(xvrdpic, 235), E2(xvrspic, 171),
        { "xvxexpdp", XX2_MASK, XX2(475) | (0u << 16), op_xvxexpdp, NULL },
        { "xvxsigdp", XX2_MASK, XX2(475) | (1u << 16), op_xvxsigdp, NULL },
        { "xvxexpsp", XX2_MASK, XX2(475) | (8u << 16), op_xvxexpsp, NULL },
        { "xvxsigsp", XX2_MASK, XX2(475) | (9u << 16), op_xvxsigsp, NULL },
        E3(xviexpdp, 248), E3(xviexpsp, 216),
        { "xscvhpdp", XX2_MASK, XX2(347) | (16u << 16), op_xscvhpdp, NULL },
        { "xscvdphp", XX2_MASK, XX2(347) | (17u << 16), op_xscvdphp, NULL },
        { "xvcvhpsp", XX2_MASK, XX2(475) | (24u << 16), op_xvcvhpsp, NULL },
        { "xvcvsphp", XX2_MASK, XX2(475) | (25u << 16), op_xvcvsphp, NULL },
        { "xsxexpdp", 0xfc1f07fdu, XX2(347), op_xsxexpdp, NULL },
        { "xsxsigdp", 0xfc1f07fdu, XX2(347) | (1u << 16), op_xsxsigdp, NULL },
        { "xsiexpdp", 0xfc0007feu, (60u << 26) | (918u << 1), op_xsiexpdp, NULL },
        E3(xvadddp, 96), E3(xvsubdp, 104), E3(xvmuldp, 112), E3(xvdivdp, 120),
        E3(xvaddsp, 64), E3(xvsubsp, 72), E3(xvmulsp, 80), E3(xvdivsp, 88),
        E3(xvmaxdp, 224), E3(xvmindp, 232),
        E2(xvsqrtdp, 203), E2(xvsqrtsp, 139), E2(xvredp, 218), E2(xvresp, 154),
        E2(xvrsqrtedp, 202), E2(xvrsqrtesp, 138),
        E3(xvmaddadp, 97), E3(xvmaddmdp, 105), E3(xvmsubadp, 113), E3(xvmsubmdp, 121),
        E3(xvnmaddadp, 225), E3(xvnmaddmdp, 233), E3(xvnmsubadp, 241), E3(xvnmsubmdp, 249),
        E3(xvmaddasp, 65), E3(xvmaddmsp, 73), E3(xvmsubasp, 81), E3(xvmsubmsp, 89),
        E3(xvnmaddasp, 193), E3(xvnmaddmsp, 201), E3(xvnmsubasp, 209), E3(xvnmsubmsp, 217),
        E3RC(xvcmpeqdp, 99), E3RC(xvcmpgtdp, 107), E3RC(xvcmpgedp, 115),
        E3RC(xvcmpeqsp, 67), E3RC(xvcmpgtsp, 75), E3RC(xvcmpgesp, 83),
        E2(xvabsdp, 473), E2(xvnabsdp, 489), E2(xvnegdp, 505), E3(xvcpsgndp, 240),
        E2(xvabssp, 409), E2(xvnabssp, 425), E2(xvnegsp, 441), E3(xvcpsgnsp, 208),
        E2(xvcvdpsp, 393), E2(xvcvspdp, 457),
        E2(xvcvdpsxds, 472), E2(xvcvdpuxds, 456), E2(xvcvdpsxws, 216), E2(xvcvdpuxws, 200),
        E2(xvcvspsxds, 408), E2(xvcvspuxds, 392), E2(xvcvspsxws, 152), E2(xvcvspuxws, 136),
        E2(xvcvsxddp, 504), E2(xvcvuxddp, 488), E2(xvcvsxdsp, 440), E2(xvcvuxdsp, 424),
        E2(xvcvsxwdp, 248), E2(xvcvuxwdp, 232), E2(xvcvsxwsp, 184), E2(xvcvuxwsp, 168),
        E2(xvrdpi, 201), E2(xvrdpiz, 217), E2(xvrdpip, 233), E2(xvrdpim, 249),
        E2(xvrspi, 137), E2(xvrspiz, 153), E2(xvrspip, 169), E2(xvrspim, 185),
        E3(xvmaxsp, 192), E3(xvminsp, 200),
        { "xvtdivsp", 0xfc6007f9u, XX3(93), op_xvtdivsp, NULL },
        { "xvtsqrtsp", 0xfc7f07fdu, XX2(170), op_xvtsqrtsp, NULL },
        { "xvtstdcsp", 0xfc0007b8u, 0xf00006a8u, op_xvtstdcsp, NULL },
        { "xvtstdcdp", 0xfc0007b8u, 0xf00007a8u, op_xvtstdcdp, NULL },
        { NULL, 0, 0, NULL, NULL },
};
