/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX decimal integer instructions (Power ISA 3.0B Book I, 6.17): bcdadd.
 * ... bcdutrunc., on signed packed decimal (31 digits, the sign code in the
 * least significant nibble) and unsigned packed decimal (32 digits).
 *
 * Every one of them sets CR field 6: LT, GT, EQ for a negative, positive
 * or zero result (or, for the conversions out of decimal, source) and SO for
 * an overflow, i.e. nonzero digits lost.  An invalid operand (a digit above
 * 9, a sign code below 0xA, a bad national or zoned character) sets CR6 to
 * SO alone and leaves VRT undefined: it is written with all ones here.
 * PS selects the preferred positive sign code written: 0xC (PS=0) or 0xF
 * (PS=1); a negative result is 0xD.  Bit 22 of the forms without PS is
 * reserved and ignored.
 *
 * Magnitudes are worked on in binary: 31 decimal digits fit in 104 bits.
 */
#include "vec.h"

#define BCD_SIGNED_DIGITS   31
#define BCD_UNSIGNED_DIGITS 32
#define BCD_PLUS_PS0  0xcu
#define BCD_PLUS_PS1  0xfu
#define BCD_MINUS     0xdu
#define BCD_INVALID   (~(u128)0)

#define NAT_PLUS  0x2bu      /* '+' as a national (UTF-16) character */
#define NAT_MINUS 0x2du      /* '-' */
#define NAT_ZERO  0x30u      /* '0' */

#define PS(in) (((in)->word >> 9) & 1u)

struct bcd {
        bool neg;
        u128 mag;            /* binary */
};

static u128 ten_pow(unsigned n)
{
        u128 p = 1;
        while (n--)
                p *= 10;
        return p;
}

static unsigned nibble(u128 v, unsigned i) { return (unsigned)(v >> (4 * i)) & 0xfu; }

/* Decimal digits in nibbles [first, first + n) -> binary; false if any
 * nibble is not a digit. */
static bool digits_to_bin(u128 v, unsigned first, unsigned n, u128 *ret)
{
        u128 m = 0;
        for (unsigned i = first + n; i-- > first;) {
                unsigned d = nibble(v, i);
                if (d > 9)
                        return false;
                m = m * 10 + d;
        }
        *ret = m;
        return true;
}

/* The low n decimal digits of m, as packed decimal in the low nibbles. */
static u128 bin_to_digits(u128 m, unsigned n)
{
        u128 r = 0;
        for (unsigned i = 0; i < n && m; i++) {
                r |= (u128)(unsigned)(m % 10) << (4 * i);
                m /= 10;
        }
        return r;
}

static bool sign_is_valid(unsigned s) { return s >= 0xa; }
static bool sign_is_minus(unsigned s) { return s == 0xb || s == 0xd; }

static bool bcd_decode(u128 v, struct bcd *ret)
{
        unsigned s = nibble(v, 0);
        ret->neg = sign_is_minus(s);
        return sign_is_valid(s) && digits_to_bin(v, 1, BCD_SIGNED_DIGITS, &ret->mag);
}

/* mag < 10^31 */
static u128 bcd_encode(struct bcd x, unsigned ps)
{
        unsigned s = x.neg ? BCD_MINUS : ps ? BCD_PLUS_PS1 : BCD_PLUS_PS0;
        return (bin_to_digits(x.mag, BCD_SIGNED_DIGITS) << 4) | s;
}

static unsigned cr_of(struct bcd x)
{
        return x.mag == 0 ? CR_EQ : x.neg ? CR_LT : CR_GT;
}

static unsigned cr_unsigned(u128 mag) { return mag == 0 ? CR_EQ : CR_GT; }

/* Keeps the low n digits; *lost tells whether a nonzero digit went. */
static u128 keep_digits(u128 mag, unsigned n, bool *lost)
{
        u128 lim = ten_pow(n);
        *lost = mag >= lim;
        return mag % lim;
}

static int bcd_finish(struct emu_cpu *cpu, const struct emu_insn *in, u128 v, unsigned crf)
{
        union vec t = { .q = v };
        vr_set(cpu, in->rt, t);
        emu_set_crf(cpu, 6, crf);
        return EMU_NEXT;
}

