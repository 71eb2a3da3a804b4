/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * FP arithmetic: add, subtract, multiply, the fused multiply-adds, divide,
 * square root, the estimates and frsp (Power ISA 3.0 Book I, 4.6.5-4.6.7).
 *
 * Special operands (NaNs, infinities, zeros) are settled first; finite
 * operands are combined exactly in 128 bits, or exactly up to a sticky bit
 * far below the rounding point, and rounded once by fpu_round_pack().  The
 * common round-to-nearest cases go through fpu_fast.c first.
 */
#include "fpu_internal.h"

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

static bool fma_exact(uint64_t *fpscr, uint64_t a, uint64_t c, uint64_t b, uint64_t addend,
                      bool negate_r, bool single, uint64_t *ret)
{
        struct fpu_op op;
        uint64_t v[3] = { a, b, c };
        struct fnum x = fpu_unpack(a), z = fpu_unpack(c), y = fpu_unpack(addend);

        fpu_op_begin(&op, *fpscr, single);
        /* inf * 0 is invalid even when the addend is a NaN. */
        if (is_inf_times_zero(&x, &z) && fpu_is_nan(b)) {
                op.fpscr |= FPSCR_VXIMZ;
                op.invalid = true;
        }
        if (fpu_propagate_nan(&op, v, 3, ret))
                return fpu_op_end(&op, fpscr);
        *ret = fma_nums(&op, &x, &z, &y);
        /* fnmadd/fnmsub negate after rounding; a default QNaN stays positive. */
        if (negate_r && !fpu_is_nan(*ret)) {
                *ret ^= DBL_SIGN;
                fpu_set_fprf(&op, fpu_fprf(*ret, single));
        }
        return fpu_op_end(&op, fpscr);
}

bool fpu_fma(uint64_t *fpscr, uint64_t a, uint64_t c, uint64_t b, enum fpu_fma_kind kind,
             bool single, uint64_t *ret)
{
        bool negate_b = kind == FPU_MSUB || kind == FPU_NMSUB;
        bool negate_r = kind == FPU_NMADD || kind == FPU_NMSUB;
        uint64_t addend = negate_b ? b ^ DBL_SIGN : b;

        if (!fpu_fast_fma(fpscr, a, c, addend, single, ret))
                return fma_exact(fpscr, a, c, b, addend, negate_r, single, ret);
        if (negate_r) {
                /* a fast result is a normal number: flip its sign and class */
                *ret ^= DBL_SIGN;
                *fpscr ^= (uint64_t)(FPRF_POS_NORM ^ FPRF_NEG_NORM) << FPSCR_FPRF_SHIFT;
        }
        return true;
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
