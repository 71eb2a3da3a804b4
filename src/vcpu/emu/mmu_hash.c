/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hashed page table translation (Power ISA 3.0 Book III 6.7.3-6.7.9, the
 * POWER8-compatible hash mode a guest picks with disable_radix):
 * EA -> SLB -> virtual address -> PTEG search (primary, then secondary
 * hash) -> real address, with PP/key protection, storage keys (AMR/IAMR)
 * and reference/change recording.
 *
 * The HPT is the hypervisor's (vm->mmu.hpt, filled by H_ENTER and friends
 * in mmu_hcall.c).  Its entries use the format guests hand to H_ENTER (the
 * ISA 2.07 layout with the segment size B in dword 0 bits 0:1), as on every
 * sPAPR hypervisor.
 */
#include "mmu_internal.h"

/* SLB entry (the VSID doubleword as slbmte takes it). */
#define SLB_ESID_V      PPC_BIT(36)
#define SLB_ESID_256M   0xfffffffff0000000ull
#define SLB_ESID_1T     0xffffff0000000000ull
#define SLB_VSID_B(v)   ((v) >> 62)
#define SLB_B_256M      0u
#define SLB_B_1T        1u
#define SLB_VSID_KS     PPC_BIT(52)
#define SLB_VSID_KP     PPC_BIT(53)
#define SLB_VSID_N      PPC_BIT(54)
#define SLB_VSID_L      PPC_BIT(55)
#define SLB_VSID_LP(v)  (((v) >> 4) & 3u)       /* bits 58:59 */

static bool slb_base_shift(uint64_t vsid, unsigned *ret)
{
        if (!(vsid & SLB_VSID_L)) {
                *ret = 12;
                return true;
        }
        switch (SLB_VSID_LP(vsid)) {
        case 0: *ret = 24; return true;   /* 16 MB */
        case 1: *ret = 16; return true;   /* 64 KB */
        default: return false;
        }
}

/*
 * Page-size encodings POWER9 offers (ibm,segment-page-sizes): a large page
 * (HPTE L=1) names its actual size in the RPN bits below it.  base = 0
 * accepts any segment base size (H_ENTER has no segment to go by).
 */
static const struct { unsigned base, actual, penc; } page_encs[] = {
        { 12, 16, 0x7 }, { 12, 24, 0x38 },
        { 16, 16, 0x1 }, { 16, 24, 0x8 },
        { 24, 24, 0x0 },
};

unsigned emu_hpte_page_shift(uint64_t v, uint64_t r, unsigned base)
{
        if (!(v & HPTE_V_LARGE))
                return base == 0 || base == 12 ? 12 : 0;
        for (size_t i = 0; i < sizeof(page_encs) / sizeof(page_encs[0]); i++) {
                uint64_t lp = r & ((1ull << page_encs[i].actual) - 1) & HPTE_R_RPN;
                if ((base == 0 || base == page_encs[i].base) &&
                    lp == (uint64_t)page_encs[i].penc << 12)
                        return page_encs[i].actual;
        }
        return 0;
}

static const struct emu_slbe *slb_find(const struct emu_cpu *cpu, uint64_t ea)
{
        for (unsigned i = 0; i < EMU_SLB_ENTRIES; i++) {
                const struct emu_slbe *e = &cpu->slb[i];
                unsigned b = (unsigned)SLB_VSID_B(e->vsid);
                uint64_t m = b == SLB_B_1T ? SLB_ESID_1T : SLB_ESID_256M;

                if ((e->esid & SLB_ESID_V) && b <= SLB_B_1T && (e->esid & m) == (ea & m))
                        return e;
        }
        return NULL;
}

/* Rights PP grants with key K (Book III 6.7.9.1, Table "PP bits"). */
static unsigned pp_prot(uint64_t r, bool key)
{
        unsigned pp = (unsigned)(((r >> 63) << 2) | (r & HPTE_R_PP));

        switch (pp) {
        case 0: return key ? 0 : MMU_PROT_R | MMU_PROT_W;
        case 1: return key ? MMU_PROT_R : MMU_PROT_R | MMU_PROT_W;
        case 2: return MMU_PROT_R | MMU_PROT_W;
        case 3: return MMU_PROT_R;
        case 6: return key ? 0 : MMU_PROT_R;
        default: return 0;
        }
}

/* Rights the AMR/IAMR fields of the entry's storage key leave. */
static unsigned key_prot(const struct emu_cpu *cpu, uint64_t r)
{
        unsigned key = (unsigned)(((r & HPTE_R_KEY_HI) >> 57) | ((r & HPTE_R_KEY_LO) >> 9));
        unsigned sh = 62 - 2 * key;
        unsigned amr = (unsigned)(cpu->spr[SPR_AMR] >> sh) & 3u;
        unsigned iamr = (unsigned)(cpu->spr[SPR_IAMR] >> sh) & 1u;

        return ((amr & 2u) ? 0 : MMU_PROT_W) | ((amr & 1u) ? 0 : MMU_PROT_R) |
               (iamr ? 0 : MMU_PROT_X);
}