static int bcd_invalid(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return bcd_finish(cpu, in, BCD_INVALID, CR_SO);
}

/* A signed result (mag may exceed 31 digits: overflow). */
static int bcd_signed_result(struct emu_cpu *cpu, const struct emu_insn *in, struct bcd r)
{
        bool ov;
        r.mag = keep_digits(r.mag, BCD_SIGNED_DIGITS, &ov);
        return bcd_finish(cpu, in, bcd_encode(r, PS(in)), cr_of(r) | (ov ? CR_SO : 0));
}

static u128 va(const struct emu_cpu *cpu, const struct emu_insn *in) { return vr_get(cpu, in->ra).q; }
static u128 vb(const struct emu_cpu *cpu, const struct emu_insn *in) { return vr_get(cpu, in->rb).q; }

/* ---- add, subtract ---- */

static int bcd_addsub(struct emu_cpu *cpu, const struct emu_insn *in, bool sub)
{
        EMU_REQUIRE_VEC(cpu);
        struct bcd a, b, r;
        if (!bcd_decode(va(cpu, in), &a) || !bcd_decode(vb(cpu, in), &b))
                return bcd_invalid(cpu, in);
        b.neg ^= sub;
        if (a.neg == b.neg)
                r = (struct bcd){ a.neg, a.mag + b.mag };
        else if (a.mag > b.mag)
                r = (struct bcd){ a.neg, a.mag - b.mag };
        else if (a.mag < b.mag)
                r = (struct bcd){ b.neg, b.mag - a.mag };
        else
                r = (struct bcd){ false, 0 };    /* an exact zero is positive */
        return bcd_signed_result(cpu, in, r);
}
static int op_bcdadd(struct emu_cpu *cpu, const struct emu_insn *in) { return bcd_addsub(cpu, in, false); }
static int op_bcdsub(struct emu_cpu *cpu, const struct emu_insn *in) { return bcd_addsub(cpu, in, true); }

/* ---- sign operations ---- */

/* bcdcpsgn.: the digits of VRA with the sign code of VRB, as it is. */
static int op_bcdcpsgn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        struct bcd a, b;
        u128 A = va(cpu, in), B = vb(cpu, in);
        if (!bcd_decode(A, &a) || !bcd_decode(B, &b))
                return bcd_invalid(cpu, in);
        a.neg = b.neg;
        return bcd_finish(cpu, in, (A & ~(u128)0xf) | (B & 0xf), cr_of(a));
}

static int op_bcdsetsgn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        struct bcd b;
        if (!bcd_decode(vb(cpu, in), &b))
                return bcd_invalid(cpu, in);
        return bcd_signed_result(cpu, in, b);
}

/* ---- national and zoned formats ---- */

/* bcdcfn.: eight national characters, seven digits then '+' or '-'. */
static int op_bcdcfn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        union vec v = vr_get(cpu, in->rb);
        struct bcd r = { VH(v, 7) == NAT_MINUS, 0 };
        if (VH(v, 7) != NAT_PLUS && VH(v, 7) != NAT_MINUS)
                return bcd_invalid(cpu, in);
        for (unsigned i = 0; i < 7; i++) {
                unsigned c = VH(v, i);
                if (c < NAT_ZERO || c > NAT_ZERO + 9)
                        return bcd_invalid(cpu, in);
                r.mag = r.mag * 10 + (c - NAT_ZERO);
        }
        return bcd_signed_result(cpu, in, r);
}

/* bcdctn.: the low seven digits as national characters; CR6 from VRB. */
static int op_bcdctn(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        struct bcd b;
        union vec t;
        bool ov;
        if (!bcd_decode(vb(cpu, in), &b))
                return bcd_invalid(cpu, in);
        u128 low = keep_digits(b.mag, 7, &ov);
        for (unsigned i = 7; i-- > 0; low /= 10)
                VH(t, i) = (uint16_t)(NAT_ZERO + (unsigned)(low % 10));
        VH(t, 7) = b.neg ? NAT_MINUS : NAT_PLUS;
        return bcd_finish(cpu, in, t.q, cr_of(b) | (ov ? CR_SO : 0));
}

