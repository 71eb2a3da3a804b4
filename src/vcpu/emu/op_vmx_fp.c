/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX floating point (Power ISA 3.0 Book I, 6.12): single-precision
 * elements, always rounded to nearest, no FPSCR effects and no exceptions.
 * The arithmetic is fpu.c's, run on a private FPSCR.  In non-Java mode
 * (VSCR[NJ]=1) denormal operands are read, and denormal results written,
 * as zeros of the same sign.
 *
 * vrefp and vrsqrtefp return the correctly rounded reciprocal (of the
 * square root), which is within the ISA's 1/4096 estimate bound and is
 * what QEMU returns.  vexptefp and vlogefp evaluate 2^x and log2(x) in
 * host double arithmetic (series good to about 2^-52) and round once to
 * single: within one ulp of the exact value, far inside the ISA's estimate
 * bounds (relative error 1/16 for vexptefp, absolute error 1/32 for
 * vlogefp).
 */
#include "fpu.h"
#include "vec_ops.h"

#define SP_EXP   0x7f800000u
#define SP_FRAC  0x007fffffu
#define SP_SIGN  0x80000000u
#define SP_QUIET 0x00400000u

static float sp_value(uint32_t x) { float f; memcpy(&f, &x, 4); return f; }
static uint32_t sp_bits(float f) { uint32_t x; memcpy(&x, &f, 4); return x; }

static bool sp_is_nan(uint32_t x) { return (x & SP_EXP) == SP_EXP && (x & SP_FRAC); }

static uint32_t nj_flush(const struct emu_cpu *cpu, uint32_t x)
{
        if ((cpu->vscr & VSCR_NJ) && !(x & SP_EXP) && (x & SP_FRAC))
                return x & SP_SIGN;
        return x;
}

static uint64_t to_d(const struct emu_cpu *cpu, uint32_t x) { return emu_fp_single_to_double(nj_flush(cpu, x)); }
static uint32_t to_s(const struct emu_cpu *cpu, uint64_t d) { return nj_flush(cpu, emu_fp_double_to_single(d)); }

/* An arithmetic result: in non-Java mode a result that was tiny before
 * rounding (POWER detects tininess before rounding; fpu.c reports it as
 * UX, all exceptions being disabled) is a zero even if it rounded up to
 * the smallest normal. */
static uint32_t result_s(const struct emu_cpu *cpu, uint64_t f, uint64_t d)
{
        uint32_t s = to_s(cpu, d);
        if ((cpu->vscr & VSCR_NJ) && (f & FPSCR_UX))
                s &= SP_SIGN;
        return s;
}

/* Every operation runs with RN = nearest and every exception disabled. */
#define VFP_FPSCR 0ull

VX_OP(vaddfp, EACH(w, ({ uint64_t f = VFP_FPSCR, r;
        fpu_add(&f, to_d(cpu, a.w[i]), to_d(cpu, b.w[i]), true, &r); result_s(cpu, f, r); })))
VX_OP(vsubfp, EACH(w, ({ uint64_t f = VFP_FPSCR, r;
        fpu_sub(&f, to_d(cpu, a.w[i]), to_d(cpu, b.w[i]), true, &r); result_s(cpu, f, r); })))
/* vmaddfp: (A * C) + B; vnmsubfp: -((A * C) - B). */
VA_OP(vmaddfp, EACH(w, ({ uint64_t f = VFP_FPSCR, r;
        fpu_fma(&f, to_d(cpu, a.w[i]), to_d(cpu, c.w[i]), to_d(cpu, b.w[i]), FPU_MADD, true, &r);
        result_s(cpu, f, r); })))
VA_OP(vnmsubfp, EACH(w, ({ uint64_t f = VFP_FPSCR, r;
        fpu_fma(&f, to_d(cpu, a.w[i]), to_d(cpu, c.w[i]), to_d(cpu, b.w[i]), FPU_NMSUB, true, &r);
        result_s(cpu, f, r); })))

