/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX integer arithmetic, logical, shift/rotate and compare instructions
 * (Power ISA 3.0 Book I, 6.9-6.11).  Saturating forms set VSCR[SAT];
 * the compares' Rc=1 forms set CR6 (all true: 0b1000, none: 0b0010).
 */
#include "vec_ops.h"

/* ---- add / subtract ---- */

VX_OP(vaddubm, EACH(b, a.b[i] + b.b[i]))
VX_OP(vadduhm, EACH(h, a.h[i] + b.h[i]))
VX_OP(vadduwm, EACH(w, a.w[i] + b.w[i]))
VX_OP(vaddudm, EACH(d, a.d[i] + b.d[i]))
VX_OP(vadduqm, t.q = a.q + b.q)
VX_OP(vaddcuq, t.q = (a.q + b.q) < a.q)
VX_OP(vaddcuw, EACH(w, ((uint64_t)a.w[i] + b.w[i]) >> 32))
VX_OP(vaddubs, EACH(b, vec_sat_u(cpu, (int64_t)a.b[i] + b.b[i], UINT8_MAX)))
VX_OP(vadduhs, EACH(h, vec_sat_u(cpu, (int64_t)a.h[i] + b.h[i], UINT16_MAX)))
VX_OP(vadduws, EACH(w, vec_sat_u(cpu, (int64_t)a.w[i] + b.w[i], UINT32_MAX)))
VX_OP(vaddsbs, EACH(sb, vec_sat_s(cpu, (int64_t)a.sb[i] + b.sb[i], INT8_MIN, INT8_MAX)))
VX_OP(vaddshs, EACH(sh, vec_sat_s(cpu, (int64_t)a.sh[i] + b.sh[i], INT16_MIN, INT16_MAX)))
VX_OP(vaddsws, EACH(sw, vec_sat_s(cpu, (int64_t)a.sw[i] + b.sw[i], INT32_MIN, INT32_MAX)))

VX_OP(vsububm, EACH(b, a.b[i] - b.b[i]))
VX_OP(vsubuhm, EACH(h, a.h[i] - b.h[i]))
VX_OP(vsubuwm, EACH(w, a.w[i] - b.w[i]))
VX_OP(vsubudm, EACH(d, a.d[i] - b.d[i]))
VX_OP(vsubuqm, t.q = a.q - b.q)
VX_OP(vsubcuq, t.q = a.q >= b.q)
VX_OP(vsubcuw, EACH(w, a.w[i] >= b.w[i]))
VX_OP(vsububs, EACH(b, vec_sat_u(cpu, (int64_t)a.b[i] - b.b[i], UINT8_MAX)))
VX_OP(vsubuhs, EACH(h, vec_sat_u(cpu, (int64_t)a.h[i] - b.h[i], UINT16_MAX)))
VX_OP(vsubuws, EACH(w, vec_sat_u(cpu, (int64_t)a.w[i] - b.w[i], UINT32_MAX)))
VX_OP(vsubsbs, EACH(sb, vec_sat_s(cpu, (int64_t)a.sb[i] - b.sb[i], INT8_MIN, INT8_MAX)))
VX_OP(vsubshs, EACH(sh, vec_sat_s(cpu, (int64_t)a.sh[i] - b.sh[i], INT16_MIN, INT16_MAX)))
VX_OP(vsubsws, EACH(sw, vec_sat_s(cpu, (int64_t)a.sw[i] - b.sw[i], INT32_MIN, INT32_MAX)))

/* Extended quadword forms: the carry in is VRC's least significant bit. */
static u128 carry_out(u128 x, u128 y, unsigned cin)
{
        u128 s = x + y;
        return (s < x) | ((s + cin) < s);
}