/* Zoned: sixteen bytes, zone nibble above each digit, the sign in the
 * zone of the last byte.  PS=0 (ASCII): zones 0x3, sign zone bit 0x4 set
 * for minus; PS=1 (EBCDIC): zones 0xF, sign zone a sign code. */
static bool zoned_sign(unsigned zone, unsigned ps, bool *neg)
{
        if (!ps) {
                *neg = zone & 0x4u;
                return true;
        }
        *neg = sign_is_minus(zone);
        return sign_is_valid(zone);
}

static int op_bcdcfz(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        union vec v = vr_get(cpu, in->rb);
        unsigned ps = PS(in), zone = ps ? 0xfu : 0x3u;
        struct bcd r = { false, 0 };
        for (unsigned i = 0; i < 16; i++) {
                unsigned byte = VB(v, i), d = byte & 0xfu;
                if (d > 9 || (i < 15 && (byte >> 4) != zone))
                        return bcd_invalid(cpu, in);
                r.mag = r.mag * 10 + d;
        }
        if (!zoned_sign(VB(v, 15) >> 4, ps, &r.neg))
                return bcd_invalid(cpu, in);
        /* PS chooses how the zones read; the sign code written is 0xC or
         * 0xD either way. */
        return bcd_finish(cpu, in, bcd_encode(r, 0), cr_of(r));
}

static int op_bcdctz(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        struct bcd b;
        union vec t;
        bool ov;
        unsigned ps = PS(in), zone = ps ? 0xfu : 0x3u;
        if (!bcd_decode(vb(cpu, in), &b))
                return bcd_invalid(cpu, in);
        u128 low = keep_digits(b.mag, 16, &ov);
        for (unsigned i = 16; i-- > 0; low /= 10)
                VB(t, i) = (uint8_t)((zone << 4) | (unsigned)(low % 10));
        unsigned sign_zone = ps ? (b.neg ? BCD_MINUS : BCD_PLUS_PS0) : (b.neg ? 0x7u : 0x3u);
        VB(t, 15) = (uint8_t)((sign_zone << 4) | (VB(t, 15) & 0xfu));
        return bcd_finish(cpu, in, t.q, cr_of(b) | (ov ? CR_SO : 0));
}

/* ---- signed quadword ---- */

static int op_bcdcfsq(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        u128 v = vb(cpu, in);
        bool neg = v >> 127;
        return bcd_signed_result(cpu, in, (struct bcd){ neg, neg ? -v : v });
}

static int op_bcdctsq(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        struct bcd b;
        if (!bcd_decode(vb(cpu, in), &b))
                return bcd_invalid(cpu, in);
        return bcd_finish(cpu, in, b.neg ? -b.mag : b.mag, cr_of(b));
}

/* ---- shifts and truncation ---- */

/* The shift count: the signed byte 7 of VRA (positive shifts left). */
static int shift_count(const struct emu_cpu *cpu, const struct emu_insn *in)
{
        return (int8_t)VB(vr_get(cpu, in->ra), 7);
}

/* The digit count of the truncations: halfword 3 of VRA. */
static unsigned trunc_count(const struct emu_cpu *cpu, const struct emu_insn *in)
{
        return VH(vr_get(cpu, in->ra), 3);
}

/* mag shifted by n decimal digits within a field of `width` digits; a
 * right shift rounds half up when round. */
static u128 dec_shift(u128 mag, int n, unsigned width, bool round, bool *lost)
{
        *lost = false;
        if (n >= 0) {
                if ((unsigned)n >= width) {
                        *lost = mag != 0;
                        return 0;
                }
                u128 kept = keep_digits(mag, width - (unsigned)n, lost);
                return kept * ten_pow((unsigned)n);
        }
        unsigned r = (unsigned)-n;
        if (r > width)
                return 0;
        u128 p = ten_pow(r - 1);
        u128 q = mag / p;                 /* one digit more than the result */
        return q / 10 + (round && q % 10 >= 5);
}