static uint32_t recip(const struct emu_cpu *cpu, uint32_t x)
{
        uint64_t f = VFP_FPSCR, r;
        fpu_div(&f, 0x3ff0000000000000ull, to_d(cpu, x), true, &r);
        return result_s(cpu, f, r);
}

static uint32_t rsqrt(const struct emu_cpu *cpu, uint32_t x)
{
        uint64_t f = VFP_FPSCR, r;
        fpu_sqrt(&f, to_d(cpu, x), true, &r);
        return recip(cpu, to_s(cpu, r));
}

VX_OP(vrefp, EACH(w, recip(cpu, b.w[i])))
VX_OP(vrsqrtefp, EACH(w, rsqrt(cpu, b.w[i])))

/* ---- 2^x and log2(x) estimates ---- */

#define LN2 0.6931471805599453094

/* 2^n for an integer n the double range holds, built from its bits. */
static double pow2i(int n)
{
        uint64_t bits = (uint64_t)(n + 1023) << 52;
        double d;
        memcpy(&d, &bits, 8);
        return d;
}

/* e^y for |y| < 1: the Taylor series, 24 terms leave < 2^-80. */
static double exp_small(double y)
{
        double sum = 1.0, term = 1.0;
        for (int k = 1; k < 24; k++) {
                term *= y / k;
                sum += term;
        }
        return sum;
}

/* ln(m) for m in [1, 2): 2 atanh((m - 1) / (m + 1)), |t| < 1/3. */
static double ln_mantissa(double m)
{
        double t = (m - 1.0) / (m + 1.0), t2 = t * t, pow = t, sum = 0.0;
        for (int k = 0; k < 40; k++) {
                sum += pow / (2 * k + 1);
                pow *= t2;
        }
        return 2.0 * sum;
}

/* A finished single result: in non-Java mode a denormal is a zero. */
static uint32_t est_result(const struct emu_cpu *cpu, double d)
{
        return nj_flush(cpu, sp_bits((float)d));
}

static uint32_t exp2_est(const struct emu_cpu *cpu, uint32_t x)
{
        x = nj_flush(cpu, x);
        if (sp_is_nan(x))
                return x | SP_QUIET;
        float fx = sp_value(x);
        if (fx >= 128.0f)
                return SP_EXP;                  /* +inf, also for +inf */
        if (fx < -151.0f)
                return 0;                       /* +0, also for -inf */
        double n = (double)(int)fx;
        if (n > fx)
                n -= 1.0;                       /* floor */
        double f = (double)fx - n;              /* [0, 1), exact */
        return est_result(cpu, exp_small(f * LN2) * pow2i((int)n));
}

static uint32_t log2_est(const struct emu_cpu *cpu, uint32_t x)
{
        x = nj_flush(cpu, x);
        if (sp_is_nan(x))
                return x | SP_QUIET;
        if ((x & ~SP_SIGN) == 0)
                return SP_SIGN | SP_EXP;        /* -inf */
        if (x & SP_SIGN)
                return 0x7fc00000u;             /* the default QNaN */
        if (x == SP_EXP)
                return SP_EXP;
        double d = sp_value(x);
        uint64_t bits;
        memcpy(&bits, &d, 8);
        int e = (int)((bits >> 52) & 0x7ff) - 1023;     /* d is normal as a double */
        bits = (bits & 0x000fffffffffffffull) | (1023ull << 52);
        double m;
        memcpy(&m, &bits, 8);
        return est_result(cpu, (double)e + ln_mantissa(m) / LN2);
}

VX_OP(vexptefp, EACH(w, exp2_est(cpu, b.w[i])))
VX_OP(vlogefp, EACH(w, log2_est(cpu, b.w[i])))

/* max/min: a NaN operand gives that NaN, quieted (VRA's first); +0 is
 * greater than -0. */
