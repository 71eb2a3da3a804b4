/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX permutes, merges, splats, packs and unpacks, selects, bit counts and
 * bit gathers, element extract/insert, and the sum-across and
 * multiply-sum instructions (Power ISA 3.0 Book I, 6.8-6.10, 6.13).
 * Element numbers are the ISA's (VB/VH/VW/VD of vec.h).
 */
#include "vec_ops.h"

/* ---- permute, select, shift by octets ---- */

VA_OP(vperm, for (unsigned i = 0; i < 16; i++) {
        unsigned x = VB(c, i) & 31;
        VB(t, i) = x < 16 ? VB(a, x) : VB(b, x - 16);
})
VA_OP(vpermr, for (unsigned i = 0; i < 16; i++) {
        unsigned x = 31 - (VB(c, i) & 31);
        VB(t, i) = x < 16 ? VB(a, x) : VB(b, x - 16);
})
VA_OP(vpermxor, for (unsigned i = 0; i < 16; i++)
        VB(t, i) = VB(a, VB(c, i) >> 4) ^ VB(b, VB(c, i) & 15))
VA_OP(vsel, t.q = (a.q & ~c.q) | (b.q & c.q))
VA_OP(vsldoi, {
        unsigned sh = (in->word >> 6) & 15;
        t.q = sh ? (a.q << (8 * sh)) | (b.q >> (128 - 8 * sh)) : a.q;
})

/* ---- merge ---- */

#define MERGE(name, V, n, first)                                  \
        VX_OP(name, for (unsigned i = 0; i < (n) / 2; i++) {      \
                V(t, 2 * i) = V(a, (first) + i);                  \
                V(t, 2 * i + 1) = V(b, (first) + i);              \
        })

MERGE(vmrghb, VB, 16, 0)
MERGE(vmrghh, VH, 8, 0)
MERGE(vmrghw, VW, 4, 0)
MERGE(vmrglb, VB, 16, 8)
MERGE(vmrglh, VH, 8, 4)
MERGE(vmrglw, VW, 4, 2)
VX_OP(vmrgew, { VW(t, 0) = VW(a, 0); VW(t, 1) = VW(b, 0); VW(t, 2) = VW(a, 2); VW(t, 3) = VW(b, 2); })
VX_OP(vmrgow, { VW(t, 0) = VW(a, 1); VW(t, 1) = VW(b, 1); VW(t, 2) = VW(a, 3); VW(t, 3) = VW(b, 3); })

/* ---- splat: UIM is bits 12-15 (11-15 for bytes' 4 bits), SIMM bits 11-15 ---- */

#define UIM(in) (((in)->word >> 16) & 15)
#define SIMM5(in) ((int8_t)((in)->ra << 3) >> 3)

VX_OP(vspltb, { uint8_t x = VB(b, UIM(in)); EACH(b, x); })
VX_OP(vsplth, { uint16_t x = VH(b, UIM(in) & 7); EACH(h, x); })
VX_OP(vspltw, { uint32_t x = VW(b, UIM(in) & 3); EACH(w, x); })
VX_OP(vspltisb, EACH(sb, SIMM5(in)))
VX_OP(vspltish, EACH(sh, SIMM5(in)))
VX_OP(vspltisw, EACH(sw, SIMM5(in)))

/* ---- pack: VRA's elements fill the high half of VRT, VRB's the low ---- */

#define PACK(name, VT, VS, n, conv)                                     \
        VX_OP(name, for (unsigned i = 0; i < (n); i++) {                \
                VT(t, i) = conv(VS(a, i));                              \
                VT(t, i + (n)) = conv(VS(b, i));                        \
        })

