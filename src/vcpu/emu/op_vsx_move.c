/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VSX moves between GPRs and VSRs, logical operations, selects, merges,
 * splats, permutes and byte reversals (Power ISA 3.0 Book I, 7.6).
 *
 * Facility checks: the XX-form logical and permute instructions are VSX
 * instructions whatever their register numbers (MSR[VSX]).  The GPR moves
 * are checked per register as the ISA says: mfvsrd, mfvsrwz, mtvsrd,
 * mtvsrwa and mtvsrwz need MSR[FP] for VSRs 0-31 and MSR[VEC] for VSRs
 * 32-63; mfvsrld, mtvsrdd and mtvsrws need MSR[VSX] and MSR[VEC]
 * respectively.  Doubleword 1 of mtvsrd/mtvsrw[az]'s target is left
 * unchanged (the ISA leaves it undefined).
 */
#include "vec_ops.h"

#define XT(in) vsx_xt((in)->word)
#define XA(in) vsx_xa((in)->word)
#define XB(in) vsx_xb((in)->word)
#define XC(in) vsx_xc((in)->word)

#define XX_OP(name, body)                                                       \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VSX(cpu);                                          \
                union vec a = vsr_get(cpu, XA(in)), b = vsr_get(cpu, XB(in));  \
                union vec t = { .q = 0 };                                      \
                (void)a; (void)b;                                              \
                body;                                                          \
                vsr_set(cpu, XT(in), t);                                       \
                return EMU_NEXT;                                               \
        }

/* ---- moves between GPRs and VSRs ---- */

static int require_fp_or_vec(struct emu_cpu *cpu, unsigned vsr)
{
        if (vsr < 32 && !(cpu->msr & MSR_FP))
                return emu_fp_unavailable(cpu);
        if (vsr >= 32 && !(cpu->msr & MSR_VEC))
                return emu_vmx_unavailable(cpu);
        return EMU_NEXT;
}

static int require_vsx_or_vec(struct emu_cpu *cpu, unsigned vsr)
{
        if (vsr < 32 && !(cpu->msr & MSR_VSX))
                return emu_vsx_unavailable(cpu);
        if (vsr >= 32 && !(cpu->msr & MSR_VEC))
                return emu_vmx_unavailable(cpu);
        return EMU_NEXT;
}

#define MOVE_OP(name, check, body)                                              \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                unsigned x = XT(in);                                           \
                int r = check(cpu, x);                                         \
                if (r != EMU_NEXT)                                             \
                        return r;                                              \
                body;                                                          \
                return EMU_NEXT;                                               \
        }

MOVE_OP(mfvsrd, require_fp_or_vec, cpu->gpr[in->ra] = cpu->vsr[x].hi)
MOVE_OP(mfvsrwz, require_fp_or_vec, cpu->gpr[in->ra] = (uint32_t)cpu->vsr[x].hi)
MOVE_OP(mtvsrd, require_fp_or_vec, cpu->vsr[x].hi = cpu->gpr[in->ra])
MOVE_OP(mtvsrwa, require_fp_or_vec, cpu->vsr[x].hi = (uint64_t)(int64_t)(int32_t)cpu->gpr[in->ra])
MOVE_OP(mtvsrwz, require_fp_or_vec, cpu->vsr[x].hi = (uint32_t)cpu->gpr[in->ra])
MOVE_OP(mfvsrld, require_vsx_or_vec, cpu->gpr[in->ra] = cpu->vsr[x].lo)
MOVE_OP(mtvsrdd, require_vsx_or_vec,
        cpu->vsr[x] = ((struct emu_vsr){ in->ra ? cpu->gpr[in->ra] : 0, cpu->gpr[in->rb] }))
MOVE_OP(mtvsrws, require_vsx_or_vec, {
        uint64_t w = (uint32_t)cpu->gpr[in->ra];
        cpu->vsr[x].hi = cpu->vsr[x].lo = (w << 32) | w;
})

