/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point rotate and shift (Power ISA 3.0 Book I, 3.3.14-3.3.15).
 *
 * Decoding computes every mask (aux) and immediate shift count (imm), so the
 * handlers are a rotate and an AND.  The word rotates work on the low word
 * doubled into both halves (ROTL32), and their MASK(MB+32, ME+32) wraps when
 * MB > ME, letting the rotated copy through in the high word too.
 *
 * Algebraic right shifts set CA and CA32 alike: 1 when the source is
 * negative and any 1 bits were shifted out.
 */
#include "op_int.h"

#define RS (cpu->gpr[in->rt])
#define RB (cpu->gpr[in->rb])

static inline uint64_t rotl64(uint64_t v, unsigned n)
{
        return (v << (n & 63)) | (v >> ((64 - n) & 63));
}

static inline uint64_t rotl32(uint64_t v, unsigned n)
{
        uint64_t w = (uint32_t)v;
        return rotl64(w | w << 32, n);
}

/* rlwinm, rldicl, rldicr, rldic: RA = ROTL(RS, imm) & aux. */
EMU_ALWAYS_INLINE int rlwinm_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return emu_finish(cpu, in->ra, rotl32(RS, (unsigned)in->imm) & in->aux, f); }
EMU_ALWAYS_INLINE int rlwnm_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return emu_finish(cpu, in->ra, rotl32(RS, RB & 31) & in->aux, f); }
EMU_ALWAYS_INLINE int rldic_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return emu_finish(cpu, in->ra, rotl64(RS, (unsigned)in->imm) & in->aux, f); }
EMU_ALWAYS_INLINE int rldc_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return emu_finish(cpu, in->ra, rotl64(RS, RB & 63) & in->aux, f); }

/* Rotate and insert under the mask. */
EMU_ALWAYS_INLINE int rlwimi_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        uint64_t m = in->aux;
        return emu_finish(cpu, in->ra, (rotl32(RS, (unsigned)in->imm) & m) | (cpu->gpr[in->ra] & ~m), f);
}

EMU_ALWAYS_INLINE int rldimi_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        uint64_t m = in->aux;
        return emu_finish(cpu, in->ra, (rotl64(RS, (unsigned)in->imm) & m) | (cpu->gpr[in->ra] & ~m), f);
}

EMU_GEN_RC(rlwinm, rlwinm_body)
EMU_GEN_RC(rlwnm, rlwnm_body)
EMU_GEN_RC(rlwimi, rlwimi_body)
EMU_GEN_RC(rldic, rldic_body)
EMU_GEN_RC(rldc, rldc_body)
EMU_GEN_RC(rldimi, rldimi_body)

/* M form: SH (bits 16-20), MB (21-25), ME (26-30). */
static void decode_m(struct emu_insn *in)
{
        unsigned mb = (in->word >> 6) & 31u, me = (in->word >> 1) & 31u;

        in->imm = in->rb;
        in->aux = emu_mask64(mb + 32, me + 32);
}

/* MD/MDS forms: sh = bit 30 || bits 16-20, mb/me = bit 26 || bits 21-25. */
static unsigned md_sh(uint32_t w) { return ((w >> 11) & 31u) | ((w >> 1) & 1u) << 5; }
static unsigned md_mb(uint32_t w) { return ((w >> 6) & 31u) | ((w >> 5) & 1u) << 5; }

static void decode_rldicl(struct emu_insn *in)
{
        in->imm = md_sh(in->word);
        in->aux = emu_mask64(md_mb(in->word), 63);
}

static void decode_rldicr(struct emu_insn *in)
{
        in->imm = md_sh(in->word);
        in->aux = emu_mask64(0, md_mb(in->word));
}

/* rldic and rldimi: MASK(mb, 63 - sh). */
static void decode_rldic(struct emu_insn *in)
{
        unsigned sh = md_sh(in->word);

        in->imm = sh;
        in->aux = emu_mask64(md_mb(in->word), 63 - sh);
}

static void decode_rldcl(struct emu_insn *in) { in->aux = emu_mask64(md_mb(in->word), 63); }
static void decode_rldcr(struct emu_insn *in) { in->aux = emu_mask64(0, md_mb(in->word)); }

/* Logical shifts: counts with bit 5 (words) or bit 6 (doublewords) set
 * shift everything out. */
EMU_ALWAYS_INLINE int slw_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        unsigned n = RB & 63;
        return emu_finish(cpu, in->ra, n < 32 ? (uint32_t)(RS << n) : 0, f);
}

EMU_ALWAYS_INLINE int srw_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        unsigned n = RB & 63;
        return emu_finish(cpu, in->ra, n < 32 ? (uint32_t)RS >> n : 0, f);
}

EMU_ALWAYS_INLINE int sld_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        unsigned n = RB & 127;
        return emu_finish(cpu, in->ra, n < 64 ? RS << n : 0, f);
}

