/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Process-scoped radix tree translation (Power ISA 3.0 Book III 6.7.10-11)
 * for a partition guest; the partition-scoped level is the hypervisor's
 * identity map of guest RAM.
 *
 * EA bits 0:1 pick the quadrant: 0 translates with PID, 3 with PID 0 (the
 * kernel); 1 and 2 belong to the hypervisor and, like an EA with any of bits
 * 2:(63-N) set for a tree of 2^N bytes, cause a segment interrupt.  The
 * process table entry for the PID gives the tree's size (RTS) and root
 * (RPDB, RPDS); each directory entry gives the next level's base and index
 * width (NLB, NLS) until a leaf (L=1), whose level fixes the page size.
 */
#include "mmu_internal.h"

/* Partition-table dword 1: the process table. */
#define PATE1_PRTB      0x0ffffffffffff000ull   /* bits 4:51 */
#define PATE1_PRTS      0x1full                 /* bits 59:63: 2^(12+PRTS) bytes */

/* Process-table entry dword 0. */
#define PRTE0_RTS1(d)   (((d) >> 61) & 3u)      /* bits 1:2 */
#define PRTE0_RPDB      0x0fffffffffffff00ull   /* bits 4:55 */
#define PRTE0_RTS2(d)   (((d) >> 5) & 7u)       /* bits 56:58 */
#define PRTE0_RPDS      0x1full                 /* bits 59:63 */

/* Directory and leaf entries. */
#define R_PTE_VALID     PPC_BIT(0)
#define R_PTE_LEAF      PPC_BIT(1)
#define R_PDE_NLB       0x0fffffffffffff00ull   /* bits 4:55 */
#define R_PDE_NLS       0x1full                 /* bits 59:63 */
#define R_PTE_RPN       0x01fffffffffff000ull   /* bits 7:51 */
#define R_PTE_R         PPC_BIT(55)
#define R_PTE_C         PPC_BIT(56)
#define R_PTE_ATT       (PPC_BIT(58) | PPC_BIT(59))
#define R_PTE_ATT_NI_IO PPC_BIT(58)             /* 0b10: non-idempotent I/O, guarded */
#define R_PTE_EAA_PRIV  PPC_BIT(60)
#define R_PTE_EAA_R     PPC_BIT(61)
#define R_PTE_EAA_RW    PPC_BIT(62)
#define R_PTE_EAA_X     PPC_BIT(63)

#define RADIX_MAX_LEVELS 5

/* Rights the AMR/IAMR key 0 fields leave: AMR bit 0 disables stores,
 * bit 1 loads; IAMR bit 1 disables fetch. */
static unsigned amr_key0_prot(const struct emu_cpu *cpu)
{
        unsigned amr = (unsigned)(cpu->spr[SPR_AMR] >> 62);
        unsigned iamr = (unsigned)(cpu->spr[SPR_IAMR] >> 62);

        return ((amr & 2u) ? 0 : MMU_PROT_W) | ((amr & 1u) ? 0 : MMU_PROT_R) |
               ((iamr & 1u) ? 0 : MMU_PROT_X);
}

/*
 * Encoded access authority: a privileged page is inaccessible to problem
 * state; privileged access to a non-privileged (user) page is further
 * limited by AMR/IAMR key 0 (Linux's KUAP and KUEP).
 */
static unsigned pte_prot(const struct emu_cpu *cpu, uint64_t pte, struct mmu_walk *w)
{
        bool pr = cpu->msr & MSR_PR;
        unsigned prot = 0;

        if (pr && (pte & R_PTE_EAA_PRIV))
                return 0;
        if (pte & (R_PTE_EAA_R | R_PTE_EAA_RW))
                prot |= MMU_PROT_R;
        if (pte & R_PTE_EAA_RW)
                prot |= MMU_PROT_W;
        if ((pte & R_PTE_EAA_X) && (pte & R_PTE_ATT) != R_PTE_ATT_NI_IO)
                prot |= MMU_PROT_X;
        if (!pr && !(pte & R_PTE_EAA_PRIV)) {
                prot &= amr_key0_prot(cpu);
                w->amr_dep = true;
        }
        return prot;
}

static unsigned leaf(struct emu_cpu *cpu, uint64_t pte_ra, _Atomic uint64_t *p, uint64_t pte,
                     unsigned shift, uint64_t ea, enum emu_access acc, struct mmu_walk *w)
{
        uint64_t mask = (1ull << shift) - 1;
        uint64_t rc = R_PTE_R | (acc == EMU_ACCESS_WRITE ? R_PTE_C : 0);

        if (!(pte_prot(cpu, pte, w) & mmu_need(acc)))
                return acc == EMU_ACCESS_EXEC ? MMU_F_NOEXEC : MMU_F_PROT;
        /* Reference and change are recorded before the access completes. */
        if (mmu_set_bits_be(p, pte, rc))
                emu_note_code_write(cpu->vm, pte_ra, 8);
        w->ra = (pte & R_PTE_RPN & ~mask) | (ea & mask);
        return 0;
}

unsigned emu_radix_xlate(struct emu_cpu *cpu, uint64_t patb, uint64_t ea,
                         enum emu_access acc, struct mmu_walk *w)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t pid, prtb = patb & PATE1_PRTB;
        unsigned prts = (unsigned)(patb & PATE1_PRTS);
        _Atomic uint64_t *p;

        switch (ea >> 62) {
        case 0: pid = cpu->spr[SPR_PID] & 0xffffffffull; break;
        case 3: pid = 0; break;
        default: return MMU_F_SEGMENT;
        }
        /* The table holds 2^(12+PRTS) / 16 entries. */
        if (prts > 24 || pid >= (1ull << (prts + 8)))
                return MMU_F_NOPTE;
        p = mmu_entry(vm, prtb + pid * 16);
        if (!p)
                return MMU_F_BADCONFIG;
        uint64_t prte = mmu_load_be(p);
        unsigned bits = ((PRTE0_RTS1(prte) << 3) | PRTE0_RTS2(prte)) + 31;
        if (bits > 62)
                return MMU_F_BADCONFIG;
        if ((ea & 0x3fffffffffffffffull) >> bits)
                return MMU_F_SEGMENT;

        uint64_t base = prte & PRTE0_RPDB;
        unsigned nls = (unsigned)(prte & PRTE0_RPDS);
        for (unsigned level = 0; level < RADIX_MAX_LEVELS; level++) {
                /* Every level indexes at least 5 bits and leaves a page. */
                if (nls < 5 || nls + 12 > bits)
                        return MMU_F_BADCONFIG;
                bits -= nls;
                /* Tables are aligned to their size; the base is used as given. */
                uint64_t pte_ra = base + ((ea >> bits) & ((1ull << nls) - 1)) * 8;
                p = mmu_entry(vm, pte_ra);
                if (!p)
                        return MMU_F_BADCONFIG;
                uint64_t pte = mmu_load_be(p);
                if (!(pte & R_PTE_VALID))
                        return MMU_F_NOPTE;
                if (pte & R_PTE_LEAF)
                        return leaf(cpu, pte_ra, p, pte, bits, ea, acc, w);
                base = pte & R_PDE_NLB;
                nls = (unsigned)(pte & R_PDE_NLS);
        }
        return MMU_F_BADCONFIG;
}
