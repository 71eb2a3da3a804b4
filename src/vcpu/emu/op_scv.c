/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * scv and rfscv (Power ISA 3.0 Book III, System Call Vectored).
 *
 * scv LEV is a system call that leaves SRR0/SRR1 alone: the return address
 * goes to LR, the MSR to CTR (cause bits 33:36 and 42:47 cleared), and
 * MSR[EE] and MSR[RI] are kept, so a kernel can take it with interrupts
 * still enabled.  It vectors to 0x17000 + 32 * LEV in real mode; when
 * LPCR[AIL] = 3 and the caller ran with IR and DR on, the base is not the
 * real-mode one relocated but 0xc000000000003000 (scv's own AIL-3 base,
 * where Linux puts its system_call_vectored entries; it never runs scv in
 * real mode).  The kernel enables it in FSCR[SCV]; with the bit clear scv raises the
 * facility unavailable interrupt.  Linux turns it on whenever H_SET_MODE
 * grants AIL 3, and user space (glibc) then uses `scv 0` for system calls.
 *
 * rfscv returns: MSR from CTR (under the same rules as rfid), NIA from LR.
 */
#include "cpu.h"
#include "emu.h"

#define FSCR_SCV_LG         12
#define SCV_VECTOR          0x17000ull
#define SCV_VECTOR_AIL3     0xc000000000003000ull
#define MSR_CAUSE_BITS      0x00000000783f0000ull

static int op_scv(struct emu_cpu *cpu, const struct emu_insn *in)
{
        uint64_t lpcr = atomic_load_explicit(&cpu->vm->lpcr, memory_order_relaxed);
        unsigned lev = (in->word >> 5) & 0x7fu;
        bool reloc = ((lpcr & LPCR_AIL) >> LPCR_AIL_SHIFT) == 3 &&
                     (cpu->msr & (MSR_IR | MSR_DR)) == (MSR_IR | MSR_DR);
        uint64_t msr = cpu->msr;

        if (!(cpu->spr[SPR_FSCR] & (1ull << FSCR_SCV_LG)))
                return emu_facility_unavailable(cpu, FSCR_SCV_LG);
        cpu->lr = emu_nia(cpu, cpu->nip + 4);
        cpu->ctr = msr & ~MSR_CAUSE_BITS;
        cpu->msr = MSR_SF | (msr & (MSR_HV | MSR_ME | MSR_EE | MSR_RI)) |
                   ((lpcr & LPCR_ILE) ? MSR_LE : 0) | (reloc ? MSR_IR | MSR_DR : 0);
        cpu->nip = (reloc ? SCV_VECTOR_AIL3 : SCV_VECTOR) + 32ull * lev;
        emu_resv_clear(cpu);
        return EMU_JUMP;
}

static int op_rfscv(struct emu_cpu *cpu, const struct emu_insn *in)
{
        (void)in;
        EMU_REQUIRE_SUPERVISOR(cpu);
        cpu->spr[SPR_CFAR] = cpu->nip;
        cpu->msr = emu_msr_after_rfid(cpu->msr, cpu->ctr);
        cpu->nip = emu_nia(cpu, cpu->lr & ~3ull);
        emu_resv_clear(cpu);
        return EMU_JUMP;
}

const struct emu_opdesc emu_ops_scv[] = {
        { "scv", 0xfc000003u, 0x44000001u, op_scv, NULL },
        { "rfscv", 0xfc0007feu, (19u << 26) | (82u << 1), op_rfscv, NULL },
        { NULL, 0, 0, NULL, NULL },
};
