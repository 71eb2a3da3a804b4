/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tlbie and tlbiel (Power ISA 3.0B Book III 6.10.6.x, the radix forms of
 * 7.9.x): what each form must drop from the vcpus' translation caches.
 *
 * Linux on radix invalidates a page it unmaps or changes with tlbie RIC=0,
 * PRS=1, R=1, IS=0: RB holds the EPN (bits 0:51) and the page size AP (bits
 * 56:58), RS the PID.  Dropping every vcpu's whole cache for each of those
 * made every vcpu walk its page tables afresh for every page it touches
 * next.  This form now drops just the 4 KiB entries inside that page, in
 * every vcpu, whatever PID they were filled under (dropping more than the
 * form names is always allowed).  Every other form - by PID, LPID or all
 * (IS=1..3), the page-walk-cache forms (RIC=1, 2: the cache holds whole
 * walks, so a changed directory entry must reach them all), partition
 * scope (PRS=0), hash (R=0), a page size POWER9 does not have - still drops
 * everything, as do the hash hcalls (mmu_hcall.c: the HPT names a virtual
 * address, not the EA the cache is keyed by).
 *
 * tlbiel acts on the issuing vcpu's cache at once.  tlbie publishes the
 * page in a ring of the partition's recent invalidations and moves the
 * partition's generation, which every vcpu compares before each use of its
 * cache (as it did for the full flush): the next use applies the new ring
 * entries (emu_mmu_catch_up).  A vcpu that fell more than the ring behind,
 * or meets an entry being rewritten, drops everything instead.  Ring
 * entries are written like a seqlock: seq cleared, data, seq set.
 */
#include "mmu_internal.h"

/* tlbie/tlbiel instruction fields (X form: RS 6:10, RIC 12:13, PRS 14,
 * R 15, RB 16:20). */
#define TLBIE_RIC(w)    (((w) >> 18) & 3u)
#define TLBIE_PRS(w)    (((w) >> 17) & 1u)
#define TLBIE_R(w)      (((w) >> 16) & 1u)
#define RIC_TLB         0u              /* TLB entries only */

/* RB: EPN 0:51, IS 52:53, AP 56:58. */
#define RB_EPN          0xfffffffffffff000ull
#define RB_IS(rb)       (((rb) >> 10) & 3u)
#define RB_AP(rb)       (((rb) >> 5) & 7u)
#define IS_VA           0u

#define PAGE_SHIFT_MIN  12u
#define XLATE_SPAN_SHIFT (PAGE_SHIFT_MIN + 10u)   /* EMU_XLATE_ENTRIES pages */

/* The radix page sizes (AP encodings) of POWER9; 0: not one of them. */
static unsigned ap_shift(unsigned ap)
{
        switch (ap) {
        case 0: return 12;              /* 4 KiB */
        case 5: return 16;              /* 64 KiB */
        case 1: return 21;              /* 2 MiB */
        case 2: return 30;              /* 1 GiB */
        default: return 0;
        }
}

static bool drop_if_inside(struct emu_xlate_entry *e, uint64_t base, uint64_t end)
{
        uint64_t page = e->tag & ~0xfffull;

        if (!(e->tag & 1u) || page < base || page >= end)
                return false;
        e->tag = 0;
        return true;
}

/* Drops cpu's cached translations of EA pages in [ea, ea + 2^shift). */
static void drop_range(struct emu_cpu *cpu, uint64_t ea, unsigned shift)
{
        struct emu_mmu_tlb *t = &cpu->mmu_tlb;
        uint64_t base = ea & ~((1ull << shift) - 1), end = base + (1ull << shift);

        if (shift >= XLATE_SPAN_SHIFT) {
                for (unsigned acc = 0; acc < 3; acc++)
                        for (unsigned i = 0; i < EMU_XLATE_ENTRIES; i++)
                                drop_if_inside(&t->e[acc][i], base, end);
        } else {
                for (uint64_t a = base; a < end; a += 1ull << PAGE_SHIFT_MIN)
                        for (unsigned acc = 0; acc < 3; acc++)
                                drop_if_inside(&t->e[acc][(a >> PAGE_SHIFT_MIN) &
                                                          (EMU_XLATE_ENTRIES - 1)],
                                               base, end);
        }
        /* The execution loop's page of the last fetch may have been one. */
        t->changes++;
}

bool emu_mmu_catch_up(struct emu_cpu *cpu, uint64_t head)
{
        struct emu_mmu_tlb *t = &cpu->mmu_tlb;
        struct emu_mmu_vm *m = &cpu->vm->mmu;

        if (head - t->inv_seen > EMU_MMU_INV_RING)
                return false;
        for (uint64_t n = t->inv_seen + 1; n <= head; n++) {
                struct emu_mmu_inv *v = &m->inv[n % EMU_MMU_INV_RING];
                uint64_t s1 = atomic_load_explicit(&v->seq, memory_order_acquire);
                uint64_t ea = atomic_load_explicit(&v->ea, memory_order_relaxed);
                unsigned shift = atomic_load_explicit(&v->shift, memory_order_relaxed);

                atomic_thread_fence(memory_order_acquire);
                if (s1 != n || atomic_load_explicit(&v->seq, memory_order_relaxed) != n)
                        return false;
                drop_range(cpu, ea, shift);
        }
        t->inv_seen = head;
        return true;
}

static void ring_lock(struct emu_mmu_vm *m)
{
        unsigned zero = 0;

        while (!atomic_compare_exchange_weak_explicit(&m->inv_lock, &zero, 1u,
                                                      memory_order_acquire, memory_order_relaxed))
                zero = 0;
}

/* tlbie of one page: publish it, then move the generation every vcpu
 * checks (after the entry, so a vcpu that sees the new generation finds
 * the entry). */
static void publish(struct emu_vm *vm, uint64_t ea, unsigned shift)
{
        struct emu_mmu_vm *m = &vm->mmu;

        ring_lock(m);
        uint64_t n = atomic_load_explicit(&m->inv_head, memory_order_relaxed) + 1;
        struct emu_mmu_inv *v = &m->inv[n % EMU_MMU_INV_RING];

        atomic_store_explicit(&v->seq, 0, memory_order_relaxed);
        atomic_thread_fence(memory_order_release);
        atomic_store_explicit(&v->ea, ea, memory_order_relaxed);
        atomic_store_explicit(&v->shift, shift, memory_order_relaxed);
        atomic_store_explicit(&v->seq, n, memory_order_release);
        atomic_store_explicit(&m->inv_head, n, memory_order_release);
        atomic_store_explicit(&m->inv_lock, 0u, memory_order_release);
        atomic_fetch_add_explicit(&m->gen, 1u, memory_order_acq_rel);
}

void emu_mmu_tlbie(struct emu_cpu *cpu, uint32_t word, uint64_t rb, bool global)
{
        unsigned shift = ap_shift(RB_AP(rb));
        bool one_page = RB_IS(rb) == IS_VA && TLBIE_RIC(word) == RIC_TLB && TLBIE_PRS(word) &&
                        TLBIE_R(word) && shift;

        if (!one_page) {
                if (global)
                        emu_mmu_flush_all(cpu->vm);
                else
                        emu_mmu_flush(cpu);
                return;
        }
        if (global)
                publish(cpu->vm, rb & RB_EPN, shift);
        else
                drop_range(cpu, rb & RB_EPN, shift);
}