VA_OP(vaddeuqm, t.q = a.q + b.q + (c.q & 1))
VA_OP(vaddecuq, t.q = carry_out(a.q, b.q, (unsigned)(c.q & 1)))
VA_OP(vsubeuqm, t.q = a.q + ~b.q + (c.q & 1))
VA_OP(vsubecuq, t.q = carry_out(a.q, ~b.q, (unsigned)(c.q & 1)))

/* ---- max / min / average / absolute difference ---- */

#define MAX(x, y) ((x) > (y) ? (x) : (y))
#define MIN(x, y) ((x) < (y) ? (x) : (y))

VX_OP(vmaxub, EACH(b, MAX(a.b[i], b.b[i])))
VX_OP(vmaxuh, EACH(h, MAX(a.h[i], b.h[i])))
VX_OP(vmaxuw, EACH(w, MAX(a.w[i], b.w[i])))
VX_OP(vmaxud, EACH(d, MAX(a.d[i], b.d[i])))
VX_OP(vmaxsb, EACH(sb, MAX(a.sb[i], b.sb[i])))
VX_OP(vmaxsh, EACH(sh, MAX(a.sh[i], b.sh[i])))
VX_OP(vmaxsw, EACH(sw, MAX(a.sw[i], b.sw[i])))
VX_OP(vmaxsd, EACH(sd, MAX(a.sd[i], b.sd[i])))
VX_OP(vminub, EACH(b, MIN(a.b[i], b.b[i])))
VX_OP(vminuh, EACH(h, MIN(a.h[i], b.h[i])))
VX_OP(vminuw, EACH(w, MIN(a.w[i], b.w[i])))
VX_OP(vminud, EACH(d, MIN(a.d[i], b.d[i])))
VX_OP(vminsb, EACH(sb, MIN(a.sb[i], b.sb[i])))
VX_OP(vminsh, EACH(sh, MIN(a.sh[i], b.sh[i])))
VX_OP(vminsw, EACH(sw, MIN(a.sw[i], b.sw[i])))
VX_OP(vminsd, EACH(sd, MIN(a.sd[i], b.sd[i])))

VX_OP(vavgub, EACH(b, ((uint64_t)a.b[i] + b.b[i] + 1) >> 1))
VX_OP(vavguh, EACH(h, ((uint64_t)a.h[i] + b.h[i] + 1) >> 1))
VX_OP(vavguw, EACH(w, ((uint64_t)a.w[i] + b.w[i] + 1) >> 1))
VX_OP(vavgsb, EACH(sb, ((int64_t)a.sb[i] + b.sb[i] + 1) >> 1))
VX_OP(vavgsh, EACH(sh, ((int64_t)a.sh[i] + b.sh[i] + 1) >> 1))
VX_OP(vavgsw, EACH(sw, ((int64_t)a.sw[i] + b.sw[i] + 1) >> 1))

VX_OP(vabsdub, EACH(b, a.b[i] > b.b[i] ? a.b[i] - b.b[i] : b.b[i] - a.b[i]))
VX_OP(vabsduh, EACH(h, a.h[i] > b.h[i] ? a.h[i] - b.h[i] : b.h[i] - a.h[i]))
VX_OP(vabsduw, EACH(w, a.w[i] > b.w[i] ? a.w[i] - b.w[i] : b.w[i] - a.w[i]))

/* ---- multiply: "odd" and "even" are ISA element numbers; in the reversed
 * arrays the ISA's odd element 2k+1 of the pair k is array index 2k. ---- */

