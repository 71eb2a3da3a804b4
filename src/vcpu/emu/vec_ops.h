/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Handler-building macros for the VMX instruction files.  A VX-form handler
 * reads VRA and VRB into a and b, computes t and writes VRT; a VA-form one
 * also has c (VRC).  The body sees cpu and in.  Element loops run over the
 * (reversed, see vec.h) arrays, which is right for every operation that
 * treats all elements alike.
 */
#pragma once

#include "vec.h"

#define VX_OP(name, body)                                                       \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VEC(cpu);                                          \
                union vec a = vr_get(cpu, in->ra), b = vr_get(cpu, in->rb);    \
                union vec t = { .q = 0 };                                      \
                (void)a; (void)b;                                              \
                body;                                                          \
                vr_set(cpu, in->rt, t);                                        \
                return EMU_NEXT;                                               \
        }

#define VA_OP(name, body)                                                       \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)   \
        {                                                                      \
                EMU_REQUIRE_VEC(cpu);                                          \
                union vec a = vr_get(cpu, in->ra), b = vr_get(cpu, in->rb);    \
                union vec c = vr_get(cpu, in->rc), t = { .q = 0 };             \
                (void)a; (void)b; (void)c;                                     \
                body;                                                          \
                vr_set(cpu, in->rt, t);                                        \
                return EMU_NEXT;                                               \
        }

/* t.arr[i] = expr for every element (i is the array index). */
#define EACH(arr, expr) \
        for (unsigned i = 0; i < sizeof(t.arr) / sizeof(t.arr[0]); i++) t.arr[i] = (expr)

#define VXO(xo)   ((4u << 26) | (uint32_t)(xo))
#define VX_MASK   0xfc0007ffu
#define VA_MASK   0xfc00003fu
#define VC_MASK   0xfc0003ffu
#define VX_ENTRY(name, xo)  { #name, VX_MASK, VXO(xo), op_##name, NULL }
#define VA_ENTRY(name, xo)  { #name, VA_MASK, VXO(xo), op_##name, NULL }
