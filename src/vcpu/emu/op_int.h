/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared by the fixed-point instruction files (op_int.c,
 * op_muldiv.c, op_logic.c, op_compare.c, op_rotate.c, op_cr.c).
 *
 * Record (Rc=1) and overflow-enable (OE=1) forms are separate handlers, made
 * by instantiating one always-inline body with constant flags, so a handler
 * never tests instruction bits at run time.  Table entries come in matching
 * groups: EMU_X_RC gives "op" and "op.", EMU_XO_OE_RC gives "op", "op.",
 * "opo" and "opo.".
 */
#pragma once

#include "cpu.h"

#define EMU_F_RC 1u   /* record form: CR0 from the result */
#define EMU_F_OE 2u   /* OE=1: OV, OV32, SO */

#define EMU_ALWAYS_INLINE static inline __attribute__((always_inline))

/* Handlers op_NAME and op_NAME_rc from body(cpu, in, flags). */
#define EMU_GEN_RC(name, body)                                                  \
        static int op_##name(struct emu_cpu *cpu, const struct emu_insn *in)    \
        { return body(cpu, in, 0); }                                            \
        static int op_##name##_rc(struct emu_cpu *cpu, const struct emu_insn *in) \
        { return body(cpu, in, EMU_F_RC); }

/* ... and op_NAMEo, op_NAMEo_rc. */
#define EMU_GEN_OE_RC(name, body)                                               \
        EMU_GEN_RC(name, body)                                                  \
        static int op_##name##o(struct emu_cpu *cpu, const struct emu_insn *in) \
        { return body(cpu, in, EMU_F_OE); }                                     \
        static int op_##name##o_rc(struct emu_cpu *cpu, const struct emu_insn *in) \
        { return body(cpu, in, EMU_F_OE | EMU_F_RC); }

/* Encodings: primary opcode, and the extended opcode at its position. */
#define EMU_OP(opcd)        ((uint32_t)(opcd) << 26)
#define EMU_X(opcd, xo)     (EMU_OP(opcd) | ((uint32_t)(xo) << 1))
#define EMU_MASK_X          0xfc0007feu   /* opcode, bits 21-30 */
#define EMU_MASK_X_RC       0xfc0007ffu   /* ... and Rc */
#define EMU_MASK_XO_OE_RC   0xfc0007ffu   /* opcode, OE, XO (22-30), Rc */
#define EMU_MASK_XO_RC      0xfc0003ffu   /* bit 21 reserved */
#define EMU_OE_BIT          0x400u

#define EMU_X_RC(nm, opcd, xo, fn, dec)                                         \
        { nm, EMU_MASK_X_RC, EMU_X(opcd, xo), fn, dec },                        \
        { nm ".", EMU_MASK_X_RC, EMU_X(opcd, xo) | 1u, fn##_rc, dec }

#define EMU_XO_RC(nm, xo, fn)                                                   \
        { nm, EMU_MASK_XO_RC, EMU_X(31, xo), fn, NULL },                        \
        { nm ".", EMU_MASK_XO_RC, EMU_X(31, xo) | 1u, fn##_rc, NULL }

#define EMU_XO_OE_RC(nm, xo, fn)                                                \
        { nm, EMU_MASK_XO_OE_RC, EMU_X(31, xo), fn, NULL },                     \
        { nm ".", EMU_MASK_XO_OE_RC, EMU_X(31, xo) | 1u, fn##_rc, NULL },       \
        { nm "o", EMU_MASK_XO_OE_RC, EMU_X(31, xo) | EMU_OE_BIT, fn##o, NULL }, \
        { nm "o.", EMU_MASK_XO_OE_RC, EMU_X(31, xo) | EMU_OE_BIT | 1u, fn##o_rc, NULL }

/* Sets OV and OV32 and makes SO sticky (OE=1 forms). */
static inline void emu_set_ov(struct emu_cpu *cpu, unsigned ov, unsigned ov32)
{
        cpu->ov = ov;
        cpu->ov32 = ov32;
        cpu->so |= ov;
}

/* Sets CA and CA32 from the carries out of bit 0 and out of bit 32 (the
 * low word).  In 32-bit mode CA is the carry out of the low word too. */
static inline void emu_set_ca(struct emu_cpu *cpu, unsigned ca64, unsigned ca32)
{
        cpu->ca = emu_sf(cpu) ? ca64 : ca32;
        cpu->ca32 = ca32;
}

/* The end of every GPR-writing fixed-point instruction with an Rc bit. */
EMU_ALWAYS_INLINE int emu_finish(struct emu_cpu *cpu, unsigned reg, uint64_t val, unsigned flags)
{
        cpu->gpr[reg] = val;
        if (flags & EMU_F_RC)
                emu_update_cr0(cpu, val);
        return EMU_NEXT;
}

/* MASK(mb, me) of the ISA: ones from bit mb to bit me (bit 0 is the most
 * significant), wrapping around when mb > me. */
static inline uint64_t emu_mask64(unsigned mb, unsigned me)
{
        uint64_t from_mb = ~0ull >> mb;
        uint64_t to_me = ~0ull << (63 - me);
        return mb <= me ? from_mb & to_me : from_mb | to_me;
}

/* The CR field value of a comparison (LT, GT or EQ; SO added by callers). */
static inline unsigned emu_cmp_signed(int64_t a, int64_t b)
{
        return a < b ? CR_LT : a > b ? CR_GT : CR_EQ;
}

static inline unsigned emu_cmp_unsigned(uint64_t a, uint64_t b)
{
        return a < b ? CR_LT : a > b ? CR_GT : CR_EQ;
}