static int64_t sp_order(uint32_t x)
{
        return (x & SP_SIGN) ? -(int64_t)(x & ~SP_SIGN) - 1 : (int64_t)x;
}

static uint32_t sp_maxmin(const struct emu_cpu *cpu, uint32_t x, uint32_t y, bool max)
{
        x = nj_flush(cpu, x);
        y = nj_flush(cpu, y);
        if (sp_is_nan(x))
                return x | SP_QUIET;
        if (sp_is_nan(y))
                return y | SP_QUIET;
        bool x_bigger = sp_order(x) > sp_order(y);
        return (x_bigger == max) ? x : y;
}

VX_OP(vmaxfp, EACH(w, sp_maxmin(cpu, a.w[i], b.w[i], true)))
VX_OP(vminfp, EACH(w, sp_maxmin(cpu, a.w[i], b.w[i], false)))

/* ---- round to integral value ---- */

enum rfi { RFI_NEAREST, RFI_ZERO, RFI_PINF, RFI_MINF };

static uint32_t sp_round_int(const struct emu_cpu *cpu, uint32_t x, enum rfi mode)
{
        x = nj_flush(cpu, x);
        if (sp_is_nan(x))
                return x | SP_QUIET;
        unsigned e = (x & SP_EXP) >> 23;
        if (e >= 150)           /* |x| >= 2^23, infinities: already integral */
                return x;
        uint32_t mag = x & ~SP_SIGN, sign = x & SP_SIGN;
        /* Integral part (truncated), and whether anything was dropped. */
        uint32_t keep = e < 127 ? 0 : ~((1u << (150 - e)) - 1);
        uint32_t tr = e < 127 ? 0 : mag & keep;
        bool frac = (mag & ~keep) != 0 || (e < 127 && mag != 0);
        bool up;
        switch (mode) {
        case RFI_NEAREST: {
                /* Compare the fraction with one half via exact doubles. */
                double t = sp_value(tr), d = (double)sp_value(mag) - t;
                up = d > 0.5 || (d == 0.5 && ((uint32_t)t & 1u));
                break;
        }
        case RFI_ZERO: up = false; break;
        case RFI_PINF: up = frac && !sign; break;
        default:       up = frac && sign; break;
        }
        float fr = sp_value(tr);
        if (up)
                fr += 1.0f;     /* exact: an integer below 2^24 */
        return sp_bits(fr) | sign;
}

VX_OP(vrfin, EACH(w, sp_round_int(cpu, b.w[i], RFI_NEAREST)))
VX_OP(vrfiz, EACH(w, sp_round_int(cpu, b.w[i], RFI_ZERO)))
VX_OP(vrfip, EACH(w, sp_round_int(cpu, b.w[i], RFI_PINF)))
VX_OP(vrfim, EACH(w, sp_round_int(cpu, b.w[i], RFI_MINF)))

/* ---- fixed-point conversions, scaled by 2^UIM (UIM is the VRA field) ---- */

/* Host double arithmetic here is exact (scaling by a power of two, integers
 * of at most 32 bits), and the one conversion to float rounds to nearest
 * even, the host's default mode that nothing in ppcvmd changes. */
VX_OP(vcfux, EACH(w, sp_bits((float)((double)b.w[i] / (double)(1ull << in->ra)))))
VX_OP(vcfsx, EACH(w, sp_bits((float)((double)b.sw[i] / (double)(1ull << in->ra)))))

static uint32_t sp_to_int(struct emu_cpu *cpu, uint32_t x, unsigned uim, bool uns)
{
        x = nj_flush(cpu, x);
        if (sp_is_nan(x))       /* 0, without SAT (as QEMU and the AltiVec PEM) */
                return 0;
        double d = (double)sp_value(x) * (double)(1ull << uim);
        double lo = uns ? 0.0 : -2147483648.0, hi = uns ? 4294967295.0 : 2147483647.0;
        if (d <= lo - 1.0 || d >= hi + 1.0 || (uns && d < 0.0 && d <= -1.0)) {
                vscr_set_sat(cpu);
                return d < 0 ? (uns ? 0 : 0x80000000u) : (uns ? 0xffffffffu : 0x7fffffffu);
        }
        return uns ? (uint32_t)(d < 0 ? 0 : d) : (uint32_t)(int32_t)d;
}

