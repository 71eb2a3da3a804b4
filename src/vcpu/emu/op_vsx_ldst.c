/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VSX loads and stores (Power ISA 3.0 Book I, 7.6): vector forms with
 * every element order (vec.h), the DQ forms lxv/stxv, the scalar forms,
 * splats, and the variable-length lxvl/lxvll/stxvl/stxvll.
 *
 * Scalar loads write doubleword 0; lxsd and lxssp set doubleword 1 to 0,
 * the X forms leave it unchanged (the ISA leaves it undefined there; QEMU
 * does the same).  lxsd/lxssp/stxsd/stxssp (DS form), whose register is
 * always a VR, require MSR[VEC]; every other form, whatever its register
 * number, is a VSX instruction and requires MSR[VSX].
 */
#include "ldst.h"
#include "vec.h"

/* ---- vector loads/stores, X form ---- */

static int vsx_loadx(struct emu_cpu *cpu, const struct emu_insn *in, enum vec_order order)
{
        union vec v;
        int r;

        EMU_REQUIRE_VSX(cpu);
        r = vec_load16(cpu, emu_ldst_ea_x(cpu, in), order, &v);
        if (r == EMU_NEXT)
                vsr_set(cpu, vsx_xt(in->word), v);
        return r;
}

static int vsx_storex(struct emu_cpu *cpu, const struct emu_insn *in, enum vec_order order)
{
        EMU_REQUIRE_VSX(cpu);
        return vec_store16(cpu, emu_ldst_ea_x(cpu, in), order, vsr_get(cpu, vsx_xt(in->word)));
}

#define VSX_VLDST(name, fn, order) \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in) { return fn(cpu, in, order); }

VSX_VLDST(lxvd2x, vsx_loadx, VEC_D2)
VSX_VLDST(lxvw4x, vsx_loadx, VEC_W4)
VSX_VLDST(lxvh8x, vsx_loadx, VEC_H8)
VSX_VLDST(lxvb16x, vsx_loadx, VEC_B16)
VSX_VLDST(lxvx, vsx_loadx, VEC_Q)
VSX_VLDST(stxvd2x, vsx_storex, VEC_D2)
VSX_VLDST(stxvw4x, vsx_storex, VEC_W4)
VSX_VLDST(stxvh8x, vsx_storex, VEC_H8)
VSX_VLDST(stxvb16x, vsx_storex, VEC_B16)
VSX_VLDST(stxvx, vsx_storex, VEC_Q)

/* ---- DQ form: lxv, stxv (TX/SX at bit 28) ---- */

static unsigned dq_xt(uint32_t w) { return ((w >> 21) & 31) | (((w >> 3) & 1) << 5); }

static void dec_dq(struct emu_insn *in) { in->imm = (int16_t)(in->word & 0xfff0u); }
static void dec_ds(struct emu_insn *in) { in->imm = (int16_t)(in->word & 0xfffcu); }

static int op_lxv(struct emu_cpu *cpu, const struct emu_insn *in)
{
        union vec v;
        int r;

        EMU_REQUIRE_VSX(cpu);
        r = vec_load16(cpu, emu_ldst_ea_d(cpu, in), VEC_Q, &v);
        if (r == EMU_NEXT)
                vsr_set(cpu, dq_xt(in->word), v);
        return r;
}

static int op_stxv(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VSX(cpu);
        return vec_store16(cpu, emu_ldst_ea_d(cpu, in), VEC_Q, vsr_get(cpu, dq_xt(in->word)));
}

/* ---- scalar loads/stores ---- */

enum scalar_kind { SC_DW, SC_SP, SC_IWA, SC_IWZ, SC_BZ, SC_HZ };

static unsigned scalar_size(enum scalar_kind k)
{
        static const unsigned size[] = { 8, 4, 4, 4, 1, 2 };
        return size[k];
}

static int scalar_load(struct emu_cpu *cpu, unsigned xt, uint64_t ea, enum scalar_kind k)
{
        uint64_t v;
        int r = emu_load(cpu, ea, scalar_size(k), k == SC_IWA ? EMU_MEM_SEXT : 0,
                         EMU_TGT_NONE, &v);

        if (r != EMU_NEXT)
                return r;
        if (k == SC_SP)
                v = emu_fp_single_to_double((uint32_t)v);
        cpu->vsr[xt].hi = v;
        return EMU_NEXT;
}

static int scalar_store(struct emu_cpu *cpu, unsigned xs, uint64_t ea, enum scalar_kind k)
{
        uint64_t v = cpu->vsr[xs].hi;

        if (k == SC_SP)
                v = emu_fp_double_to_single(v);
        return emu_store(cpu, ea, scalar_size(k), 0, v);
}

