/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared internals of the FP core (fpu.c, fpu_cvt.c): unpacked operands,
 * the per-operation FPSCR bookkeeping, and the one rounding routine.
 */
#pragma once

#include "fpu.h"

typedef unsigned __int128 u128;

#define DBL_SIGN      0x8000000000000000ull
#define DBL_EXP_MASK  0x7ff0000000000000ull
#define DBL_FRAC_MASK 0x000fffffffffffffull
#define DBL_QUIET     0x0008000000000000ull
#define DBL_INF       0x7ff0000000000000ull

enum fclass { FC_ZERO, FC_FINITE, FC_INF, FC_QNAN, FC_SNAN };

/* A finite nonzero value is sig * 2^(exp - 63) with bit 63 of sig set. */
struct fnum {
        enum fclass cls;
        bool sign;
        int exp;
        uint64_t sig;
};

/* One operation in progress. */
struct fpu_op {
        uint64_t fpscr;     /* working copy */
        uint64_t before;    /* at entry: for FX and for suppressed results */
        bool single;        /* round to single precision */
        bool invalid;       /* an Invalid Operation exception occurred */
        bool zero_divide;   /* a Zero Divide exception occurred */
};

static inline bool fpu_is_nan(uint64_t d) { return (d & ~DBL_SIGN) > DBL_INF; }
static inline bool fpu_is_snan(uint64_t d) { return fpu_is_nan(d) && !(d & DBL_QUIET); }
static inline bool fpu_is_inf(uint64_t d) { return (d & ~DBL_SIGN) == DBL_INF; }
static inline bool fpu_is_zero(uint64_t d) { return (d & ~DBL_SIGN) == 0; }
static inline unsigned fpu_rn(const struct fpu_op *op) { return op->fpscr & FPSCR_RN; }

static inline int fpu_clz128(u128 m)
{
        uint64_t hi = (uint64_t)(m >> 64);
        return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)m);
}

struct fnum fpu_unpack(uint64_t d);
void fpu_op_begin(struct fpu_op *op, uint64_t fpscr, bool single);
/* Ends the operation: suppression of an enabled invalid or zero-divide
 * result, FX, VX, FEX.  Returns whether the target is written. */
bool fpu_op_end(struct fpu_op *op, uint64_t *fpscr);

/* Rounds sign * m * 2^(exp - 127) (m != 0) once to the operation's
 * precision; sets FR, FI, FPRF, OX, UX, XX per the ISA. */
uint64_t fpu_round_pack(struct fpu_op *op, bool sign, int exp, u128 m);
void fpu_set_fprf(struct fpu_op *op, unsigned fprf);
void fpu_set_fr_fi(struct fpu_op *op, bool inexact, bool incremented);
/* A result that needed no rounding (zero, infinity, exact copy). */
uint64_t fpu_exact(struct fpu_op *op, uint64_t r);
/* An Invalid Operation exception: the default QNaN (written when VE=0). */
uint64_t fpu_invalid(struct fpu_op *op, uint64_t vx_bits);
/* Quiets a NaN result (and keeps only the single-format fraction bits of
 * a single-precision result); FPRF = QNaN, FR = FI = 0. */
uint64_t fpu_nan_result(struct fpu_op *op, uint64_t nan);
/* The PowerPC NaN rule over operands in ISA order (FRA, FRB, FRC): false
 * when none is a NaN, else *ret is the first NaN, quieted; an SNaN anywhere
 * raises VXSNAN. */
bool fpu_propagate_nan(struct fpu_op *op, const uint64_t *v, unsigned n, uint64_t *ret);

/* Fast paths (fpu_fast.c): true when they produced the result and FPSCR. */
bool fpu_fast_add(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret);
bool fpu_fast_mul(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret);
bool fpu_fast_div(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret);
bool fpu_fast_sqrt(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret);
/* (a * c) + b, rounded once. */
bool fpu_fast_fma(uint64_t *fpscr, uint64_t a, uint64_t c, uint64_t b, bool single, uint64_t *ret);
