/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Address translation with MSR[IR] or MSR[DR] set, for a partition guest
 * (Power ISA 3.0 Book III ch. 6): the partition-scoped level belongs to the
 * hypervisor, so guest real addresses are ppcvmd's guest RAM and only the
 * process-scoped radix tree (mmu_radix.c) or the SLB and hashed page table
 * (mmu_hash.c) translate.  H_REGISTER_PROCESS_TABLE picks one: the process
 * table's PATE1_GR bit means radix.
 *
 * Translations are cached per vcpu in a small direct-mapped table per
 * access kind (read, write, execute) from a 4 KiB EA page to its real page;
 * a hit is a tag compare and an add.  A write entry exists only once the
 * PTE allows the store and has C set, so the cache never skips an R/C
 * update.  MSR[PR] is part of the tag (permissions differ by privilege);
 * data and fetch tables are separate, so MSR[IR/DR] changes need no flush.
 * The cache is checked against the partition's invalidation generation at
 * every use.  When it moved because some vcpu invalidated single pages by
 * EA (tlbie IS=0, mmu_inval.c), only those pages' entries go; after any
 * other invalidation (tlbie by PID, LPID or all, hash hcalls, a new process
 * table), a PID change and - once an entry's rights depended on them - an
 * AMR or IAMR change, the whole cache is dropped.  Dropping is a new epoch
 * in the tags, so it costs nothing until the epoch bits wrap.
 * RAM entries also carry the host address, for the inline load/store path
 * (mmu_inline.h, used by mem_inline.h).
 *
 * Faults (Book III 7.5.3-7.5.6): DSI with DAR = EA and DSISR cause bits
 * (plus bit 38 for a store), ISI with SRR0 = EA and SRR1 cause bits, and the
 * segment interrupts 0x380 (DAR = EA) and 0x480.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mmu_internal.h"
#include "mmu_inline.h"

#define PATE1_GR        PPC_BIT(0)

#define DSISR_NOPTE     PPC_BIT32(1)    /* 0x40000000 */
#define DSISR_PROTFAULT PPC_BIT32(4)    /* 0x08000000 */
#define DSISR_ISSTORE   PPC_BIT32(6)    /* 0x02000000 */
#define DSISR_KEYFAULT  PPC_BIT32(10)   /* 0x00200000 */
#define DSISR_BADCONFIG PPC_BIT32(12)   /* 0x00080000 */

#define SRR1_ISI_NOPTE     PPC_BIT(33)  /* 0x40000000 */
#define SRR1_ISI_N_G       PPC_BIT(35)  /* 0x10000000 no-execute or guarded */
#define SRR1_ISI_PROT      PPC_BIT(36)  /* 0x08000000 */
#define SRR1_ISI_BADCONFIG PPC_BIT(44)  /* 0x00080000 */

#define HPT_SHIFT_MIN 18
#define EPOCH_TAG_MASK 0x3ffu   /* epoch bits kept in tags (bits 2:11) */
#define HPT_SHIFT_MAX 46

/* Cold and out of line: the hit path stays a few instructions.  gen was
 * read before full_gen and the ring head, so nothing published after it
 * can be missed: a later change moves gen again. */
__attribute__((noinline, cold)) static void tlb_reset(struct emu_cpu *cpu, unsigned gen)
{
        struct emu_mmu_tlb *t = &cpu->mmu_tlb;
        struct emu_mmu_vm *m = &cpu->vm->mmu;

        /* A flush is a new epoch in the tags; the table is cleared only
         * when the 10 bits of epoch the tags hold wrap. */
        t->epoch++;
        if (!(t->epoch & EPOCH_TAG_MASK))
                memset(t->e, 0, sizeof(t->e));
        t->tag_bits = (uint64_t)(t->epoch & EPOCH_TAG_MASK) << 2;
        t->gen = gen;
        t->full_gen = atomic_load_explicit(&m->full_gen, memory_order_acquire);
        t->inv_seen = atomic_load_explicit(&m->inv_head, memory_order_acquire);
        t->mem_gen = atomic_load_explicit(&cpu->vm->mem_gen, memory_order_acquire);
        t->pid = cpu->spr[SPR_PID];
        t->amr = cpu->spr[SPR_AMR];
        t->iamr = cpu->spr[SPR_IAMR];
        t->amr_used = false;
}