EMU_ALWAYS_INLINE int srd_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        unsigned n = RB & 127;
        return emu_finish(cpu, in->ra, n < 64 ? RS >> n : 0, f);
}

/* v >> n (n <= 63) with CA = v negative and 1 bits shifted out.  The word
 * forms pass the sign-extended low word, so counts 32-63 leave all sign. */
EMU_ALWAYS_INLINE int sra(struct emu_cpu *cpu, const struct emu_insn *in, int64_t v, unsigned n,
                          unsigned f)
{
        uint64_t lost = (uint64_t)v & ((1ull << n) - 1);
        unsigned ca = v < 0 && lost != 0;

        cpu->ca = ca;
        cpu->ca32 = ca;
        return emu_finish(cpu, in->ra, (uint64_t)(v >> n), f);
}

EMU_ALWAYS_INLINE int sraw_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return sra(cpu, in, (int32_t)RS, RB & 63, f); }
EMU_ALWAYS_INLINE int srawi_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return sra(cpu, in, (int32_t)RS, (unsigned)in->imm, f); }
EMU_ALWAYS_INLINE int sradi_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{ return sra(cpu, in, (int64_t)RS, (unsigned)in->imm, f); }

/* srad: a count of 64-127 shifts everything out, as a shift by 63 does,
 * except that a lone sign bit is shifted out too. */
EMU_ALWAYS_INLINE int srad_body(struct emu_cpu *cpu, const struct emu_insn *in, unsigned f)
{
        unsigned n = RB & 127;
        int64_t v = (int64_t)RS;

        if (n < 64)
                return sra(cpu, in, v, n, f);
        cpu->ca = v < 0;
        cpu->ca32 = v < 0;
        return emu_finish(cpu, in->ra, (uint64_t)(v >> 63), f);
}

EMU_GEN_RC(slw, slw_body)
EMU_GEN_RC(srw, srw_body)
EMU_GEN_RC(sld, sld_body)
EMU_GEN_RC(srd, srd_body)
EMU_GEN_RC(sraw, sraw_body)
EMU_GEN_RC(srawi, srawi_body)
EMU_GEN_RC(srad, srad_body)
EMU_GEN_RC(sradi, sradi_body)

static void decode_srawi(struct emu_insn *in) { in->imm = in->rb; }
static void decode_sradi(struct emu_insn *in) { in->imm = md_sh(in->word); }

#define MASK_M   0xfc000001u
#define MASK_MD  0xfc00001du   /* XO in bits 27-29 */
#define MASK_MDS 0xfc00001fu   /* XO in bits 27-30 */
#define MASK_XS  0xfc0007fdu   /* XO in bits 21-29 */

#define RC_PAIR(nm, mask, match, fn, dec)                                       \
        { nm, mask, match, fn, dec }, { nm ".", mask, (match) | 1u, fn##_rc, dec }

const struct emu_opdesc emu_ops_rotate[] = {
        RC_PAIR("rlwinm", MASK_M, EMU_OP(21), op_rlwinm, decode_m),
        RC_PAIR("rlwnm", MASK_M, EMU_OP(23), op_rlwnm, decode_m),
        RC_PAIR("rlwimi", MASK_M, EMU_OP(20), op_rlwimi, decode_m),
        RC_PAIR("rldicl", MASK_MD, EMU_OP(30) | (0u << 2), op_rldic, decode_rldicl),
        RC_PAIR("rldicr", MASK_MD, EMU_OP(30) | (1u << 2), op_rldic, decode_rldicr),
        RC_PAIR("rldic", MASK_MD, EMU_OP(30) | (2u << 2), op_rldic, decode_rldic),
        RC_PAIR("rldimi", MASK_MD, EMU_OP(30) | (3u << 2), op_rldimi, decode_rldic),
        RC_PAIR("rldcl", MASK_MDS, EMU_OP(30) | (8u << 1), op_rldc, decode_rldcl),
        RC_PAIR("rldcr", MASK_MDS, EMU_OP(30) | (9u << 1), op_rldc, decode_rldcr),
        EMU_X_RC("slw", 31, 24, op_slw, NULL),
        EMU_X_RC("srw", 31, 536, op_srw, NULL),
        EMU_X_RC("sld", 31, 27, op_sld, NULL),
        EMU_X_RC("srd", 31, 539, op_srd, NULL),
        EMU_X_RC("sraw", 31, 792, op_sraw, NULL),
        EMU_X_RC("srawi", 31, 824, op_srawi, decode_srawi),
        EMU_X_RC("srad", 31, 794, op_srad, NULL),
        RC_PAIR("sradi", MASK_XS, EMU_OP(31) | (413u << 2), op_sradi, decode_sradi),
        { NULL, 0, 0, NULL, NULL },
};
