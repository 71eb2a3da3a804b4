/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The floating-point arithmetic core (Power ISA 3.0 Book I, chapter 4),
 * independent of struct emu_cpu so it can be tested, and reused by VSX
 * scalar instructions, on its own.
 *
 * Every operation takes the FPSCR by pointer and updates it exactly as the
 * instruction would: FR, FI, FPRF, the sticky exception bits, FX, and the
 * recomputed summaries VX and FEX.  Operations producing a register value
 * return true when the target is written and false when an enabled
 * Invalid Operation or Zero Divide exception suppresses the write.
 *
 * Arithmetic is done in software on integers (one rounding, any RN, tininess
 * detected before rounding as POWER does), so the host FPU state is never
 * touched and results never depend on the host.
 *
 * Values are 64-bit double-format images; single-precision results are
 * double-format values representable in single format, as in an FPR.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* FPSCR bits, named as the ISA names them (64-bit FPSCR numbering). */
#define FPSCR_DRN     (PPC_BIT(29) | PPC_BIT(30) | PPC_BIT(31))
#define FPSCR_FX      PPC_BIT(32)
#define FPSCR_FEX     PPC_BIT(33)
#define FPSCR_VX      PPC_BIT(34)
#define FPSCR_OX      PPC_BIT(35)
#define FPSCR_UX      PPC_BIT(36)
#define FPSCR_ZX      PPC_BIT(37)
#define FPSCR_XX      PPC_BIT(38)
#define FPSCR_VXSNAN  PPC_BIT(39)
#define FPSCR_VXISI   PPC_BIT(40)
#define FPSCR_VXIDI   PPC_BIT(41)
#define FPSCR_VXZDZ   PPC_BIT(42)
#define FPSCR_VXIMZ   PPC_BIT(43)
#define FPSCR_VXVC    PPC_BIT(44)
#define FPSCR_FR      PPC_BIT(45)
#define FPSCR_FI      PPC_BIT(46)
#define FPSCR_C       PPC_BIT(47)
#define FPSCR_FPCC    (PPC_BIT(48) | PPC_BIT(49) | PPC_BIT(50) | PPC_BIT(51))
#define FPSCR_FPRF    (FPSCR_C | FPSCR_FPCC)
#define FPSCR_FPRF_SHIFT 12
#define FPSCR_VXSOFT  PPC_BIT(53)
#define FPSCR_VXSQRT  PPC_BIT(54)
#define FPSCR_VXCVI   PPC_BIT(55)
#define FPSCR_VE      PPC_BIT(56)
#define FPSCR_OE      PPC_BIT(57)
#define FPSCR_UE      PPC_BIT(58)
#define FPSCR_ZE      PPC_BIT(59)
#define FPSCR_XE      PPC_BIT(60)
#define FPSCR_NI      PPC_BIT(61)
#define FPSCR_RN      (PPC_BIT(62) | PPC_BIT(63))

/* Every invalid-operation cause; VX is their OR. */
#define FPSCR_VX_ALL  (FPSCR_VXSNAN | FPSCR_VXISI | FPSCR_VXIDI | FPSCR_VXZDZ | \
                       FPSCR_VXIMZ | FPSCR_VXVC | FPSCR_VXSOFT | FPSCR_VXSQRT | FPSCR_VXCVI)
/* Exception bits whose 0 -> 1 transition sets FX. */
#define FPSCR_EXC_ALL (FPSCR_OX | FPSCR_UX | FPSCR_ZX | FPSCR_XX | FPSCR_VX_ALL)
/* The bits that exist: the rest read as 0 and ignore writes. */
#define FPSCR_DEFINED (FPSCR_DRN | 0xfffff7ffull)

/* FPSCR[RN] values. */
#define FPSCR_RN_NEAREST  0u
#define FPSCR_RN_ZERO     1u
#define FPSCR_RN_PINF     2u
#define FPSCR_RN_MINF     3u