static int bcd_shift(struct emu_cpu *cpu, const struct emu_insn *in, bool round)
{
        EMU_REQUIRE_VEC(cpu);
        struct bcd b;
        bool ov;
        if (!bcd_decode(vb(cpu, in), &b))
                return bcd_invalid(cpu, in);
        b.mag = dec_shift(b.mag, shift_count(cpu, in), BCD_SIGNED_DIGITS, round, &ov);
        return bcd_finish(cpu, in, bcd_encode(b, PS(in)), cr_of(b) | (ov ? CR_SO : 0));
}
static int op_bcds(struct emu_cpu *cpu, const struct emu_insn *in) { return bcd_shift(cpu, in, false); }
static int op_bcdsr(struct emu_cpu *cpu, const struct emu_insn *in) { return bcd_shift(cpu, in, true); }

static int op_bcdus(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        u128 mag;
        bool ov;
        if (!digits_to_bin(vb(cpu, in), 0, BCD_UNSIGNED_DIGITS, &mag))
                return bcd_invalid(cpu, in);
        mag = dec_shift(mag, shift_count(cpu, in), BCD_UNSIGNED_DIGITS, false, &ov);
        return bcd_finish(cpu, in, bin_to_digits(mag, BCD_UNSIGNED_DIGITS),
                          cr_unsigned(mag) | (ov ? CR_SO : 0));
}

static int op_bcdtrunc(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        struct bcd b;
        bool ov = false;
        unsigned n = trunc_count(cpu, in);
        if (!bcd_decode(vb(cpu, in), &b))
                return bcd_invalid(cpu, in);
        if (n < BCD_SIGNED_DIGITS)
                b.mag = keep_digits(b.mag, n, &ov);
        return bcd_finish(cpu, in, bcd_encode(b, PS(in)), cr_of(b) | (ov ? CR_SO : 0));
}

static int op_bcdutrunc(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        u128 mag;
        bool ov = false;
        unsigned n = trunc_count(cpu, in);
        if (!digits_to_bin(vb(cpu, in), 0, BCD_UNSIGNED_DIGITS, &mag))
                return bcd_invalid(cpu, in);
        if (n < BCD_UNSIGNED_DIGITS)
                mag = keep_digits(mag, n, &ov);
        return bcd_finish(cpu, in, bin_to_digits(mag, BCD_UNSIGNED_DIGITS),
                          cr_unsigned(mag) | (ov ? CR_SO : 0));
}

/* ---- table ----
 * VX form with bit 21 set and PS in bit 22 (not part of the match); the
 * bcdcfn. family has a sub-opcode in the VRA field. */
#define BCD_MASK      0xfc0005ffu
#define BCD_SUB_MASK  0xfc1f05ffu
#define BCD_XO(xo)    ((4u << 26) | 0x400u | (uint32_t)(xo))
#define BCD(name, xo)           { #name ".", BCD_MASK, BCD_XO(xo), op_##name, NULL }
#define BCD_SUB(name, xo, sub)  { #name ".", BCD_SUB_MASK, BCD_XO(xo) | ((uint32_t)(sub) << 16), op_##name, NULL }

const struct emu_opdesc emu_ops_vmx_bcd[] = {
        BCD(bcdadd, 0x001), BCD(bcdsub, 0x041), BCD(bcdus, 0x081), BCD(bcds, 0x0c1),
        BCD(bcdtrunc, 0x101), BCD(bcdutrunc, 0x141), BCD(bcdsr, 0x1c1),
        { "bcdcpsgn.", 0xfc0007ffu, (4u << 26) | 833u, op_bcdcpsgn, NULL },   /* no PS */
        BCD_SUB(bcdctsq, 0x181, 0), BCD_SUB(bcdcfsq, 0x181, 2), BCD_SUB(bcdctz, 0x181, 4),
        BCD_SUB(bcdctn, 0x181, 5), BCD_SUB(bcdcfz, 0x181, 6), BCD_SUB(bcdcfn, 0x181, 7),
        BCD_SUB(bcdsetsgn, 0x181, 31),
        { NULL, 0, 0, NULL, NULL },
};
