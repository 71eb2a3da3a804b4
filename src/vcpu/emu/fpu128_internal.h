/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared internals of the binary128 code (fpu128.c, fpu128_arith.c): the
 * unpacked form, results without rounding, the NaN rule and the rounding
 * step, on fpu_internal.h's per-operation FPSCR bookkeeping.
 */
#pragma once

#include "fpu128.h"
#include "fpu_internal.h"

#define Q_BIAS 16383

/* A finite nonzero value is sig * 2^(exp - 127) with bit 127 of sig set. */
struct qnum {
        enum fclass cls;
        bool sign;
        int exp;
        u128 sig;
};

struct qnum q_unpack(f128 x);
/* A result that needed no rounding: FR = FI = 0, FPRF its class. */
f128 q_exact(struct fpu_op *op, f128 r);
/* An Invalid Operation exception: the default QNaN. */
f128 q_invalid(struct fpu_op *op, uint64_t vx_bits);
/* The NaN rule over operands in ISA order: false when none is a NaN, else
 * *ret is the first NaN, quieted; an SNaN anywhere raises VXSNAN. */
bool q_propagate_nan(struct fpu_op *op, const f128 *v, unsigned n, f128 *ret);
/* Rounds sign * m * 2^(exp - 127) (m != 0) once to binary128 in mode
 * (FPSCR_RN_* or F128_ROUND_*); sets FR, FI, FPRF, OX, UX, XX. */
f128 q_round(struct fpu_op *op, unsigned mode, bool sign, int exp, u128 m);

static inline f128 q_signed_zero(bool sign) { return (f128)sign << 127; }
static inline f128 q_signed_inf(bool sign) { return ((f128)sign << 127) | F128_INF; }

/* The sign of an exact zero sum of operands of opposite signs (4.3.5). */
static inline bool q_zero_sum_sign(unsigned mode) { return mode == FPSCR_RN_MINF; }
