/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * FP arithmetic core: unpacking, the single rounding step, FPSCR
 * bookkeeping and the arithmetic operations (Power ISA 3.0 Book I, 4.3-4.6).
 *
 * Everything is computed on integers: operands are exact 64-bit
 * significands, intermediate results exact (or exact with a sticky bit) in
 * 128 bits, and fpu_round_pack() rounds exactly once, so double-precision
 * and single-precision results (including the fused multiply-adds) are the
 * correctly rounded ones the ISA defines.  Tininess is detected before
 * rounding, as POWER does.  No host FPU state is used, so nothing needs to
 * be restored and vcpu threads cannot disturb each other.
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

static void set_fprf(struct fpu_op *op, unsigned fprf)
{
        op->fpscr = (op->fpscr & ~FPSCR_FPRF) | ((uint64_t)fprf << FPSCR_FPRF_SHIFT);
}

static void set_fr_fi(struct fpu_op *op, bool inexact, bool incremented)
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
        set_fr_fi(op, false, false);
        set_fprf(op, fpu_fprf(r, op->single));
        return r;
}

uint64_t fpu_invalid(struct fpu_op *op, uint64_t vx_bits)
{
        op->fpscr |= vx_bits;
        op->invalid = true;
        set_fr_fi(op, false, false);
        set_fprf(op, FPRF_QNAN);
        return FPU_DEFAULT_NAN;
}

uint64_t fpu_nan_result(struct fpu_op *op, uint64_t nan)
{
        nan |= DBL_QUIET;
        if (op->single)
                nan &= ~0x1fffffffull;
        set_fr_fi(op, false, false);
        set_fprf(op, FPRF_QNAN);
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
                set_fr_fi(op, inexact, inc);
        } else {
                bool to_inf = rn == FPSCR_RN_NEAREST || (rn == FPSCR_RN_PINF && !sign) ||
                              (rn == FPSCR_RN_MINF && sign);
                r = to_inf ? ((uint64_t)sign << 63) | DBL_INF : max_normal(sign, op->single);
                /* FR is undefined here; 0 as QEMU reports it. */
                set_fr_fi(op, true, false);
        }
        set_fprf(op, fpu_fprf(r, op->single));
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
        set_fr_fi(op, inexact, inc);
        r = pack(sign, q, lsb);
        set_fprf(op, fpu_fprf(r, op->single));
        return r;
}

/* ---- addition ---------------------------------------------------------- */

/* A finite nonzero addend: sign * m * 2^(exp - 127), m's top bit at 125
 * so that a sum cannot carry out of 128 bits. */
struct wide {
        bool sign;
        int exp;
        u128 m;
};

static struct wide widen(const struct fnum *n)
{
        return (struct wide){ n->sign, n->exp + 2, (u128)n->sig << 62 };
}

static u128 shift_right_jam(u128 m, int d)
{
        if (d == 0)
                return m;
        if (d >= 128)
                return m != 0;
        return (m >> d) | ((m << (128 - d)) != 0);
}

/* The sign of an exact zero sum of opposite-signed terms (4.3.6). */
static bool zero_sum_sign(const struct fpu_op *op)
{
        return fpu_rn(op) == FPSCR_RN_MINF;
}

/* x + y, both finite nonzero.  Bits lost by alignment only ever lie well
 * below the rounding point: when the shift exceeds the zero low bits of
 * the smaller term, the larger leads by so much that cancellation removes
 * at most one bit. */
static uint64_t add_wide(struct fpu_op *op, struct wide x, struct wide y)
{
        u128 m;

        if (x.exp < y.exp || (x.exp == y.exp && x.m < y.m)) {
                struct wide t = x;
                x = y;
                y = t;
        }
        y.m = shift_right_jam(y.m, x.exp - y.exp);
        m = x.sign == y.sign ? x.m + y.m : x.m - y.m;
        if (m == 0)
                return fpu_exact(op, (uint64_t)zero_sum_sign(op) << 63);
        return fpu_round_pack(op, x.sign, x.exp, m);
}

static uint64_t round_num(struct fpu_op *op, const struct fnum *n)
{
        return fpu_round_pack(op, n->sign, n->exp, (u128)n->sig << 64);
}

