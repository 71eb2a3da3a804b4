/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * binary128 arithmetic (see fpu128.h): add, subtract, multiply, the fused
 * multiply-adds, divide and square root, each exact (or exact with a
 * sticky bit) before fpu128.c's single rounding.  A finite nonzero operand
 * is sig * 2^(exp - 127) with bit 127 of sig set: the 113-bit significand
 * leaves 15 zero bits below it, room for the guard bits of an addition.
 * Wider intermediates (the 226-bit product of the multiply-add) are struct
 * u256.
 */
#include "fpu128_internal.h"

/* ---- 256-bit intermediates --------------------------------------------- */

struct u256 { u128 hi, lo; };

static struct u256 mul128(u128 a, u128 b)
{
        uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
        uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
        u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
        u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
        struct u256 r;

        r.lo = (mid << 64) | (uint64_t)p00;
        r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
        return r;
}

/* x >> n, with every bit shifted out ORed into bit 0 (n >= 0). */
static struct u256 shr_jam(struct u256 x, int n)
{
        bool lost;

        if (n == 0)
                return x;
        if (n >= 256) {
                lost = x.hi || x.lo;
                return (struct u256){ 0, lost };
        }
        if (n >= 128) {
                lost = x.lo || (n > 128 && (x.hi << (256 - n)));
                return (struct u256){ 0, (n == 128 ? x.hi : x.hi >> (n - 128)) | lost };
        }
        lost = (x.lo << (128 - n)) != 0;
        return (struct u256){ x.hi >> n, (x.lo >> n) | (x.hi << (128 - n)) | lost };
}

static struct u256 shl1(struct u256 x, int n)   /* 0 <= n < 128 */
{
        if (n == 0)
                return x;
        return (struct u256){ (x.hi << n) | (x.lo >> (128 - n)), x.lo << n };
}

static int cmp256(struct u256 a, struct u256 b)
{
        if (a.hi != b.hi)
                return a.hi < b.hi ? -1 : 1;
        return a.lo < b.lo ? -1 : a.lo > b.lo;
}

static struct u256 add256(struct u256 a, struct u256 b)
{
        u128 lo = a.lo + b.lo;
        return (struct u256){ a.hi + b.hi + (lo < a.lo), lo };
}

static struct u256 sub256(struct u256 a, struct u256 b)    /* a >= b */
{
        return (struct u256){ a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo };
}

/* Rounds sign * x * 2^e (x != 0): normalized to 128 bits with a sticky bit. */
static f128 round_wide(struct fpu_op *op, unsigned mode, bool sign, struct u256 x, int e)
{
        int lz = x.hi ? fpu_clz128(x.hi) : 128 + fpu_clz128(x.lo);
        if (lz >= 128) {
                x = (struct u256){ x.lo, 0 };
                lz -= 128;
                e -= 128;
        }
        x = shl1(x, lz);
        /* value = hi * 2^(e + 128 - lz) */
        return q_round(op, mode, sign, e + 128 - lz + 127, x.hi | (x.lo != 0));
}

/* ---- add, subtract ----------------------------------------------------- */

/* x + y for finite operands, at least one nonzero, exactly then rounded. */
static f128 add_finite(struct fpu_op *op, unsigned mode, const struct qnum *x, const struct qnum *y)
{
        if (x->cls == FC_ZERO)
                return q_round(op, mode, y->sign, y->exp, y->sig);
        if (y->cls == FC_ZERO)
                return q_round(op, mode, x->sign, x->exp, x->sig);
        /* As 256-bit values with the significand in the high half: the
         * smaller one shifted right with a sticky bit. */
        struct u256 a = { x->sig >> 1, 0 }, b = { y->sig >> 1, 0 };
        int ea = x->exp, eb = y->exp;
        bool sa = x->sign, sb = y->sign;
        if (ea < eb || (ea == eb && x->sig < y->sig)) {
                struct u256 t = a; a = b; b = t;
                int te = ea; ea = eb; eb = te;
                bool ts = sa; sa = sb; sb = ts;
        }
        b = shr_jam(b, ea - eb);
        struct u256 r = sa == sb ? add256(a, b) : sub256(a, b);
        if (!r.hi && !r.lo)
                return q_exact(op, q_signed_zero(q_zero_sum_sign(mode)));
        /* a.hi = sig >> 1: value = r * 2^(ea - 126 - 128) */
        return round_wide(op, mode, sa, r, ea - 254);
}

static f128 add_nums(struct fpu_op *op, unsigned mode, const struct qnum *x, const struct qnum *y)
{
        if (x->cls == FC_INF && y->cls == FC_INF && x->sign != y->sign)
                return q_invalid(op, FPSCR_VXISI);
        if (x->cls == FC_INF)
                return q_exact(op, q_signed_inf(x->sign));
        if (y->cls == FC_INF)
                return q_exact(op, q_signed_inf(y->sign));
        if (x->cls == FC_ZERO && y->cls == FC_ZERO)
                return q_exact(op, q_signed_zero(x->sign == y->sign ? x->sign : q_zero_sum_sign(mode)));
        return add_finite(op, mode, x, y);
}

