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
 * fixed point on integers (to about 2^-56) and round to single: within
 * one ulp of the exact value, far inside the ISA's estimate bounds
 * (relative error 1/16 for vexptefp, absolute error 1/32 for vlogefp).
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

/* ---- 2^x and log2(x) estimates ----
 * Computed in 62-bit fixed point on integers, so that no host FP
 * contraction or library can change a result, then converted to single
 * through one exact-or-rounded double: within an ulp of the exact value. */

#define Q62_ONE (1ull << 62)
#define Q62_LN2 3196577161300663915ull          /* ln 2 * 2^62, rounded */

static uint64_t q62_mul(uint64_t a, uint64_t b) { return (uint64_t)(((u128)a * b) >> 62); }

/* 2^n for an integer n the double range holds, built from its bits. */
static double pow2i(int n)
{
        uint64_t bits = (uint64_t)(n + 1023) << 52;
        double d;
        memcpy(&d, &bits, 8);
        return d;
}

/* 2^f for f in [0, 1) (Q62): e^(f ln 2) by its Taylor series, in [1, 2). */
static uint64_t q62_exp2_frac(uint64_t f)
{
        uint64_t y = q62_mul(f, Q62_LN2), sum = Q62_ONE, term = Q62_ONE;
        for (unsigned k = 1; k < 24 && term; k++) {
                term = q62_mul(term, y) / k;
                sum += term;
        }
        return sum;
}

/* A finished single result: in non-Java mode a denormal is a zero. */
static uint32_t est_result(const struct emu_cpu *cpu, double d)
{
        return nj_flush(cpu, sp_bits((float)d));
}

/* x (finite, |x| < 152) as a signed Q62 number; bits below 2^-62 are
 * dropped, which cannot change 2^x at single precision. */
static __int128 sp_to_q62(uint32_t x)
{
        int e = (int)((x & SP_EXP) >> 23);
        u128 sig = (x & SP_FRAC) | (e ? 0x800000u : 0);
        int sh = (e ? e : 1) - 127 - 23 + 62;   /* x = sig * 2^(sh - 62) */
        u128 mag = sh >= 0 ? sig << sh : (-sh < 128 ? sig >> -sh : 0);
        return (x & SP_SIGN) ? -(__int128)mag : (__int128)mag;
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
        __int128 q = sp_to_q62(x);
        int n = (int)(q >> 62);                 /* floor */
        uint64_t f = (uint64_t)(q & (__int128)(Q62_ONE - 1));
        return est_result(cpu, (double)q62_exp2_frac(f) * pow2i(n - 62));
}

/* log2(m) for m in [1, 2) (Q62), 40 fraction bits by repeated squaring:
 * each square of m that reaches 2 yields a 1 bit. */
static uint64_t q62_log2_frac40(uint64_t m)
{
        uint64_t bits = 0;
        for (int i = 0; i < 40; i++) {
                m = q62_mul(m, m);
                bits <<= 1;
                if (m >= 2 * Q62_ONE) {
                        m >>= 1;
                        bits |= 1;
                }
        }
        return bits;
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
        int e = (int)((x & SP_EXP) >> 23);
        uint64_t sig = (x & SP_FRAC) | (e ? 0x800000u : 0);
        int lz = __builtin_clzll(sig) - 40;     /* normalize to bit 23 */
        sig <<= lz;
        e = (e ? e : 1) - 127 - lz;             /* x = sig * 2^(e - 23) */
        int64_t total = (int64_t)e * (1ll << 40) + (int64_t)q62_log2_frac40(sig << 39);
        return est_result(cpu, (double)total * pow2i(-40));     /* exact, then one rounding */
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
