/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The MMU: radix and hash translation built in the harness's RAM, the
 * faults they raise (exact DSISR, DAR, SRR0/SRR1), R/C recording, the
 * translation cache and what invalidates it, and the HPT hypercalls.
 */
#include <errno.h>
#include <string.h>

#include "test.h"
#include "harness.h"
#include "vcpu/emu/mmu_inline.h"
#include "backend_vm.h"
#include "devices/hcall.h"

#define RAM_SIZE (32u << 20)

/* Instruction words. */
static uint32_t ld(unsigned rt, unsigned ra, int ds) { return 0xe8000000u | rt << 21 | ra << 16 | ((unsigned)ds & 0xfffcu); }
static uint32_t std_(unsigned rs, unsigned ra, int ds) { return 0xf8000000u | rs << 21 | ra << 16 | ((unsigned)ds & 0xfffcu); }
#define TLBIE_R3_R4  0x7c801a64u
#define TLBIEL_R3    0x7c001a24u
#define SLBIE_R3     0x7c001b64u
#define SC_1         0x44000022u

#define DSISR_NOPTE     0x40000000ull
#define DSISR_PROT      0x08000000ull
#define DSISR_STORE     0x02000000ull
#define DSISR_KEY       0x00200000ull
#define DSISR_BADCONFIG 0x00080000ull
#define SRR1_ISI_NOPTE  0x40000000ull
#define SRR1_ISI_N_G    0x10000000ull
#define SRR1_ISI_PROT   0x08000000ull

/* H_SUCCESS, H_PARAMETER, H_NOT_FOUND come from devices/hcall.h */
#define H_PTEG_FULL  (-6)
#define H_REMOVE     0x04
#define H_ENTER      0x08
#define H_READ       0x0c
#define H_CLEAR_MOD  0x10
#define H_CLEAR_REF  0x14
#define H_PROTECT    0x18
#define H_BULK_REMOVE 0x18c
#define H_EXACT      PPC_BIT(24)
#define H_READ_4     PPC_BIT(26)
#define H_AVPN       PPC_BIT(32)
#define H_ANDCOND    PPC_BIT(33)

/* ---- radix set-up ---- */

#define PATE1_GR     PPC_BIT(0)
#define PRTB         0x100000ull          /* process table, 4 KiB: 256 PIDs */
#define R_V          PPC_BIT(0)
#define R_L          PPC_BIT(1)
#define R_R          PPC_BIT(55)
#define R_C          PPC_BIT(56)
#define R_ATT_NI_IO  PPC_BIT(58)
#define EAA_PRIV     PPC_BIT(60)
#define EAA_R        PPC_BIT(61)
#define EAA_RW       PPC_BIT(62)
#define EAA_X        PPC_BIT(63)
#define KERNEL_RW    (EAA_PRIV | EAA_R | EAA_RW)
#define USER_RW      (EAA_R | EAA_RW)

static struct emu_test t;
static uint64_t next_table;
static uint8_t *mem;          /* the RAM page tables are built in */

static void poke64(uint64_t addr, uint64_t v)
{
        for (unsigned i = 8; i-- > 0; v >>= 8)
                mem[addr + i] = (uint8_t)v;
}

static uint64_t peek64(uint64_t addr)
{
        uint64_t v = 0;
        for (unsigned i = 0; i < 8; i++)
                v = (v << 8) | mem[addr + i];
        return v;
}

static uint64_t alloc_table(unsigned nls)
{
        uint64_t size = 8ull << nls;
        uint64_t a = (next_table + size - 1) & ~(size - 1);

        next_table = a + size;
        return a;
}

/* A 52-bit tree (RTS 21) with 13/9/9/9 levels for 4 KiB pages, or
 * 13/9/9/5 for 64 KiB ones; PID's process-table entry points at it. */
static const unsigned levels_4k[] = { 13, 9, 9, 9 };
static const unsigned levels_64k[] = { 13, 9, 9, 5 };

static uint64_t radix_tree(unsigned pid)
{
        uint64_t root = alloc_table(13);
        uint64_t prte = (2ull << 61) | root | (5ull << 5) | 13;   /* RTS1=2, RTS2=5 */

        poke64(PRTB + pid * 16, prte);
        return root;
}

static void radix_setup(void)
{
        static _Atomic uint32_t pageinfo[RAM_SIZE >> 12];

        emu_test_init(&t, RAM_SIZE);
        /* code tracking words, as a backend's slot has: the fast path needs them */
        memset(pageinfo, 0, sizeof(pageinfo));
        t.vm.slots[0].pageinfo = pageinfo;
        mem = t.ram;
        next_table = 0x200000;
        emu_mmu_set_process_table(&t.vm, PATE1_GR | PRTB | 0);
        t.cpu.msr |= MSR_DR | MSR_IR;
}

/* Returns the leaf entry's real address. */
static uint64_t radix_map_levels(uint64_t root, const unsigned *lv, uint64_t ea, uint64_t ra,
                                 unsigned shift, uint64_t flags)
{
        uint64_t table = root;
        unsigned bits = 52;

        for (unsigned l = 0;; l++) {
                bits -= lv[l];
                uint64_t a = table + ((ea >> bits) & ((1ull << lv[l]) - 1)) * 8;
                if (bits == shift) {
                        poke64(a, R_V | R_L | ra | flags);
                        return a;
                }
                uint64_t e = peek64(a);
                if (!(e & R_V)) {
                        e = R_V | alloc_table(lv[l + 1]) | lv[l + 1];
                        poke64(a, e);
                }
                table = e & 0x0fffffffffffff00ull;
        }
}

static uint64_t radix_map(uint64_t root, uint64_t ea, uint64_t ra, unsigned shift, uint64_t flags)
{
        return radix_map_levels(root, levels_4k, ea, ra, shift, flags);
}

static int xlate(uint64_t ea, enum emu_access acc, uint64_t *ra)
{
        return emu_mmu_xlate(&t.cpu, ea, acc, ra);
}

#define KEA 0xc000000000010000ull

TEST(test_radix_kernel_quadrant_load_translates)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        emu_test_poke(&t, 0x400008, 8, 0x1122334455667788ull);
        t.cpu.gpr[4] = KEA;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 8)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x1122334455667788ull);
        emu_test_fini(&t);
}

TEST(test_radix_load_sets_reference_not_change)
{
        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA + 0x10, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x400010);
        CHECK_EQ(emu_test_peek(&t, pte, 8) & (R_R | R_C), R_R);
        emu_test_fini(&t);
}

TEST(test_radix_store_sets_reference_and_change)
{
        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        t.cpu.gpr[4] = KEA;
        t.cpu.gpr[5] = 0xabcdef;
        CHECK_EQ(emu_test_step(&t, std_(5, 4, 16)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x400010, 8), 0xabcdef);
        CHECK_EQ(emu_test_peek(&t, pte, 8) & (R_R | R_C), R_R | R_C);
        emu_test_fini(&t);
}

TEST(test_radix_missing_pte_raises_dsi_nopte)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        t.cpu.gpr[4] = KEA + 0x1000;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 8)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DAR], KEA + 0x1008);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_NOPTE);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        emu_test_fini(&t);
}

TEST(test_radix_store_to_read_only_page_raises_dsi_protection)
{
        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, EAA_PRIV | EAA_R);
        t.cpu.gpr[4] = KEA;
        CHECK_EQ(emu_test_step(&t, std_(5, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT | DSISR_STORE);
        CHECK_EQ(t.cpu.spr[SPR_DAR], KEA);
        CHECK_EQ(emu_test_peek(&t, pte, 8) & R_C, 0);
        emu_test_fini(&t);
}

TEST(test_radix_problem_state_cannot_touch_privileged_page)
{
        radix_setup();
        uint64_t root = radix_tree(0);
        uint64_t ra;
        radix_map(root, KEA, 0x400000, 12, KERNEL_RW);
        t.cpu.msr |= MSR_PR;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT);
        emu_test_fini(&t);
}

