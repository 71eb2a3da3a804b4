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

/*
 * Quadword accesses (mem_quad.c) for lq, stq, lqarx, stqcx.: the 16 bytes
 * at ea as one single-copy-atomic access.  dw[0] is the doubleword at EA,
 * dw[1] the one at EA+8, each in the guest's byte order (the instruction
 * maps them to RTp/RTp+1).  An ea that is not a multiple of 16 raises the
 * alignment interrupt; a quadword outside RAM the data storage interrupt
 * (DSISR_BADACCESS, see mem_internal.h), with nothing read or written.
 * Each returns EMU_NEXT or EMU_JUMP.
 *
 * emu_load_quad with reserve set also takes the reservation (lqarx).
 * emu_store_quad_cond stores only while cpu's lqarx reservation on the
 * granule stands and memory still holds the quadword lqarx read; *ret_ok
 * says whether it stored; the reservation is gone either way.
 */
int emu_load_quad(struct emu_cpu *cpu, uint64_t ea, bool reserve, uint64_t dw[2]);
int emu_store_quad(struct emu_cpu *cpu, uint64_t ea, const uint64_t dw[2]);
int emu_store_quad_cond(struct emu_cpu *cpu, uint64_t ea, const uint64_t dw[2], bool *ret_ok);