VX_OP(vctuxs, EACH(w, sp_to_int(cpu, b.w[i], in->ra, true)))
VX_OP(vctsxs, EACH(w, sp_to_int(cpu, b.w[i], in->ra, false)))

/* ---- compares (VC form) ---- */

static void fp_cr6(struct emu_cpu *cpu, const struct emu_insn *in, u128 t)
{
        if (in->word & 0x400u)
                emu_set_crf(cpu, 6, t == ~(u128)0 ? CR_LT : t == 0 ? CR_EQ : 0);
}

/* -1, 0, 1 for x <, =, > y; 2 unordered. */
static int sp_cmp(const struct emu_cpu *cpu, uint32_t x, uint32_t y)
{
        x = nj_flush(cpu, x);
        y = nj_flush(cpu, y);
        if (sp_is_nan(x) || sp_is_nan(y))
                return 2;
        float fx = sp_value(x), fy = sp_value(y);
        return fx < fy ? -1 : fx > fy ? 1 : 0;
}

#define VCMPFP(name, cond) \
        VX_OP(name, { EACH(w, ({ int c_ = sp_cmp(cpu, a.w[i], b.w[i]); (cond) ? ~0u : 0u; })); \
                      fp_cr6(cpu, in, t.q); })

VCMPFP(vcmpeqfp, c_ == 0)
VCMPFP(vcmpgefp, c_ == 0 || c_ == 1)
VCMPFP(vcmpgtfp, c_ == 1)

/* vcmpbfp: bit 0 set if not A <= B, bit 1 set if not A >= -B; CR6 bit 2
 * says every element was within bounds. */
VX_OP(vcmpbfp, {
        for (unsigned i = 0; i < 4; i++) {
                int le = sp_cmp(cpu, a.w[i], b.w[i]);
                int ge = sp_cmp(cpu, a.w[i], b.w[i] ^ SP_SIGN);
                t.w[i] = (le == -1 || le == 0 ? 0 : 0x80000000u) |
                         (ge == 1 || ge == 0 ? 0 : 0x40000000u);
        }
        if (in->word & 0x400u)
                emu_set_crf(cpu, 6, t.q == 0 ? CR_EQ : 0);
})

#define VC_ENTRY(name, xo)  { #name, VC_MASK, VXO(xo), op_##name, NULL }

const struct emu_opdesc emu_ops_vmx_fp[] = {
        VX_ENTRY(vaddfp, 10), VX_ENTRY(vsubfp, 74), VA_ENTRY(vmaddfp, 46), VA_ENTRY(vnmsubfp, 47),
        VX_ENTRY(vmaxfp, 1034), VX_ENTRY(vminfp, 1098),
        VX_ENTRY(vrefp, 266), VX_ENTRY(vrsqrtefp, 330),
        VX_ENTRY(vexptefp, 394), VX_ENTRY(vlogefp, 458),
        VX_ENTRY(vrfin, 522), VX_ENTRY(vrfiz, 586), VX_ENTRY(vrfip, 650), VX_ENTRY(vrfim, 714),
        VX_ENTRY(vcfux, 778), VX_ENTRY(vcfsx, 842), VX_ENTRY(vctuxs, 906), VX_ENTRY(vctsxs, 970),
        VC_ENTRY(vcmpeqfp, 198), VC_ENTRY(vcmpgefp, 454), VC_ENTRY(vcmpgtfp, 710),
        VC_ENTRY(vcmpbfp, 966),
        { NULL, 0, 0, NULL, NULL },
};
