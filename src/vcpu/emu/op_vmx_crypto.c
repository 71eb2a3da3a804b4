/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX cryptography (Power ISA 3.0 Book I, 6.11): the AES rounds, the SHA-2
 * sigma functions and the carry-less (polynomial) multiply-sums that
 * Linux's AES, GHASH and CRC code use.
 *
 * AES state: register byte i is row i % 4 of column i / 4, as FIPS-197
 * maps its input block.  The S-boxes are computed once from their
 * definition (inverse in GF(2^8) modulo x^8+x^4+x^3+x+1, then the affine
 * map) rather than written out.
 */
#include <pthread.h>

#include "vec_ops.h"

/* ---- GF(2^8) ---- */

static uint8_t gf_mul(uint8_t x, uint8_t y)
{
        uint8_t r = 0;
        for (; y; y >>= 1) {
                if (y & 1)
                        r ^= x;
                x = (uint8_t)((x << 1) ^ ((x & 0x80) ? 0x1b : 0));
        }
        return r;
}

static uint8_t sbox[256], inv_sbox[256];
static pthread_once_t sbox_once = PTHREAD_ONCE_INIT;

static uint8_t rotl8(uint8_t v, unsigned n) { return (uint8_t)((v << n) | (v >> (8 - n))); }

static void sbox_init(void)
{
        for (unsigned x = 0; x < 256; x++) {
                /* x^254 is the inverse (0 maps to 0). */
                uint8_t inv = 1, p = (uint8_t)x;
                for (unsigned e = 254; e; e >>= 1, p = gf_mul(p, p))
                        if (e & 1)
                                inv = gf_mul(inv, p);
                if (x == 0)
                        inv = 0;
                uint8_t s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
                sbox[x] = s;
                inv_sbox[s] = (uint8_t)x;
        }
}

/* ---- AES transformations on the state in ISA byte order ---- */

static union vec sub_bytes(union vec s, const uint8_t *box)
{
        for (unsigned i = 0; i < 16; i++)
                s.b[i] = box[s.b[i]];
        return s;
}

/* Row r rotates left by r columns (right for the inverse). */
static union vec shift_rows(union vec s, bool inverse)
{
        union vec t;
        for (unsigned c = 0; c < 4; c++)
                for (unsigned r = 0; r < 4; r++) {
                        unsigned from = inverse ? (c + 4 - r) % 4 : (c + r) % 4;
                        VB(t, 4 * c + r) = VB(s, 4 * from + r);
                }
        return t;
}

/* Each column times the circulant matrix with first row k[0..3]. */
static union vec mix_columns(union vec s, const uint8_t k[4])
{
        union vec t;
        for (unsigned c = 0; c < 4; c++)
                for (unsigned r = 0; r < 4; r++) {
                        uint8_t x = 0;
                        for (unsigned j = 0; j < 4; j++)
                                x ^= gf_mul(k[(j + 4 - r) % 4], VB(s, 4 * c + j));
                        VB(t, 4 * c + r) = x;
                }
        return t;
}

static const uint8_t mix_fwd[4] = { 2, 3, 1, 1 };
static const uint8_t mix_inv[4] = { 14, 11, 13, 9 };

VX_OP(vcipher, {
        pthread_once(&sbox_once, sbox_init);
        t = mix_columns(shift_rows(sub_bytes(a, sbox), false), mix_fwd);
        t.q ^= b.q;
})
VX_OP(vcipherlast, {
        pthread_once(&sbox_once, sbox_init);
        t = shift_rows(sub_bytes(a, sbox), false);
        t.q ^= b.q;
})
/* The inverse round adds the round key before InvMixColumns. */
VX_OP(vncipher, {
        pthread_once(&sbox_once, sbox_init);
        t = sub_bytes(shift_rows(a, true), inv_sbox);
        t.q ^= b.q;
        t = mix_columns(t, mix_inv);
})
VX_OP(vncipherlast, {
        pthread_once(&sbox_once, sbox_init);
        t = sub_bytes(shift_rows(a, true), inv_sbox);
        t.q ^= b.q;
})
VX_OP(vsbox, {
        pthread_once(&sbox_once, sbox_init);
        t = sub_bytes(a, sbox);
})