static uint64_t add_nums(struct fpu_op *op, const struct fnum *x, const struct fnum *y)
{
        if (x->cls == FC_INF || y->cls == FC_INF) {
                if (x->cls == FC_INF && y->cls == FC_INF && x->sign != y->sign)
                        return fpu_invalid(op, FPSCR_VXISI);
                bool s = x->cls == FC_INF ? x->sign : y->sign;
                return fpu_exact(op, ((uint64_t)s << 63) | DBL_INF);
        }
        if (x->cls == FC_ZERO && y->cls == FC_ZERO) {
                bool s = x->sign == y->sign ? x->sign : zero_sum_sign(op);
                return fpu_exact(op, (uint64_t)s << 63);
        }
        if (y->cls == FC_ZERO)
                return round_num(op, x);
        if (x->cls == FC_ZERO)
                return round_num(op, y);
        return add_wide(op, widen(x), widen(y));
}

static bool add_op(uint64_t *fpscr, uint64_t a, uint64_t b, bool negate_b, bool single,
                   uint64_t *ret)
{
        struct fpu_op op;
        uint64_t v[2] = { a, b };
        struct fnum x, y;

        if (fpu_fast_add(fpscr, a, negate_b ? b ^ DBL_SIGN : b, single, ret))
                return true;
        fpu_op_begin(&op, *fpscr, single);
        if (!fpu_propagate_nan(&op, v, 2, ret)) {
                x = fpu_unpack(a);
                y = fpu_unpack(negate_b ? b ^ DBL_SIGN : b);
                *ret = add_nums(&op, &x, &y);
        }
        return fpu_op_end(&op, fpscr);
}

bool fpu_add(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        return add_op(fpscr, a, b, false, single, ret);
}

bool fpu_sub(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        return add_op(fpscr, a, b, true, single, ret);
}

/* ---- multiplication and fused multiply-add ----------------------------- */

/* The exact product of two finite nonzero values, as a wide term. */
static struct wide product(const struct fnum *x, const struct fnum *y)
{
        u128 p = (u128)x->sig * y->sig;     /* value p * 2^(ex + ey + 1 - 127) */
        int exp = x->exp + y->exp + 1;

        /* Move the top bit to 125; the low 22 bits are zero, so exact. */
        if (p >> 127) {
                p >>= 2;
                exp += 2;
        } else {
                p >>= 1;
                exp += 1;
        }
        return (struct wide){ x->sign ^ y->sign, exp, p };
}

bool fpu_mul(uint64_t *fpscr, uint64_t a, uint64_t c, bool single, uint64_t *ret)
{
        struct fpu_op op;
        uint64_t v[2] = { a, c };
        struct fnum x, y;

        if (fpu_fast_mul(fpscr, a, c, single, ret))
                return true;
        fpu_op_begin(&op, *fpscr, single);
        if (fpu_propagate_nan(&op, v, 2, ret))
                return fpu_op_end(&op, fpscr);
        x = fpu_unpack(a);
        y = fpu_unpack(c);
        bool s = x.sign ^ y.sign;
        if ((x.cls == FC_INF && y.cls == FC_ZERO) || (x.cls == FC_ZERO && y.cls == FC_INF)) {
                *ret = fpu_invalid(&op, FPSCR_VXIMZ);
        } else if (x.cls == FC_INF || y.cls == FC_INF) {
                *ret = fpu_exact(&op, ((uint64_t)s << 63) | DBL_INF);
        } else if (x.cls == FC_ZERO || y.cls == FC_ZERO) {
                *ret = fpu_exact(&op, (uint64_t)s << 63);
        } else {
                struct wide p = product(&x, &y);
                *ret = fpu_round_pack(&op, p.sign, p.exp, p.m);
        }
        return fpu_op_end(&op, fpscr);
}

static bool is_inf_times_zero(const struct fnum *x, const struct fnum *y)
{
        return (x->cls == FC_INF && y->cls == FC_ZERO) || (x->cls == FC_ZERO && y->cls == FC_INF);
}

/* (x * z) + y for non-NaN operands. */
static uint64_t fma_nums(struct fpu_op *op, const struct fnum *x, const struct fnum *z,
                         const struct fnum *y)
{
        bool ps = x->sign ^ z->sign;

        if (is_inf_times_zero(x, z))
                return fpu_invalid(op, FPSCR_VXIMZ);
        if (x->cls == FC_INF || z->cls == FC_INF) {
                if (y->cls == FC_INF && y->sign != ps)
                        return fpu_invalid(op, FPSCR_VXISI);
                return fpu_exact(op, ((uint64_t)ps << 63) | DBL_INF);
        }
        if (y->cls == FC_INF)
                return fpu_exact(op, ((uint64_t)y->sign << 63) | DBL_INF);
        if (x->cls == FC_ZERO || z->cls == FC_ZERO) {
                if (y->cls != FC_ZERO)
                        return round_num(op, y);
                bool s = ps == y->sign ? ps : zero_sum_sign(op);
                return fpu_exact(op, (uint64_t)s << 63);
        }
        struct wide p = product(x, z);
        if (y->cls == FC_ZERO)
                return fpu_round_pack(op, p.sign, p.exp, p.m);
        return add_wide(op, p, widen(y));
}

