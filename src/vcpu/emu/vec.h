/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared by the VMX and VSX instruction files (op_vmx_*.c,
 * op_vsx_*.c, op_vector.c).
 *
 * A vector register is worked on as union vec, whose host (little-endian)
 * layout holds the 128-bit value with the ISA's byte 0 (the most
 * significant) last.  So every element array is reversed with respect to
 * the ISA's element numbering: ISA element i of a vector with n elements is
 * array index n-1-i.  Element-wise operations that treat every element
 * alike loop over the arrays directly; operations where the ISA's element
 * numbers matter (merge, pack, splat, permute, sums) use the V* macros.
 */
#pragma once

#include "cpu.h"

typedef unsigned __int128 u128;

union vec {
        u128 q;
        uint64_t d[2];
        uint32_t w[4];
        uint16_t h[8];
        uint8_t b[16];
        int64_t sd[2];
        int32_t sw[4];
        int16_t sh[8];
        int8_t sb[16];
};

/* ISA element i (0 = most significant). */
#define VB(v, i) ((v).b[15 - (i)])
#define VH(v, i) ((v).h[7 - (i)])
#define VW(v, i) ((v).w[3 - (i)])
#define VD(v, i) ((v).d[1 - (i)])
#define VSB(v, i) ((v).sb[15 - (i)])
#define VSH(v, i) ((v).sh[7 - (i)])
#define VSW(v, i) ((v).sw[3 - (i)])
#define VSD(v, i) ((v).sd[1 - (i)])

/* VSCR bits (the low word as mfvscr shows it). */
#define VSCR_NJ   0x00010000u
#define VSCR_SAT  0x00000001u

/* VSR n (0..63). */
static inline union vec vsr_get(const struct emu_cpu *cpu, unsigned n)
{
        union vec v;
        v.d[1] = cpu->vsr[n].hi;
        v.d[0] = cpu->vsr[n].lo;
        return v;
}

static inline void vsr_set(struct emu_cpu *cpu, unsigned n, union vec v)
{
        cpu->vsr[n].hi = v.d[1];
        cpu->vsr[n].lo = v.d[0];
}

/* VR n (0..31) is VSR 32+n. */
static inline union vec vr_get(const struct emu_cpu *cpu, unsigned n) { return vsr_get(cpu, 32 + n); }
static inline void vr_set(struct emu_cpu *cpu, unsigned n, union vec v) { vsr_set(cpu, 32 + n, v); }

/* VSX register fields: the 6-bit numbers of XX forms (T/S with TX/SX at
 * bit 31, A with AX at bit 29, B with BX at bit 30, C with CX at bit 28). */
static inline unsigned vsx_xt(uint32_t w) { return ((w >> 21) & 31) | ((w & 1) << 5); }
static inline unsigned vsx_xa(uint32_t w) { return ((w >> 16) & 31) | (((w >> 2) & 1) << 5); }
static inline unsigned vsx_xb(uint32_t w) { return ((w >> 11) & 31) | (((w >> 1) & 1) << 5); }
static inline unsigned vsx_xc(uint32_t w) { return ((w >> 6) & 31) | (((w >> 3) & 1) << 5); }

static inline void vscr_set_sat(struct emu_cpu *cpu) { cpu->vscr |= VSCR_SAT; }

/* Saturation of a wider intermediate to a signed or unsigned element. */
static inline int64_t vec_sat_s(struct emu_cpu *cpu, int64_t v, int64_t lo, int64_t hi)
{
        if (v < lo) { vscr_set_sat(cpu); return lo; }
        if (v > hi) { vscr_set_sat(cpu); return hi; }
        return v;
}

static inline uint64_t vec_sat_u(struct emu_cpu *cpu, int64_t v, int64_t hi)
{
        if (v < 0) { vscr_set_sat(cpu); return 0; }
        if (v > hi) { vscr_set_sat(cpu); return (uint64_t)hi; }
        return (uint64_t)v;
}

/* Byte-reversal of a doubleword (xxbr*, element-reversed loads). */
static inline uint64_t vec_bswap64(uint64_t v) { return __builtin_bswap64(v); }

/*
 * 16-byte accesses (vec_mem.c), made of two 8-byte guest accesses.  The
 * order says how memory maps to the register in a little-endian guest (in
 * a big-endian guest every order is byte i of the register = byte i of
 * memory):
 *   VEC_Q    the whole quadword reversed (lvx, lxv, lxvx);
 *   VEC_B16  bytes in memory order (lxvb16x, stxvb16x);
 *   VEC_H8, VEC_W4, VEC_D2  each halfword/word/doubleword element in the
 *            guest's byte order, elements in memory order (lxvh8x, ...).
 * Loads raise what emu_load raises and never complete through MMIO; stores
 * check the whole access first so they either complete or change nothing.
 * Both return EMU_NEXT or EMU_JUMP.
 */
enum vec_order { VEC_Q, VEC_B16, VEC_H8, VEC_W4, VEC_D2 };

int vec_load16(struct emu_cpu *cpu, uint64_t ea, enum vec_order order, union vec *ret);
int vec_store16(struct emu_cpu *cpu, uint64_t ea, enum vec_order order, union vec v);