TEST(test_radix_user_quadrant_translates_with_pid)
{
        radix_setup();
        radix_tree(0);
        radix_map(radix_tree(5), 0x10000, 0x500000, 12, USER_RW);
        uint64_t ra;
        t.cpu.spr[SPR_PID] = 5;
        CHECK_EQ(xlate(0x10123, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x500123);
        emu_test_fini(&t);
}

TEST(test_radix_pid_change_drops_cached_translation)
{
        radix_setup();
        radix_tree(0);
        radix_map(radix_tree(5), 0x10000, 0x500000, 12, USER_RW);
        uint64_t ra;
        t.cpu.spr[SPR_PID] = 5;
        CHECK_EQ(xlate(0x10000, EMU_ACCESS_READ, &ra), EMU_NEXT);
        t.cpu.spr[SPR_PID] = 6;    /* PID 6's entry is empty */
        CHECK_EQ(xlate(0x10000, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        emu_test_fini(&t);
}

TEST(test_radix_pid_beyond_process_table_raises_dsi_nopte)
{
        radix_setup();
        uint64_t ra;
        t.cpu.spr[SPR_PID] = 256;
        CHECK_EQ(xlate(0x10000, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_NOPTE);
        emu_test_fini(&t);
}

TEST(test_radix_quadrant_1_raises_data_segment_interrupt)
{
        radix_setup();
        radix_tree(0);
        t.cpu.gpr[4] = 0x4000000000001000ull;
        t.cpu.spr[SPR_DSISR] = 0x1234;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_SEGMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], 0x4000000000001000ull);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x1234);
        emu_test_fini(&t);
}

TEST(test_radix_ea_beyond_tree_size_raises_segment_interrupt)
{
        radix_setup();
        radix_tree(0);
        uint64_t ra;
        CHECK_EQ(xlate(0xc010000000000000ull, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_SEGMENT);
        emu_test_fini(&t);
}

TEST(test_radix_fetch_outside_tree_raises_instruction_segment_interrupt)
{
        radix_setup();
        radix_tree(0);
        uint64_t ra;
        CHECK_EQ(xlate(0x8000000000002000ull, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_INSN_SEGMENT);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x8000000000002000ull);
        emu_test_fini(&t);
}

TEST(test_radix_fetch_from_execute_page_translates)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, EAA_PRIV | EAA_R | EAA_X);
        uint64_t ra;
        CHECK_EQ(xlate(KEA + 0x40, EMU_ACCESS_EXEC, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x400040);
        emu_test_fini(&t);
}

TEST(test_radix_fetch_from_no_execute_page_raises_isi)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA + 0x40, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_INSN_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], KEA + 0x40);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & 0x783f0000ull, SRR1_ISI_N_G);
        emu_test_fini(&t);
}

TEST(test_radix_fetch_from_guarded_io_page_raises_isi)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW | EAA_X | R_ATT_NI_IO);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & 0x783f0000ull, SRR1_ISI_N_G);
        emu_test_fini(&t);
}

TEST(test_radix_fetch_unmapped_raises_isi_nopte)
{
        radix_setup();
        radix_tree(0);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_INSN_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & 0x783f0000ull, SRR1_ISI_NOPTE);
        emu_test_fini(&t);
}

TEST(test_radix_2m_leaf_maps_offset_within_page)
{
        radix_setup();
        radix_map(radix_tree(0), 0xc000000000200000ull, 0x1000000, 21, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(0xc0000000003fe008ull, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x11fe008);
        emu_test_fini(&t);
}

TEST(test_radix_1g_leaf_maps_offset_within_page)
{
        radix_setup();
        radix_map(radix_tree(0), 0xc000000040000000ull, 0, 30, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(0xc000000041234568ull, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x1234568);
        emu_test_fini(&t);
}

TEST(test_radix_64k_pages_through_a_5_bit_last_level)
{
        radix_setup();
        radix_map_levels(radix_tree(0), levels_64k, 0xc000000000030000ull, 0x800000, 16, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(0xc00000000003fff0ull, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x80fff0);
        emu_test_fini(&t);
}

TEST(test_radix_directory_too_small_raises_dsi_badconfig)
{
        radix_setup();
        emu_test_poke(&t, PRTB, 8, (2ull << 61) | 0x200000 | (5ull << 5) | 3);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_BADCONFIG);
        emu_test_fini(&t);
}

TEST(test_radix_amr_key0_blocks_kernel_store_to_user_page)
{
        radix_setup();
        radix_map(radix_tree(0), 0xc000000000050000ull, 0x400000, 12, USER_RW);
        uint64_t ra;
        t.cpu.spr[SPR_AMR] = 0x8000000000000000ull;      /* key 0: no stores */
        CHECK_EQ(xlate(0xc000000000050000ull, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(xlate(0xc000000000050000ull, EMU_ACCESS_WRITE, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT | DSISR_STORE);
        emu_test_fini(&t);
}

TEST(test_radix_amr_change_drops_cached_user_translation)
{
        radix_setup();
        radix_map(radix_tree(0), 0xc000000000050000ull, 0x400000, 12, USER_RW);
        uint64_t ra;
        CHECK_EQ(xlate(0xc000000000050000ull, EMU_ACCESS_READ, &ra), EMU_NEXT);
        t.cpu.spr[SPR_AMR] = 0x4000000000000000ull;      /* key 0: no loads */
        CHECK_EQ(xlate(0xc000000000050000ull, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT);
        emu_test_fini(&t);
}

TEST(test_radix_amr_does_not_limit_problem_state)
{
        radix_setup();
        radix_map(radix_tree(0), 0x50000, 0x400000, 12, USER_RW);
        uint64_t ra;
        t.cpu.msr |= MSR_PR;
        t.cpu.spr[SPR_AMR] = 0xc000000000000000ull;
        CHECK_EQ(xlate(0x50000, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        emu_test_fini(&t);
}

TEST(test_radix_iamr_key0_blocks_kernel_fetch_from_user_page)
{
        radix_setup();
        radix_map(radix_tree(0), 0xc000000000050000ull, 0x400000, 12, EAA_R | EAA_X);
        uint64_t ra;
        t.cpu.spr[SPR_IAMR] = 0x4000000000000000ull;
        CHECK_EQ(xlate(0xc000000000050000ull, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_INSN_STORAGE);
        emu_test_fini(&t);
}

/* Remaps KEA to another real page behind the cache's back. */
static void remap_kea(uint64_t pte, uint64_t ra)
{
        emu_test_poke(&t, pte, 8, R_V | R_L | ra | KERNEL_RW | R_R);
}

TEST(test_translation_is_cached_until_invalidated)
{
        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        remap_kea(pte, 0x600000);
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x400000);
        emu_test_fini(&t);
}

TEST(test_cached_translation_does_not_return_when_epochs_wrap)
{
        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        remap_kea(pte, 0x600000);
        for (unsigned i = 0; i < 1024; i++)
                emu_mmu_flush(&t.cpu);
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x600000);
        emu_test_fini(&t);
}

TEST(test_tlbie_drops_cached_translation)
{
        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        t.vm.lpcr = LPCR_GTSE;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        remap_kea(pte, 0x600000);
        t.cpu.gpr[3] = KEA;
        CHECK_EQ(emu_test_step(&t, TLBIE_R3_R4), EMU_NEXT);
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x600000);
        emu_test_fini(&t);
}

TEST(test_tlbiel_drops_cached_translation)
{
        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        remap_kea(pte, 0x600000);
        CHECK_EQ(emu_test_step(&t, TLBIEL_R3), EMU_NEXT);
        CHECK_EQ(xlate(KEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x600000);
        emu_test_fini(&t);
}

TEST(test_tlbie_reaches_another_vcpu_of_the_partition)
{
        static struct emu_cpu other;
        uint64_t ra;

        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        memset(&other, 0, sizeof(other));
        other.vm = &t.vm;
        other.run = &t.run;
        other.msr = t.cpu.msr;
        t.vm.lpcr = LPCR_GTSE;
        CHECK_EQ(emu_mmu_xlate(&other, KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        remap_kea(pte, 0x600000);
        CHECK_EQ(emu_test_step(&t, TLBIE_R3_R4), EMU_NEXT);
        CHECK_EQ(emu_mmu_xlate(&other, KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x600000);
        emu_test_fini(&t);
}

TEST(test_tlbiel_leaves_another_vcpu_alone)
{
        static struct emu_cpu other;
        uint64_t ra;

        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        memset(&other, 0, sizeof(other));
        other.vm = &t.vm;
        other.run = &t.run;
        other.msr = t.cpu.msr;
        CHECK_EQ(emu_mmu_xlate(&other, KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        remap_kea(pte, 0x600000);
        CHECK_EQ(emu_test_step(&t, TLBIEL_R3), EMU_NEXT);
        CHECK_EQ(emu_mmu_xlate(&other, KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x400000);
        emu_test_fini(&t);
}

TEST(test_problem_state_has_its_own_cached_translations)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        t.cpu.msr |= MSR_PR;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT);
        emu_test_fini(&t);
}

TEST(test_new_process_table_drops_cached_translations)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        emu_mmu_set_process_table(&t.vm, PATE1_GR | 0x300000);   /* empty table */
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        emu_test_fini(&t);
}

TEST(test_host_hit_gives_host_address_of_translated_ram_page)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK(emu_mmu_host_hit(&t.cpu, KEA + 8, 8, EMU_ACCESS_READ) == NULL);
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        const struct emu_xlate_entry *e = emu_mmu_host_hit(&t.cpu, KEA + 8, 8, EMU_ACCESS_READ);
        CHECK(e != NULL);
        CHECK(e && (uint8_t *)(e->addend + KEA + 8) == t.ram + 0x400008);
        emu_test_fini(&t);
}

TEST(test_host_hit_read_entry_does_not_serve_stores)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK(emu_mmu_host_hit(&t.cpu, KEA, 8, EMU_ACCESS_WRITE) == NULL);
        emu_test_fini(&t);
}

TEST(test_host_hit_refuses_page_crossing_access)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK(emu_mmu_host_hit(&t.cpu, KEA + 0xffc, 8, EMU_ACCESS_READ) == NULL);
        emu_test_fini(&t);
}

TEST(test_host_hit_misses_once_another_vcpu_ran_tlbie)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        emu_mmu_flush_all(&t.vm);
        CHECK(emu_mmu_host_hit(&t.cpu, KEA, 8, EMU_ACCESS_READ) == NULL);
        emu_test_fini(&t);
}

TEST(test_host_hit_misses_for_mmio_page)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x40000000, 12, KERNEL_RW);   /* beyond RAM */
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x40000000);
        CHECK(emu_mmu_host_hit(&t.cpu, KEA, 8, EMU_ACCESS_READ) == NULL);
        emu_test_fini(&t);
}

TEST(test_epoch_moves_with_pid_and_tlbiel_only)
{
        radix_setup();
        unsigned e0 = emu_mmu_epoch(&t.cpu);
        CHECK_EQ(emu_mmu_epoch(&t.cpu), e0);
        t.cpu.spr[SPR_PID] = 3;
        unsigned e1 = emu_mmu_epoch(&t.cpu);
        CHECK(e1 != e0);
        CHECK_EQ(emu_test_step(&t, TLBIEL_R3), EMU_NEXT);
        CHECK(emu_mmu_epoch(&t.cpu) != e1);
        emu_test_fini(&t);
}

/* ---- relocated accesses crossing a page (mem.c) ---- */

#define KEA2 (KEA + 0x1000)
#define MMIO_RA 0x40000000ull      /* beyond the 32 MiB of RAM */

TEST(test_radix_store_crossing_into_unmapped_page_raises_dsi_and_writes_nothing)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        t.cpu.gpr[4] = KEA + 0xffc;
        t.cpu.gpr[5] = ~0ull;
        CHECK_EQ(emu_test_step(&t, std_(5, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DAR], KEA2);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_NOPTE | DSISR_STORE);
        CHECK_EQ(emu_test_peek(&t, 0x400ffc, 4), 0);
        emu_test_fini(&t);
}

TEST(test_radix_load_crossing_into_unmapped_page_raises_dsi_and_keeps_rt)
{
        radix_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        t.cpu.gpr[3] = 0x33;
        t.cpu.gpr[4] = KEA + 0xffc;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DAR], KEA2);
        CHECK_EQ(t.cpu.gpr[3], 0x33);
        emu_test_fini(&t);
}