/* ---- logical ---- */

XX_OP(xxland, t.q = a.q & b.q)
XX_OP(xxlandc, t.q = a.q & ~b.q)
XX_OP(xxlor, t.q = a.q | b.q)
XX_OP(xxlxor, t.q = a.q ^ b.q)
XX_OP(xxlnor, t.q = ~(a.q | b.q))
XX_OP(xxlorc, t.q = a.q | ~b.q)
XX_OP(xxlnand, t.q = ~(a.q & b.q))
XX_OP(xxleqv, t.q = ~(a.q ^ b.q))
XX_OP(xxsel, { union vec c = vsr_get(cpu, XC(in)); t.q = (a.q & ~c.q) | (b.q & c.q); })

/* ---- merges, permutes, shifts, splats ---- */

XX_OP(xxmrghw, { VW(t, 0) = VW(a, 0); VW(t, 1) = VW(b, 0); VW(t, 2) = VW(a, 1); VW(t, 3) = VW(b, 1); })
XX_OP(xxmrglw, { VW(t, 0) = VW(a, 2); VW(t, 1) = VW(b, 2); VW(t, 2) = VW(a, 3); VW(t, 3) = VW(b, 3); })
/* DM (bits 22-23) picks each half's doubleword. */
XX_OP(xxpermdi, {
        VD(t, 0) = VD(a, (in->word >> 9) & 1);
        VD(t, 1) = VD(b, (in->word >> 8) & 1);
})
/* SHW (bits 22-23): words of XA || XB from word SHW on. */
XX_OP(xxsldwi, {
        unsigned sh = 32 * ((in->word >> 8) & 3);
        t.q = sh ? (a.q << sh) | (b.q >> (128 - sh)) : a.q;
})
XX_OP(xxspltw, { uint32_t x = VW(b, (in->word >> 16) & 3); EACH(w, x); })
XX_OP(xxspltib, { uint8_t x = (uint8_t)(in->word >> 11); EACH(b, x); })

/* xxperm[r]: bytes of XA || XT selected by XB. */
static union vec perm(union vec a, union vec hi, union vec sel, bool right)
{
        union vec t;
        for (unsigned i = 0; i < 16; i++) {
                unsigned x = VB(sel, i) & 31;
                if (right)
                        x = 31 - x;
                VB(t, i) = x < 16 ? VB(a, x) : VB(hi, x - 16);
        }
        return t;
}
XX_OP(xxperm, t = perm(a, vsr_get(cpu, XT(in)), b, false))
XX_OP(xxpermr, t = perm(a, vsr_get(cpu, XT(in)), b, true))

/* ---- byte reversal ---- */

XX_OP(xxbrh, EACH(h, __builtin_bswap16(b.h[i])))
XX_OP(xxbrw, EACH(w, __builtin_bswap32(b.w[i])))
XX_OP(xxbrd, EACH(d, vec_bswap64(b.d[i])))
XX_OP(xxbrq, { t.d[0] = vec_bswap64(b.d[1]); t.d[1] = vec_bswap64(b.d[0]); })

/* ---- word extract/insert: UIM is a byte offset (bits 12-15); bytes past
 * the end read as 0 and are not written (the ISA leaves UIM > 12 undefined) ---- */

XX_OP(xxextractuw, {
        unsigned off = (in->word >> 16) & 15;
        uint64_t r = 0;
        for (unsigned k = 0; k < 4; k++)
                r = (r << 8) | (off + k < 16 ? VB(b, off + k) : 0);
        VD(t, 0) = r;
})
XX_OP(xxinsertw, {
        unsigned off = (in->word >> 16) & 15;
        uint32_t w = VW(b, 1);
        t = vsr_get(cpu, XT(in));
        for (unsigned k = 0; k < 4; k++)
                if (off + k < 16)
                        VB(t, off + k) = (uint8_t)(w >> (24 - 8 * k));
})

