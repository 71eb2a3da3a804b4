/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point loads and stores (Power ISA 3.0 Book I, 3.3.2-3.3.5): byte,
 * halfword, word and doubleword, algebraic, byte-reversed and update forms,
 * and the quadword lq/stq.  Load/store multiple and string are in
 * op_string.c, larx/stcx. and the atomic memory operations in op_atomic.c,
 * cache management in op_cache.c.
 *
 * Choices where the ISA leaves room (QEMU does the same):
 * - update forms with RA=0, and load update forms with RA=RT, are invalid
 *   forms: they raise the illegal-instruction program interrupt;
 * - in 32-bit mode (MSR[SF]=0) the EA is computed modulo 2^32 and an update
 *   form writes that 32-bit EA, with the high-order 32 bits 0, into RA;
 * - the reserved bit 31 of the X forms is ignored;
 * - lq/stq: an EA that is not a multiple of 16 raises the alignment
 *   interrupt; the quadword is one single-copy-atomic access, as the ISA
 *   requires; outside RAM it raises the data storage interrupt with
 *   DSISR_BADACCESS, as the ISA does for caching-inhibited storage and KVM
 *   for MMIO it cannot emulate (mem_quad.c).
 */
#include "ldst.h"

#define PAGE_SIZE_MIN 4096u

int emu_ldst_probe(struct emu_cpu *cpu, uint64_t ea, unsigned len, bool is_write)
{
        bool some_ram = false;

        for (unsigned off = 0; off < len;) {
                uint64_t a = emu_ea(cpu, ea + off);
                unsigned chunk = PAGE_SIZE_MIN - (unsigned)(a & (PAGE_SIZE_MIN - 1));
                uint64_t ra;
                int r;

                if (chunk > len - off)
                        chunk = len - off;
                r = emu_xlate_data(cpu, a, is_write, &ra);
                if (r != EMU_NEXT)
                        return r;
                if (!emu_ram_ptr(cpu->vm, ra, chunk)) {
                        if (some_ram || emu_ram_ptr(cpu->vm, ra, 1) ||
                            emu_ram_ptr(cpu->vm, ra + chunk - 1, 1))
                                return emu_raise(cpu, EXC_MACHINE_CHECK, cpu->nip, 0);
                        return emu_ldst_invalid(cpu);
                }
                some_ram = true;
                off += chunk;
        }
        return EMU_NEXT;
}

/* The four shapes every load and store takes; ea already computed.  Each
 * is inlined into its handlers, so that size and flags are constants in
 * emu_load/emu_store's fast path (left to itself, GCC kept `load` out of
 * line: a run-time size took the byte loop for every access). */
#define LDST_SHAPE static inline __attribute__((always_inline)) int

LDST_SHAPE load(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t ea,
                unsigned size, unsigned flags)
{
        uint64_t v;
        int r = emu_load(cpu, ea, size, flags, EMU_TGT(EMU_TGT_GPR, in->rt), &v);

        if (r == EMU_NEXT)
                cpu->gpr[in->rt] = v;
        return r;
}

/* On an MMIO exit RT is completed by the next run; RA is updated now. */
LDST_SHAPE load_update(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t ea,
                       unsigned size, unsigned flags)
{
        int r;

        if (in->ra == 0 || in->ra == in->rt)
                return emu_ldst_invalid(cpu);
        r = load(cpu, in, ea, size, flags);
        if (r != EMU_JUMP)
                cpu->gpr[in->ra] = ea;
        return r;
}

LDST_SHAPE store(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t ea,
                 unsigned size, unsigned flags)
{
        return emu_store(cpu, ea, size, flags, cpu->gpr[in->rt]);
}

/* RA=RS is valid: the old RS is stored, then RA receives the EA. */
LDST_SHAPE store_update(struct emu_cpu *cpu, const struct emu_insn *in, uint64_t ea,
                        unsigned size, unsigned flags)
{
        int r;

        if (in->ra == 0)
                return emu_ldst_invalid(cpu);
        r = store(cpu, in, ea, size, flags);
        if (r != EMU_JUMP)
                cpu->gpr[in->ra] = ea;
        return r;
}