TEST(test_radix_store_crossing_into_mmio_page_raises_alignment_and_writes_nothing)
{
        radix_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, 0x400000, 12, KERNEL_RW);
        radix_map(root, KEA2, MMIO_RA, 12, KERNEL_RW);
        t.cpu.gpr[4] = KEA + 0xffc;
        t.cpu.gpr[5] = ~0ull;
        CHECK_EQ(emu_test_step(&t, std_(5, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], KEA + 0xffc);
        CHECK_EQ(emu_test_peek(&t, 0x400ffc, 4), 0);
        CHECK(t.run.exit_reason != KVM_EXIT_MMIO);
        emu_test_fini(&t);
}

TEST(test_radix_load_crossing_from_mmio_page_into_ram_raises_alignment)
{
        radix_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, MMIO_RA, 12, KERNEL_RW);
        radix_map(root, KEA2, 0x400000, 12, KERNEL_RW);
        t.cpu.gpr[4] = KEA + 0xffe;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK(!t.cpu.mmio_pending);
        emu_test_fini(&t);
}

TEST(test_radix_store_crossing_pages_mapped_apart_writes_each_real_page)
{
        radix_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, 0x400000, 12, KERNEL_RW);
        radix_map(root, KEA2, 0x700000, 12, KERNEL_RW);
        t.cpu.gpr[4] = KEA + 0xffc;
        t.cpu.gpr[5] = 0x1122334455667788ull;
        CHECK_EQ(emu_test_step(&t, std_(5, 4, 0)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x400ffc, 4), 0x11223344);
        CHECK_EQ(emu_test_peek(&t, 0x700000, 4), 0x55667788);
        emu_test_fini(&t);
}

TEST(test_radix_load_crossing_mmio_pages_mapped_apart_raises_alignment)
{
        radix_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, MMIO_RA, 12, KERNEL_RW);
        radix_map(root, KEA2, MMIO_RA + 0x5000, 12, KERNEL_RW);
        t.cpu.gpr[4] = KEA + 0xffc;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK(!t.cpu.mmio_pending);
        emu_test_fini(&t);
}

TEST(test_radix_load_crossing_consecutive_mmio_pages_is_one_exit)
{
        radix_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, MMIO_RA, 12, KERNEL_RW);
        radix_map(root, KEA2, MMIO_RA + 0x1000, 12, KERNEL_RW);
        t.cpu.gpr[4] = KEA + 0xffc;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 0)), EMU_EXIT);
        CHECK_EQ(t.run.mmio.phys_addr, MMIO_RA + 0xffc);
        CHECK_EQ(t.run.mmio.len, 8);
        CHECK_EQ(t.cpu.mmio_target, EMU_TGT(EMU_TGT_GPR, 3));
        emu_test_fini(&t);
}

/* ---- tlbie/tlbiel of one page by EA (mmu_inval.c) ---- */

/* tlbie/tlbiel RB,RS,RIC,PRS,R with RB=r3, RS=r4. */
static uint32_t tlbie_word(unsigned xo, unsigned ric, unsigned prs, unsigned r)
{
        return 0x7c000000u | 4u << 21 | ric << 18 | prs << 17 | r << 16 | 3u << 11 | xo << 1;
}
#define TLBIE_VA   tlbie_word(306, 0, 1, 1)
#define TLBIEL_VA  tlbie_word(274, 0, 1, 1)
#define RB(ea, is, ap)  ((ea) | (uint64_t)(is) << 10 | (uint64_t)(ap) << 5)
#define AP_4K 0u
#define AP_2M 1u

static struct emu_cpu other;

/* radix_setup, a second vcpu of the partition, GTSE on. */
static void two_vcpu_setup(void)
{
        radix_setup();
        memset(&other, 0, sizeof(other));
        other.vm = &t.vm;
        other.run = &t.run;
        other.msr = t.cpu.msr;
        t.vm.lpcr = LPCR_GTSE;
}

static uint64_t other_ra(uint64_t ea)
{
        uint64_t ra = 0;
        CHECK_EQ(emu_mmu_xlate(&other, ea, EMU_ACCESS_READ, &ra), EMU_NEXT);
        return ra;
}

