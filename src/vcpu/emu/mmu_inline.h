/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The MMU's translation cache as the data fast path and the execution loop
 * may consult it (mmu.c fills it).  Header only; needs struct emu_cpu.
 *
 * emu_mmu_tlb_current: the cache still describes the current translation
 * state (partition invalidation generation, PID, guest RAM layout, and
 * AMR/IAMR once an entry's rights depended on them).  When it is not,
 * every entry is stale; emu_mmu_xlate then starts afresh.
 *
 * emu_mmu_host_hit: for a relocated access of `size` bytes at ea that stays
 * in one page, the cached entry with a host address (host = e->addend + ea),
 * or NULL (take the slow path, which translates, faults and fills).  acc is
 * 0 read, 1 write, 2 execute (enum emu_access).  A write entry exists only
 * where the store is allowed and C is already set.  Stores through it must
 * still bump e->pageinfo's code generation as mem_inline.h does.
 */
#pragma once

static inline bool emu_mmu_tlb_current(const struct emu_cpu *cpu)
{
        const struct emu_mmu_tlb *t = &cpu->mmu_tlb;

        return t->gen == atomic_load_explicit(&cpu->vm->mmu.gen, memory_order_acquire) &&
               t->pid == cpu->spr[SPR_PID] &&
               t->mem_gen == atomic_load_explicit(&cpu->vm->mem_gen, memory_order_relaxed) &&
               (!t->amr_used || (t->amr == cpu->spr[SPR_AMR] && t->iamr == cpu->spr[SPR_IAMR]));
}

/* Whether emu_mmu_epoch would still return epoch, without its call: a
 * cache that is not current reads as changed (the caller translates
 * afresh, which refreshes it). */
static inline bool emu_mmu_epoch_is(const struct emu_cpu *cpu, unsigned epoch)
{
        return emu_mmu_tlb_current(cpu) && cpu->mmu_tlb.epoch + cpu->mmu_tlb.changes == epoch;
}

static inline const struct emu_xlate_entry *emu_mmu_host_hit(const struct emu_cpu *cpu, uint64_t ea,
                                                             unsigned size, unsigned acc)
{
        const struct emu_xlate_entry *e = &cpu->mmu_tlb.e[acc][(ea >> 12) & (EMU_XLATE_ENTRIES - 1)];
        uint64_t tag = (ea & ~0xfffull) | ((cpu->msr & MSR_PR) ? 2u : 0u) | cpu->mmu_tlb.tag_bits | 1u;

        if (e->tag != tag || !e->addend || (ea & 0xfff) + size > 0x1000 || !emu_mmu_tlb_current(cpu))
                return NULL;
        return e;
}

/* For emu_load/emu_store (mem_inline.h): with MSR[DR] set, the entry for a
 * RAM access that needs no alignment interrupt, or NULL.  acc 0 load,
 * 1 store. */
static inline const struct emu_xlate_entry *emu_mmu_data_hit(const struct emu_cpu *cpu, uint64_t ea,
                                                             unsigned size, unsigned flags,
                                                             unsigned acc)
{
        if (!(cpu->msr & MSR_DR) || ((flags & EMU_MEM_ALIGN) && (ea & (size - 1))))
                return NULL;
        return emu_mmu_host_hit(cpu, ea, size, acc);
}
