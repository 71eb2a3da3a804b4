/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Address translation with MSR[IR] or MSR[DR] set.  There is no MMU yet (the
 * radix and hash MMUs come with the Linux boot work): a relocated access
 * raises the data or instruction storage interrupt with "no translation"
 * (DSISR/SRR1 bit 33, 0x40000000), as a missing page-table entry would.
 */
#include "cpu.h"
#include "emu.h"

#define DSISR_NOPTE 0x40000000u

int emu_mmu_xlate(struct emu_cpu *cpu, uint64_t ea, enum emu_access acc, uint64_t *ret_ra)
{
        (void)ret_ra;
        if (acc == EMU_ACCESS_EXEC)
                return emu_raise(cpu, EXC_INSN_STORAGE, cpu->nip, DSISR_NOPTE);
        cpu->spr[SPR_DAR] = ea;
        cpu->spr[SPR_DSISR] = DSISR_NOPTE | (acc == EMU_ACCESS_WRITE ? 0x02000000u : 0);
        return emu_raise(cpu, EXC_DATA_STORAGE, cpu->nip, 0);
}