#define MOD(x)          (x)
#define SAT_UB(x)       vec_sat_u(cpu, (int64_t)(x), UINT8_MAX)
#define SAT_UH(x)       vec_sat_u(cpu, (int64_t)(x), UINT16_MAX)
#define SAT_UW(x)       vec_sat_u(cpu, (int64_t)(x), UINT32_MAX)
#define SAT_SB(x)       vec_sat_s(cpu, (x), INT8_MIN, INT8_MAX)
#define SAT_SH(x)       vec_sat_s(cpu, (x), INT16_MIN, INT16_MAX)
#define SAT_SW(x)       vec_sat_s(cpu, (x), INT32_MIN, INT32_MAX)
/* Unsigned doublewords do not fit int64_t: saturate them apart. */
#define SAT_UD_UW(x)    ((x) > UINT32_MAX ? (vscr_set_sat(cpu), UINT32_MAX) : (uint32_t)(x))
#define SAT_SD_UW(x)    ((x) < 0 ? (vscr_set_sat(cpu), 0u) : SAT_UD_UW((uint64_t)(x)))

PACK(vpkuhum, VB, VH, 8, MOD)
PACK(vpkuwum, VH, VW, 4, MOD)
PACK(vpkudum, VW, VD, 2, MOD)
PACK(vpkuhus, VB, VH, 8, SAT_UB)
PACK(vpkuwus, VH, VW, 4, SAT_UH)
PACK(vpkudus, VW, VD, 2, SAT_UD_UW)
PACK(vpkshus, VB, VSH, 8, SAT_UB)
PACK(vpkswus, VH, VSW, 4, SAT_UH)
PACK(vpksdus, VW, VSD, 2, SAT_SD_UW)
PACK(vpkshss, VB, VSH, 8, SAT_SB)
PACK(vpkswss, VH, VSW, 4, SAT_SH)
PACK(vpksdss, VW, VSD, 2, SAT_SW)

/* 32-bit pixels (1:8:8:8, keeping the top bit and the high 5 of each
 * colour) to 16-bit pixels (1:5:5:5). */
static uint16_t pack_pixel(uint32_t w)
{
        return (uint16_t)(((w >> 9) & 0xfc00u) | ((w >> 6) & 0x3e0u) | ((w >> 3) & 0x1fu));
}
PACK(vpkpx, VH, VW, 4, pack_pixel)

/* ---- unpack: sign-extend the high (elements 0..n-1) or low half of VRB ---- */

#define UNPACK(name, VT, VS, n, first)                                          \
        VX_OP(name, for (unsigned i = 0; i < (n); i++) VT(t, i) = VS(b, (first) + i))

UNPACK(vupkhsb, VSH, VSB, 8, 0)
UNPACK(vupklsb, VSH, VSB, 8, 8)
UNPACK(vupkhsh, VSW, VSH, 4, 0)
UNPACK(vupklsh, VSW, VSH, 4, 4)
UNPACK(vupkhsw, VSD, VSW, 2, 0)
UNPACK(vupklsw, VSD, VSW, 2, 2)

static uint32_t unpack_pixel(uint16_t h)
{
        return ((h & 0x8000u) ? 0xff000000u : 0) | (((h >> 10) & 31u) << 16) |
               (((h >> 5) & 31u) << 8) | (h & 31u);
}
VX_OP(vupkhpx, for (unsigned i = 0; i < 4; i++) VW(t, i) = unpack_pixel(VH(b, i)))
VX_OP(vupklpx, for (unsigned i = 0; i < 4; i++) VW(t, i) = unpack_pixel(VH(b, 4 + i)))

/* ---- VX forms with an opcode in the VRA field (xo 1538): counts, negate,
 * parity, sign extension ---- */

static unsigned clz_n(uint64_t v, unsigned bits) { return v ? (unsigned)__builtin_clzll(v) - (64 - bits) : bits; }
static unsigned ctz_n(uint64_t v, unsigned bits) { return v ? (unsigned)__builtin_ctzll(v) : bits; }