#define VSX_SLOADX(name, kind) \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)            \
        {                                                                              \
                EMU_REQUIRE_VSX(cpu);                                                  \
                return scalar_load(cpu, vsx_xt(in->word), emu_ldst_ea_x(cpu, in), kind); \
        }
#define VSX_SSTOREX(name, kind) \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)             \
        {                                                                               \
                EMU_REQUIRE_VSX(cpu);                                                   \
                return scalar_store(cpu, vsx_xt(in->word), emu_ldst_ea_x(cpu, in), kind); \
        }

VSX_SLOADX(lxsdx, SC_DW)
VSX_SLOADX(lxsspx, SC_SP)
VSX_SLOADX(lxsiwax, SC_IWA)
VSX_SLOADX(lxsiwzx, SC_IWZ)
VSX_SLOADX(lxsibzx, SC_BZ)
VSX_SLOADX(lxsihzx, SC_HZ)
VSX_SSTOREX(stxsdx, SC_DW)
VSX_SSTOREX(stxsspx, SC_SP)
VSX_SSTOREX(stxsiwx, SC_IWZ)
VSX_SSTOREX(stxsibx, SC_BZ)
VSX_SSTOREX(stxsihx, SC_HZ)

/* DS forms: the register is VR RT (VSR 32+RT), so MSR[VEC] governs them. */
static int op_lxsd(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        int r = scalar_load(cpu, 32 + in->rt, emu_ldst_ea_d(cpu, in), SC_DW);
        if (r == EMU_NEXT)
                cpu->vsr[32 + in->rt].lo = 0;
        return r;
}

static int op_lxssp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        int r = scalar_load(cpu, 32 + in->rt, emu_ldst_ea_d(cpu, in), SC_SP);
        if (r == EMU_NEXT)
                cpu->vsr[32 + in->rt].lo = 0;
        return r;
}

static int op_stxsd(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        return scalar_store(cpu, 32 + in->rt, emu_ldst_ea_d(cpu, in), SC_DW);
}

static int op_stxssp(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        return scalar_store(cpu, 32 + in->rt, emu_ldst_ea_d(cpu, in), SC_SP);
}

/* ---- splats ---- */

static int op_lxvwsx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t w;
        union vec v;
        int r;

        EMU_REQUIRE_VSX(cpu);
        r = emu_load(cpu, emu_ldst_ea_x(cpu, in), 4, 0, EMU_TGT_NONE, &w);
        if (r != EMU_NEXT)
                return r;
        for (unsigned i = 0; i < 4; i++)
                v.w[i] = (uint32_t)w;
        vsr_set(cpu, vsx_xt(in->word), v);
        return EMU_NEXT;
}

static int op_lxvdsx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t d;
        int r;

        EMU_REQUIRE_VSX(cpu);
        r = emu_load(cpu, emu_ldst_ea_x(cpu, in), 8, 0, EMU_TGT_NONE, &d);
        if (r != EMU_NEXT)
                return r;
        cpu->vsr[vsx_xt(in->word)] = (struct emu_vsr){ d, d };
        return EMU_NEXT;
}

/* ---- variable length: the byte count is RB[0:7], at most 16 ----
 * lxvl/stxvl use the quadword mapping of the guest's byte order (byte i of
 * memory is register byte i in BE, byte 15-i in LE); the left-justified
 * lxvll/stxvll always map memory byte i to register byte i. */

static unsigned vl_count(const struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned nb = (unsigned)(cpu->gpr[in->rb] >> 56);
        return nb > 16 ? 16 : nb;
}

static int vsx_loadl(struct emu_cpu *cpu, const struct emu_insn *in, bool left)
{
        uint64_t ea = emu_ea(cpu, emu_ldst_base(cpu, in->ra));
        unsigned nb = vl_count(cpu, in);
        bool rev = !left && (cpu->msr & MSR_LE);
        union vec v = { .q = 0 };

        EMU_REQUIRE_VSX(cpu);
        for (unsigned i = 0; i < nb; i++) {
                uint64_t b;
                int r = emu_load(cpu, emu_ea(cpu, ea + i), 1, 0, EMU_TGT_NONE, &b);
                if (r != EMU_NEXT)
                        return r;
                VB(v, rev ? 15 - i : i) = (uint8_t)b;
        }
        vsr_set(cpu, vsx_xt(in->word), v);
        return EMU_NEXT;
}