static void remap(uint64_t pte, uint64_t ra)
{
        emu_test_poke(&t, pte, 8, R_V | R_L | ra | KERNEL_RW | R_R);
}

TEST(test_tlbie_va_drops_named_page_on_another_vcpu)
{
        two_vcpu_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        CHECK_EQ(other_ra(KEA), 0x400000);
        remap(pte, 0x600000);
        t.cpu.gpr[3] = RB(KEA, 0, AP_4K);
        CHECK_EQ(emu_test_step(&t, TLBIE_VA), EMU_NEXT);
        CHECK_EQ(other_ra(KEA), 0x600000);
        emu_test_fini(&t);
}

TEST(test_tlbie_va_keeps_other_pages_cached)
{
        two_vcpu_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, 0x400000, 12, KERNEL_RW);
        uint64_t pte2 = radix_map(root, KEA2, 0x401000, 12, KERNEL_RW);
        CHECK_EQ(other_ra(KEA2), 0x401000);
        remap(pte2, 0x601000);    /* changed without a tlbie of its own */
        t.cpu.gpr[3] = RB(KEA, 0, AP_4K);
        CHECK_EQ(emu_test_step(&t, TLBIE_VA), EMU_NEXT);
        CHECK_EQ(other_ra(KEA2), 0x401000);
        emu_test_fini(&t);
}

TEST(test_tlbie_va_of_2m_page_drops_every_4k_entry_inside)
{
        two_vcpu_setup();
        uint64_t pte = radix_map(radix_tree(0), 0xc000000000200000ull, 0x400000, 21, KERNEL_RW);
        CHECK_EQ(other_ra(0xc000000000200000ull), 0x400000);
        CHECK_EQ(other_ra(0xc0000000003ff000ull), 0x5ff000);
        emu_test_poke(&t, pte, 8, R_V | R_L | 0x800000 | KERNEL_RW | R_R);
        t.cpu.gpr[3] = RB(0xc000000000200000ull, 0, AP_2M);
        CHECK_EQ(emu_test_step(&t, TLBIE_VA), EMU_NEXT);
        CHECK_EQ(other_ra(0xc000000000200000ull), 0x800000);
        CHECK_EQ(other_ra(0xc0000000003ff000ull), 0x9ff000);
        emu_test_fini(&t);
}

TEST(test_tlbie_by_pid_drops_every_page)
{
        two_vcpu_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, 0x400000, 12, KERNEL_RW);
        uint64_t pte2 = radix_map(root, KEA2, 0x401000, 12, KERNEL_RW);
        CHECK_EQ(other_ra(KEA2), 0x401000);
        remap(pte2, 0x601000);
        t.cpu.gpr[3] = RB(0, 1, 0);   /* IS=1: by PID */
        CHECK_EQ(emu_test_step(&t, TLBIE_VA), EMU_NEXT);
        CHECK_EQ(other_ra(KEA2), 0x601000);
        emu_test_fini(&t);
}

TEST(test_tlbie_va_with_page_walk_cache_ric_drops_every_page)
{
        two_vcpu_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, 0x400000, 12, KERNEL_RW);
        uint64_t pte2 = radix_map(root, KEA2, 0x401000, 12, KERNEL_RW);
        CHECK_EQ(other_ra(KEA2), 0x401000);
        remap(pte2, 0x601000);
        t.cpu.gpr[3] = RB(KEA, 0, AP_4K);
        CHECK_EQ(emu_test_step(&t, tlbie_word(306, 2, 1, 1)), EMU_NEXT);
        CHECK_EQ(other_ra(KEA2), 0x601000);
        emu_test_fini(&t);
}

TEST(test_tlbie_va_with_unknown_page_size_drops_every_page)
{
        two_vcpu_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, 0x400000, 12, KERNEL_RW);
        uint64_t pte2 = radix_map(root, KEA2, 0x401000, 12, KERNEL_RW);
        CHECK_EQ(other_ra(KEA2), 0x401000);
        remap(pte2, 0x601000);
        t.cpu.gpr[3] = RB(KEA, 0, 7);
        CHECK_EQ(emu_test_step(&t, TLBIE_VA), EMU_NEXT);
        CHECK_EQ(other_ra(KEA2), 0x601000);
        emu_test_fini(&t);
}

TEST(test_tlbie_va_reaches_a_vcpu_more_than_the_ring_behind)
{
        two_vcpu_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        CHECK_EQ(other_ra(KEA), 0x400000);
        remap(pte, 0x600000);
        t.cpu.gpr[3] = RB(KEA, 0, AP_4K);
        CHECK_EQ(emu_test_step(&t, TLBIE_VA), EMU_NEXT);
        for (unsigned i = 0; i < EMU_MMU_INV_RING + 5; i++) {
                t.cpu.gpr[3] = RB(0xc000000001000000ull + 0x1000ull * i, 0, AP_4K);
                CHECK_EQ(emu_test_step(&t, TLBIE_VA), EMU_NEXT);
        }
        CHECK_EQ(other_ra(KEA), 0x600000);
        emu_test_fini(&t);
}

TEST(test_tlbie_va_moves_another_vcpus_fetch_epoch)
{
        two_vcpu_setup();
        radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        CHECK_EQ(other_ra(KEA), 0x400000);
        unsigned e0 = emu_mmu_epoch(&other);
        t.cpu.gpr[3] = RB(KEA, 0, AP_4K);
        CHECK_EQ(emu_test_step(&t, TLBIE_VA), EMU_NEXT);
        CHECK(emu_mmu_epoch(&other) != e0);
        emu_test_fini(&t);
}

TEST(test_tlbiel_va_drops_named_page_here)
{
        radix_setup();
        uint64_t pte = radix_map(radix_tree(0), KEA, 0x400000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        remap(pte, 0x600000);
        t.cpu.gpr[3] = RB(KEA, 0, AP_4K);
        CHECK_EQ(emu_test_step(&t, TLBIEL_VA), EMU_NEXT);
        CHECK_EQ(xlate(KEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x600000);
        emu_test_fini(&t);
}

TEST(test_tlbiel_va_keeps_other_pages_here)
{
        radix_setup();
        uint64_t root = radix_tree(0);
        radix_map(root, KEA, 0x400000, 12, KERNEL_RW);
        uint64_t pte2 = radix_map(root, KEA2, 0x401000, 12, KERNEL_RW);
        uint64_t ra;
        CHECK_EQ(xlate(KEA2, EMU_ACCESS_READ, &ra), EMU_NEXT);
        remap(pte2, 0x601000);
        t.cpu.gpr[3] = RB(KEA, 0, AP_4K);
        CHECK_EQ(emu_test_step(&t, TLBIEL_VA), EMU_NEXT);
        CHECK_EQ(xlate(KEA2, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x401000);
        emu_test_fini(&t);
}

/* ---- hash ---- */

#define SLB_V        PPC_BIT(36)
#define SLB_KS       PPC_BIT(52)
#define SLB_KP       PPC_BIT(53)
#define SLB_N        PPC_BIT(54)
#define SLB_L        PPC_BIT(55)
#define SLB_LP_64K   (1ull << 4)
#define HR_R         0x100ull
#define HR_C         0x80ull
#define HR_M         0x10ull
#define HR_I         0x20ull
#define HR_N         0x4ull
#define HV_V         0x1ull
#define HV_H         0x2ull
#define HV_L         0x4ull

#define VSID   0x123ull
#define HEA    0x5000ull
/* hash = VSID ^ (EA offset >> 12) = 0x126; the HPT has 2048 PTEGs */
#define PTEX_PRIMARY   (0x126ull * 8)
#define PTEX_SECONDARY ((~0x126ull & 2047) * 8)
#define HV_HEA         ((VSID << 12) | HV_V)      /* AVPN = VA >> 23 = VSID << 5 */

static void hash_setup(void)
{
        emu_test_init(&t, RAM_SIZE);
        CHECK_EQ(emu_mmu_hpt_alloc(&t.vm, 18), 0);
        t.cpu.slb[0] = (struct emu_slbe){ .esid = SLB_V, .vsid = VSID << 12 };
        t.cpu.msr |= MSR_DR | MSR_IR;
}

static void hash_fini(void)
{
        emu_mmu_vm_fini(&t.vm);
        emu_test_fini(&t);
}

static uint64_t hpte(uint64_t ptex, unsigned dw)
{
        const uint8_t *p = t.vm.mmu.hpt + ptex * 16 + dw * 8;
        uint64_t v = 0;
        for (unsigned i = 0; i < 8; i++)
                v = (v << 8) | p[i];
        return v;
}

static void set_hpte(uint64_t ptex, uint64_t v, uint64_t r)
{
        uint8_t *p = t.vm.mmu.hpt + ptex * 16;
        for (unsigned i = 8; i-- > 0; v >>= 8, r >>= 8) {
                p[i] = (uint8_t)v;
                p[8 + i] = (uint8_t)r;
        }
}

/* Runs hypercall nr with args in r4.. through `sc 1`; returns r3. */
static uint64_t hcall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
        t.cpu.gpr[3] = nr;
        t.cpu.gpr[4] = a0;
        t.cpu.gpr[5] = a1;
        t.cpu.gpr[6] = a2;
        t.cpu.gpr[7] = a3;
        emu_test_step(&t, SC_1);
        return t.cpu.gpr[3];
}

TEST(test_no_page_table_at_all_raises_dsi_nopte)
{
        emu_test_init(&t, RAM_SIZE);
        t.cpu.msr |= MSR_DR;
        uint64_t ra;
        CHECK_EQ(xlate(0x5008, EMU_ACCESS_WRITE, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_NOPTE | DSISR_STORE);
        emu_test_fini(&t);
}

TEST(test_hash_slb_miss_raises_data_segment_interrupt)
{
        hash_setup();
        t.cpu.gpr[4] = 0x10000000;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 8)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_SEGMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], 0x10000008);
        hash_fini();
}