VX_OP(vclzb, EACH(b, clz_n(b.b[i], 8)))
VX_OP(vclzh, EACH(h, clz_n(b.h[i], 16)))
VX_OP(vclzw, EACH(w, clz_n(b.w[i], 32)))
VX_OP(vclzd, EACH(d, clz_n(b.d[i], 64)))
VX_OP(vctzb, EACH(b, ctz_n(b.b[i], 8)))
VX_OP(vctzh, EACH(h, ctz_n(b.h[i], 16)))
VX_OP(vctzw, EACH(w, ctz_n(b.w[i], 32)))
VX_OP(vctzd, EACH(d, ctz_n(b.d[i], 64)))
VX_OP(vpopcntb, EACH(b, __builtin_popcount(b.b[i])))
VX_OP(vpopcnth, EACH(h, __builtin_popcount(b.h[i])))
VX_OP(vpopcntw, EACH(w, __builtin_popcount(b.w[i])))
VX_OP(vpopcntd, EACH(d, __builtin_popcountll(b.d[i])))
VX_OP(vnegw, EACH(w, -b.w[i]))
VX_OP(vnegd, EACH(d, -b.d[i]))
/* Parity of the least significant bit of each byte of the element. */
#define LSB_PARITY(x) (__builtin_parityll((x) & 0x0101010101010101ull))
VX_OP(vprtybw, EACH(w, LSB_PARITY(b.w[i])))
VX_OP(vprtybd, EACH(d, LSB_PARITY(b.d[i])))
VX_OP(vprtybq, t.q = LSB_PARITY(b.d[0]) ^ LSB_PARITY(b.d[1]))
VX_OP(vextsb2w, EACH(sw, (int8_t)b.w[i]))
VX_OP(vextsh2w, EACH(sw, (int16_t)b.w[i]))
VX_OP(vextsb2d, EACH(sd, (int8_t)b.d[i]))
VX_OP(vextsh2d, EACH(sd, (int16_t)b.d[i]))
VX_OP(vextsw2d, EACH(sd, (int32_t)b.d[i]))

/* ---- bit gathers ---- */

/* vgbbd: each doubleword as an 8x8 bit matrix, transposed. */
static uint64_t transpose8x8(uint64_t x)
{
        uint64_t r = 0;
        for (unsigned j = 0; j < 8; j++)
                for (unsigned k = 0; k < 8; k++)
                        if (x & PPC_BIT(8 * k + j))
                                r |= PPC_BIT(8 * j + k);
        return r;
}
VX_OP(vgbbd, EACH(d, transpose8x8(b.d[i])))

/* vbpermq: 16 bits of VRA selected by VRB's bytes (>= 128 selects 0) into
 * bits 48-63 of doubleword 0. */
VX_OP(vbpermq, {
        uint64_t r = 0;
        for (unsigned i = 0; i < 16; i++) {
                unsigned x = VB(b, i);
                if (x < 128 && ((a.q >> (127 - x)) & 1))
                        r |= 1ull << (15 - i);
        }
        VD(t, 0) = r;
})
/* vbpermd: per doubleword, 8 bits selected by bytes 8i..8i+7 (>= 64: 0). */
VX_OP(vbpermd, for (unsigned i = 0; i < 2; i++) {
        uint64_t r = 0;
        for (unsigned j = 0; j < 8; j++) {
                unsigned x = VB(b, 8 * i + j);
                if (x < 64 && (VD(a, i) & PPC_BIT(x)))
                        r |= 1ull << (7 - j);
        }
        VD(t, i) = r;
})

/* ---- sums across ---- */

VX_OP(vsum4ubs, EACH(w, vec_sat_u(cpu, (int64_t)b.w[i] + a.b[4 * i] + a.b[4 * i + 1] +
                                   a.b[4 * i + 2] + a.b[4 * i + 3], UINT32_MAX)))
VX_OP(vsum4sbs, EACH(sw, vec_sat_s(cpu, (int64_t)b.sw[i] + a.sb[4 * i] + a.sb[4 * i + 1] +
                                    a.sb[4 * i + 2] + a.sb[4 * i + 3], INT32_MIN, INT32_MAX)))
