/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * FP core: unpacking, the single rounding step, FPSCR bookkeeping, NaN
 * rules and the load/store single conversions (Power ISA 3.0 Book I,
 * 4.3-4.6); the operations are in fpu_arith.c and fpu_cvt.c.
 *
 * Everything is computed on integers: operands are exact 64-bit
 * significands, intermediate results exact (or exact with a sticky bit) in
 * 128 bits, and fpu_round_pack() rounds exactly once, so double-precision
 * and single-precision results (including the fused multiply-adds) are the
 * correctly rounded ones the ISA defines.  Tininess is detected before
 * rounding, as POWER does.  The fast paths of fpu_fast.c use host doubles
 * in the host's default round-to-nearest mode; nothing ever changes the
 * host FPU mode or relies on its flags, so there is nothing to restore and
 * vcpu threads cannot disturb each other.
 *
 * FPSCR[NI] (non-IEEE mode) is accepted and ignored: results stay IEEE,
 * which the ISA allows.
 *
 * Known differences with QEMU 7.2 (the ISA decides; checked against
 * qemu-ppc64 on 200k random operations):
 *  - FR: QEMU never sets it; here it is set whenever rounding incremented
 *    the fraction (4.3.6).
 *  - FX: QEMU sets it on every exception; the ISA only when an exception
 *    bit changes from 0 to 1 (4.2.2), also for mtfsb1, which QEMU misses.
 *  - fnmadd/fnmsub in RP/RM: QEMU rounds the negated value; the ISA defines
 *    them as fmadd/fmsub followed by negation, so rounding comes first.
 *  - fmadd family with inf * 0 and an SNaN addend: both VXIMZ and VXSNAN
 *    (QEMU reports VXIMZ only).
 *  - FPRF of a single-precision denormal result is "denormalized" (the
 *    frsp model, Book I A.1); QEMU classifies the double image (normal).
 *  - fcfid[u][s] set FPRF (QEMU 7.2 leaves it unchanged).
 *  - fcmpo/fcmpu leave FPRF[C] (QEMU sets it on an invalid compare).
 *  - fre/frsqrte of +-0 give +-infinity (QEMU: +-0.5), and do not alter
 *    XX (QEMU sets it).
 */
#include "fpu_internal.h"

struct fnum fpu_unpack(uint64_t d)
{
        struct fnum n = { .sign = d >> 63 };
        unsigned e = (d >> 52) & 0x7ff;
        uint64_t f = d & DBL_FRAC_MASK;

        if (e == 0x7ff) {
                n.cls = !f ? FC_INF : (f & DBL_QUIET) ? FC_QNAN : FC_SNAN;
        } else if (e == 0) {
                if (!f) {
                        n.cls = FC_ZERO;
                } else {
                        int lz = __builtin_clzll(f);
                        n.cls = FC_FINITE;
                        n.sig = f << lz;
                        n.exp = -1011 - lz;
                }
        } else {
                n.cls = FC_FINITE;
                n.sig = (f | (1ull << 52)) << 11;
                n.exp = (int)e - 1023;
        }
        return n;
}

uint64_t fpu_fpscr_summarize(uint64_t f)
{
        f &= ~(FPSCR_VX | FPSCR_FEX);
        if (f & FPSCR_VX_ALL)
                f |= FPSCR_VX;
        if (((f & FPSCR_VX) && (f & FPSCR_VE)) || ((f & FPSCR_OX) && (f & FPSCR_OE)) ||
            ((f & FPSCR_UX) && (f & FPSCR_UE)) || ((f & FPSCR_ZX) && (f & FPSCR_ZE)) ||
            ((f & FPSCR_XX) && (f & FPSCR_XE)))
                f |= FPSCR_FEX;
        return f;
}

void fpu_op_begin(struct fpu_op *op, uint64_t fpscr, bool single)
{
        *op = (struct fpu_op){ .fpscr = fpscr, .before = fpscr, .single = single };
}

bool fpu_op_end(struct fpu_op *op, uint64_t *fpscr)
{
        bool write = !((op->invalid && (op->fpscr & FPSCR_VE)) ||
                       (op->zero_divide && (op->fpscr & FPSCR_ZE)));
        uint64_t f = op->fpscr;

        if (!write) {
                /* Suppressed: FRT and FPRF unchanged, FR and FI cleared. */
                f = (f & ~(FPSCR_FPRF | FPSCR_FR | FPSCR_FI)) | (op->before & FPSCR_FPRF);
        }
        if (f & ~op->before & FPSCR_EXC_ALL)
                f |= FPSCR_FX;
        *fpscr = fpu_fpscr_summarize(f);
        return write;
}