VX_OP(vmuloub, EACH(h, (uint32_t)a.b[2 * i] * b.b[2 * i]))
VX_OP(vmuleub, EACH(h, (uint32_t)a.b[2 * i + 1] * b.b[2 * i + 1]))
VX_OP(vmulosb, EACH(sh, a.sb[2 * i] * b.sb[2 * i]))
VX_OP(vmulesb, EACH(sh, a.sb[2 * i + 1] * b.sb[2 * i + 1]))
VX_OP(vmulouh, EACH(w, (uint32_t)a.h[2 * i] * b.h[2 * i]))
VX_OP(vmuleuh, EACH(w, (uint32_t)a.h[2 * i + 1] * b.h[2 * i + 1]))
VX_OP(vmulosh, EACH(sw, a.sh[2 * i] * b.sh[2 * i]))
VX_OP(vmulesh, EACH(sw, a.sh[2 * i + 1] * b.sh[2 * i + 1]))
VX_OP(vmulouw, EACH(d, (uint64_t)a.w[2 * i] * b.w[2 * i]))
VX_OP(vmuleuw, EACH(d, (uint64_t)a.w[2 * i + 1] * b.w[2 * i + 1]))
VX_OP(vmulosw, EACH(sd, (int64_t)a.sw[2 * i] * b.sw[2 * i]))
VX_OP(vmulesw, EACH(sd, (int64_t)a.sw[2 * i + 1] * b.sw[2 * i + 1]))
VX_OP(vmuluwm, EACH(w, a.w[i] * b.w[i]))

/* Multiply by 10 (decimal helpers): the product mod 2^128, or its carry
 * (the bits above 128); the e forms add VRB's low digit. */
static u128 mul10(u128 x, unsigned add, u128 *ret_carry)
{
        u128 lo = (u128)(uint64_t)x * 10 + add;
        u128 hi = (x >> 64) * 10 + (lo >> 64);
        *ret_carry = hi >> 64;
        return (hi << 64) | (uint64_t)lo;
}

VX_OP(vmul10uq, { u128 cy; t.q = mul10(a.q, 0, &cy); })
VX_OP(vmul10cuq, mul10(a.q, 0, &t.q))
VX_OP(vmul10euq, { u128 cy; t.q = mul10(a.q, (unsigned)(b.q & 15), &cy); })
VX_OP(vmul10ecuq, mul10(a.q, (unsigned)(b.q & 15), &t.q))

/* ---- logical ---- */

VX_OP(vand, t.q = a.q & b.q)
VX_OP(vandc, t.q = a.q & ~b.q)
VX_OP(vor, t.q = a.q | b.q)
VX_OP(vxor, t.q = a.q ^ b.q)
VX_OP(vnor, t.q = ~(a.q | b.q))
VX_OP(vorc, t.q = a.q | ~b.q)
VX_OP(vnand, t.q = ~(a.q & b.q))
VX_OP(veqv, t.q = ~(a.q ^ b.q))

/* ---- shifts and rotates by element ---- */

static uint8_t rotl8(uint8_t v, unsigned n) { n &= 7; return (uint8_t)(n ? (v << n) | (v >> (8 - n)) : v); }
static uint16_t rotl16(uint16_t v, unsigned n) { n &= 15; return (uint16_t)(n ? (v << n) | (v >> (16 - n)) : v); }
static uint32_t rotl32(uint32_t v, unsigned n) { n &= 31; return n ? (v << n) | (v >> (32 - n)) : v; }
static uint64_t rotl64(uint64_t v, unsigned n) { n &= 63; return n ? (v << n) | (v >> (64 - n)) : v; }

VX_OP(vrlb, EACH(b, rotl8(a.b[i], b.b[i])))
VX_OP(vrlh, EACH(h, rotl16(a.h[i], b.h[i])))
VX_OP(vrlw, EACH(w, rotl32(a.w[i], b.w[i])))
VX_OP(vrld, EACH(d, rotl64(a.d[i], (unsigned)b.d[i])))
VX_OP(vslb, EACH(b, a.b[i] << (b.b[i] & 7)))
VX_OP(vslh, EACH(h, a.h[i] << (b.h[i] & 15)))
VX_OP(vslw, EACH(w, a.w[i] << (b.w[i] & 31)))
VX_OP(vsld, EACH(d, a.d[i] << (b.d[i] & 63)))
VX_OP(vsrb, EACH(b, a.b[i] >> (b.b[i] & 7)))
VX_OP(vsrh, EACH(h, a.h[i] >> (b.h[i] & 15)))
VX_OP(vsrw, EACH(w, a.w[i] >> (b.w[i] & 31)))
VX_OP(vsrd, EACH(d, a.d[i] >> (b.d[i] & 63)))
VX_OP(vsrab, EACH(sb, a.sb[i] >> (b.b[i] & 7)))
VX_OP(vsrah, EACH(sh, a.sh[i] >> (b.h[i] & 15)))
VX_OP(vsraw, EACH(sw, a.sw[i] >> (b.w[i] & 31)))
VX_OP(vsrad, EACH(sd, a.sd[i] >> (b.d[i] & 63)))