VX_OP(vsum4shs, EACH(sw, vec_sat_s(cpu, (int64_t)b.sw[i] + a.sh[2 * i] + a.sh[2 * i + 1],
                                    INT32_MIN, INT32_MAX)))
VX_OP(vsum2sws, for (unsigned j = 0; j < 2; j++)
        VSW(t, 2 * j + 1) = (int32_t)vec_sat_s(cpu, (int64_t)VSW(a, 2 * j) + VSW(a, 2 * j + 1) +
                                               VSW(b, 2 * j + 1), INT32_MIN, INT32_MAX))
VX_OP(vsumsws, VSW(t, 3) = (int32_t)vec_sat_s(cpu, (int64_t)a.sw[0] + a.sw[1] + a.sw[2] + a.sw[3] +
                                              VSW(b, 3), INT32_MIN, INT32_MAX))

/* ---- multiply-sum and multiply-add (VA form) ---- */

VA_OP(vmsumubm, EACH(w, c.w[i] + (uint32_t)a.b[4 * i] * b.b[4 * i] +
                     (uint32_t)a.b[4 * i + 1] * b.b[4 * i + 1] + (uint32_t)a.b[4 * i + 2] * b.b[4 * i + 2] +
                     (uint32_t)a.b[4 * i + 3] * b.b[4 * i + 3]))
VA_OP(vmsummbm, EACH(sw, (int32_t)((uint32_t)c.sw[i] + (uint32_t)(a.sb[4 * i] * b.b[4 * i] +
                     a.sb[4 * i + 1] * b.b[4 * i + 1] + a.sb[4 * i + 2] * b.b[4 * i + 2] +
                     a.sb[4 * i + 3] * b.b[4 * i + 3]))))
VA_OP(vmsumuhm, EACH(w, c.w[i] + (uint32_t)a.h[2 * i] * b.h[2 * i] +
                     (uint32_t)a.h[2 * i + 1] * b.h[2 * i + 1]))
VA_OP(vmsumuhs, EACH(w, vec_sat_u(cpu, (int64_t)c.w[i] + (int64_t)a.h[2 * i] * b.h[2 * i] +
                                  (int64_t)a.h[2 * i + 1] * b.h[2 * i + 1], UINT32_MAX)))
VA_OP(vmsumshm, EACH(sw, (int32_t)((uint32_t)c.sw[i] + (uint32_t)(a.sh[2 * i] * b.sh[2 * i]) +
                                   (uint32_t)(a.sh[2 * i + 1] * b.sh[2 * i + 1]))))
VA_OP(vmsumshs, EACH(sw, vec_sat_s(cpu, (int64_t)c.sw[i] + a.sh[2 * i] * b.sh[2 * i] +
                                   a.sh[2 * i + 1] * b.sh[2 * i + 1], INT32_MIN, INT32_MAX)))
VA_OP(vmsumudm, t.q = c.q + (u128)a.d[0] * b.d[0] + (u128)a.d[1] * b.d[1])
VA_OP(vmhaddshs, EACH(sh, vec_sat_s(cpu, (((int64_t)a.sh[i] * b.sh[i]) >> 15) + c.sh[i],
                                    INT16_MIN, INT16_MAX)))
VA_OP(vmhraddshs, EACH(sh, vec_sat_s(cpu, (((int64_t)a.sh[i] * b.sh[i] + 0x4000) >> 15) + c.sh[i],
                                     INT16_MIN, INT16_MAX)))
VA_OP(vmladduhm, EACH(h, (uint32_t)a.h[i] * b.h[i] + c.h[i]))

/* ---- extract / insert ----
 * Bytes outside the register read as 0 (the ISA leaves such UIM values
 * undefined). */

static uint64_t get_bytes(union vec v, int off, unsigned n)
{
        uint64_t r = 0;
        for (unsigned k = 0; k < n; k++) {
                int i = off + (int)k;
                r = (r << 8) | (i >= 0 && i < 16 ? VB(v, i) : 0);
        }
        return r;
}

