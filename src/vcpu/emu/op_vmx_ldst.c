/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX loads and stores (Power ISA 3.0 Book I, 6.7): lvx/stvx and their LRU
 * hint forms, the element forms lve*x/stve*x, and lvsl/lvsr.
 *
 * lvx and stvx ignore the low four bits of the address; the element forms
 * align the address to the element size.  In a little-endian guest the
 * quadword is byte-reversed as a whole, so an element at memory offset eb
 * of size n sits at register byte 16 - eb - n (at eb in big-endian).
 * The element loads leave the register's other elements unchanged (the ISA
 * leaves them undefined).
 */
#include "ldst.h"
#include "vec.h"

#define VRT(in) ((in)->rt)

static int vmx_lvx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        union vec v;
        int r;

        EMU_REQUIRE_VEC(cpu);
        r = vec_load16(cpu, emu_ldst_ea_x(cpu, in) & ~15ull, VEC_Q, &v);
        if (r == EMU_NEXT)
                vr_set(cpu, VRT(in), v);
        return r;
}

static int vmx_stvx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        EMU_REQUIRE_VEC(cpu);
        return vec_store16(cpu, emu_ldst_ea_x(cpu, in) & ~15ull, VEC_Q, vr_get(cpu, VRT(in)));
}

/* Register byte offset of an n-byte element at address ea. */
static unsigned elem_offset(const struct emu_cpu *cpu, uint64_t ea, unsigned n)
{
        unsigned eb = (unsigned)(ea & 15);
        return (cpu->msr & MSR_LE) ? 16 - eb - n : eb;
}

static int vmx_lve(struct emu_cpu *cpu, const struct emu_insn *in, unsigned n)
{
        uint64_t ea, val;
        union vec v;
        int r;

        EMU_REQUIRE_VEC(cpu);
        ea = emu_ldst_ea_x(cpu, in) & ~(uint64_t)(n - 1);
        r = emu_load(cpu, ea, n, 0, EMU_TGT_NONE, &val);
        if (r != EMU_NEXT)
                return r;
        v = vr_get(cpu, VRT(in));
        unsigned off = elem_offset(cpu, ea, n);
        for (unsigned i = n; i-- > 0; val >>= 8)
                VB(v, off + i) = (uint8_t)val;
        vr_set(cpu, VRT(in), v);
        return EMU_NEXT;
}

static int vmx_stve(struct emu_cpu *cpu, const struct emu_insn *in, unsigned n)
{
        uint64_t ea, val = 0;
        union vec v;

        EMU_REQUIRE_VEC(cpu);
        ea = emu_ldst_ea_x(cpu, in) & ~(uint64_t)(n - 1);
        v = vr_get(cpu, VRT(in));
        unsigned off = elem_offset(cpu, ea, n);
        for (unsigned i = 0; i < n; i++)
                val = (val << 8) | VB(v, off + i);
        int r = emu_ldst_probe(cpu, ea, n, true);
        return r == EMU_NEXT ? emu_store(cpu, ea, n, 0, val) : r;
}

static int op_lvebx(struct emu_cpu *cpu, const struct emu_insn *in) { return vmx_lve(cpu, in, 1); }
static int op_lvehx(struct emu_cpu *cpu, const struct emu_insn *in) { return vmx_lve(cpu, in, 2); }
static int op_lvewx(struct emu_cpu *cpu, const struct emu_insn *in) { return vmx_lve(cpu, in, 4); }
static int op_stvebx(struct emu_cpu *cpu, const struct emu_insn *in) { return vmx_stve(cpu, in, 1); }
static int op_stvehx(struct emu_cpu *cpu, const struct emu_insn *in) { return vmx_stve(cpu, in, 2); }
static int op_stvewx(struct emu_cpu *cpu, const struct emu_insn *in) { return vmx_stve(cpu, in, 4); }

/* lvsl/lvsr: permute control vectors for unaligned data; no access. */
static int vmx_lvs(struct emu_cpu *cpu, const struct emu_insn *in, bool right)
{
        unsigned sh = (unsigned)(emu_ldst_ea_x(cpu, in) & 15);
        unsigned base = right ? 16 - sh : sh;
        union vec v;

        EMU_REQUIRE_VEC(cpu);
        for (unsigned i = 0; i < 16; i++)
                VB(v, i) = (uint8_t)(base + i);
        vr_set(cpu, VRT(in), v);
        return EMU_NEXT;
}

static int op_lvsl(struct emu_cpu *cpu, const struct emu_insn *in) { return vmx_lvs(cpu, in, false); }
static int op_lvsr(struct emu_cpu *cpu, const struct emu_insn *in) { return vmx_lvs(cpu, in, true); }

#define X31(xo)  (0x7c000000u | ((uint32_t)(xo) << 1))
#define XMASK    0xfc0007ffu

const struct emu_opdesc emu_ops_vmx_ldst[] = {
        { "lvsl",   XMASK, X31(6),   op_lvsl,   NULL },
        { "lvsr",   XMASK, X31(38),  op_lvsr,   NULL },
        { "lvebx",  XMASK, X31(7),   op_lvebx,  NULL },
        { "lvehx",  XMASK, X31(39),  op_lvehx,  NULL },
        { "lvewx",  XMASK, X31(71),  op_lvewx,  NULL },
        { "lvx",    XMASK, X31(103), vmx_lvx,   NULL },
        { "lvxl",   XMASK, X31(359), vmx_lvx,   NULL },
        { "stvebx", XMASK, X31(135), op_stvebx, NULL },
        { "stvehx", XMASK, X31(167), op_stvehx, NULL },
        { "stvewx", XMASK, X31(199), op_stvewx, NULL },
        { "stvx",   XMASK, X31(231), vmx_stvx,  NULL },
        { "stvxl",  XMASK, X31(487), vmx_stvx,  NULL },
        { NULL, 0, 0, NULL, NULL },
};
