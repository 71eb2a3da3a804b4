/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Cache management (Power ISA 3.0 Book II, 4.3) and the copy-paste
 * facility's cp_abort (Book II, 4.4.1).  The emulator has no caches, so
 * most of these only keep their architected interrupts:
 *
 * - dcbt, dcbtst (any TH: dcbtt, dcbtstt, stream hints) and icbt are hints
 *   and never cause an interrupt: no-ops;
 * - dcbf (L=0), dcbfl (L=1), dcbflp (L=3) and dcbst are treated as loads
 *   for protection: they translate the EA (a data storage interrupt if
 *   that fails) and do nothing else; dcbf with the reserved L=2 is an
 *   invalid form (illegal);
 * - icbi translates like a load and bumps the code generation of a page
 *   holding decoded code (see op_icbi for why stores alone do not do);
 * - dcbz zeroes the 128-byte block (EMU_DCBZ_SIZE) holding the EA with
 *   ordinary stores (so reservations and decoded code see it).  A block
 *   outside RAM gets the alignment interrupt with DAR = EA, which is what
 *   POWER processors do for dcbz to caching-inhibited storage and what
 *   Linux's alignment handler emulates with plain stores;
 * - cp_abort: no copy buffer exists, so nothing to abort (QEMU: no-op too);
 * - copy and paste. are not implemented: the sPAPR platform here has no
 *   accelerator to paste to, so they stay illegal instructions, as in QEMU;
 * - dcbi is not part of Power ISA 3.0 for Server processors: illegal (QEMU
 *   7.2 treats it as privileged).  The hypervisor-only cache-inhibited
 *   loads/stores (lbzcix, ...) are in op_ldst.c.
 * None of these is privileged.
 */
#include <string.h>

#include "emu.h"
#include "ldst.h"

static int op_hint(struct emu_cpu *cpu, const struct emu_insn *in)
{
        (void)cpu;
        (void)in;
        return EMU_NEXT;
}

/* Translate the EA as a load would; the result is not needed. */
static int touch_block(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ra;

        return emu_xlate_data(cpu, emu_ldst_ea_x(cpu, in), false, &ra);
}

static int op_dcbf(struct emu_cpu *cpu, const struct emu_insn *in)
{
        unsigned l = (in->word >> 21) & 3;

        if (l == 2)
                return emu_ldst_invalid(cpu);
        return touch_block(cpu, in);
}

static int op_dcbst(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return touch_block(cpu, in);
}

/*
 * icbi is the step of the cross-modifying-code sequence (Book II 1.9: the
 * writer stores, dcbst, sync, icbi, sync, isync; the executor isync) that
 * names the modified block.  Every store to a page holding decoded code
 * bumps its generation (mem.c), but a store checks the page's code bit with
 * a plain load, which the host may perform before the store is visible to
 * other threads (x86-64 lets a load pass an earlier store; the JIT's store
 * template even loads the bit first).  A vcpu that marked the page (an
 * atomic fetch_or, a full barrier) and read the old words in that window
 * keeps a stale decode no bump reports: the store-buffering pattern.  Here
 * the fence orders this vcpu's earlier stores before its own look at the
 * bit, so either that vcpu read the new words or the bit is seen set and the
 * bump makes every vcpu decode the page afresh at its next block entry,
 * which the executor's isync is.  A fence per store would cost every store;
 * this costs only icbi, which the sequence requires anyway.
 */
static int op_icbi(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ra;
        int r = emu_xlate_data(cpu, emu_ldst_ea_x(cpu, in), false, &ra);

        if (r != EMU_NEXT)
                return r;
        atomic_thread_fence(memory_order_seq_cst);
        emu_note_code_write(cpu->vm, ra, 1);
        return EMU_NEXT;
}

/*
 * Linux clears every page it hands out with dcbz, so the common case is
 * one memset: while no vcpu holds a reservation (emu_store's own fast-path
 * condition) there is none to clear, and only decoded code must be told.
 * Otherwise ordinary stores clear other vcpus' reservations on the block.
 */
static int op_dcbz(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t ea = emu_ldst_ea_x(cpu, in);
        uint64_t block = ea & ~(uint64_t)(EMU_DCBZ_SIZE - 1);
        struct emu_vm *vm = cpu->vm;
        uint64_t ra;
        uint8_t *p;
        int r;

        r = emu_xlate_data(cpu, block, true, &ra);
        if (r != EMU_NEXT)
                return r;
        p = emu_ram_ptr(vm, ra, EMU_DCBZ_SIZE);
        if (!p)
                return emu_alignment(cpu, ea);
        if (!atomic_load_explicit(&vm->nresv, memory_order_acquire)) {
                memset(p, 0, EMU_DCBZ_SIZE);
                emu_note_code_write(vm, ra, EMU_DCBZ_SIZE);
                return EMU_NEXT;
        }
        for (unsigned off = 0; r == EMU_NEXT && off < EMU_DCBZ_SIZE; off += 8)
                r = emu_store(cpu, block + off, 8, 0, 0);
        return r;
}

#define X(xo)  0xfc0007feu, ((31u << 26) | ((uint32_t)(xo) << 1))

const struct emu_opdesc emu_ops_cache[] = {
        { "icbt",     X(22),   op_hint,  NULL },
        { "dcbst",    X(54),   op_dcbst, NULL },
        { "dcbf",     X(86),   op_dcbf,  NULL },
        { "dcbtst",   X(246),  op_hint,  NULL },
        { "dcbt",     X(278),  op_hint,  NULL },
        { "cp_abort", X(838),  op_hint,  NULL },
        { "icbi",     X(982),  op_icbi,  NULL },
        { "dcbz",     X(1014), op_dcbz,  NULL },
        { NULL, 0, 0, NULL, NULL },
};