/* Whole-register shifts: the count comes from VRB's byte 15 (the ISA
 * requires all bytes to agree for vsl/vsr and leaves the rest undefined). */
VX_OP(vsl, t.q = a.q << (VB(b, 15) & 7))
VX_OP(vsr, t.q = a.q >> (VB(b, 15) & 7))
VX_OP(vslo, t.q = a.q << (8 * ((VB(b, 15) >> 3) & 15)))
VX_OP(vsro, t.q = a.q >> (8 * ((VB(b, 15) >> 3) & 15)))

/* vslv/vsrv: each byte shifted by its own count, pulling bits in from its
 * neighbour (0 beyond the ends). */
VX_OP(vslv, for (unsigned i = 0; i < 16; i++) {
        unsigned pair = (VB(a, i) << 8) | (i < 15 ? VB(a, i + 1) : 0);
        VB(t, i) = (uint8_t)((pair << (VB(b, i) & 7)) >> 8);
})
VX_OP(vsrv, for (unsigned i = 0; i < 16; i++) {
        unsigned pair = ((i > 0 ? VB(a, i - 1) : 0) << 8) | VB(a, i);
        VB(t, i) = (uint8_t)(pair >> (VB(b, i) & 7));
})

/* Rotate-and-mask: VRB's element holds mb at bits 16+, me at 8+, the count
 * at 0+ (in ISA bit numbers of the element: 11:15, 19:23, 27:31 for words). */
static uint64_t mask64(unsigned mb, unsigned me)
{
        uint64_t m1 = ~0ull >> mb, m2 = ~0ull << (63 - me);
        return mb <= me ? m1 & m2 : m1 | m2;
}

static uint32_t mask32(unsigned mb, unsigned me)
{
        return (uint32_t)(mask64(mb + 32, me + 32));
}

#define RLW_MASK(x)  mask32(((x) >> 16) & 31, ((x) >> 8) & 31)
#define RLD_MASK(x)  mask64((unsigned)((x) >> 16) & 63, (unsigned)((x) >> 8) & 63)

VX_OP(vrlwnm, EACH(w, rotl32(a.w[i], b.w[i]) & RLW_MASK(b.w[i])))
VX_OP(vrldnm, EACH(d, rotl64(a.d[i], (unsigned)b.d[i]) & RLD_MASK(b.d[i])))
VX_OP(vrlwmi, {
        union vec o = vr_get(cpu, in->rt);
        EACH(w, (rotl32(a.w[i], b.w[i]) & RLW_MASK(b.w[i])) | (o.w[i] & ~RLW_MASK(b.w[i])));
})
VX_OP(vrldmi, {
        union vec o = vr_get(cpu, in->rt);
        EACH(d, (rotl64(a.d[i], (unsigned)b.d[i]) & RLD_MASK(b.d[i])) |
                (o.d[i] & ~RLD_MASK(b.d[i])));
})

/* ---- compares (VC form: Rc is bit 21) ---- */

static void cmp_cr6(struct emu_cpu *cpu, const struct emu_insn *in, u128 t)
{
        if (in->word & 0x400u)
                emu_set_crf(cpu, 6, t == ~(u128)0 ? CR_LT : t == 0 ? CR_EQ : 0);
}