/* ---- SHA-2 sigma functions: ST (bit 16) picks sigma (0) or Sigma (1),
 * SIX's bit for each element picks function 0 or 1 ---- */

static uint32_t rotr32(uint32_t v, unsigned n) { return (v >> n) | (v << (32 - n)); }
static uint64_t rotr64(uint64_t v, unsigned n) { return (v >> n) | (v << (64 - n)); }

static uint32_t sha256_sigma(uint32_t x, bool st, bool one)
{
        if (!st)
                return one ? rotr32(x, 17) ^ rotr32(x, 19) ^ (x >> 10)
                           : rotr32(x, 7) ^ rotr32(x, 18) ^ (x >> 3);
        return one ? rotr32(x, 6) ^ rotr32(x, 11) ^ rotr32(x, 25)
                   : rotr32(x, 2) ^ rotr32(x, 13) ^ rotr32(x, 22);
}

static uint64_t sha512_sigma(uint64_t x, bool st, bool one)
{
        if (!st)
                return one ? rotr64(x, 19) ^ rotr64(x, 61) ^ (x >> 6)
                           : rotr64(x, 1) ^ rotr64(x, 8) ^ (x >> 7);
        return one ? rotr64(x, 14) ^ rotr64(x, 18) ^ rotr64(x, 41)
                   : rotr64(x, 28) ^ rotr64(x, 34) ^ rotr64(x, 39);
}

#define SHA_ST(in)   (((in)->word >> 15) & 1)
#define SHA_SIX(in)  (((in)->word >> 11) & 15)

VX_OP(vshasigmaw, for (unsigned i = 0; i < 4; i++)
        VW(t, i) = sha256_sigma(VW(a, i), SHA_ST(in), (SHA_SIX(in) >> (3 - i)) & 1))
VX_OP(vshasigmad, for (unsigned i = 0; i < 2; i++)
        VD(t, i) = sha512_sigma(VD(a, i), SHA_ST(in), (SHA_SIX(in) >> (3 - 2 * i)) & 1))

/* ---- carry-less multiply-sum: the XOR of the products of each adjacent
 * pair of elements, in an element twice as wide ---- */

static u128 clmul(uint64_t x, uint64_t y)
{
        u128 r = 0;
        for (unsigned i = 0; i < 64; i++)
                if ((y >> i) & 1)
                        r ^= (u128)x << i;
        return r;
}

VX_OP(vpmsumb, EACH(h, (uint16_t)(clmul(a.b[2 * i], b.b[2 * i]) ^ clmul(a.b[2 * i + 1], b.b[2 * i + 1]))))
VX_OP(vpmsumh, EACH(w, (uint32_t)(clmul(a.h[2 * i], b.h[2 * i]) ^ clmul(a.h[2 * i + 1], b.h[2 * i + 1]))))
VX_OP(vpmsumw, EACH(d, (uint64_t)(clmul(a.w[2 * i], b.w[2 * i]) ^ clmul(a.w[2 * i + 1], b.w[2 * i + 1]))))
VX_OP(vpmsumd, t.q = clmul(a.d[0], b.d[0]) ^ clmul(a.d[1], b.d[1]))

const struct emu_opdesc emu_ops_vmx_crypto[] = {
        VX_ENTRY(vcipher, 1288), VX_ENTRY(vcipherlast, 1289),
        VX_ENTRY(vncipher, 1352), VX_ENTRY(vncipherlast, 1353),
        VX_ENTRY(vsbox, 1480),
        VX_ENTRY(vshasigmaw, 1666), VX_ENTRY(vshasigmad, 1730),
        VX_ENTRY(vpmsumb, 1032), VX_ENTRY(vpmsumh, 1096), VX_ENTRY(vpmsumw, 1160),
        VX_ENTRY(vpmsumd, 1224),
        { NULL, 0, 0, NULL, NULL },
};