void emu_mmu_flush(struct emu_cpu *cpu)
{
        tlb_reset(cpu, atomic_load_explicit(&cpu->vm->mmu.gen, memory_order_acquire));
}

void emu_mmu_flush_all(struct emu_vm *vm)
{
        /* Other vcpus compare the generation at their next translation
         * and, seeing full_gen moved too, drop everything. */
        atomic_fetch_add_explicit(&vm->mmu.full_gen, 1u, memory_order_acq_rel);
        atomic_fetch_add_explicit(&vm->mmu.gen, 1u, memory_order_acq_rel);
}

/* The cache went stale.  When only invalidations by EA happened since it
 * was current (gen moved, nothing else did), apply those; else drop all. */
__attribute__((noinline, cold)) static void tlb_refresh(struct emu_cpu *cpu)
{
        struct emu_mmu_tlb *t = &cpu->mmu_tlb;
        struct emu_mmu_vm *m = &cpu->vm->mmu;
        unsigned gen = atomic_load_explicit(&m->gen, memory_order_acquire);
        bool only_gen = t->pid == cpu->spr[SPR_PID] &&
                        t->mem_gen == atomic_load_explicit(&cpu->vm->mem_gen, memory_order_acquire) &&
                        (!t->amr_used || (t->amr == cpu->spr[SPR_AMR] && t->iamr == cpu->spr[SPR_IAMR]));

        if (only_gen && t->full_gen == atomic_load_explicit(&m->full_gen, memory_order_acquire) &&
            emu_mmu_catch_up(cpu, atomic_load_explicit(&m->inv_head, memory_order_acquire))) {
                t->gen = gen;
                return;
        }
        tlb_reset(cpu, gen);
}

static inline void tlb_validate(struct emu_cpu *cpu)
{
        if (__builtin_expect(!emu_mmu_tlb_current(cpu), 0))
                tlb_refresh(cpu);
}

/* Moves with every flush (epoch) and every entry dropped alone (changes). */
unsigned emu_mmu_epoch(struct emu_cpu *cpu)
{
        tlb_validate(cpu);
        return cpu->mmu_tlb.epoch + cpu->mmu_tlb.changes;
}

/* The host address of a translated RAM page, for the fast path. */
static void fill_host(struct emu_cpu *cpu, struct emu_xlate_entry *e, uint64_t ea, uint64_t ra)
{
        uint64_t page = ra & ~0xfffull;
        struct emu_slot *s = emu_slot_of(cpu->vm, page);

        if (!s || !s->pageinfo || page + 0x1000 - s->gpa > s->size)
                return;
        e->addend = (uintptr_t)(s->host + (page - s->gpa)) - (uintptr_t)(ea & ~0xfffull);
        e->pageinfo = &s->pageinfo[(page - s->gpa) >> 12];
}

static uint64_t tlb_tag(const struct emu_cpu *cpu, uint64_t ea)
{
        return (ea & ~0xfffull) | ((cpu->msr & MSR_PR) ? 2u : 0u) | cpu->mmu_tlb.tag_bits | 1u;
}

static struct emu_xlate_entry *tlb_slot(struct emu_cpu *cpu, enum emu_access acc, uint64_t ea)
{
        return &cpu->mmu_tlb.e[acc][(ea >> 12) & (EMU_XLATE_ENTRIES - 1)];
}

static int raise_fault(struct emu_cpu *cpu, uint64_t ea, enum emu_access acc, unsigned f)
{
        if (acc == EMU_ACCESS_EXEC) {
                uint64_t srr1 = 0;

                if (f & MMU_F_SEGMENT)
                        return emu_raise(cpu, EXC_INSN_SEGMENT, ea, 0);
                if (f & MMU_F_NOPTE)
                        srr1 |= SRR1_ISI_NOPTE;
                if (f & MMU_F_NOEXEC)
                        srr1 |= SRR1_ISI_N_G;
                /* IAMR violations report as protection, as Linux expects */
                if (f & (MMU_F_PROT | MMU_F_KEY))
                        srr1 |= SRR1_ISI_PROT;
                if (f & MMU_F_BADCONFIG)
                        srr1 |= SRR1_ISI_BADCONFIG;
                return emu_raise(cpu, EXC_INSN_STORAGE, ea, srr1);
        }
        cpu->spr[SPR_DAR] = ea;
        if (f & MMU_F_SEGMENT)
                return emu_raise(cpu, EXC_DATA_SEGMENT, cpu->nip, 0);
        uint64_t dsisr = acc == EMU_ACCESS_WRITE ? DSISR_ISSTORE : 0;
        if (f & MMU_F_NOPTE)
                dsisr |= DSISR_NOPTE;
        if (f & MMU_F_PROT)
                dsisr |= DSISR_PROTFAULT;
        if (f & MMU_F_KEY)
                dsisr |= DSISR_KEYFAULT;
        if (f & MMU_F_BADCONFIG)
                dsisr |= DSISR_BADCONFIG;
        cpu->spr[SPR_DSISR] = dsisr;
        return emu_raise(cpu, EXC_DATA_STORAGE, cpu->nip, 0);
}

