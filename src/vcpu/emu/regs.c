/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Registers with rules of their own: XER, kept as separate bits for cheap
 * updates and assembled on demand, and the MSR as the guest may write it.
 */
#include "cpu.h"
#include "emu.h"

uint64_t emu_get_xer(const struct emu_cpu *cpu)
{
        return (cpu->so ? XER_SO : 0) | (cpu->ov ? XER_OV : 0) | (cpu->ca ? XER_CA : 0) |
               (cpu->ov32 ? XER_OV32 : 0) | (cpu->ca32 ? XER_CA32 : 0) | (cpu->xer_bc & XER_BC);
}

void emu_set_xer(struct emu_cpu *cpu, uint64_t xer)
{
        cpu->so = !!(xer & XER_SO);
        cpu->ov = !!(xer & XER_OV);
        cpu->ca = !!(xer & XER_CA);
        cpu->ov32 = !!(xer & XER_OV32);
        cpu->ca32 = !!(xer & XER_CA32);
        cpu->xer_bc = xer & XER_BC;
}

/*
 * MSR bits this vcpu implements.  Transactional memory is not offered (as
 * with QEMU's pseries default cap-htm=off), so MSR[TM] and MSR[TS] stay 0;
 * the other bits (S, reserved ones) read as 0 whatever is written.
 */
#define MSR_IMPL (MSR_SF | MSR_HV | MSR_VEC | MSR_VSX | MSR_EE | MSR_PR | MSR_FP | \
                  MSR_ME | MSR_FE0 | MSR_SE | MSR_BE | MSR_FE1 | MSR_IR | MSR_DR | \
                  MSR_PMM | MSR_RI | MSR_LE)

/*
 * Bits a guest never changes with mtmsr, mtmsrd or rfid (Book III):
 * HV, since MSR[HV] can only be cleared and the partition runs with it 0;
 * ME, which only hypervisor state may alter (QEMU 7.2 lets the guest clear
 * it: a known difference); mtmsr(d) also leaves LE alone: only rfid changes
 * the endianness.
 */
#define MSR_GUEST_FIXED (MSR_HV | MSR_ME)

/* MSR[PR]=1 forces EE, IR and DR to 1: problem state is always relocated
 * and interruptible. */
static uint64_t force_pr(uint64_t msr)
{
        return (msr & MSR_PR) ? msr | MSR_EE | MSR_IR | MSR_DR : msr;
}

uint64_t emu_msr_after_mtmsr(uint64_t msr, uint64_t rs, bool l32, bool l1)
{
        uint64_t mask;

        if (l1)         /* L=1: only EE and RI, both forms */
                return (msr & ~(MSR_EE | MSR_RI)) | (rs & (MSR_EE | MSR_RI));
        mask = MSR_IMPL & ~(MSR_GUEST_FIXED | MSR_LE);
        if (l32)        /* mtmsr: bits 32:63 only */
                mask &= 0xffffffffull;
        return force_pr((msr & ~mask) | (rs & mask));
}

uint64_t emu_msr_after_rfid(uint64_t msr, uint64_t srr1)
{
        uint64_t mask = MSR_IMPL & ~MSR_GUEST_FIXED;

        return force_pr((msr & ~mask) | (srr1 & mask));
}