#define X31(xo)    (0x7c000000u | ((uint32_t)(xo) << 1))
#define XX1_MASK   0xfc0007feu
#define XX3(xo)    ((60u << 26) | ((uint32_t)(xo) << 3))
#define XX3_MASK   0xfc0007f8u
#define XX3_DM_MASK 0xfc0004f8u      /* DM/SHW in bits 22-23 */
#define XX2(xo)    ((60u << 26) | ((uint32_t)(xo) << 2))
#define XX2_MASK   0xfc0007fcu
#define XXBR(sub)  (XX2(475) | ((uint32_t)(sub) << 16))

const struct emu_opdesc emu_ops_vsx_move[] = {
        { "mfvsrd",   XX1_MASK, X31(51),  op_mfvsrd,  NULL },
        { "mfvsrwz",  XX1_MASK, X31(115), op_mfvsrwz, NULL },
        { "mtvsrd",   XX1_MASK, X31(179), op_mtvsrd,  NULL },
        { "mtvsrwa",  XX1_MASK, X31(211), op_mtvsrwa, NULL },
        { "mtvsrwz",  XX1_MASK, X31(243), op_mtvsrwz, NULL },
        { "mfvsrld",  XX1_MASK, X31(307), op_mfvsrld, NULL },
        { "mtvsrdd",  XX1_MASK, X31(435), op_mtvsrdd, NULL },
        { "mtvsrws",  XX1_MASK, X31(403), op_mtvsrws, NULL },
        { "xxland",   XX3_MASK, XX3(130), op_xxland,  NULL },
        { "xxlandc",  XX3_MASK, XX3(138), op_xxlandc, NULL },
        { "xxlor",    XX3_MASK, XX3(146), op_xxlor,   NULL },
        { "xxlxor",   XX3_MASK, XX3(154), op_xxlxor,  NULL },
        { "xxlnor",   XX3_MASK, XX3(162), op_xxlnor,  NULL },
        { "xxlorc",   XX3_MASK, XX3(170), op_xxlorc,  NULL },
        { "xxlnand",  XX3_MASK, XX3(178), op_xxlnand, NULL },
        { "xxleqv",   XX3_MASK, XX3(186), op_xxleqv,  NULL },
        { "xxsel",    0xfc000030u, (60u << 26) | 0x30u, op_xxsel, NULL },
        { "xxmrghw",  XX3_MASK, XX3(18),  op_xxmrghw, NULL },
        { "xxmrglw",  XX3_MASK, XX3(50),  op_xxmrglw, NULL },
        { "xxpermdi", XX3_DM_MASK, XX3(10), op_xxpermdi, NULL },
        { "xxsldwi",  XX3_DM_MASK, XX3(2),  op_xxsldwi,  NULL },
        { "xxperm",   XX3_MASK, XX3(26),  op_xxperm,  NULL },
        { "xxpermr",  XX3_MASK, XX3(58),  op_xxpermr, NULL },
        { "xxspltw",  XX2_MASK, XX2(164), op_xxspltw, NULL },
        { "xxspltib", 0xfc1807feu, (60u << 26) | (360u << 1), op_xxspltib, NULL },
        { "xxbrh",    0xfc1f07fcu, XXBR(7),  op_xxbrh, NULL },
        { "xxbrw",    0xfc1f07fcu, XXBR(15), op_xxbrw, NULL },
        { "xxbrd",    0xfc1f07fcu, XXBR(23), op_xxbrd, NULL },
        { "xxbrq",    0xfc1f07fcu, XXBR(31), op_xxbrq, NULL },
        { "xxextractuw", 0xfc1007fcu, XX2(165), op_xxextractuw, NULL },
        { "xxinsertw",   0xfc1007fcu, XX2(181), op_xxinsertw, NULL },
        { NULL, 0, 0, NULL, NULL },
};