static int vsx_storel(struct emu_cpu *cpu, const struct emu_insn *in, bool left)
{
        uint64_t ea = emu_ea(cpu, emu_ldst_base(cpu, in->ra));
        unsigned nb = vl_count(cpu, in);
        bool rev = !left && (cpu->msr & MSR_LE);
        union vec v = vsr_get(cpu, vsx_xt(in->word));
        int r;

        EMU_REQUIRE_VSX(cpu);
        if (nb == 0)
                return EMU_NEXT;
        r = emu_ldst_probe(cpu, ea, nb, true);
        for (unsigned i = 0; i < nb && r == EMU_NEXT; i++)
                r = emu_store(cpu, emu_ea(cpu, ea + i), 1, 0, VB(v, rev ? 15 - i : i));
        return r;
}

static int op_lxvl(struct emu_cpu *cpu, const struct emu_insn *in) { return vsx_loadl(cpu, in, false); }
static int op_lxvll(struct emu_cpu *cpu, const struct emu_insn *in) { return vsx_loadl(cpu, in, true); }
static int op_stxvl(struct emu_cpu *cpu, const struct emu_insn *in) { return vsx_storel(cpu, in, false); }
static int op_stxvll(struct emu_cpu *cpu, const struct emu_insn *in) { return vsx_storel(cpu, in, true); }

#define X31(xo)  (0x7c000000u | ((uint32_t)(xo) << 1))
#define XX1MASK  0xfc0007feu
#define DS(op, xo)  (((uint32_t)(op) << 26) | (xo))
#define DQ(op, xo)  (((uint32_t)(op) << 26) | (xo))

const struct emu_opdesc emu_ops_vsx_ldst[] = {
        { "lxvd2x",   XX1MASK, X31(844),  op_lxvd2x,   NULL },
        { "lxvw4x",   XX1MASK, X31(780),  op_lxvw4x,   NULL },
        { "lxvh8x",   XX1MASK, X31(812),  op_lxvh8x,   NULL },
        { "lxvb16x",  XX1MASK, X31(876),  op_lxvb16x,  NULL },
        { "lxvx",     XX1MASK, X31(268),  op_lxvx,     NULL },
        { "stxvd2x",  XX1MASK, X31(972),  op_stxvd2x,  NULL },
        { "stxvw4x",  XX1MASK, X31(908),  op_stxvw4x,  NULL },
        { "stxvh8x",  XX1MASK, X31(940),  op_stxvh8x,  NULL },
        { "stxvb16x", XX1MASK, X31(1004), op_stxvb16x, NULL },
        { "stxvx",    XX1MASK, X31(396),  op_stxvx,    NULL },
        { "lxsdx",    XX1MASK, X31(588),  op_lxsdx,    NULL },
        { "lxsspx",   XX1MASK, X31(524),  op_lxsspx,   NULL },
        { "lxsiwax",  XX1MASK, X31(76),   op_lxsiwax,  NULL },
        { "lxsiwzx",  XX1MASK, X31(12),   op_lxsiwzx,  NULL },
        { "lxsibzx",  XX1MASK, X31(781),  op_lxsibzx,  NULL },
        { "lxsihzx",  XX1MASK, X31(813),  op_lxsihzx,  NULL },
        { "stxsdx",   XX1MASK, X31(716),  op_stxsdx,   NULL },
        { "stxsspx",  XX1MASK, X31(652),  op_stxsspx,  NULL },
        { "stxsiwx",  XX1MASK, X31(140),  op_stxsiwx,  NULL },
        { "stxsibx",  XX1MASK, X31(909),  op_stxsibx,  NULL },
        { "stxsihx",  XX1MASK, X31(941),  op_stxsihx,  NULL },
        { "lxvwsx",   XX1MASK, X31(364),  op_lxvwsx,   NULL },
        { "lxvdsx",   XX1MASK, X31(332),  op_lxvdsx,   NULL },
        { "lxvl",     XX1MASK, X31(269),  op_lxvl,     NULL },
        { "lxvll",    XX1MASK, X31(301),  op_lxvll,    NULL },
        { "stxvl",    XX1MASK, X31(397),  op_stxvl,    NULL },
        { "stxvll",   XX1MASK, X31(429),  op_stxvll,   NULL },
        { "lxsd",     0xfc000003u, DS(57, 2), op_lxsd,   dec_ds },
        { "lxssp",    0xfc000003u, DS(57, 3), op_lxssp,  dec_ds },
        { "stxsd",    0xfc000003u, DS(61, 2), op_stxsd,  dec_ds },
        { "stxssp",   0xfc000003u, DS(61, 3), op_stxssp, dec_ds },
        { "lxv",      0xfc000007u, DQ(61, 1), op_lxv,    dec_dq },
        { "stxv",     0xfc000007u, DQ(61, 5), op_stxv,   dec_dq },
        { NULL, 0, 0, NULL, NULL },
};
