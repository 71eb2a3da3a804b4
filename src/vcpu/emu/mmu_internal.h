/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Between the MMU files: a table walk's answer, and the page-table access
 * helpers (page tables are big-endian whatever MSR[LE] says).
 */
#pragma once

#include <endian.h>

#include "cpu.h"
#include "emu.h"

/* Why a translation failed: a set of causes, mapped to DSISR/SRR1 bits by
 * mmu.c (several may hold at once, as PP and key violations can). */
#define MMU_F_SEGMENT   0x01u   /* no SLB entry / EA outside the radix tree */
#define MMU_F_NOPTE     0x02u   /* no valid PTE */
#define MMU_F_PROT      0x04u   /* PP or EAA forbid the access */
#define MMU_F_KEY       0x08u   /* AMR/IAMR forbid it (hash storage keys) */
#define MMU_F_NOEXEC    0x10u   /* fetch from no-execute or guarded storage */
#define MMU_F_BADCONFIG 0x20u   /* radix: malformed table */

struct mmu_walk {
        uint64_t ra;            /* real address of the EA */
        bool amr_dep;           /* AMR/IAMR took part in the permission */
};

/* Each returns 0 with *w filled, or an MMU_F_* set. */
unsigned emu_radix_xlate(struct emu_cpu *cpu, uint64_t patb, uint64_t ea,
                         enum emu_access acc, struct mmu_walk *w);
unsigned emu_hash_xlate(struct emu_cpu *cpu, uint64_t ea, enum emu_access acc,
                        struct mmu_walk *w);

/* Access rights as a walk computes them. */
#define MMU_PROT_R 1u
#define MMU_PROT_W 2u
#define MMU_PROT_X 4u

static inline unsigned mmu_need(enum emu_access acc)
{
        return acc == EMU_ACCESS_READ ? MMU_PROT_R : acc == EMU_ACCESS_WRITE ? MMU_PROT_W : MMU_PROT_X;
}

/* The 8-byte table entry at real address ra (8-aligned), or NULL when it
 * is not in RAM. */
static inline _Atomic uint64_t *mmu_entry(struct emu_vm *vm, uint64_t ra)
{
        return (_Atomic uint64_t *)emu_ram_ptr(vm, ra & ~7ull, 8);
}

static inline uint64_t mmu_load_be(_Atomic uint64_t *p)
{
        return be64toh(atomic_load_explicit(p, memory_order_acquire));
}

/* Sets bits (R, C) of a big-endian entry atomically; true if any was clear. */
static inline bool mmu_set_bits_be(_Atomic uint64_t *p, uint64_t cur, uint64_t bits)
{
        if ((cur & bits) == bits)
                return false;
        atomic_fetch_or_explicit(p, htobe64(bits), memory_order_acq_rel);
        return true;
}

/*
 * Hashed page table entries (the layout sPAPR guests give H_ENTER): dword 0
 * B(0:1) AVPN(2:56) SW L H V; dword 1 PP0 KEY_HI RPN KEY_LO R C WIMG N PP.
 */
#define HPTE_V_SSIZE_SHIFT 62
#define HPTE_V_AVPN_SHIFT  7
#define HPTE_V_AVPN        0x3fffffffffffff80ull
#define HPTE_V_LARGE       0x4ull
#define HPTE_V_SECONDARY   0x2ull
#define HPTE_V_VALID       0x1ull
/* What a search compares: B, AVPN, H and V. */
#define HPTE_V_COMPARE     0xffffffffffffff83ull

#define HPTE_R_PP0         PPC_BIT(0)
#define HPTE_R_KEY_HI      0x3000000000000000ull
#define HPTE_R_RPN         0x0ffffffffffff000ull
#define HPTE_R_KEY_LO      0xe00ull
#define HPTE_R_R           0x100ull
#define HPTE_R_C           0x80ull
#define HPTE_R_W           0x40ull
#define HPTE_R_I           0x20ull
#define HPTE_R_M           0x10ull
#define HPTE_R_G           0x8ull
#define HPTE_R_WIMG        0x78ull
#define HPTE_R_N           0x4ull
#define HPTE_R_PP          0x3ull

#define HPTES_PER_GROUP    8u
#define HPTE_SIZE          16u
#define HPTEG_SIZE         (HPTES_PER_GROUP * HPTE_SIZE)

static inline _Atomic uint64_t *emu_hpte_v_ptr(const struct emu_vm *vm, uint64_t ptex)
{
        return (_Atomic uint64_t *)(void *)(vm->mmu.hpt + ptex * HPTE_SIZE);
}

static inline _Atomic uint64_t *emu_hpte_r_ptr(const struct emu_vm *vm, uint64_t ptex)
{
        return (_Atomic uint64_t *)(void *)(vm->mmu.hpt + ptex * HPTE_SIZE + 8);
}

static inline uint64_t emu_hpte_v(const struct emu_vm *vm, uint64_t ptex)
{
        return mmu_load_be(emu_hpte_v_ptr(vm, ptex));
}

static inline uint64_t emu_hpte_r(const struct emu_vm *vm, uint64_t ptex)
{
        return mmu_load_be(emu_hpte_r_ptr(vm, ptex));
}

/* The actual page shift of an HPTE in a segment of base page shift `base`
 * (0: any), or 0 when its size encoding is not one POWER9 offers. */
unsigned emu_hpte_page_shift(uint64_t v, uint64_t r, unsigned base);

/*
 * Invalidation by effective address (mmu_inval.c), used by mmu.c:
 * emu_mmu_catch_up applies the ring entries after tlb->inv_seen up to head
 * to cpu's cache; false when it cannot (entries overwritten or being
 * written): the caller then drops everything.
 */
bool emu_mmu_catch_up(struct emu_cpu *cpu, uint64_t head);