#define VC_OP(name, arr, cond)                                                  \
        VX_OP(name, { EACH(arr, (cond) ? -1 : 0); cmp_cr6(cpu, in, t.q); })

VC_OP(vcmpequb, b, a.b[i] == b.b[i])
VC_OP(vcmpequh, h, a.h[i] == b.h[i])
VC_OP(vcmpequw, w, a.w[i] == b.w[i])
VC_OP(vcmpequd, d, a.d[i] == b.d[i])
VC_OP(vcmpgtub, b, a.b[i] > b.b[i])
VC_OP(vcmpgtuh, h, a.h[i] > b.h[i])
VC_OP(vcmpgtuw, w, a.w[i] > b.w[i])
VC_OP(vcmpgtud, d, a.d[i] > b.d[i])
VC_OP(vcmpgtsb, b, a.sb[i] > b.sb[i])
VC_OP(vcmpgtsh, h, a.sh[i] > b.sh[i])
VC_OP(vcmpgtsw, w, a.sw[i] > b.sw[i])
VC_OP(vcmpgtsd, d, a.sd[i] > b.sd[i])
VC_OP(vcmpneb, b, a.b[i] != b.b[i])
VC_OP(vcmpneh, h, a.h[i] != b.h[i])
VC_OP(vcmpnew, w, a.w[i] != b.w[i])
VC_OP(vcmpnezb, b, a.b[i] != b.b[i] || !a.b[i] || !b.b[i])
VC_OP(vcmpnezh, h, a.h[i] != b.h[i] || !a.h[i] || !b.h[i])
VC_OP(vcmpnezw, w, a.w[i] != b.w[i] || !a.w[i] || !b.w[i])

#define VC_ENTRY(name, xo)  { #name, VC_MASK, VXO(xo), op_##name, NULL }

