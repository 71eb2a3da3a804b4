/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared by the load/store instruction files (op_ldst.c,
 * op_string.c, op_atomic.c, op_cache.c): effective addresses and the
 * all-or-nothing check that multi-access instructions make before they
 * change anything.
 */
#pragma once

#include "cpu.h"

/* (RA|0): register 0 as a base means the value 0. */
static inline uint64_t emu_ldst_base(const struct emu_cpu *cpu, unsigned ra)
{
        return ra ? cpu->gpr[ra] : 0;
}

/* D, DS and DQ forms: (RA|0) + displacement (decoded into imm). */
static inline uint64_t emu_ldst_ea_d(const struct emu_cpu *cpu, const struct emu_insn *in)
{
        return emu_ea(cpu, emu_ldst_base(cpu, in->ra) + (uint64_t)in->imm);
}

/* X form: (RA|0) + (RB). */
static inline uint64_t emu_ldst_ea_x(const struct emu_cpu *cpu, const struct emu_insn *in)
{
        return emu_ea(cpu, emu_ldst_base(cpu, in->ra) + cpu->gpr[in->rb]);
}

static inline int emu_ldst_invalid(struct emu_cpu *cpu)
{
        return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);
}

/*
 * Checks, before a multi-access instruction (stmw, stswi, stq, ...) writes
 * anything, that all of [ea, ea+len) translates and lies in guest RAM, so
 * that the instruction either completes or changes nothing.  Such accesses
 * cannot be split into MMIO exits; outside RAM they raise what emu_load does
 * for a load with target EMU_TGT_NONE (the illegal-instruction program
 * interrupt), or a machine check when they straddle the end of RAM.
 * Returns EMU_NEXT, or EMU_JUMP after raising an interrupt.
 */
int emu_ldst_probe(struct emu_cpu *cpu, uint64_t ea, unsigned len, bool is_write);
