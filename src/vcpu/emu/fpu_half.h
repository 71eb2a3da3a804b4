/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Half-precision conversions (fpu_half.c), on fpu.h's FPSCR conventions. */
#pragma once

#include "fpu.h"

/* Exact; *ret_snan tells whether h was a signalling NaN (returned as is). */
uint64_t fpu_half_to_double(uint16_t h, bool *ret_snan);
/* Rounds per FPSCR[RN]; sets VXSNAN, OX, UX, XX, FR, FI (not FPRF). */
uint16_t fpu_double_to_half(uint64_t *fpscr, uint64_t d);
/* FPRF class of a half-precision value. */
unsigned fpu_fprf_half(uint16_t h);