const struct emu_opdesc emu_ops_vmx_int[] = {
        VX_ENTRY(vaddubm, 0), VX_ENTRY(vadduhm, 64), VX_ENTRY(vadduwm, 128),
        VX_ENTRY(vaddudm, 192), VX_ENTRY(vadduqm, 256), VX_ENTRY(vaddcuq, 320),
        VX_ENTRY(vaddcuw, 384), VX_ENTRY(vaddubs, 512), VX_ENTRY(vadduhs, 576),
        VX_ENTRY(vadduws, 640), VX_ENTRY(vaddsbs, 768), VX_ENTRY(vaddshs, 832),
        VX_ENTRY(vaddsws, 896),
        VX_ENTRY(vsububm, 1024), VX_ENTRY(vsubuhm, 1088), VX_ENTRY(vsubuwm, 1152),
        VX_ENTRY(vsubudm, 1216), VX_ENTRY(vsubuqm, 1280), VX_ENTRY(vsubcuq, 1344),
        VX_ENTRY(vsubcuw, 1408), VX_ENTRY(vsububs, 1536), VX_ENTRY(vsubuhs, 1600),
        VX_ENTRY(vsubuws, 1664), VX_ENTRY(vsubsbs, 1792), VX_ENTRY(vsubshs, 1856),
        VX_ENTRY(vsubsws, 1920),
        VA_ENTRY(vaddeuqm, 60), VA_ENTRY(vaddecuq, 61), VA_ENTRY(vsubeuqm, 62),
        VA_ENTRY(vsubecuq, 63),
        VX_ENTRY(vmaxub, 2), VX_ENTRY(vmaxuh, 66), VX_ENTRY(vmaxuw, 130), VX_ENTRY(vmaxud, 194),
        VX_ENTRY(vmaxsb, 258), VX_ENTRY(vmaxsh, 322), VX_ENTRY(vmaxsw, 386), VX_ENTRY(vmaxsd, 450),
        VX_ENTRY(vminub, 514), VX_ENTRY(vminuh, 578), VX_ENTRY(vminuw, 642), VX_ENTRY(vminud, 706),
        VX_ENTRY(vminsb, 770), VX_ENTRY(vminsh, 834), VX_ENTRY(vminsw, 898), VX_ENTRY(vminsd, 962),
        VX_ENTRY(vavgub, 1026), VX_ENTRY(vavguh, 1090), VX_ENTRY(vavguw, 1154),
        VX_ENTRY(vavgsb, 1282), VX_ENTRY(vavgsh, 1346), VX_ENTRY(vavgsw, 1410),
        VX_ENTRY(vabsdub, 1027), VX_ENTRY(vabsduh, 1091), VX_ENTRY(vabsduw, 1155),
        VX_ENTRY(vmuloub, 8), VX_ENTRY(vmulouh, 72), VX_ENTRY(vmulouw, 136),
        VX_ENTRY(vmulosb, 264), VX_ENTRY(vmulosh, 328), VX_ENTRY(vmulosw, 392),
        VX_ENTRY(vmuleub, 520), VX_ENTRY(vmuleuh, 584), VX_ENTRY(vmuleuw, 648),
        VX_ENTRY(vmulesb, 776), VX_ENTRY(vmulesh, 840), VX_ENTRY(vmulesw, 904),
        VX_ENTRY(vmuluwm, 137),
        VX_ENTRY(vmul10uq, 513), VX_ENTRY(vmul10cuq, 1), VX_ENTRY(vmul10euq, 577),
        VX_ENTRY(vmul10ecuq, 65),
        VX_ENTRY(vand, 1028), VX_ENTRY(vandc, 1092), VX_ENTRY(vor, 1156), VX_ENTRY(vxor, 1220),
        VX_ENTRY(vnor, 1284), VX_ENTRY(vorc, 1348), VX_ENTRY(vnand, 1412), VX_ENTRY(veqv, 1668),
        VX_ENTRY(vrlb, 4), VX_ENTRY(vrlh, 68), VX_ENTRY(vrlw, 132), VX_ENTRY(vrld, 196),
        VX_ENTRY(vslb, 260), VX_ENTRY(vslh, 324), VX_ENTRY(vslw, 388), VX_ENTRY(vsld, 1476),
        VX_ENTRY(vsrb, 516), VX_ENTRY(vsrh, 580), VX_ENTRY(vsrw, 644), VX_ENTRY(vsrd, 1732),
        VX_ENTRY(vsrab, 772), VX_ENTRY(vsrah, 836), VX_ENTRY(vsraw, 900), VX_ENTRY(vsrad, 964),
        VX_ENTRY(vsl, 452), VX_ENTRY(vsr, 708), VX_ENTRY(vslo, 1036), VX_ENTRY(vsro, 1100),
        VX_ENTRY(vslv, 1860), VX_ENTRY(vsrv, 1796),
        VX_ENTRY(vrlwnm, 389), VX_ENTRY(vrldnm, 453), VX_ENTRY(vrlwmi, 133), VX_ENTRY(vrldmi, 197),
        VC_ENTRY(vcmpequb, 6), VC_ENTRY(vcmpequh, 70), VC_ENTRY(vcmpequw, 134),
        VC_ENTRY(vcmpequd, 199), VC_ENTRY(vcmpgtub, 518), VC_ENTRY(vcmpgtuh, 582),
        VC_ENTRY(vcmpgtuw, 646), VC_ENTRY(vcmpgtud, 711), VC_ENTRY(vcmpgtsb, 774),
        VC_ENTRY(vcmpgtsh, 838), VC_ENTRY(vcmpgtsw, 902), VC_ENTRY(vcmpgtsd, 967),
        VC_ENTRY(vcmpneb, 7), VC_ENTRY(vcmpneh, 71), VC_ENTRY(vcmpnew, 135),
        VC_ENTRY(vcmpnezb, 263), VC_ENTRY(vcmpnezh, 327), VC_ENTRY(vcmpnezw, 391),
        { NULL, 0, 0, NULL, NULL },
};