bool fpu_fma(uint64_t *fpscr, uint64_t a, uint64_t c, uint64_t b, enum fpu_fma_kind kind,
             bool single, uint64_t *ret)
{
        struct fpu_op op;
        uint64_t v[3] = { a, b, c };
        bool negate_b = kind == FPU_MSUB || kind == FPU_NMSUB;
        bool negate_r = kind == FPU_NMADD || kind == FPU_NMSUB;
        struct fnum x = fpu_unpack(a), z = fpu_unpack(c), y;
        bool write;

        if (fpu_fast_fma(fpscr, a, c, negate_b ? b ^ DBL_SIGN : b, single, ret)) {
                if (negate_r) {
                        *ret ^= DBL_SIGN;
                        *fpscr ^= (uint64_t)(FPRF_POS_NORM ^ FPRF_NEG_NORM) << FPSCR_FPRF_SHIFT;
                }
                return true;
        }
        fpu_op_begin(&op, *fpscr, single);
        /* inf * 0 is invalid even when the addend is a NaN. */
        if (is_inf_times_zero(&x, &z) && fpu_is_nan(b)) {
                op.fpscr |= FPSCR_VXIMZ;
                op.invalid = true;
        }
        if (fpu_propagate_nan(&op, v, 3, ret))
                return fpu_op_end(&op, fpscr);
        y = fpu_unpack(negate_b ? b ^ DBL_SIGN : b);
        *ret = fma_nums(&op, &x, &z, &y);
        /* fnmadd/fnmsub negate after rounding; a default QNaN stays positive. */
        if (negate_r && !fpu_is_nan(*ret)) {
                *ret ^= DBL_SIGN;
                set_fprf(&op, fpu_fprf(*ret, single));
        }
        write = fpu_op_end(&op, fpscr);
        return write;
}

/* ---- division and square root ------------------------------------------ */

/* x / y, both finite nonzero. */
static uint64_t div_nums(struct fpu_op *op, const struct fnum *x, const struct fnum *y)
{
        u128 n = (u128)x->sig << 64;
        u128 q = n / y->sig;                 /* 64 or 65 significant bits */
        bool rem = n % y->sig != 0;

        /* value = q * 2^(ex - ey - 64) = (q | sticky) * 2^(exp - 127) */
        return fpu_round_pack(op, x->sign ^ y->sign, x->exp - y->exp + 63, q | rem);
}

static uint64_t divide(struct fpu_op *op, const struct fnum *x, const struct fnum *y)
{
        bool s = x->sign ^ y->sign;

        if (x->cls == FC_INF && y->cls == FC_INF)
                return fpu_invalid(op, FPSCR_VXIDI);
        if (x->cls == FC_ZERO && y->cls == FC_ZERO)
                return fpu_invalid(op, FPSCR_VXZDZ);
        if (y->cls == FC_ZERO && x->cls == FC_FINITE) {
                op->fpscr |= FPSCR_ZX;
                op->zero_divide = true;
                return fpu_exact(op, ((uint64_t)s << 63) | DBL_INF);
        }
        if (x->cls == FC_INF || y->cls == FC_ZERO)
                return fpu_exact(op, ((uint64_t)s << 63) | DBL_INF);
        if (x->cls == FC_ZERO || y->cls == FC_INF)
                return fpu_exact(op, (uint64_t)s << 63);
        return div_nums(op, x, y);
}

bool fpu_div(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret)
{
        struct fpu_op op;
        uint64_t v[2] = { a, b };

        if (fpu_fast_div(fpscr, a, b, single, ret))
                return true;
        fpu_op_begin(&op, *fpscr, single);
        if (!fpu_propagate_nan(&op, v, 2, ret)) {
                struct fnum x = fpu_unpack(a), y = fpu_unpack(b);
                *ret = divide(&op, &x, &y);
        }
        return fpu_op_end(&op, fpscr);
}

/* floor(sqrt(n)) and whether it is exact, digit by digit. */
static uint64_t isqrt128(u128 n, bool *inexact)
{
        u128 res = 0, bit = (u128)1 << 126;

        while (bit > n)
                bit >>= 2;
        while (bit) {
                if (n >= res + bit) {
                        n -= res + bit;
                        res = (res >> 1) + bit;
                } else {
                        res >>= 1;
                }
                bit >>= 2;
        }
        *inexact = n != 0;
        return (uint64_t)res;
}