__attribute__((noinline)) static int xlate_slow(struct emu_cpu *cpu, uint64_t ea,
                                                enum emu_access acc, uint64_t *ret_ra)
{
        struct emu_mmu_tlb *t = &cpu->mmu_tlb;
        uint64_t patb = atomic_load_explicit(&cpu->vm->mmu.patb, memory_order_acquire);
        struct mmu_walk w = { 0 };
        unsigned f;

        if (patb & PATE1_GR)
                f = emu_radix_xlate(cpu, patb, ea, acc, &w);
        else
                f = emu_hash_xlate(cpu, ea, acc, &w);
        if (f)
                return raise_fault(cpu, ea, acc, f);
        if (w.amr_dep && !t->amr_used) {
                /* From now on an AMR/IAMR change drops the cache. */
                t->amr_used = true;
                t->amr = cpu->spr[SPR_AMR];
                t->iamr = cpu->spr[SPR_IAMR];
        }
        struct emu_xlate_entry *e = tlb_slot(cpu, acc, ea);
        *e = (struct emu_xlate_entry){
                .tag = tlb_tag(cpu, ea),
                .delta = (w.ra & ~0xfffull) - (ea & ~0xfffull),
        };
        fill_host(cpu, e, ea, w.ra);
        *ret_ra = w.ra;
        return EMU_NEXT;
}

int emu_mmu_xlate(struct emu_cpu *cpu, uint64_t ea, enum emu_access acc, uint64_t *ret_ra)
{
        const struct emu_xlate_entry *e;

        tlb_validate(cpu);
        e = tlb_slot(cpu, acc, ea);
        if (__builtin_expect(e->tag == tlb_tag(cpu, ea), 1)) {
                *ret_ra = ea + e->delta;
                return EMU_NEXT;
        }
        return xlate_slow(cpu, ea, acc, ret_ra);
}

void emu_mmu_set_process_table(struct emu_vm *vm, uint64_t patb)
{
        atomic_store_explicit(&vm->mmu.patb, patb, memory_order_release);
        emu_mmu_flush_all(vm);
}

int emu_mmu_hpt_alloc(struct emu_vm *vm, unsigned shift)
{
        uint8_t *hpt = NULL;

        if (shift && (shift < HPT_SHIFT_MIN || shift > HPT_SHIFT_MAX))
                return -EINVAL;
        if (shift) {
                hpt = calloc(1, (size_t)1 << shift);
                if (!hpt)
                        return -ENOMEM;
        }
        free(vm->mmu.hpt);
        vm->mmu.hpt = hpt;
        vm->mmu.hpt_size = shift ? 1ull << shift : 0;
        emu_mmu_flush_all(vm);
        return 0;
}

unsigned emu_mmu_hpt_shift(const struct emu_vm *vm)
{
        return vm->mmu.hpt_size ? (unsigned)__builtin_ctzll(vm->mmu.hpt_size) : 0;
}

unsigned emu_mmu_hpt_shift_for_ram(uint64_t ram_size)
{
        unsigned shift = HPT_SHIFT_MIN;

        /* RAM rounded up to a power of two, over 128 */
        while (shift < HPT_SHIFT_MAX && (1ull << (shift + 7)) < ram_size)
                shift++;
        return shift;
}

void emu_mmu_vm_fini(struct emu_vm *vm)
{
        free(vm->mmu.hpt);
        vm->mmu.hpt = NULL;
        vm->mmu.hpt_size = 0;
}
