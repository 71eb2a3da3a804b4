/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Half-precision conversions for the VSX instructions (xscvhpdp, xscvdphp,
 * xvcvhpsp, xvcvsphp), built on fpu.h's public API: half -> double is
 * exact; double -> half rounds per FPSCR[RN] and reports VXSNAN, OX, UX,
 * XX, FR and FI like the other conversions (tininess before rounding; an
 * enabled underflow is signalled for every tiny result, the result itself is
 * the rounded half, as QEMU 7.2 delivers it).
 */
#include "fpu_half.h"

#define DP_SIGN  0x8000000000000000ull
#define DP_FRAC  0x000fffffffffffffull

uint64_t fpu_half_to_double(uint16_t h, bool *ret_snan)
{
        uint64_t sign = (uint64_t)(h >> 15) << 63;
        unsigned e = (h >> 10) & 31, m = h & 0x3ff;

        *ret_snan = e == 31 && m && !(m & 0x200);
        if (e == 31)
                return sign | 0x7ff0000000000000ull | ((uint64_t)m << 42);
        if (e == 0) {
                if (!m)
                        return sign;
                e = 1;                  /* denormal: normalise */
                while (!(m & 0x400)) {
                        m <<= 1;
                        e--;
                }
                m &= 0x3ff;
                return sign | ((uint64_t)((int)e - 15 + 1023) << 52) | ((uint64_t)m << 42);
        }
        return sign | ((uint64_t)(e - 15 + 1023) << 52) | ((uint64_t)m << 42);
}

static void raise(uint64_t *fpscr, uint64_t bits)
{
        if (bits & ~*fpscr)
                *fpscr |= FPSCR_FX;
        *fpscr = fpu_fpscr_summarize(*fpscr | bits);
}

uint16_t fpu_double_to_half(uint64_t *fpscr, uint64_t d)
{
        uint16_t sign = (uint16_t)((d >> 63) << 15);
        int e = (int)((d >> 52) & 0x7ff);
        uint64_t m = d & DP_FRAC;

        *fpscr &= ~(FPSCR_FR | FPSCR_FI);
        if (e == 0x7ff) {
                if (m && !(m & (1ull << 51)))
                        raise(fpscr, FPSCR_VXSNAN);
                return sign | 0x7c00 | (m ? 0x200 | (uint16_t)(m >> 42) : 0);
        }
        if (e == 0 && m == 0)
                return sign;
        /* value = m * 2^(e - 1075) with the hidden bit in m */
        if (e == 0)
                e = 1;
        else
                m |= 1ull << 52;
        int ue = e - 1023;                              /* unbiased, of the leading bit */
        while (!(m & (1ull << 52))) {                   /* double denormal: normalise */
                m <<= 1;
                ue--;
        }
        bool tiny = ue < -14;
        unsigned shift = 42 + (unsigned)(tiny ? -14 - ue : 0);
        uint64_t q, rest, half;
        if (shift >= 64) {
                q = 0;
                rest = m;
                half = ~0ull;                           /* m < half always: rounds as sticky */
        } else {
                q = m >> shift;
                rest = m & ((1ull << shift) - 1);
                half = 1ull << (shift - 1);
        }
        bool inexact = rest != 0, up = false;
        switch ((unsigned)(*fpscr & FPSCR_RN)) {
        case FPSCR_RN_NEAREST: up = rest > half || (rest == half && (q & 1)); break;
        case FPSCR_RN_ZERO:    up = false; break;
        case FPSCR_RN_PINF:    up = inexact && !sign; break;
        default:               up = inexact && sign; break;
        }
        q += up;
        int he = tiny ? -14 : ue;                       /* exponent of q's bit 10 */
        if (q >> 11) {                                  /* carried into a new bit */
                q >>= 1;
                he++;
        }
        if (he > 15 || (he == 15 && q >> 11)) {
                bool to_inf = (*fpscr & FPSCR_RN) == FPSCR_RN_NEAREST ||
                              ((*fpscr & FPSCR_RN) == FPSCR_RN_PINF && !sign) ||
                              ((*fpscr & FPSCR_RN) == FPSCR_RN_MINF && sign);
                raise(fpscr, FPSCR_OX | FPSCR_XX);
                *fpscr |= FPSCR_FI | (to_inf ? FPSCR_FR : 0);
                return sign | (to_inf ? 0x7c00 : 0x7bff);
        }
        /* Underflow (ISA 4.4.5): when enabled, a tiny result is enough;
         * when disabled, it must also be inexact. */
        if (tiny && (*fpscr & FPSCR_UE))
                raise(fpscr, FPSCR_UX);
        if (inexact) {
                raise(fpscr, FPSCR_XX | (tiny ? FPSCR_UX : 0));
                *fpscr |= FPSCR_FI | (up ? FPSCR_FR : 0);
        }
        if (!(q & 0x400))                               /* denormal or zero */
                return sign | (uint16_t)q;
        return sign | (uint16_t)((he + 15) << 10) | (uint16_t)(q & 0x3ff);
}

unsigned fpu_fprf_half(uint16_t h)
{
        bool neg = h >> 15;
        unsigned e = (h >> 10) & 31, m = h & 0x3ff;
        if (e == 31)
                return m ? FPRF_QNAN : neg ? FPRF_NEG_INF : FPRF_POS_INF;
        if (e == 0)
                return m ? (neg ? FPRF_NEG_DENORM : FPRF_POS_DENORM) : (neg ? FPRF_NEG_ZERO : FPRF_POS_ZERO);
        return neg ? FPRF_NEG_NORM : FPRF_POS_NORM;
}
