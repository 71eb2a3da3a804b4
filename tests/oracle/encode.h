/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Instruction-word encoders for the oracle's generator (Power ISA 3.0 forms). */
#pragma once

#include <stdint.h>

static inline uint32_t enc_d(unsigned op, unsigned rt, unsigned ra, uint32_t imm)
{
        return (op << 26) | ((rt & 31) << 21) | ((ra & 31) << 16) | (imm & 0xffff);
}

static inline uint32_t enc_x(unsigned op, unsigned rt, unsigned ra, unsigned rb,
                             unsigned xo, unsigned rc)
{
        return (op << 26) | ((rt & 31) << 21) | ((ra & 31) << 16) | ((rb & 31) << 11) |
               ((xo & 0x3ff) << 1) | (rc & 1);
}

static inline uint32_t enc_xo(unsigned rt, unsigned ra, unsigned rb, unsigned oe,
                              unsigned xo, unsigned rc)
{
        return (31u << 26) | ((rt & 31) << 21) | ((ra & 31) << 16) | ((rb & 31) << 11) |
               ((oe & 1) << 10) | ((xo & 0x1ff) << 1) | (rc & 1);
}

static inline uint32_t enc_a(unsigned op, unsigned frt, unsigned fra, unsigned frb,
                             unsigned frc, unsigned xo, unsigned rc)
{
        return (op << 26) | ((frt & 31) << 21) | ((fra & 31) << 16) | ((frb & 31) << 11) |
               ((frc & 31) << 6) | ((xo & 31) << 1) | (rc & 1);
}

/* rlwinm / rlwimi / rlwnm: M form. */
static inline uint32_t enc_m(unsigned op, unsigned rs, unsigned ra, unsigned sh,
                             unsigned mb, unsigned me, unsigned rc)
{
        return (op << 26) | ((rs & 31) << 21) | ((ra & 31) << 16) | ((sh & 31) << 11) |
               ((mb & 31) << 6) | ((me & 31) << 1) | (rc & 1);
}

/* The 6-bit mb/me field of MD and MDS forms is stored rotated: m[5] || m[0:4]. */
static inline uint32_t md_mask_field(unsigned m)
{
        return (((m & 31) << 1) | ((m >> 5) & 1)) << 5;
}

/* rldicl / rldicr / rldic / rldimi: MD form. */
static inline uint32_t enc_md(unsigned rs, unsigned ra, unsigned sh, unsigned m,
                              unsigned xo, unsigned rc)
{
        return (30u << 26) | ((rs & 31) << 21) | ((ra & 31) << 16) | ((sh & 31) << 11) |
               md_mask_field(m) | ((xo & 7) << 2) | (((sh >> 5) & 1) << 1) | (rc & 1);
}

/* rldcl / rldcr: MDS form. */
static inline uint32_t enc_mds(unsigned rs, unsigned ra, unsigned rb, unsigned m,
                               unsigned xo, unsigned rc)
{
        return (30u << 26) | ((rs & 31) << 21) | ((ra & 31) << 16) | ((rb & 31) << 11) |
               md_mask_field(m) | ((xo & 15) << 1) | (rc & 1);
}

/* sradi / extswsli: XS form. */
static inline uint32_t enc_xs(unsigned rs, unsigned ra, unsigned sh, unsigned xo, unsigned rc)
{
        return (31u << 26) | ((rs & 31) << 21) | ((ra & 31) << 16) | ((sh & 31) << 11) |
               ((xo & 0x1ff) << 2) | (((sh >> 5) & 1) << 1) | (rc & 1);
}

static inline uint32_t enc_bc(unsigned bo, unsigned bi, int32_t bd, unsigned lk)
{
        return (16u << 26) | ((bo & 31) << 21) | ((bi & 31) << 16) | ((uint32_t)bd & 0xfffc) | (lk & 1);
}

static inline uint32_t enc_b(int32_t li, unsigned lk)
{
        return (18u << 26) | ((uint32_t)li & 0x03fffffc) | (lk & 1);
}

static inline uint32_t enc_xl(unsigned bt, unsigned ba, unsigned bb, unsigned xo, unsigned lk)
{
        return enc_x(19, bt, ba, bb, xo, lk);
}

/* mfspr / mtspr: the SPR number's halves are swapped in the word. */
static inline uint32_t enc_spr(unsigned xo, unsigned rt, unsigned spr)
{
        unsigned f = ((spr & 31) << 5) | ((spr >> 5) & 31);
        return (31u << 26) | ((rt & 31) << 21) | (f << 11) | (xo << 1);
}

#define LI(rt, v)         enc_d(14, rt, 0, (uint32_t)(v))
#define ADDI(rt, ra, v)   enc_d(14, rt, ra, (uint32_t)(v))
#define ORIS(ra, rs, v)   enc_d(25, rs, ra, (uint32_t)(v))
#define ORI(ra, rs, v)    enc_d(24, rs, ra, (uint32_t)(v))
#define LIS(rt, v)        enc_d(15, rt, 0, (uint32_t)(v))
#define CMPWI(bf, ra, v)  enc_d(11, (bf) << 2, ra, (uint32_t)(v))
#define CMPDI(bf, ra, v)  enc_d(11, ((bf) << 2) | 1, ra, (uint32_t)(v))
#define CLRLDI(ra, rs, n) enc_md(rs, ra, 0, n, 0, 0)
#define MTSPR(spr, rs)    enc_spr(467, rs, spr)
#define MFSPR(rt, spr)    enc_spr(339, rt, spr)
#define MTFSB0(bt)        enc_x(63, bt, 0, 0, 70, 0)
#define MTFSB1(bt)        enc_x(63, bt, 0, 0, 38, 0)
#define MTFSFI(bf, u)     enc_x(63, (bf) << 2, 0, (u) << 1, 134, 0)
#define FMR(frt, frb)     enc_x(63, frt, 0, frb, 72, 0)
#define BCL_NEXT          0x429f0005u   /* bcl 20,31,$+4: LR = address of the next word */
#define NOP               0x60000000u