TEST(test_hash_slb_miss_on_fetch_raises_instruction_segment_interrupt)
{
        hash_setup();
        uint64_t ra;
        CHECK_EQ(xlate(0x20000000, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_INSN_SEGMENT);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x20000000);
        hash_fini();
}

TEST(test_hash_primary_pteg_entry_translates)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY + 3, HV_HEA, 0x700000 | HR_M | 2);
        emu_test_poke(&t, 0x700010, 8, 0x55aa);
        t.cpu.gpr[4] = HEA;
        CHECK_EQ(emu_test_step(&t, ld(3, 4, 0x10)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x55aa);
        hash_fini();
}

TEST(test_hash_secondary_pteg_entry_translates)
{
        hash_setup();
        set_hpte(PTEX_SECONDARY, HV_HEA | HV_H, 0x700000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(HEA + 0x20, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x700020);
        hash_fini();
}

TEST(test_hash_entry_with_wrong_h_bit_does_not_match)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA | HV_H, 0x700000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_NOPTE);
        hash_fini();
}

TEST(test_hash_missing_entry_raises_dsi_nopte)
{
        hash_setup();
        t.cpu.gpr[4] = HEA;
        CHECK_EQ(emu_test_step(&t, std_(3, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_NOPTE | DSISR_STORE);
        CHECK_EQ(t.cpu.spr[SPR_DAR], HEA);
        hash_fini();
}

TEST(test_hash_load_sets_r_and_store_sets_c)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(hpte(PTEX_PRIMARY, 1) & (HR_R | HR_C), HR_R);
        CHECK_EQ(xlate(HEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        CHECK_EQ(hpte(PTEX_PRIMARY, 1) & (HR_R | HR_C), HR_R | HR_C);
        hash_fini();
}

TEST(test_hash_pp_read_only_store_raises_dsi_protection)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | HR_M | 3);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(xlate(HEA, EMU_ACCESS_WRITE, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT | DSISR_STORE);
        hash_fini();
}

TEST(test_hash_pp0_page_denies_problem_state_with_kp)
{
        hash_setup();
        t.cpu.slb[0].vsid |= SLB_KP;
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | HR_M | 0);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);   /* supervisor, Ks=0 */
        t.cpu.msr |= MSR_PR;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT);
        hash_fini();
}

TEST(test_hash_storage_key_blocks_store_with_keyfault)
{
        hash_setup();
        /* key 3 (KEY_LO = 3 at bits 52:54), AMR key 3 write-disable bit */
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | (3ull << 9) | HR_M | 2);
        t.cpu.spr[SPR_AMR] = 1ull << (63 - 6);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(xlate(HEA, EMU_ACCESS_WRITE, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_KEY | DSISR_STORE);
        hash_fini();
}

TEST(test_hash_fetch_from_no_execute_page_raises_isi)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | HR_M | HR_N | 2);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_INSN_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & 0x783f0000ull, SRR1_ISI_N_G);
        hash_fini();
}

TEST(test_hash_fetch_from_no_execute_segment_raises_isi)
{
        hash_setup();
        t.cpu.slb[0].vsid |= SLB_N;
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & 0x783f0000ull, SRR1_ISI_N_G);
        hash_fini();
}

TEST(test_hash_fetch_missing_entry_raises_isi_nopte)
{
        hash_setup();
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_EXEC, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_SRR1] & 0x783f0000ull, SRR1_ISI_NOPTE);
        hash_fini();
}

TEST(test_hash_64k_page_in_64k_segment)
{
        hash_setup();
        t.cpu.slb[0].vsid |= SLB_L | SLB_LP_64K;
        /* hash = VSID ^ (0x35000 >> 16) = 0x120; penc 1 in RPN bits 12:15 */
        set_hpte(0x120 * 8, (VSID << 12) | HV_L | HV_V, 0x800000 | 0x1000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(0x3fff8, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x80fff8);
        hash_fini();
}

TEST(test_hash_16m_page_in_16m_segment_upper_half)
{
        hash_setup();
        t.cpu.slb[0].vsid |= SLB_L;     /* LP 0: 16 MB */
        /* EA 0x1800000: hash = VSID ^ (0x1000000 >> 24) = 0x122; AVPN low bit masked */
        set_hpte(0x122 * 8, (VSID << 12) | (2ull << 7) | HV_L | HV_V, 0x2000000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(0x1812345, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x2812345);
        hash_fini();
}

TEST(test_hash_1t_segment_translates)
{
        hash_setup();
        /* 1 TB segment 1 (EA 0x10000000000), VSID 0x45 at bit 24 */
        t.cpu.slb[1] = (struct emu_slbe){ .esid = 0x10000000000ull | SLB_V,
                                          .vsid = (1ull << 62) | (0x45ull << 24) };
        /* hash = vsid ^ (vsid << 25) ^ (0x3000 >> 12), masked to 2048 groups */
        uint64_t hash = (0x45ull ^ (0x45ull << 25) ^ 3) & 2047;
        set_hpte(hash * 8, (1ull << 62) | ((0x45ull << 17) << 7) | HV_V, 0x900000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(0x10000003008ull, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x900008);
        hash_fini();
}

TEST(test_slbie_drops_cached_translation)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        t.cpu.gpr[3] = HEA;
        CHECK_EQ(emu_test_step(&t, SLBIE_R3), EMU_NEXT);
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_SEGMENT);
        hash_fini();
}

#define RAM_PTEL(ra)  ((ra) | HR_M | 2)

static uint32_t slbmte(unsigned rs, unsigned rb) { return 0x7c000324u | rs << 21 | rb << 11; }
static uint32_t mtspr(unsigned spr, unsigned rs)
{
        return 0x7c0003a6u | rs << 21 | ((spr & 0x1fu) << 16) | ((spr >> 5) << 11);
}

TEST(test_slbmte_replacing_a_valid_entry_drops_cached_translation)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        t.cpu.gpr[3] = (VSID + 1) << 12;      /* segment 0 now has another VSID */
        t.cpu.gpr[4] = SLB_V | 0;
        CHECK_EQ(emu_test_step(&t, slbmte(3, 4)), EMU_NEXT);
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_NOPTE);
        hash_fini();
}