/* op_<mnemonic>: shape, EA form (d or x), size, flags. */
#define LDST_OP(mn, shape, form, size, flags)                                      \
        static int op_##mn(struct emu_cpu *cpu, const struct emu_insn *in)         \
        {                                                                          \
                return shape(cpu, in, emu_ldst_ea_##form(cpu, in), size, flags);   \
        }

LDST_OP(lbz,   load,         d, 1, 0)
LDST_OP(lbzu,  load_update,  d, 1, 0)
LDST_OP(lbzx,  load,         x, 1, 0)
LDST_OP(lbzux, load_update,  x, 1, 0)
LDST_OP(lhz,   load,         d, 2, 0)
LDST_OP(lhzu,  load_update,  d, 2, 0)
LDST_OP(lhzx,  load,         x, 2, 0)
LDST_OP(lhzux, load_update,  x, 2, 0)
LDST_OP(lha,   load,         d, 2, EMU_MEM_SEXT)
LDST_OP(lhau,  load_update,  d, 2, EMU_MEM_SEXT)
LDST_OP(lhax,  load,         x, 2, EMU_MEM_SEXT)
LDST_OP(lhaux, load_update,  x, 2, EMU_MEM_SEXT)
LDST_OP(lwz,   load,         d, 4, 0)
LDST_OP(lwzu,  load_update,  d, 4, 0)
LDST_OP(lwzx,  load,         x, 4, 0)
LDST_OP(lwzux, load_update,  x, 4, 0)
LDST_OP(lwa,   load,         d, 4, EMU_MEM_SEXT)
LDST_OP(lwax,  load,         x, 4, EMU_MEM_SEXT)
LDST_OP(lwaux, load_update,  x, 4, EMU_MEM_SEXT)
LDST_OP(ld,    load,         d, 8, 0)
LDST_OP(ldu,   load_update,  d, 8, 0)
LDST_OP(ldx,   load,         x, 8, 0)
LDST_OP(ldux,  load_update,  x, 8, 0)
LDST_OP(stb,   store,        d, 1, 0)
LDST_OP(stbu,  store_update, d, 1, 0)
LDST_OP(stbx,  store,        x, 1, 0)
LDST_OP(stbux, store_update, x, 1, 0)
LDST_OP(sth,   store,        d, 2, 0)
LDST_OP(sthu,  store_update, d, 2, 0)
LDST_OP(sthx,  store,        x, 2, 0)
LDST_OP(sthux, store_update, x, 2, 0)
LDST_OP(stw,   store,        d, 4, 0)
LDST_OP(stwu,  store_update, d, 4, 0)
LDST_OP(stwx,  store,        x, 4, 0)
LDST_OP(stwux, store_update, x, 4, 0)
LDST_OP(std,   store,        d, 8, 0)
LDST_OP(stdu,  store_update, d, 8, 0)
LDST_OP(stdx,  store,        x, 8, 0)
LDST_OP(stdux, store_update, x, 8, 0)
LDST_OP(lhbrx,  load,  x, 2, EMU_MEM_BYTEREV)
LDST_OP(lwbrx,  load,  x, 4, EMU_MEM_BYTEREV)
LDST_OP(ldbrx,  load,  x, 8, EMU_MEM_BYTEREV)
LDST_OP(sthbrx, store, x, 2, EMU_MEM_BYTEREV)
LDST_OP(stwbrx, store, x, 4, EMU_MEM_BYTEREV)
LDST_OP(stdbrx, store, x, 8, EMU_MEM_BYTEREV)

/*
 * lq RTp,DQ(RA).  Big-endian: RTp gets the doubleword at EA, RTp+1 the one
 * at EA+8.  Little-endian: RTp gets the byte-reversed doubleword at EA+8,
 * RTp+1 the byte-reversed one at EA (emu_load_quad already reads each in
 * guest byte order).  RTp odd or RTp=RA (including RTp=RA=0) is invalid.
 * The quadword is read in one single-copy-atomic access (mem_quad.c).
 */
static int op_lq(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ea = emu_ldst_ea_d(cpu, in), dw[2];
        bool le = cpu->msr & MSR_LE;
        int r;

        if ((in->rt & 1) || in->rt == in->ra)
                return emu_ldst_invalid(cpu);
        r = emu_load_quad(cpu, ea, false, dw);
        if (r != EMU_NEXT)
                return r;
        cpu->gpr[in->rt] = dw[le];
        cpu->gpr[in->rt + 1] = dw[!le];
        return EMU_NEXT;
}

/* stq RSp,DS(RA): the mirror of lq.  RSp odd is invalid. */
static int op_stq(struct emu_cpu *cpu, const struct emu_insn *in)
{
        bool le = cpu->msr & MSR_LE;
        uint64_t dw[2];

        if (in->rt & 1)
                return emu_ldst_invalid(cpu);
        dw[le] = cpu->gpr[in->rt];
        dw[!le] = cpu->gpr[in->rt + 1];
        return emu_store_quad(cpu, emu_ldst_ea_d(cpu, in), dw);
}

/*
 * lbzcix, lhzcix, lwzcix, ldcix, stbcix, sthcix, stwcix, stdcix (Book III
 * 5.9.1) are hypervisor privileged.  In problem state they raise the
 * privileged-instruction program interrupt; in the guest's supervisor state
 * real hardware traps to the hypervisor, which (as KVM-HV does) reflects an
 * illegal-instruction program interrupt.
 */
static int op_cix(struct emu_cpu *cpu, const struct emu_insn *in)
{
        (void)in;
        EMU_REQUIRE_SUPERVISOR(cpu);
        return emu_ldst_invalid(cpu);
}

/* DS form: the displacement is DS||0b00; bits 30-31 select the instruction. */
static void decode_ds(struct emu_insn *in)
{
        in->imm = (int16_t)(in->word & 0xfffcu);
}

/* DQ form: the displacement is DQ||0b0000; bits 28-31 are reserved. */
static void decode_dq(struct emu_insn *in)
{
        in->imm = (int16_t)(in->word & 0xfff0u);
}

#define D(op)        0xfc000000u, ((uint32_t)(op) << 26)
#define DS(op, xo)   0xfc000003u, (((uint32_t)(op) << 26) | (xo))
#define X(xo)        0xfc0007feu, ((31u << 26) | ((uint32_t)(xo) << 1))

const struct emu_opdesc emu_ops_ldst[] = {
        { "lwz",    D(32), op_lwz,  NULL },
        { "lwzu",   D(33), op_lwzu, NULL },
        { "lbz",    D(34), op_lbz,  NULL },
        { "lbzu",   D(35), op_lbzu, NULL },
        { "stw",    D(36), op_stw,  NULL },
        { "stwu",   D(37), op_stwu, NULL },
        { "stb",    D(38), op_stb,  NULL },
        { "stbu",   D(39), op_stbu, NULL },
        { "lhz",    D(40), op_lhz,  NULL },
        { "lhzu",   D(41), op_lhzu, NULL },
        { "lha",    D(42), op_lha,  NULL },
        { "lhau",   D(43), op_lhau, NULL },
        { "sth",    D(44), op_sth,  NULL },
        { "sthu",   D(45), op_sthu, NULL },
        { "lq",     D(56), op_lq,   decode_dq },
        { "ld",     DS(58, 0), op_ld,   decode_ds },
        { "ldu",    DS(58, 1), op_ldu,  decode_ds },
        { "lwa",    DS(58, 2), op_lwa,  decode_ds },
        { "std",    DS(62, 0), op_std,  decode_ds },
        { "stdu",   DS(62, 1), op_stdu, decode_ds },
        { "stq",    DS(62, 2), op_stq,  decode_ds },
        { "ldx",    X(21),  op_ldx,   NULL },
        { "lwzx",   X(23),  op_lwzx,  NULL },
        { "ldux",   X(53),  op_ldux,  NULL },
        { "lwzux",  X(55),  op_lwzux, NULL },
        { "lbzx",   X(87),  op_lbzx,  NULL },
        { "lbzux",  X(119), op_lbzux, NULL },
        { "stdx",   X(149), op_stdx,  NULL },
        { "stwx",   X(151), op_stwx,  NULL },
        { "stdux",  X(181), op_stdux, NULL },
        { "stwux",  X(183), op_stwux, NULL },
        { "stbx",   X(215), op_stbx,  NULL },
        { "stbux",  X(247), op_stbux, NULL },
        { "lhzx",   X(279), op_lhzx,  NULL },
        { "lhzux",  X(311), op_lhzux, NULL },
        { "lwax",   X(341), op_lwax,  NULL },
        { "lhax",   X(343), op_lhax,  NULL },
        { "lwaux",  X(373), op_lwaux, NULL },
        { "lhaux",  X(375), op_lhaux, NULL },
        { "sthx",   X(407), op_sthx,  NULL },
        { "sthux",  X(439), op_sthux, NULL },
        { "ldbrx",  X(532), op_ldbrx, NULL },
        { "lwbrx",  X(534), op_lwbrx, NULL },
        { "stdbrx", X(660), op_stdbrx, NULL },
        { "stwbrx", X(662), op_stwbrx, NULL },
        { "lhbrx",  X(790), op_lhbrx, NULL },
        { "sthbrx", X(918), op_sthbrx, NULL },
        { "lwzcix", X(789),  op_cix, NULL },
        { "lhzcix", X(821),  op_cix, NULL },
        { "lbzcix", X(853),  op_cix, NULL },
        { "ldcix",  X(885),  op_cix, NULL },
        { "stwcix", X(917),  op_cix, NULL },
        { "sthcix", X(949),  op_cix, NULL },
        { "stbcix", X(981),  op_cix, NULL },
        { "stdcix", X(1013), op_cix, NULL },
        { NULL, 0, 0, NULL, NULL },
};
