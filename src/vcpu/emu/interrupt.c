/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Interrupt entry for a partition guest (Power ISA 3.0 Book III, 6.5
 * "Interrupt Definitions"): SRR0/SRR1, the new MSR, the vector, LPCR[AIL]
 * and LPCR[ILE].
 *
 * Every interrupt here is a privileged (non-hypervisor) one: the guest's
 * hypervisor interrupts (hypervisor emulation assistance, hypervisor
 * facility unavailable, ...) are ppcvmd's business, and reach the guest the
 * way KVM reflects them: an emulation assistance interrupt becomes a program
 * interrupt with the illegal-instruction cause.
 *
 * The trace interrupt (0xd00) is raised by the step loop (trace.c) and the
 * performance monitor interrupt (0xf00) between two of its instructions
 * (pmu.c has the alert rules); both enter here like any other.
 */
#include "cpu.h"
#include "emu.h"

/* SRR1 bits 33:36 and 42:47 carry the cause; the rest copy the MSR. */
#define SRR1_CAUSE_MASK 0x00000000783f0000ull

/* LPCR[AIL] values (bits 39:40). */
#define AIL_OFFSET_18000   2u
#define AIL_OFFSET_C000    3u

/*
 * Relocation-on interrupts (LPCR[AIL], Book III 6.5): apply only when the
 * interrupted context ran with both IR and DR on, and never to system reset
 * and machine check, which are always taken in real mode at the vector.
 */
static uint64_t ail_offset(const struct emu_cpu *cpu, uint32_t vector, uint64_t lpcr)
{
        unsigned ail = (unsigned)((lpcr & LPCR_AIL) >> LPCR_AIL_SHIFT);

        if (vector == EXC_SYSTEM_RESET || vector == EXC_MACHINE_CHECK)
                return 0;
        if ((cpu->msr & (MSR_IR | MSR_DR)) != (MSR_IR | MSR_DR))
                return 0;
        if (ail == AIL_OFFSET_18000)
                return 0x18000;
        if (ail == AIL_OFFSET_C000)
                return 0xc000000000004000ull;
        return 0;   /* 0, and the reserved value 1 */
}

/*
 * The MSR an interrupt sets: SF=1, LE=LPCR[ILE], HV unchanged, ME unchanged
 * (cleared by a machine check), IR and DR kept when AIL relocates the
 * vector (they were both 1), every other bit 0.
 */
static uint64_t interrupt_msr(const struct emu_cpu *cpu, uint32_t vector, uint64_t lpcr,
                              bool relocated)
{
        uint64_t msr = MSR_SF | (cpu->msr & (MSR_HV | MSR_ME));

        if (lpcr & LPCR_ILE)
                msr |= MSR_LE;
        if (relocated)
                msr |= MSR_IR | MSR_DR;
        if (vector == EXC_MACHINE_CHECK)
                msr &= ~MSR_ME;
        return msr;
}

int emu_raise(struct emu_cpu *cpu, uint32_t vector, uint64_t srr0, uint64_t srr1_bits)
{
        uint64_t lpcr = atomic_load_explicit(&cpu->vm->lpcr, memory_order_relaxed);
        uint64_t off = ail_offset(cpu, vector, lpcr);

        cpu->spr[SPR_SRR0] = srr0;
        cpu->spr[SPR_SRR1] = (cpu->msr & ~SRR1_CAUSE_MASK) | (srr1_bits & SRR1_CAUSE_MASK);
        cpu->msr = interrupt_msr(cpu, vector, lpcr, off != 0);
        cpu->nip = off + vector;
        /* For the step loop: this instruction did not complete.  A trace
         * interrupt still owed after an MMIO exit is superseded (run()
         * delivered an interrupt before the loop could take it). */
        cpu->nraised++;
        cpu->trace_pending = false;
        /* The architecture lets an interrupt lose the reservation; dropping
         * it always keeps a handler's stcx. from pairing with a larx of the
         * interrupted code. */
        emu_resv_clear(cpu);
        return EMU_JUMP;
}

int emu_program(struct emu_cpu *cpu, uint64_t srr1_bits)
{
        return emu_raise(cpu, EXC_PROGRAM, cpu->nip, srr1_bits);
}

int emu_fp_unavailable(struct emu_cpu *cpu)
{
        return emu_raise(cpu, EXC_FP_UNAVAILABLE, cpu->nip, 0);
}

int emu_vmx_unavailable(struct emu_cpu *cpu)
{
        return emu_raise(cpu, EXC_VMX_UNAVAILABLE, cpu->nip, 0);
}

int emu_vsx_unavailable(struct emu_cpu *cpu)
{
        return emu_raise(cpu, EXC_VSX_UNAVAILABLE, cpu->nip, 0);
}

/*
 * Alignment: DAR gets the effective address.  ISA 3.0 dropped the optional
 * DSISR information for alignment interrupts (POWER9 leaves DSISR alone;
 * Linux decodes the instruction instead), so DSISR is not touched.
 */
int emu_alignment(struct emu_cpu *cpu, uint64_t ea)
{
        cpu->spr[SPR_DAR] = ea;
        return emu_raise(cpu, EXC_ALIGNMENT, cpu->nip, 0);
}

/* FSCR[IC] (bits 0:7) names the facility; the other FSCR bits stay. */
#define FSCR_IC_SHIFT 56

int emu_facility_unavailable(struct emu_cpu *cpu, unsigned fscr_bit)
{
        uint64_t fscr = cpu->spr[SPR_FSCR] & ~(0xffull << FSCR_IC_SHIFT);

        cpu->spr[SPR_FSCR] = fscr | ((uint64_t)(fscr_bit & 0xff) << FSCR_IC_SHIFT);
        return emu_raise(cpu, EXC_FAC_UNAVAILABLE, cpu->nip, 0);
}