TEST(test_slbmte_into_a_free_entry_keeps_cached_translations)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, 0x700000 | HR_M | 2);
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        unsigned epoch = emu_mmu_epoch(&t.cpu);
        t.cpu.gpr[3] = 0x777ull << 12;
        t.cpu.gpr[4] = 0x10000000 | SLB_V | 1;   /* segment 1 into entry 1 */
        CHECK_EQ(emu_test_step(&t, slbmte(3, 4)), EMU_NEXT);
        CHECK_EQ(emu_mmu_epoch(&t.cpu), epoch);
        hash_fini();
}

TEST(test_mtspr_pid_drops_cached_user_translation)
{
        radix_setup();
        radix_tree(0);
        radix_map(radix_tree(5), 0x10000, 0x500000, 12, USER_RW);
        uint64_t ra;
        t.cpu.spr[SPR_PID] = 5;
        CHECK_EQ(xlate(0x10000, EMU_ACCESS_READ, &ra), EMU_NEXT);
        t.cpu.gpr[3] = 7;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_PID, 3)), EMU_NEXT);
        CHECK_EQ(xlate(0x10000, EMU_ACCESS_READ, &ra), EMU_JUMP);
        emu_test_fini(&t);
}

TEST(test_mtspr_amr_blocks_cached_user_page_for_kernel)
{
        radix_setup();
        radix_map(radix_tree(0), 0xc000000000050000ull, 0x400000, 12, USER_RW);
        uint64_t ra;
        CHECK_EQ(xlate(0xc000000000050000ull, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        t.cpu.gpr[3] = 0xc000000000000000ull;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_AMR, 3)), EMU_NEXT);
        t.cpu.gpr[4] = 0xc000000000050000ull;
        CHECK_EQ(emu_test_step(&t, std_(3, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT | DSISR_STORE);
        emu_test_fini(&t);
}

TEST(test_h_enter_secondary_group_entry_translates)
{
        hash_setup();
        uint64_t v = HV_HEA | HV_H;
        CHECK_EQ(hcall(H_ENTER, 0, PTEX_SECONDARY, v, RAM_PTEL(0x700000)), H_SUCCESS);
        CHECK_EQ(t.cpu.gpr[4], PTEX_SECONDARY);
        uint64_t ra;
        CHECK_EQ(xlate(HEA + 0x44, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x700044);
        CHECK_EQ(hpte(PTEX_SECONDARY, 1) & (HR_R | HR_C), HR_R | HR_C);
        hash_fini();
}

/* ---- hash hypercalls ---- */


TEST(test_h_enter_takes_first_free_slot_of_the_group)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_V | 0x1000, RAM_PTEL(0x1000));
        CHECK_EQ(hcall(H_ENTER, 0, PTEX_PRIMARY + 5, HV_HEA, RAM_PTEL(0x700000)), H_SUCCESS);
        CHECK_EQ(t.cpu.gpr[4], PTEX_PRIMARY + 1);
        CHECK_EQ(hpte(PTEX_PRIMARY + 1, 0), HV_HEA);
        CHECK_EQ(hpte(PTEX_PRIMARY + 1, 1), RAM_PTEL(0x700000));
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(ra, 0x700000);
        hash_fini();
}

TEST(test_h_enter_full_group_returns_pteg_full)
{
        hash_setup();
        for (unsigned i = 0; i < 8; i++)
                set_hpte(PTEX_PRIMARY + i, HV_V, RAM_PTEL(0));
        CHECK_EQ(hcall(H_ENTER, 0, PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000)), H_PTEG_FULL);
        hash_fini();
}

TEST(test_h_enter_exact_on_used_slot_returns_pteg_full)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY + 2, HV_V, RAM_PTEL(0));
        CHECK_EQ(hcall(H_ENTER, H_EXACT, PTEX_PRIMARY + 2, HV_HEA, RAM_PTEL(0x700000)), H_PTEG_FULL);
        CHECK_EQ(hcall(H_ENTER, H_EXACT, PTEX_PRIMARY + 3, HV_HEA, RAM_PTEL(0x700000)), H_SUCCESS);
        CHECK_EQ(t.cpu.gpr[4], PTEX_PRIMARY + 3);
        hash_fini();
}

TEST(test_h_enter_index_beyond_table_is_a_parameter_error)
{
        hash_setup();
        CHECK_EQ(hcall(H_ENTER, 0, 16384, HV_HEA, RAM_PTEL(0x700000)), H_PARAMETER);
        hash_fini();
}

TEST(test_h_enter_ram_not_mapped_coherent_is_a_parameter_error)
{
        hash_setup();
        CHECK_EQ(hcall(H_ENTER, 0, 0, HV_HEA, 0x700000 | HR_I | 2), H_PARAMETER);
        hash_fini();
}

TEST(test_h_enter_io_must_be_cache_inhibited)
{
        hash_setup();
        CHECK_EQ(hcall(H_ENTER, 0, 0, HV_HEA, 0x80000000ull | HR_M | 2), H_PARAMETER);
        CHECK_EQ(hcall(H_ENTER, 0, 0, HV_HEA, 0x80000000ull | HR_I | 2), H_SUCCESS);
        hash_fini();
}

TEST(test_h_enter_unknown_large_page_encoding_is_a_parameter_error)
{
        hash_setup();
        CHECK_EQ(hcall(H_ENTER, 0, 0, HV_HEA | HV_L, RAM_PTEL(0x700000) | 0x3000), H_PARAMETER);
        hash_fini();
}

TEST(test_h_remove_returns_the_old_entry_and_invalidates)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000));
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_NEXT);
        CHECK_EQ(hcall(H_REMOVE, 0, PTEX_PRIMARY, 0, 0), H_SUCCESS);
        CHECK_EQ(t.cpu.gpr[4], HV_HEA);
        CHECK_EQ(t.cpu.gpr[5], RAM_PTEL(0x700000) | HR_R);
        CHECK_EQ(hpte(PTEX_PRIMARY, 0), 0);
        CHECK_EQ(xlate(HEA, EMU_ACCESS_READ, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_NOPTE);
        hash_fini();
}

TEST(test_h_remove_avpn_mismatch_is_not_found)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000));
        CHECK_EQ(hcall(H_REMOVE, H_AVPN, PTEX_PRIMARY, (VSID + 1) << 12, 0), H_NOT_FOUND);
        CHECK_EQ(hcall(H_REMOVE, H_AVPN, PTEX_PRIMARY, VSID << 12, 0), H_SUCCESS);
        hash_fini();
}

TEST(test_h_remove_andcond_bits_set_is_not_found)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000));
        CHECK_EQ(hcall(H_REMOVE, H_ANDCOND, PTEX_PRIMARY, 0x1000, 0), H_NOT_FOUND);
        CHECK_EQ(hcall(H_REMOVE, H_ANDCOND, PTEX_PRIMARY, 0x800, 0), H_SUCCESS);
        hash_fini();
}

TEST(test_h_remove_invalid_entry_is_not_found)
{
        hash_setup();
        CHECK_EQ(hcall(H_REMOVE, 0, 7, 0, 0), H_NOT_FOUND);
        hash_fini();
}

TEST(test_h_remove_index_beyond_table_is_a_parameter_error)
{
        hash_setup();
        CHECK_EQ(hcall(H_REMOVE, 0, 1ull << 40, 0, 0), H_PARAMETER);
        hash_fini();
}

TEST(test_h_read_returns_one_entry)
{
        hash_setup();
        set_hpte(9, 0x1111, 0x2222);
        CHECK_EQ(hcall(H_READ, 0, 9, 0, 0), H_SUCCESS);
        CHECK_EQ(t.cpu.gpr[4], 0x1111);
        CHECK_EQ(t.cpu.gpr[5], 0x2222);
        hash_fini();
}

TEST(test_h_read_4_returns_the_aligned_four)
{
        hash_setup();
        for (unsigned i = 0; i < 4; i++)
                set_hpte(8 + i, 0x10 + i, 0x20 + i);
        CHECK_EQ(hcall(H_READ, H_READ_4, 10, 0, 0), H_SUCCESS);
        CHECK_EQ(t.cpu.gpr[4], 0x10);
        CHECK_EQ(t.cpu.gpr[5], 0x20);
        CHECK_EQ(t.cpu.gpr[10], 0x13);
        CHECK_EQ(t.cpu.gpr[11], 0x23);
        hash_fini();
}

