/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * IEEE 754 binary128 (quad precision) in software, for the VSX scalar
 * quad-precision instructions (Power ISA 3.0B Book I, 7.6: xsaddqp ...).
 *
 * Values are 128-bit images (sign, 15-bit exponent, 112-bit fraction) as a
 * VSR holds them with doubleword 0 the high half.  Like fpu.h, every
 * operation takes the FPSCR by pointer and leaves it as the instruction
 * does (FR, FI, FPRF, sticky bits, FX, VX, FEX), and returns false when an
 * enabled Invalid Operation or Zero Divide exception suppresses the write
 * of the target.
 *
 * Rounding is exact and happens once: products and quotients are formed
 * exactly (or exactly with a sticky bit), the fused multiply-add keeps the
 * 226-bit product and the aligned addend in 256 bits.  The rounding mode is
 * FPSCR[RN], or round-to-odd for the "o" forms (xsaddqpo ...).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "fpu.h"

typedef unsigned __int128 f128;

#define F128_SIGN     ((f128)1 << 127)
#define F128_EXP_BITS 0x7fffu
#define F128_FRAC     (((f128)1 << 112) - 1)
#define F128_QUIET    ((f128)1 << 111)
#define F128_INF      ((f128)F128_EXP_BITS << 112)
#define F128_DEFAULT_NAN (F128_INF | F128_QUIET)

/* Rounding of one operation: the four FPSCR[RN] values, plus these. */
#define F128_ROUND_ODD      4u   /* the "o" forms */
#define F128_ROUND_NEAR_AWAY 5u  /* xsrqpi with R=0, RMC=0 */

/* FPSCR[RN], or round-to-odd when odd. */
static inline unsigned f128_mode(uint64_t fpscr, bool odd)
{
        return odd ? F128_ROUND_ODD : (unsigned)(fpscr & FPSCR_RN);
}

unsigned f128_fprf(f128 x);
bool f128_is_nan(f128 x);
bool f128_is_snan(f128 x);

bool f128_add(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret);
bool f128_sub(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret);
bool f128_mul(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret);
bool f128_div(uint64_t *fpscr, f128 a, f128 b, unsigned mode, f128 *ret);
bool f128_sqrt(uint64_t *fpscr, f128 b, unsigned mode, f128 *ret);
/* [-]((a * c) +/- b), one rounding; NaN priority a, b, c as the ISA has
 * it for xsmaddqp (VRA, VRT, VRB). */
bool f128_fma(uint64_t *fpscr, f128 a, f128 c, f128 b, enum fpu_fma_kind kind,
              unsigned mode, f128 *ret);

/* xscmpuqp/xscmpoqp: FPCC and the invalid bits; returns the CR field. */
unsigned f128_compare(uint64_t *fpscr, f128 a, f128 b, bool ordered);

/* xscvdpqp (exact), xscvqpdp[o] (rounded to double). */
bool f128_from_double(uint64_t *fpscr, uint64_t d, f128 *ret);
bool f128_to_double(uint64_t *fpscr, f128 x, unsigned mode, uint64_t *ret);
/* xscvsdqp, xscvudqp: exact. */
f128 f128_from_int(uint64_t *fpscr, uint64_t v, bool is_unsigned);
/* xscvqp[su][dw]z: truncated, saturated, VXCVI; flags as fpu.h's
 * FPU_CVT_UNSIGNED | FPU_CVT_WORD. */
bool f128_to_int(uint64_t *fpscr, f128 x, unsigned flags, uint64_t *ret);
/* xsrqpi[x] (inexact reported only when report_inexact) and xsrqpxp
 * (to a 64-bit significand, exponent range kept). */
bool f128_round_int(uint64_t *fpscr, f128 x, unsigned mode, bool report_inexact, f128 *ret);
bool f128_round_xp(uint64_t *fpscr, f128 x, unsigned mode, f128 *ret);