struct hash_query {
        uint64_t avpn;          /* dword 0 as it must match (B, AVPN), V set */
        uint64_t hash;
        unsigned shift;         /* base page size of the segment */
};

/* Searches one PTEG; returns the entry's index or -1. */
static int64_t pteg_search(const struct emu_vm *vm, const struct hash_query *q, bool secondary,
                           unsigned *ret_shift)
{
        uint64_t ngroups = vm->mmu.hpt_size / HPTEG_SIZE;
        uint64_t group = (secondary ? ~q->hash : q->hash) & (ngroups - 1);
        uint64_t want = q->avpn | (secondary ? HPTE_V_SECONDARY : 0);

        for (unsigned i = 0; i < HPTES_PER_GROUP; i++) {
                uint64_t ptex = group * HPTES_PER_GROUP + i;
                uint64_t v = emu_hpte_v(vm, ptex);

                if (!(v & HPTE_V_VALID))
                        continue;
                unsigned shift = emu_hpte_page_shift(v, emu_hpte_r(vm, ptex), q->shift);
                if (!shift)
                        continue;
                /* AVPN bits that fall inside a page larger than 8 MB are
                 * offset bits, not compared. */
                uint64_t cmp = HPTE_V_COMPARE;
                if (shift > 23)
                        cmp &= ~(((1ull << (shift - 23)) - 1) << HPTE_V_AVPN_SHIFT);
                if ((v ^ want) & cmp)
                        continue;
                *ret_shift = shift;
                return (int64_t)ptex;
        }
        return -1;
}

static void make_query(uint64_t vsid_dw, uint64_t ea, unsigned shift, struct hash_query *q)
{
        bool t = SLB_VSID_B(vsid_dw) == SLB_B_1T;
        unsigned sbits = t ? 40 : 28;
        uint64_t vsid = t ? (vsid_dw >> 24) & ((1ull << 38) - 1) : (vsid_dw >> 12) & ((1ull << 50) - 1);
        uint64_t off = ea & ((1ull << sbits) - 1) & ~((1ull << shift) - 1);

        if (t)
                q->hash = (vsid ^ (vsid << 25) ^ (off >> shift)) & ((1ull << 39) - 1);
        else
                q->hash = (vsid & ((1ull << 39) - 1)) ^ (off >> shift);
        /* AVPN: virtual address (VSID || offset) bits 0:54 of 78, from bit 7. */
        uint64_t va_hi = (vsid << (sbits - 23)) | (off >> 23);
        q->avpn = ((uint64_t)SLB_VSID_B(vsid_dw) << 62) | ((va_hi << 7) & HPTE_V_AVPN) | HPTE_V_VALID;
        q->shift = shift;
}

unsigned emu_hash_xlate(struct emu_cpu *cpu, uint64_t ea, enum emu_access acc,
                        struct mmu_walk *w)
{
        struct emu_vm *vm = cpu->vm;
        const struct emu_slbe *slb;
        struct hash_query q;
        unsigned base, shift = 0;
        int64_t ptex;

        /* A partition given no page table at all finds no translation. */
        if (!vm->mmu.hpt)
                return MMU_F_NOPTE;
        slb = slb_find(cpu, ea);
        if (!slb)
                return MMU_F_SEGMENT;
        if (!slb_base_shift(slb->vsid, &base))
                return MMU_F_NOPTE;
        if (acc == EMU_ACCESS_EXEC && (slb->vsid & SLB_VSID_N))
                return MMU_F_NOEXEC;
        make_query(slb->vsid, ea, base, &q);
        ptex = pteg_search(vm, &q, false, &shift);
        if (ptex < 0)
                ptex = pteg_search(vm, &q, true, &shift);
        if (ptex < 0)
                return MMU_F_NOPTE;

        uint64_t r = emu_hpte_r(vm, (uint64_t)ptex);
        if (acc == EMU_ACCESS_EXEC && (r & (HPTE_R_N | HPTE_R_G)))
                return MMU_F_NOEXEC;
        bool key = (cpu->msr & MSR_PR) ? (slb->vsid & SLB_VSID_KP) : (slb->vsid & SLB_VSID_KS);
        unsigned need = mmu_need(acc), fault = 0;
        /* Fetch needs read rights from PP. */
        if (!(pp_prot(r, key) & (need == MMU_PROT_X ? MMU_PROT_R : need)))
                fault |= MMU_F_PROT;
        if (!(key_prot(cpu, r) & need))
                fault |= MMU_F_KEY;
        w->amr_dep = true;
        if (fault)
                return fault;

        uint64_t rc = HPTE_R_R | (acc == EMU_ACCESS_WRITE ? HPTE_R_C : 0);
        mmu_set_bits_be(emu_hpte_r_ptr(vm, (uint64_t)ptex), r, rc);
        uint64_t mask = (1ull << shift) - 1;
        w->ra = (r & HPTE_R_RPN & ~mask) | (ea & mask);
        return 0;
}