TEST(test_h_read_index_beyond_table_is_a_parameter_error)
{
        hash_setup();
        CHECK_EQ(hcall(H_READ, 0, 16384, 0, 0), H_PARAMETER);
        hash_fini();
}

TEST(test_h_protect_makes_page_read_only_for_the_next_store)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000));
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        CHECK_EQ(hcall(H_PROTECT, 3, PTEX_PRIMARY, 0, 0), H_SUCCESS);
        CHECK_EQ(hpte(PTEX_PRIMARY, 1) & 3, 3);
        CHECK_EQ(xlate(HEA, EMU_ACCESS_WRITE, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_PROT | DSISR_STORE);
        hash_fini();
}

TEST(test_h_protect_sets_pp0_and_key_from_flags)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000));
        CHECK_EQ(hcall(H_PROTECT, 0x100 | 0x3000 | 0xe00 | 4 | 1, PTEX_PRIMARY, 0, 0), H_SUCCESS);
        CHECK_EQ(hpte(PTEX_PRIMARY, 1), 0xb000000000700000ull | 0xe00 | HR_M | 4 | 1);
        hash_fini();
}

TEST(test_h_protect_avpn_mismatch_is_not_found)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000));
        CHECK_EQ(hcall(H_PROTECT, H_AVPN | 3, PTEX_PRIMARY, 0x5000, 0), H_NOT_FOUND);
        CHECK_EQ(hcall(H_PROTECT, 3, PTEX_PRIMARY + 1, 0, 0), H_NOT_FOUND);
        CHECK_EQ(hcall(H_PROTECT, 3, 1ull << 20, 0, 0), H_PARAMETER);
        hash_fini();
}

#define BULK_REQ  0x4000000000000000ull
#define BULK_END  0xc000000000000000ull
#define BULK_RESP 0x8000000000000000ull

TEST(test_h_bulk_remove_answers_each_request)
{
        hash_setup();
        set_hpte(16, HV_V | 0x1000, RAM_PTEL(0x1000) | HR_R | HR_C);
        set_hpte(24, HV_V | 0x2000, RAM_PTEL(0x2000));
        t.cpu.gpr[3] = H_BULK_REMOVE;
        t.cpu.gpr[4] = BULK_REQ | 16;  t.cpu.gpr[5] = 0;
        t.cpu.gpr[6] = BULK_REQ | 17;  t.cpu.gpr[7] = 0;     /* empty: not found */
        t.cpu.gpr[8] = BULK_REQ | (2ull << 56) | 24;  t.cpu.gpr[9] = 0x2000;  /* AVPN */
        t.cpu.gpr[10] = BULK_END;
        emu_test_step(&t, SC_1);
        CHECK_EQ(t.cpu.gpr[3], H_SUCCESS);
        CHECK_EQ(t.cpu.gpr[4], BULK_RESP | (3ull << 58) | 16);   /* R, C in bits 4:5 */
        CHECK_EQ(t.cpu.gpr[6], BULK_RESP | (1ull << 60) | 17);
        CHECK_EQ(t.cpu.gpr[8], BULK_RESP | (2ull << 56) | 24);
        CHECK_EQ(hpte(16, 0), 0);
        CHECK_EQ(hpte(24, 0), 0);
        CHECK_EQ(t.cpu.gpr[10], BULK_END);
        hash_fini();
}

TEST(test_h_bulk_remove_bad_type_is_a_parameter_error)
{
        hash_setup();
        t.cpu.gpr[3] = H_BULK_REMOVE;
        t.cpu.gpr[4] = BULK_RESP | 16;
        emu_test_step(&t, SC_1);
        CHECK_EQ(t.cpu.gpr[3], H_PARAMETER);
        hash_fini();
}

TEST(test_h_bulk_remove_avpn_with_andcond_answers_parm)
{
        hash_setup();
        set_hpte(16, HV_V, RAM_PTEL(0x1000));
        t.cpu.gpr[3] = H_BULK_REMOVE;
        t.cpu.gpr[4] = BULK_REQ | (3ull << 56) | 16;
        emu_test_step(&t, SC_1);
        CHECK_EQ(t.cpu.gpr[3], H_PARAMETER);
        CHECK_EQ(t.cpu.gpr[4], BULK_RESP | (2ull << 60) | (3ull << 56) | 16);
        CHECK_EQ(hpte(16, 0), HV_V);
        hash_fini();
}

TEST(test_h_clear_ref_returns_old_and_clears_r)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000) | HR_R | HR_C);
        CHECK_EQ(hcall(H_CLEAR_REF, 0, PTEX_PRIMARY, 0, 0), H_SUCCESS);
        CHECK_EQ(t.cpu.gpr[4], RAM_PTEL(0x700000) | HR_R | HR_C);
        CHECK_EQ(hpte(PTEX_PRIMARY, 1), RAM_PTEL(0x700000) | HR_C);
        hash_fini();
}