/* sqrt(x), x finite and positive. */
static uint64_t sqrt_num(struct fpu_op *op, const struct fnum *x)
{
        int k = x->exp - 63;                 /* x = sig * 2^k */
        u128 n = (u128)x->sig << 62;
        bool inexact;
        uint64_t r;

        if (k & 1) {
                n <<= 1;
                k -= 1;
        }
        /* sqrt(x) = sqrt(n) * 2^((k - 62) / 2), with n < 2^127 */
        r = isqrt128(n, &inexact);
        return fpu_round_pack(op, false, (k - 62) / 2 + 127, (u128)(r | inexact));
}

static uint64_t square_root(struct fpu_op *op, const struct fnum *x)
{
        if (x->cls == FC_ZERO)
                return fpu_exact(op, (uint64_t)x->sign << 63);
        if (x->sign)
                return fpu_invalid(op, FPSCR_VXSQRT);
        if (x->cls == FC_INF)
                return fpu_exact(op, DBL_INF);
        return sqrt_num(op, x);
}

bool fpu_sqrt(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret)
{
        struct fpu_op op;

        if (fpu_fast_sqrt(fpscr, b, single, ret))
                return true;
        fpu_op_begin(&op, *fpscr, single);
        if (!fpu_propagate_nan(&op, &b, 1, ret)) {
                struct fnum x = fpu_unpack(b);
                *ret = square_root(&op, &x);
        }
        return fpu_op_end(&op, fpscr);
}

/* ---- estimates ---------------------------------------------------------- */

/*
 * fre/frsqrte need only be within 1/256 (fre) or 1/32 (frsqrte) of the true
 * value; POWER9 returns table-based estimates.  Like QEMU, we return the
 * reciprocal correctly rounded (fre, fres) and the reciprocal of the
 * correctly rounded double square root, rounded (frsqrte, frsqrtes): far
 * more precise than required, and what the QEMU oracle computes.  The ISA
 * leaves FR and FI undefined and does not alter XX for these (unless the
 * estimate overflows or underflows); we keep XX and report FR/FI from the
 * rounding.
 */
static void keep_xx(struct fpu_op *op)
{
        if (!(op->fpscr & ~op->before & (FPSCR_OX | FPSCR_UX)))
                op->fpscr = (op->fpscr & ~FPSCR_XX) | (op->before & FPSCR_XX);
}

static const struct fnum fnum_one = { FC_FINITE, false, 0, 1ull << 63 };

static uint64_t reciprocal(struct fpu_op *op, const struct fnum *x)
{
        if (x->cls == FC_ZERO) {
                op->fpscr |= FPSCR_ZX;
                op->zero_divide = true;
                return fpu_exact(op, ((uint64_t)x->sign << 63) | DBL_INF);
        }
        return divide(op, &fnum_one, x);
}

bool fpu_re(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret)
{
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, single);
        if (!fpu_propagate_nan(&op, &b, 1, ret)) {
                struct fnum x = fpu_unpack(b);
                *ret = reciprocal(&op, &x);
                keep_xx(&op);
        }
        return fpu_op_end(&op, fpscr);
}

static uint64_t rsqrt_estimate(struct fpu_op *op, const struct fnum *x)
{
        if (x->cls == FC_ZERO)
                return reciprocal(op, x);
        if (x->sign)
                return fpu_invalid(op, FPSCR_VXSQRT);
        if (x->cls == FC_INF)
                return fpu_exact(op, 0);
        /* The root, rounded to double on a scratch FPSCR: only the final
         * division reports. */
        struct fpu_op scratch;
        fpu_op_begin(&scratch, op->fpscr & FPSCR_RN, false);
        struct fnum r = fpu_unpack(sqrt_num(&scratch, x));
        return divide(op, &fnum_one, &r);
}

bool fpu_rsqrte(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret)
{
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, single);
        if (!fpu_propagate_nan(&op, &b, 1, ret)) {
                struct fnum x = fpu_unpack(b);
                *ret = rsqrt_estimate(&op, &x);
                keep_xx(&op);
        }
        return fpu_op_end(&op, fpscr);
}

/* ---- frsp ---------------------------------------------------------------- */

bool fpu_rsp(uint64_t *fpscr, uint64_t b, uint64_t *ret)
{
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, true);
        if (!fpu_propagate_nan(&op, &b, 1, ret)) {
                struct fnum x = fpu_unpack(b);
                *ret = x.cls == FC_FINITE ? round_num(&op, &x) : fpu_exact(&op, b);
        }
        return fpu_op_end(&op, fpscr);
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
