/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Interrupt entry: SRR0/SRR1, the new MSR, the vector, LPCR[AIL] and
 * LPCR[ILE] (Power ISA 3.0 Book III, 7.4 and 7.5).
 */
#include "cpu.h"
#include "emu.h"

/* SRR1 bits 33:36 and 42:47 carry the cause; the rest copy the MSR. */
#define SRR1_CAUSE_MASK 0x00000000783f0000ull

static uint64_t ail_offset(const struct emu_cpu *cpu, uint32_t vector, bool *keep_reloc)
{
        uint64_t lpcr = atomic_load_explicit(&cpu->vm->lpcr, memory_order_relaxed);
        unsigned ail = (lpcr & LPCR_AIL) >> LPCR_AIL_SHIFT;

        *keep_reloc = false;
        if (vector == EXC_SYSTEM_RESET || vector == EXC_MACHINE_CHECK)
                return 0;
        if (!(cpu->msr & MSR_IR) || !(cpu->msr & MSR_DR))
                return 0;
        switch (ail) {
        case 2:
                *keep_reloc = true;
                return 0x18000;
        case 3:
                *keep_reloc = true;
                return 0xc000000000004000ull;
        default:
                return 0;
        }
}

int emu_raise(struct emu_cpu *cpu, uint32_t vector, uint64_t srr0, uint64_t srr1_bits)
{
        uint64_t lpcr = atomic_load_explicit(&cpu->vm->lpcr, memory_order_relaxed);
        bool keep_reloc;
        uint64_t off = ail_offset(cpu, vector, &keep_reloc);
        uint64_t msr = cpu->msr;
        uint64_t new_msr = (msr & (MSR_HV | MSR_ME)) | MSR_SF;

        if (lpcr & LPCR_ILE)
                new_msr |= MSR_LE;
        if (keep_reloc)
                new_msr |= msr & (MSR_IR | MSR_DR);
        cpu->spr[SPR_SRR0] = srr0;
        cpu->spr[SPR_SRR1] = (msr & ~SRR1_CAUSE_MASK) | (srr1_bits & SRR1_CAUSE_MASK);
        cpu->msr = new_msr;
        cpu->nip = off + vector;
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

int emu_alignment(struct emu_cpu *cpu, uint64_t ea)
{
        cpu->spr[SPR_DAR] = ea;
        return emu_raise(cpu, EXC_ALIGNMENT, cpu->nip, 0);
}

int emu_facility_unavailable(struct emu_cpu *cpu, unsigned fscr_bit)
{
        /* FSCR[IC] (bits 0:7) names the facility. */
        cpu->spr[SPR_FSCR] = (cpu->spr[SPR_FSCR] & 0x00ffffffffffffffull) | ((uint64_t)fscr_bit << 56);
        return emu_raise(cpu, EXC_FAC_UNAVAILABLE, cpu->nip, 0);
}