TEST(test_h_clear_mod_clears_c_and_next_store_sets_it_again)
{
        hash_setup();
        set_hpte(PTEX_PRIMARY, HV_HEA, RAM_PTEL(0x700000));
        uint64_t ra;
        CHECK_EQ(xlate(HEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        CHECK_EQ(hcall(H_CLEAR_MOD, 0, PTEX_PRIMARY, 0, 0), H_SUCCESS);
        CHECK_EQ(hpte(PTEX_PRIMARY, 1) & HR_C, 0);
        CHECK_EQ(xlate(HEA, EMU_ACCESS_WRITE, &ra), EMU_NEXT);
        CHECK_EQ(hpte(PTEX_PRIMARY, 1) & HR_C, HR_C);
        hash_fini();
}

TEST(test_h_clear_ref_on_invalid_entry_is_not_found)
{
        hash_setup();
        CHECK_EQ(hcall(H_CLEAR_REF, 0, 3, 0, 0), H_NOT_FOUND);
        CHECK_EQ(hcall(H_CLEAR_MOD, 0, 1ull << 30, 0, 0), H_PARAMETER);
        hash_fini();
}

TEST(test_other_hypercalls_leave_the_backend)
{
        hash_setup();
        t.cpu.gpr[3] = 0x54;   /* H_GET_TERM_CHAR */
        CHECK_EQ(emu_test_step(&t, SC_1), EMU_EXIT);
        CHECK_EQ(t.run.exit_reason, KVM_EXIT_PAPR_HCALL);
        hash_fini();
}

TEST(test_hpt_size_follows_ram_size)
{
        CHECK_EQ(emu_mmu_hpt_shift_for_ram(1ull << 30), 23);
        CHECK_EQ(emu_mmu_hpt_shift_for_ram(16ull << 20), 18);
        CHECK_EQ(emu_mmu_hpt_shift_for_ram((1ull << 30) + 1), 24);
}

TEST(test_hpt_alloc_rejects_sizes_outside_18_to_46)
{
        emu_test_init(&t, RAM_SIZE);
        CHECK_EQ(emu_mmu_hpt_alloc(&t.vm, 17), -EINVAL);
        CHECK_EQ(emu_mmu_hpt_alloc(&t.vm, 47), -EINVAL);
        CHECK_EQ(emu_mmu_hpt_alloc(&t.vm, 18), 0);
        CHECK_EQ(emu_mmu_hpt_shift(&t.vm), 18);
        CHECK_EQ(emu_mmu_hpt_alloc(&t.vm, 0), 0);
        CHECK_EQ(emu_mmu_hpt_shift(&t.vm), 0);
        emu_test_fini(&t);
}

/* ---- through the whole backend and the platform's hypercall table ---- */

#define PROC_TABLE_NEW    0x18ull
#define PROC_TABLE_DEREG  0x10ull
#define PROC_TABLE_RADIX  0x04ull
#define PROC_TABLE_HPT_PT 0x02ull
#define PROC_TABLE_GTSE   0x01ull
#define LPCR_UPRT         PPC_BIT(41)
#define LPCR_HR           PPC_BIT(43)

static struct tvm tv;
static struct platform plat;

static void platform_setup(void)
{
        tvm_init(&tv, 2, false);
        memset(&plat, 0, sizeof(plat));
        plat.vcpus[0] = tv.vcpu[0];
        plat.vcpus[1] = tv.vcpu[1];
        plat.nr_vcpus = 2;
}

static int64_t register_proc_tbl(uint64_t flags, uint64_t base, uint64_t ps, uint64_t size)
{
        uint64_t args[9] = { flags, base, ps, size };
        return hcall_dispatch(&plat, tv.vcpu[0], H_REGISTER_PROC_TBL, args);
}

static uint64_t one_reg(unsigned v, uint32_t id)
{
        uint64_t val = 0;
        CHECK_EQ(tv.ops->get_one_reg(tv.vcpu[v], id, &val), 0);
        return val;
}

TEST(test_register_proc_tbl_radix_sets_table_and_lpcr_on_every_vcpu)
{
        platform_setup();
        CHECK_EQ(register_proc_tbl(PROC_TABLE_NEW | PROC_TABLE_RADIX | PROC_TABLE_GTSE, 0x10000, 0, 4), 0);
        CHECK_EQ(one_reg(1, VCPU_REG_PROC_TABLE), PATE1_GR | 0x10000 | 4);
        CHECK_EQ(one_reg(1, VCPU_REG_LPCR) & (LPCR_UPRT | LPCR_HR | LPCR_GTSE),
                 LPCR_UPRT | LPCR_HR | LPCR_GTSE);
        tvm_fini(&tv);
}

TEST(test_register_proc_tbl_checks_each_radix_argument)
{
        platform_setup();
        uint64_t f = PROC_TABLE_NEW | PROC_TABLE_RADIX;
        CHECK_EQ(register_proc_tbl(f, 0x10800, 0, 4), H_P2);
        CHECK_EQ(register_proc_tbl(f, 1ull << 60, 0, 4), H_P2);
        CHECK_EQ(register_proc_tbl(f, 0x10000, 1, 4), H_P3);
        CHECK_EQ(register_proc_tbl(f, 0x10000, 0, 25), H_P4);
        CHECK_EQ(register_proc_tbl(0x20 | f, 0x10000, 0, 4), H_PARAMETER);
        CHECK_EQ(one_reg(0, VCPU_REG_PROC_TABLE), 0);
        tvm_fini(&tv);
}

TEST(test_register_proc_tbl_hash_with_segment_tables_is_refused)
{
        platform_setup();
        CHECK_EQ(register_proc_tbl(PROC_TABLE_NEW | PROC_TABLE_HPT_PT, 0, 0, 0), H_PARAMETER);
        tvm_fini(&tv);
}

TEST(test_register_proc_tbl_keep_needs_matching_type)
{
        platform_setup();
        CHECK_EQ(register_proc_tbl(0, 0, 0, 0), 0);            /* Linux on hash */
        CHECK_EQ(register_proc_tbl(PROC_TABLE_RADIX, 0, 0, 0), H_PARAMETER);
        CHECK_EQ(register_proc_tbl(PROC_TABLE_NEW | PROC_TABLE_RADIX, 0x10000, 0, 4), 0);
        CHECK_EQ(register_proc_tbl(0, 0, 0, 0), H_PARAMETER);
        CHECK_EQ(register_proc_tbl(PROC_TABLE_RADIX, 0, 0, 0), 0);
        CHECK_EQ(one_reg(0, VCPU_REG_PROC_TABLE), PATE1_GR | 0x10000 | 4);
        tvm_fini(&tv);
}

TEST(test_deregister_keeps_only_the_table_type)
{
        platform_setup();
        CHECK_EQ(register_proc_tbl(PROC_TABLE_NEW | PROC_TABLE_RADIX, 0x10000, 0, 4), 0);
        CHECK_EQ(register_proc_tbl(PROC_TABLE_DEREG | PROC_TABLE_RADIX, 0, 0, 0), 0);
        CHECK_EQ(one_reg(0, VCPU_REG_PROC_TABLE), PATE1_GR);
        tvm_fini(&tv);
}

TEST(test_machine_allocates_the_hpt_through_the_backend)
{
        unsigned shift = 0;

        platform_setup();
        CHECK_EQ(hcall_mmu_alloc_hpt(tv.vcpu[0], 1ull << 30, &shift), 0);
        CHECK_EQ(shift, 23);
        CHECK_EQ(one_reg(1, VCPU_REG_HTAB_SHIFT), 23);
        tvm_fini(&tv);
}

TEST(test_hpt_allocation_forgets_the_registered_process_table)
{
        unsigned shift = 0;

        platform_setup();
        CHECK_EQ(register_proc_tbl(PROC_TABLE_NEW | PROC_TABLE_RADIX | PROC_TABLE_GTSE, 0x10000, 0, 4), 0);
        CHECK_EQ(hcall_mmu_alloc_hpt(tv.vcpu[0], 1ull << 28, &shift), 0);
        CHECK_EQ(one_reg(1, VCPU_REG_PROC_TABLE), 0);
        CHECK_EQ(one_reg(1, VCPU_REG_LPCR) & (LPCR_UPRT | LPCR_HR | LPCR_GTSE), 0);
        CHECK_EQ(register_proc_tbl(0, 0, 0, 0), 0);      /* a hash kernel after reboot */
        tvm_fini(&tv);
}

/* A vcpu runs relocated code: fetch and data through the radix tree. */
TEST(test_vcpu_runs_kernel_code_through_radix)
{
        platform_setup();
        mem = tv.ram;
        next_table = 0x20000;
        CHECK_EQ(register_proc_tbl(PROC_TABLE_NEW | PROC_TABLE_RADIX, 0x10000, 0, 0), 0);
        uint64_t root = alloc_table(13);
        poke64(0x10000, (2ull << 61) | root | (5ull << 5) | 13);
        radix_map(root, 0xc000000000040000ull, 0x4000, 12, EAA_PRIV | EAA_R | EAA_X);
        uint64_t dpte = radix_map(root, 0xc000000000050000ull, 0x5000, 12, KERNEL_RW);
        poke64(0x5000, 0x0102030405060708ull);
        TVM_CODE_AT(&tv, 0x4000, LD(5, 0, 4), STD(5, 8, 4), LI(3, 0x54), SC(1));
        tvm_set_gpr(&tv, 0, 4, 0xc000000000050000ull);
        tvm_set_msr_pc(&tv, 0, MSR_SF | MSR_ME | MSR_IR | MSR_DR, 0xc000000000040000ull);
        CHECK_EQ(tvm_run(&tv, 0), KVM_EXIT_PAPR_HCALL);
        CHECK_EQ(peek64(0x5008), 0x0102030405060708ull);
        CHECK_EQ(tvm_gpr(&tv, 0, 5), 0x0102030405060708ull);
        CHECK_EQ(peek64(dpte) & (R_R | R_C), R_R | R_C);
        tvm_fini(&tv);
}

/* A jump to an unmapped page: the fetch raises the ISI, real mode at 0x400. */
TEST(test_vcpu_fetch_from_unmapped_page_takes_isi)
{
        platform_setup();
        mem = tv.ram;
        next_table = 0x20000;
        CHECK_EQ(register_proc_tbl(PROC_TABLE_NEW | PROC_TABLE_RADIX, 0x10000, 0, 0), 0);
        uint64_t root = alloc_table(13);
        poke64(0x10000, (2ull << 61) | root | (5ull << 5) | 13);
        radix_map(root, 0xc000000000040000ull, 0x4000, 12, EAA_PRIV | EAA_R | EAA_X);
        /* b +0x1000 into the unmapped next page but one */
        TVM_CODE_AT(&tv, 0x4000, B(0x2000));
        TVM_CODE_AT(&tv, 0x400, LI(3, 0x54), SC(1));
        tvm_set_msr_pc(&tv, 0, MSR_SF | MSR_ME | MSR_IR | MSR_DR, 0xc000000000040000ull);
        CHECK_EQ(tvm_run(&tv, 0), KVM_EXIT_PAPR_HCALL);
        struct vcpu_regs r = tvm_regs(&tv, 0);
        CHECK_EQ(r.srr0, 0xc000000000042000ull);
        CHECK_EQ(r.srr1 & 0x783f0000ull, SRR1_ISI_NOPTE);
        CHECK_EQ(r.srr1 & (MSR_IR | MSR_DR), MSR_IR | MSR_DR);
        tvm_fini(&tv);
}