static bool addsub(uint64_t *fpscr, f128 a, f128 b, bool sub, unsigned mode, f128 *ret)
{
        struct fpu_op op;
        f128 v[2] = { a, b };

        fpu_op_begin(&op, *fpscr, false);
        if (!q_propagate_nan(&op, v, 2, ret)) {
                struct qnum x = q_unpack(a), y = q_unpack(b);
                y.sign ^= sub;
                *ret = add_nums(&op, mode, &x, &y);
        }
        return fpu_op_end(&op, fpscr);
}

bool f128_add(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret)
{
        return addsub(fpscr, a, b, false, mode, ret);
}

bool f128_sub(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret)
{
        return addsub(fpscr, a, b, true, mode, ret);
}

/* ---- multiply, multiply-add -------------------------------------------- */

static bool inf_times_zero(const struct qnum *x, const struct qnum *y)
{
        return (x->cls == FC_INF && y->cls == FC_ZERO) || (x->cls == FC_ZERO && y->cls == FC_INF);
}

bool f128_mul(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret)
{
        struct fpu_op op;
        f128 v[2] = { a, b };

        fpu_op_begin(&op, *fpscr, false);
        if (q_propagate_nan(&op, v, 2, ret))
                return fpu_op_end(&op, fpscr);
        struct qnum x = q_unpack(a), y = q_unpack(b);
        bool s = x.sign ^ y.sign;
        if (inf_times_zero(&x, &y))
                *ret = q_invalid(&op, FPSCR_VXIMZ);
        else if (x.cls == FC_INF || y.cls == FC_INF)
                *ret = q_exact(&op, q_signed_inf(s));
        else if (x.cls == FC_ZERO || y.cls == FC_ZERO)
                *ret = q_exact(&op, q_signed_zero(s));
        else   /* sig_x * sig_y * 2^(ex + ey - 254) */
                *ret = round_wide(&op, mode, s, mul128(x.sig, y.sig), x.exp + y.exp - 254);
        return fpu_op_end(&op, fpscr);
}

/* (x * z) + y, all finite, the product nonzero: exactly in 256 bits.  The
 * product (226 significant bits, 30 zero bits below) is shifted right by
 * 2 (exact) for a carry bit; the addend's significand goes to the same
 * height; the operand with the smaller exponent is shifted right with a
 * sticky bit, which cannot affect the rounding: at least 100 bits lie
 * between the larger operand's last significant bit and bit 0. */
static f128 fma_finite(struct fpu_op *op, unsigned mode, const struct qnum *x,
                       const struct qnum *z, const struct qnum *y)
{
        bool ps = x->sign ^ z->sign;
        struct u256 p = shr_jam(mul128(x->sig, z->sig), 2);
        int ep = x->exp + z->exp - 252;                 /* value = p * 2^ep */

        if (y->cls == FC_ZERO)
                return round_wide(op, mode, ps, p, ep);
        struct u256 b = shr_jam((struct u256){ y->sig, 0 }, 2);
        int eb = y->exp - 255 + 2;                       /* value = b * 2^eb */
        if (ep >= eb) {
                b = shr_jam(b, ep - eb);
        } else {
                p = shr_jam(p, eb - ep);
                ep = eb;
        }
        struct u256 r;
        bool s = ps;
        if (ps == y->sign) {
                r = add256(p, b);
        } else if (cmp256(p, b) >= 0) {
                r = sub256(p, b);
        } else {
                r = sub256(b, p);
                s = y->sign;
        }
        if (!r.hi && !r.lo)
                return q_exact(op, q_signed_zero(q_zero_sum_sign(mode)));
        return round_wide(op, mode, s, r, ep);
}

static f128 fma_nums(struct fpu_op *op, unsigned mode, const struct qnum *x,
                     const struct qnum *z, const struct qnum *y)
{
        bool ps = x->sign ^ z->sign;

        if (inf_times_zero(x, z))
                return q_invalid(op, FPSCR_VXIMZ);
        if (x->cls == FC_INF || z->cls == FC_INF) {
                if (y->cls == FC_INF && y->sign != ps)
                        return q_invalid(op, FPSCR_VXISI);
                return q_exact(op, q_signed_inf(ps));
        }
        if (y->cls == FC_INF)
                return q_exact(op, q_signed_inf(y->sign));
        if (x->cls == FC_ZERO || z->cls == FC_ZERO) {
                if (y->cls != FC_ZERO)
                        return q_round(op, mode, y->sign, y->exp, y->sig);
                return q_exact(op, q_signed_zero(ps == y->sign ? ps : q_zero_sum_sign(mode)));
        }
        return fma_finite(op, mode, x, z, y);
}