void fpu_set_fprf(struct fpu_op *op, unsigned fprf)
{
        op->fpscr = (op->fpscr & ~FPSCR_FPRF) | ((uint64_t)fprf << FPSCR_FPRF_SHIFT);
}

void fpu_set_fr_fi(struct fpu_op *op, bool inexact, bool incremented)
{
        op->fpscr &= ~(FPSCR_FR | FPSCR_FI);
        if (inexact)
                op->fpscr |= FPSCR_FI | FPSCR_XX;
        if (incremented)
                op->fpscr |= FPSCR_FR;
}

unsigned fpu_fprf(uint64_t d, bool single)
{
        bool neg = d >> 63;
        unsigned e = (d >> 52) & 0x7ff;

        if (fpu_is_nan(d))
                return FPRF_QNAN;
        if (fpu_is_inf(d))
                return neg ? FPRF_NEG_INF : FPRF_POS_INF;
        if (fpu_is_zero(d))
                return neg ? FPRF_NEG_ZERO : FPRF_POS_ZERO;
        /* A single-precision denormal is a normal double below 2^-126. */
        if (e == 0 || (single && e < 1023 - 126))
                return neg ? FPRF_NEG_DENORM : FPRF_POS_DENORM;
        return neg ? FPRF_NEG_NORM : FPRF_POS_NORM;
}

uint64_t fpu_exact(struct fpu_op *op, uint64_t r)
{
        fpu_set_fr_fi(op, false, false);
        fpu_set_fprf(op, fpu_fprf(r, op->single));
        return r;
}

uint64_t fpu_invalid(struct fpu_op *op, uint64_t vx_bits)
{
        op->fpscr |= vx_bits;
        op->invalid = true;
        fpu_set_fr_fi(op, false, false);
        fpu_set_fprf(op, FPRF_QNAN);
        return FPU_DEFAULT_NAN;
}

uint64_t fpu_nan_result(struct fpu_op *op, uint64_t nan)
{
        nan |= DBL_QUIET;
        if (op->single)
                nan &= ~0x1fffffffull;
        fpu_set_fr_fi(op, false, false);
        fpu_set_fprf(op, FPRF_QNAN);
        return nan;
}

bool fpu_propagate_nan(struct fpu_op *op, const uint64_t *v, unsigned n, uint64_t *ret)
{
        bool found = false;

        for (unsigned i = 0; i < n; i++) {
                if (fpu_is_snan(v[i])) {
                        op->fpscr |= FPSCR_VXSNAN;
                        op->invalid = true;
                }
                if (!found && fpu_is_nan(v[i])) {
                        *ret = v[i];
                        found = true;
                }
        }
        if (found)
                *ret = fpu_nan_result(op, *ret);
        return found;
}

/* Packs sign * q * 2^lsb, which the caller guarantees is representable. */
static uint64_t pack(bool sign, uint64_t q, int lsb)
{
        uint64_t s = (uint64_t)sign << 63;
        int msb, e, sh;

        if (q == 0)
                return s;
        msb = 63 - __builtin_clzll(q);
        e = lsb + msb;
        if (e > 1023)
                return s | DBL_INF;
        if (e >= -1022) {
                uint64_t f = msb > 52 ? q >> (msb - 52) : q << (52 - msb);
                return s | ((uint64_t)(e + 1023) << 52) | (f & DBL_FRAC_MASK);
        }
        sh = lsb + 1074;
        if (sh <= -64)
                return s;
        return s | (sh >= 0 ? q << sh : q >> -sh);
}

static bool round_up(unsigned rn, bool sign, bool odd, bool rbit, bool sticky)
{
        switch (rn) {
        case FPSCR_RN_NEAREST:
                return rbit && (sticky || odd);
        case FPSCR_RN_PINF:
                return !sign && (rbit || sticky);
        case FPSCR_RN_MINF:
                return sign && (rbit || sticky);
        default:
                return false;
        }
}

static uint64_t max_normal(bool sign, bool single)
{
        return ((uint64_t)sign << 63) | (single ? 0x47efffffe0000000ull : 0x7fefffffffffffffull);
}

/* Overflow (4.4.4): with OE=1 the exponent-adjusted rounded result, else
 * infinity or the largest normal number as RN directs. */
