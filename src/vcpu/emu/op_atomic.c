/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Load and reserve / store conditional (Power ISA 3.0 Book II, 4.4.2).  The
 * atomic memory operations lwat, ldat, stwat, stdat are in op_amo.c.
 *
 * larx/stcx.:
 * - the EA must be naturally aligned, else the alignment interrupt;
 * - the reservation (mem.c) is on the 128-byte granule of the real
 *   address; a store by another vcpu to it, or a changed value, makes the
 *   stcx. fail; stcx. clears the reservation whether it succeeds or not;
 * - stcx. sets CR0 to 0b00 || success || XER[SO]; the encodings with bit 31
 *   clear are not instructions (illegal); the larx EH hint is ignored;
 * - larx and stcx. outside RAM raise the data storage interrupt with
 *   DSISR_BADACCESS (and DSISR_ISSTORE for stcx.), touching nothing: the
 *   ISA's outcome for these instructions on caching-inhibited storage, and
 *   what KVM injects for an MMIO access it cannot emulate;
 * - lqarx: RTp odd, RTp=RA or RTp=RB is invalid (illegal); stqcx.: RSp odd
 *   is invalid.  Both access the quadword as one single-copy-atomic access
 *   (mem_quad.c); stqcx. compares and stores the whole quadword in one
 *   host compare-and-swap.  Outside RAM they raise the data storage
 *   interrupt with DSISR_BADACCESS, as lq and stq do.
 */
#include "ldst.h"
#include "mem_internal.h"

static int larx(struct emu_cpu *cpu, const struct emu_insn *in, unsigned size)
{
        uint64_t ea = emu_ldst_ea_x(cpu, in), ra, v;
        int r;

        if (ea & (size - 1))
                return emu_alignment(cpu, ea);
        r = emu_xlate_data(cpu, ea, false, &ra);
        if (r != EMU_NEXT)
                return r;
        if (!emu_ram_ptr(cpu->vm, ra, size))
                return emu_mem_bad_access(cpu, ea, false);
        r = emu_load(cpu, ea, size, 0, EMU_TGT_NONE, &v);
        if (r != EMU_NEXT)
                return r;
        emu_resv_set(cpu, ra, size, v);
        cpu->gpr[in->rt] = v;
        return EMU_NEXT;
}

static void set_stcx_cr0(struct emu_cpu *cpu, bool ok)
{
        emu_set_crf(cpu, 0, (ok ? CR_EQ : 0) | cpu->so);
}

/* Stores val at ea (one access of size bytes) if the reservation holds. */
static int stcx(struct emu_cpu *cpu, uint64_t ea, unsigned size, uint64_t val, bool *ret_ok)
{
        uint64_t ra;
        int r;

        if (ea & (size - 1))
                return emu_alignment(cpu, ea);
        r = emu_xlate_data(cpu, ea, true, &ra);
        if (r != EMU_NEXT)
                return r;
        if (emu_resv_store(cpu, ra, size, 0, val, ret_ok) < 0)
                return emu_mem_bad_access(cpu, ea, true);
        return EMU_NEXT;
}

static int stcx_op(struct emu_cpu *cpu, const struct emu_insn *in, unsigned size)
{
        bool ok;
        int r = stcx(cpu, emu_ldst_ea_x(cpu, in), size, cpu->gpr[in->rt], &ok);

        if (r == EMU_NEXT)
                set_stcx_cr0(cpu, ok);
        return r;
}

static int op_lbarx(struct emu_cpu *cpu, const struct emu_insn *in) { return larx(cpu, in, 1); }
static int op_lharx(struct emu_cpu *cpu, const struct emu_insn *in) { return larx(cpu, in, 2); }
static int op_lwarx(struct emu_cpu *cpu, const struct emu_insn *in) { return larx(cpu, in, 4); }
static int op_ldarx(struct emu_cpu *cpu, const struct emu_insn *in) { return larx(cpu, in, 8); }
static int op_stbcx(struct emu_cpu *cpu, const struct emu_insn *in) { return stcx_op(cpu, in, 1); }
static int op_sthcx(struct emu_cpu *cpu, const struct emu_insn *in) { return stcx_op(cpu, in, 2); }
static int op_stwcx(struct emu_cpu *cpu, const struct emu_insn *in) { return stcx_op(cpu, in, 4); }
static int op_stdcx(struct emu_cpu *cpu, const struct emu_insn *in) { return stcx_op(cpu, in, 8); }

/* lqarx: register order as lq (big-endian: RTp from EA; little-endian:
 * RTp from EA+8, byte-reversed); the quadword is read atomically and is
 * what stqcx. compares. */
static int op_lqarx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        bool le = cpu->msr & MSR_LE;
        uint64_t dw[2];
        int r;

        if ((in->rt & 1) || in->rt == in->ra || in->rt == in->rb)
                return emu_ldst_invalid(cpu);
        r = emu_load_quad(cpu, emu_ldst_ea_x(cpu, in), true, dw);
        if (r != EMU_NEXT)
                return r;
        cpu->gpr[in->rt] = dw[le];
        cpu->gpr[in->rt + 1] = dw[!le];
        return EMU_NEXT;
}

static int op_stqcx(struct emu_cpu *cpu, const struct emu_insn *in)
{
        bool le = cpu->msr & MSR_LE;
        uint64_t dw[2];
        bool ok;
        int r;

        if (in->rt & 1)
                return emu_ldst_invalid(cpu);
        dw[le] = cpu->gpr[in->rt];
        dw[!le] = cpu->gpr[in->rt + 1];
        r = emu_store_quad_cond(cpu, emu_ldst_ea_x(cpu, in), dw, &ok);
        if (r == EMU_NEXT)
                set_stcx_cr0(cpu, ok);
        return r;
}

#define X(xo)     0xfc0007feu, ((31u << 26) | ((uint32_t)(xo) << 1))
#define XRC1(xo)  0xfc0007ffu, ((31u << 26) | ((uint32_t)(xo) << 1) | 1u)

const struct emu_opdesc emu_ops_atomic[] = {
        { "lwarx",   X(20),     op_lwarx, NULL },
        { "lbarx",   X(52),     op_lbarx, NULL },
        { "ldarx",   X(84),     op_ldarx, NULL },
        { "lharx",   X(116),    op_lharx, NULL },
        { "lqarx",   X(276),    op_lqarx, NULL },
        { "stwcx.",  XRC1(150), op_stwcx, NULL },
        { "stqcx.",  XRC1(182), op_stqcx, NULL },
        { "stdcx.",  XRC1(214), op_stdcx, NULL },
        { "stbcx.",  XRC1(694), op_stbcx, NULL },
        { "sthcx.",  XRC1(726), op_sthcx, NULL },
        { NULL, 0, 0, NULL, NULL },
};
