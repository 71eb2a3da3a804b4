/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * 16-byte vector loads and stores in both byte orders (see vec.h).
 */
#include "ldst.h"
#include "vec.h"

static uint64_t swap_halves32(uint64_t v) { return (v << 32) | (v >> 32); }

static uint64_t swap_halfwords(uint64_t v)
{
        v = ((v & 0x0000ffff0000ffffull) << 16) | ((v >> 16) & 0x0000ffff0000ffffull);
        return swap_halves32(v);
}

/* The doubleword value an LE guest access sees -> the register's
 * doubleword for the element order (each transform is its own inverse). */
static uint64_t le_fix(enum vec_order order, uint64_t v)
{
        switch (order) {
        case VEC_B16: return vec_bswap64(v);
        case VEC_H8:  return swap_halfwords(v);
        case VEC_W4:  return swap_halves32(v);
        default:      return v;
        }
}

int vec_load16(struct emu_cpu *cpu, uint64_t ea, enum vec_order order, union vec *ret)
{
        uint64_t a, b;
        int r = emu_load(cpu, ea, 8, 0, EMU_TGT_NONE, &a);

        if (r == EMU_NEXT)
                r = emu_load(cpu, emu_ea(cpu, ea + 8), 8, 0, EMU_TGT_NONE, &b);
        if (r != EMU_NEXT)
                return r;
        if (cpu->msr & MSR_LE) {
                if (order == VEC_Q) {
                        uint64_t t = a;
                        a = b;
                        b = t;
                } else {
                        a = le_fix(order, a);
                        b = le_fix(order, b);
                }
        }
        VD(*ret, 0) = a;
        VD(*ret, 1) = b;
        return EMU_NEXT;
}

int vec_store16(struct emu_cpu *cpu, uint64_t ea, enum vec_order order, union vec v)
{
        uint64_t a = VD(v, 0), b = VD(v, 1);
        int r = emu_ldst_probe(cpu, ea, 16, true);

        if (r != EMU_NEXT)
                return r;
        if (cpu->msr & MSR_LE) {
                if (order == VEC_Q) {
                        uint64_t t = a;
                        a = b;
                        b = t;
                } else {
                        a = le_fix(order, a);
                        b = le_fix(order, b);
                }
        }
        r = emu_store(cpu, ea, 8, 0, a);
        if (r == EMU_NEXT)
                r = emu_store(cpu, emu_ea(cpu, ea + 8), 8, 0, b);
        return r;
}