/* FPCC / CR field bits of a comparison. */
#define FPCC_FL 8u
#define FPCC_FG 4u
#define FPCC_FE 2u
#define FPCC_FU 1u

/* Result classes as FPRF encodes them (C || FPCC). */
#define FPRF_QNAN       0x11u
#define FPRF_NEG_INF    0x09u
#define FPRF_NEG_NORM   0x08u
#define FPRF_NEG_DENORM 0x18u
#define FPRF_NEG_ZERO   0x12u
#define FPRF_POS_ZERO   0x02u
#define FPRF_POS_DENORM 0x14u
#define FPRF_POS_NORM   0x04u
#define FPRF_POS_INF    0x05u

#define FPU_DEFAULT_NAN 0x7ff8000000000000ull

/* Recomputes the summaries VX and FEX from the other bits. */
uint64_t fpu_fpscr_summarize(uint64_t fpscr);
/* FPRF of a double-format value; single: classify as a single-format value. */
unsigned fpu_fprf(uint64_t d, bool single);

/* Arithmetic.  single: round to single precision (the *s instructions). */
bool fpu_add(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret);
bool fpu_sub(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret);
bool fpu_mul(uint64_t *fpscr, uint64_t a, uint64_t c, bool single, uint64_t *ret);
bool fpu_div(uint64_t *fpscr, uint64_t a, uint64_t b, bool single, uint64_t *ret);
bool fpu_sqrt(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret);

/* The fused multiply-adds, one rounding: [-]((a * c) +/- b). */
enum fpu_fma_kind { FPU_MADD, FPU_MSUB, FPU_NMADD, FPU_NMSUB };
bool fpu_fma(uint64_t *fpscr, uint64_t a, uint64_t c, uint64_t b, enum fpu_fma_kind kind,
             bool single, uint64_t *ret);

/* Estimates (fre, fres, frsqrte, frsqrtes): see fpu.c for the precision. */
bool fpu_re(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret);
bool fpu_rsqrte(uint64_t *fpscr, uint64_t b, bool single, uint64_t *ret);

/* frsp */
bool fpu_rsp(uint64_t *fpscr, uint64_t b, uint64_t *ret);

/* fcti[w|d][u][z]: to a 32- or 64-bit integer, rounding per RN or toward zero. */
#define FPU_CVT_UNSIGNED 0x1u
#define FPU_CVT_WORD     0x2u
#define FPU_CVT_TRUNC    0x4u
bool fpu_to_int(uint64_t *fpscr, uint64_t b, unsigned flags, uint64_t *ret);
/* fcfid[u][s]: from a signed or unsigned doubleword. */
uint64_t fpu_from_int(uint64_t *fpscr, uint64_t b, bool is_unsigned, bool single);

/* fri[n|z|p|m]: round to an integral value. */
enum fpu_rint_mode { FPU_RINT_NEAREST_AWAY, FPU_RINT_ZERO, FPU_RINT_PINF, FPU_RINT_MINF };
bool fpu_round_int(uint64_t *fpscr, uint64_t b, enum fpu_rint_mode mode, uint64_t *ret);

/* fcmpu/fcmpo: sets FPCC and the invalid bits; returns the CR field value. */
unsigned fpu_compare(uint64_t *fpscr, uint64_t a, uint64_t b, bool ordered);
/* The FPSCR side of a compare of any width: c (FL/FG/FE) unless an operand
 * is a NaN, then FU with VXSNAN for an SNaN and, ordered, VXVC (for an
 * SNaN only while VE is off); FX, FPCC and the summaries.  Returns the CR
 * field value. */
unsigned fpu_compare_result(uint64_t *fpscr, unsigned c, bool nan, bool snan, bool ordered);

/* ftdiv/ftsqrt: the CR field value (no FPSCR effect). */
unsigned fpu_tdiv(uint64_t a, uint64_t b);
unsigned fpu_tsqrt(uint64_t b);