static void put_bytes(union vec *v, unsigned off, unsigned n, uint64_t x)
{
        for (unsigned k = n; k-- > 0; x >>= 8)
                if (off + k < 16)
                        VB(*v, off + k) = (uint8_t)x;
}

VX_OP(vextractub, VD(t, 0) = get_bytes(b, (int)UIM(in), 1))
VX_OP(vextractuh, VD(t, 0) = get_bytes(b, (int)UIM(in), 2))
VX_OP(vextractuw, VD(t, 0) = get_bytes(b, (int)UIM(in), 4))
VX_OP(vextractd, VD(t, 0) = get_bytes(b, (int)UIM(in), 8))
VX_OP(vinsertb, { t = vr_get(cpu, in->rt); put_bytes(&t, UIM(in), 1, VB(b, 7)); })
VX_OP(vinserth, { t = vr_get(cpu, in->rt); put_bytes(&t, UIM(in), 2, VH(b, 3)); })
VX_OP(vinsertw, { t = vr_get(cpu, in->rt); put_bytes(&t, UIM(in), 4, VW(b, 1)); })
VX_OP(vinsertd, { t = vr_get(cpu, in->rt); put_bytes(&t, UIM(in), 8, VD(b, 0)); })

/* vext[u][b|h|w][l|r]x: an element of VRB at the byte index in RA (left-
 * or right-indexed) into GPR RT. */
static int vext_x(struct emu_cpu *cpu, const struct emu_insn *in, unsigned n, bool right)
{
        EMU_REQUIRE_VEC(cpu);
        int idx = (int)(cpu->gpr[in->ra] & 15);
        cpu->gpr[in->rt] = get_bytes(vr_get(cpu, in->rb), right ? 16 - idx - (int)n : idx, n);
        return EMU_NEXT;
}

#define VEXT_X(name, n, right) \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in) { return vext_x(cpu, in, n, right); }
VEXT_X(vextublx, 1, false)
VEXT_X(vextubrx, 1, true)
VEXT_X(vextuhlx, 2, false)
VEXT_X(vextuhrx, 2, true)
VEXT_X(vextuwlx, 4, false)
VEXT_X(vextuwrx, 4, true)

/* vclzlsbb/vctzlsbb: the number of leading/trailing bytes of VRB whose
 * least significant bit is 0, into GPR RT. */
static int vcount_lsbb(struct emu_cpu *cpu, const struct emu_insn *in, bool trailing)
{
        EMU_REQUIRE_VEC(cpu);
        union vec b = vr_get(cpu, in->rb);
        unsigned n = 0;
        while (n < 16 && !(VB(b, trailing ? 15 - n : n) & 1))
                n++;
        cpu->gpr[in->rt] = n;
        return EMU_NEXT;
}
static int op_vclzlsbb(struct emu_cpu *cpu, const struct emu_insn *in) { return vcount_lsbb(cpu, in, false); }
static int op_vctzlsbb(struct emu_cpu *cpu, const struct emu_insn *in) { return vcount_lsbb(cpu, in, true); }

/* xo 1538 forms: the sub-opcode is the VRA field. */
#define VX_SUB(name, sub) { #name, 0xfc1f07ffu, VXO(1538) | ((uint32_t)(sub) << 16), op_##name, NULL }

