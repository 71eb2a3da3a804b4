/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Address translation with MSR[IR] or MSR[DR] set.  There is no MMU yet (the
 * radix and hash MMUs come with the Linux boot work): every relocated access
 * finds no translation, and raises the storage interrupt a missing page-table
 * entry would (Power ISA 3.0 Book III 6.5, Data and Instruction Storage):
 *   data:        DAR = EA, DSISR[33] "no translation", DSISR[38] for a store;
 *   instruction: SRR0 = EA of the instruction, SRR1[33] "no translation".
 */
#include "cpu.h"
#include "emu.h"

#define DSISR_NOPTE  PPC_BIT32(1)   /* bit 33: 0x40000000 */
#define DSISR_STORE  PPC_BIT32(6)   /* bit 38: 0x02000000 */
#define SRR1_ISI_NOPTE PPC_BIT(33)  /* 0x40000000 */

int emu_mmu_xlate(struct emu_cpu *cpu, uint64_t ea, enum emu_access acc, uint64_t *ret_ra)
{
        (void)ret_ra;
        if (acc == EMU_ACCESS_EXEC)
                return emu_raise(cpu, EXC_INSN_STORAGE, ea, SRR1_ISI_NOPTE);
        cpu->spr[SPR_DAR] = ea;
        cpu->spr[SPR_DSISR] = DSISR_NOPTE | (acc == EMU_ACCESS_WRITE ? DSISR_STORE : 0);
        return emu_raise(cpu, EXC_DATA_STORAGE, cpu->nip, 0);
}