bool f128_fma(uint64_t *fpscr, f128 a, f128 c, f128 b, enum fpu_fma_kind kind,
              unsigned mode, f128 *ret)
{
        bool negate_b = kind == FPU_MSUB || kind == FPU_NMSUB;
        bool negate_r = kind == FPU_NMADD || kind == FPU_NMSUB;
        struct qnum x = q_unpack(a), z = q_unpack(c), y = q_unpack(b);
        f128 v[3] = { a, b, c };
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, false);
        /* inf * 0 is invalid even when the addend is a NaN. */
        if (inf_times_zero(&x, &z) && f128_is_nan(b)) {
                op.fpscr |= FPSCR_VXIMZ;
                op.invalid = true;
        }
        if (q_propagate_nan(&op, v, 3, ret))
                return fpu_op_end(&op, fpscr);
        y.sign ^= negate_b;
        *ret = fma_nums(&op, mode, &x, &z, &y);
        /* The negative forms negate after rounding; a default NaN stays. */
        if (negate_r && !f128_is_nan(*ret)) {
                *ret ^= F128_SIGN;
                fpu_set_fprf(&op, f128_fprf(*ret));
        }
        return fpu_op_end(&op, fpscr);
}

/* ---- divide, square root ----------------------------------------------- */

/* sig_x / sig_y to 126 quotient bits by restoring division, plus sticky. */
static f128 div_finite(struct fpu_op *op, unsigned mode, const struct qnum *x, const struct qnum *y)
{
        u128 r = x->sig >> 1, d = y->sig >> 1, q = 0;

        for (int i = 0; i < 126; i++) {
                bool bit = r >= d;
                if (bit)
                        r -= d;
                q = (q << 1) | bit;
                r <<= 1;
        }
        /* q ~ (sig_x / sig_y) * 2^125: value = (q:sticky) * 2^(ex - ey - 126) */
        return q_round(op, mode, x->sign ^ y->sign, x->exp - y->exp + 1, (q << 1) | (r != 0));
}

bool f128_div(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret)
{
        struct fpu_op op;
        f128 v[2] = { a, b };

        fpu_op_begin(&op, *fpscr, false);
        if (q_propagate_nan(&op, v, 2, ret))
                return fpu_op_end(&op, fpscr);
        struct qnum x = q_unpack(a), y = q_unpack(b);
        bool s = x.sign ^ y.sign;
        if (x.cls == FC_INF && y.cls == FC_INF) {
                *ret = q_invalid(&op, FPSCR_VXIDI);
        } else if (x.cls == FC_ZERO && y.cls == FC_ZERO) {
                *ret = q_invalid(&op, FPSCR_VXZDZ);
        } else if (y.cls == FC_ZERO && x.cls == FC_FINITE) {
                op.fpscr |= FPSCR_ZX;
                op.zero_divide = true;
                *ret = q_exact(&op, q_signed_inf(s));
        } else if (x.cls == FC_INF || y.cls == FC_ZERO) {
                *ret = q_exact(&op, q_signed_inf(s));
        } else if (x.cls == FC_ZERO || y.cls == FC_INF) {
                *ret = q_exact(&op, q_signed_zero(s));
        } else {
                *ret = div_finite(&op, mode, &x, &y);
        }
        return fpu_op_end(&op, fpscr);
}

/* Digit-by-digit square root of the significand: 116 root bits from a
 * radicand whose pairs of bits come from the (even-exponent) significand
 * and then zeros; the remainder stays below 2^118. */
static f128 sqrt_finite(struct fpu_op *op, unsigned mode, const struct qnum *x)
{
        u128 s = x->sig >> 15;                  /* 113-bit integer */
        int m = x->exp - 112;                   /* value = s * 2^m */
        u128 r = 0, q = 0;
        const int n = 116;

        if (m & 1) {
                s <<= 1;
                m -= 1;
        }
        for (int i = 0; i < n; i++) {
                int pos = 112 - 2 * i;
                unsigned pair = pos >= 0 ? (unsigned)(s >> pos) & 3u : 0;
                u128 t;
                r = (r << 2) | pair;
                t = (q << 2) | 1;
                if (r >= t) {
                        r -= t;
                        q = (q << 1) | 1;
                } else {
                        q <<= 1;
                }
        }
        /* radicand = s * 2^(2n - 114): value = q * 2^((m - 2n + 114) / 2) */
        int e = (m - 2 * n + 114) / 2;
        return q_round(op, mode, false, e - 1 + 127, (q << 1) | (r != 0));
}

bool f128_sqrt(uint64_t *fpscr, f128 b, unsigned mode, f128 *ret)
{
        struct fpu_op op;

        fpu_op_begin(&op, *fpscr, false);
        if (q_propagate_nan(&op, &b, 1, ret))
                return fpu_op_end(&op, fpscr);
        struct qnum x = q_unpack(b);
        if (x.cls == FC_ZERO)
                *ret = q_exact(&op, b);
        else if (x.sign)
                *ret = q_invalid(&op, FPSCR_VXSQRT);
        else if (x.cls == FC_INF)
                *ret = q_exact(&op, b);
        else
                *ret = sqrt_finite(&op, mode, &x);
        return fpu_op_end(&op, fpscr);
}