const struct emu_opdesc emu_ops_vmx_perm[] = {
        VA_ENTRY(vperm, 43), VA_ENTRY(vpermr, 59), VA_ENTRY(vpermxor, 45), VA_ENTRY(vsel, 42),
        { "vsldoi", 0xfc00043fu, VXO(44), op_vsldoi, NULL },
        VX_ENTRY(vmrghb, 12), VX_ENTRY(vmrghh, 76), VX_ENTRY(vmrghw, 140),
        VX_ENTRY(vmrglb, 268), VX_ENTRY(vmrglh, 332), VX_ENTRY(vmrglw, 396),
        VX_ENTRY(vmrgew, 1932), VX_ENTRY(vmrgow, 1676),
        VX_ENTRY(vspltb, 524), VX_ENTRY(vsplth, 588), VX_ENTRY(vspltw, 652),
        VX_ENTRY(vspltisb, 780), VX_ENTRY(vspltish, 844), VX_ENTRY(vspltisw, 908),
        VX_ENTRY(vpkuhum, 14), VX_ENTRY(vpkuwum, 78), VX_ENTRY(vpkudum, 1102),
        VX_ENTRY(vpkuhus, 142), VX_ENTRY(vpkuwus, 206), VX_ENTRY(vpkudus, 1230),
        VX_ENTRY(vpkshus, 270), VX_ENTRY(vpkswus, 334), VX_ENTRY(vpksdus, 1358),
        VX_ENTRY(vpkshss, 398), VX_ENTRY(vpkswss, 462), VX_ENTRY(vpksdss, 1486),
        VX_ENTRY(vpkpx, 782),
        VX_ENTRY(vupkhsb, 526), VX_ENTRY(vupkhsh, 590), VX_ENTRY(vupklsb, 654),
        VX_ENTRY(vupklsh, 718), VX_ENTRY(vupkhsw, 1614), VX_ENTRY(vupklsw, 1742),
        VX_ENTRY(vupkhpx, 846), VX_ENTRY(vupklpx, 974),
        VX_ENTRY(vclzb, 1794), VX_ENTRY(vclzh, 1858), VX_ENTRY(vclzw, 1922), VX_ENTRY(vclzd, 1986),
        VX_ENTRY(vpopcntb, 1795), VX_ENTRY(vpopcnth, 1859), VX_ENTRY(vpopcntw, 1923),
        VX_ENTRY(vpopcntd, 1987),
        VX_SUB(vclzlsbb, 0), VX_SUB(vctzlsbb, 1),
        VX_SUB(vctzb, 28), VX_SUB(vctzh, 29), VX_SUB(vctzw, 30), VX_SUB(vctzd, 31),
        VX_SUB(vnegw, 6), VX_SUB(vnegd, 7),
        VX_SUB(vprtybw, 8), VX_SUB(vprtybd, 9), VX_SUB(vprtybq, 10),
        VX_SUB(vextsb2w, 16), VX_SUB(vextsh2w, 17), VX_SUB(vextsb2d, 24), VX_SUB(vextsh2d, 25),
        VX_SUB(vextsw2d, 26),
        VX_ENTRY(vgbbd, 1292), VX_ENTRY(vbpermq, 1356), VX_ENTRY(vbpermd, 1484),
        VX_ENTRY(vsum4ubs, 1544), VX_ENTRY(vsum4sbs, 1800), VX_ENTRY(vsum4shs, 1608),
        VX_ENTRY(vsum2sws, 1672), VX_ENTRY(vsumsws, 1928),
        VA_ENTRY(vmsumubm, 36), VA_ENTRY(vmsummbm, 37), VA_ENTRY(vmsumuhm, 38),
        VA_ENTRY(vmsumuhs, 39), VA_ENTRY(vmsumshm, 40), VA_ENTRY(vmsumshs, 41),
        VA_ENTRY(vmsumudm, 35), VA_ENTRY(vmhaddshs, 32), VA_ENTRY(vmhraddshs, 33),
        VA_ENTRY(vmladduhm, 34),
        VX_ENTRY(vextractub, 525), VX_ENTRY(vextractuh, 589), VX_ENTRY(vextractuw, 653),
        VX_ENTRY(vextractd, 717), VX_ENTRY(vinsertb, 781), VX_ENTRY(vinserth, 845),
        VX_ENTRY(vinsertw, 909), VX_ENTRY(vinsertd, 973),
        VX_ENTRY(vextublx, 1549), VX_ENTRY(vextubrx, 1805), VX_ENTRY(vextuhlx, 1613),
        VX_ENTRY(vextuhrx, 1869), VX_ENTRY(vextuwlx, 1677), VX_ENTRY(vextuwrx, 1933),
        { NULL, 0, 0, NULL, NULL },
};