static uint64_t overflow(struct fpu_op *op, bool sign, uint64_t q, int lsb,
                         bool inexact, bool inc)
{
        unsigned rn = fpu_rn(op);
        uint64_t r;

        op->fpscr |= FPSCR_OX;
        if (op->fpscr & FPSCR_OE) {
                r = pack(sign, q, lsb - (op->single ? 192 : 1536));
                fpu_set_fr_fi(op, inexact, inc);
        } else {
                bool to_inf = rn == FPSCR_RN_NEAREST || (rn == FPSCR_RN_PINF && !sign) ||
                              (rn == FPSCR_RN_MINF && sign);
                r = to_inf ? ((uint64_t)sign << 63) | DBL_INF : max_normal(sign, op->single);
                /* FR is undefined here; 0 as QEMU reports it. */
                fpu_set_fr_fi(op, true, false);
        }
        fpu_set_fprf(op, fpu_fprf(r, op->single));
        return r;
}

uint64_t fpu_round_pack(struct fpu_op *op, bool sign, int exp, u128 m)
{
        int p = op->single ? 24 : 53;
        int emin = op->single ? -126 : -1022;
        int emax = op->single ? 127 : 1023;
        int lz = fpu_clz128(m);
        bool tiny, adjusted = false, rbit, sticky, inexact, inc;
        int keep, lsb;
        uint64_t q, r;

        m <<= lz;
        exp -= lz;           /* now sign * 1.f * 2^exp */
        tiny = exp < emin;   /* before rounding */
        if (tiny && (op->fpscr & FPSCR_UE)) {
                /* Enabled underflow (4.4.5): exponent-adjusted result. */
                op->fpscr |= FPSCR_UX;
                exp += op->single ? 192 : 1536;
                adjusted = true;
                tiny = exp < emin;
        }
        keep = tiny ? p - (emin - exp) : p;
        if (keep >= 1) {
                u128 rest = m << keep;
                q = (uint64_t)(m >> (128 - keep));
                rbit = rest >> 127;
                sticky = (rest << 1) != 0;
        } else {
                q = 0;
                rbit = keep == 0;
                sticky = keep == 0 ? (m << 1) != 0 : true;
        }
        lsb = exp - keep + 1;
        inexact = rbit || sticky;
        inc = round_up(fpu_rn(op), sign, q & 1, rbit, sticky);
        q += inc;
        if (!tiny && lsb + 63 - __builtin_clzll(q) > emax)
                return overflow(op, sign, q, lsb, inexact, inc);
        if (tiny && inexact && !adjusted)
                op->fpscr |= FPSCR_UX;
        fpu_set_fr_fi(op, inexact, inc);
        r = pack(sign, q, lsb);
        fpu_set_fprf(op, fpu_fprf(r, op->single));
        return r;
}

/* ---- Floating-Point Load/Store Single conversions (4.6.2, 4.6.3) -------- */

/* Exact: every single-format value, SNaNs included, has a double image. */
uint64_t emu_fp_single_to_double(uint32_t w)
{
        uint64_t sign = (uint64_t)(w >> 31) << 63;
        unsigned e = (w >> 23) & 0xff;
        uint64_t f = w & 0x7fffffu;

        if (e == 0xff)
                return sign | DBL_INF | (f << 29);
        if (e != 0)
                return sign | ((uint64_t)(e + 1023 - 127) << 52) | (f << 29);
        if (f == 0)
                return sign;
        /* Denormal: normalize into a double exponent. */
        int msb = 63 - __builtin_clzll(f);
        return sign | ((uint64_t)(msb - 149 + 1023) << 52) | ((f << (52 - msb)) & DBL_FRAC_MASK);
}

/*
 * stfs: no rounding.  Values within single range (and zeros, infinities,
 * NaNs, SNaNs kept signalling) drop the low fraction bits; values below it
 * down to 2^-149 are denormalized by truncation.  The ISA leaves smaller
 * values undefined: we store a zero of the same sign.
 */
uint32_t emu_fp_double_to_single(uint64_t d)
{
        uint32_t sign = (uint32_t)(d >> 63) << 31;
        unsigned e = (d >> 52) & 0x7ff;

        if (e > 896 || (d & ~DBL_SIGN) == 0)
                return sign | (uint32_t)((d >> 62) & 1) << 30 | (uint32_t)((d >> 29) & 0x3fffffff);
        if (e >= 874) {
                uint64_t frac = (d & DBL_FRAC_MASK) | (1ull << 52);
                return sign | (uint32_t)((frac >> (897 - e) >> 29) & 0x7fffff);
        }
        return sign;
}
