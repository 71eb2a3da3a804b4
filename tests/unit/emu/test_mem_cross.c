/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Accesses that cross a 4 KiB page boundary in real mode: RAM on both
 * sides (one slot or two) is performed; device memory on both sides is one
 * MMIO exit; RAM on one side and device memory on the other raises the
 * alignment interrupt with nothing read or written.  The relocated cases
 * are in test_mmu.c.
 */
#include <string.h>

#include "harness.h"
#include "test.h"

#define RAM_SIZE 0x10000u
#define MMIO     0x40000000ull

static uint32_t d_form(unsigned op, unsigned rt, unsigned ra, int d)
{
        return (op << 26) | (rt << 21) | (ra << 16) | ((uint32_t)d & 0xffffu);
}
#define LWZ(rt, d, ra)  d_form(32, rt, ra, d)
#define STW(rs, d, ra)  d_form(36, rs, ra, d)
#define LD(rt, ds, ra)  d_form(58, rt, ra, (ds) & 0xfffc)
#define STD(rs, ds, ra) d_form(62, rs, ra, (ds) & 0xfffc)

static void setup(struct emu_test *t)
{
        emu_test_init(t, RAM_SIZE);
}

TEST(test_load_crossing_pages_inside_ram_reads_both)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x1ffe, 4, 0x11223344);
        t.cpu.gpr[4] = 0x1ffe;
        CHECK_EQ(emu_test_step(&t, LWZ(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x11223344);
        emu_test_fini(&t);
}

TEST(test_store_crossing_pages_little_endian_writes_both)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[4] = 0x2ffc;
        t.cpu.gpr[5] = 0x0102030405060708ull;
        CHECK_EQ(emu_test_step(&t, STD(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x2ffc, 8), 0x0807060504030201ull);
        emu_test_fini(&t);
}

TEST(test_store_crossing_ram_end_into_mmio_raises_alignment_and_writes_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = RAM_SIZE - 2;
        t.cpu.gpr[5] = 0xaabbccdd;
        CHECK_EQ(emu_test_step(&t, STW(5, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], RAM_SIZE - 2);
        CHECK_EQ(emu_test_peek(&t, RAM_SIZE - 2, 2), 0);
        CHECK(t.run.exit_reason != KVM_EXIT_MMIO);
        emu_test_fini(&t);
}

TEST(test_load_crossing_ram_end_into_mmio_raises_alignment_and_keeps_rt)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x77;
        t.cpu.gpr[4] = RAM_SIZE - 4;
        CHECK_EQ(emu_test_step(&t, LD(3, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], RAM_SIZE - 4);
        CHECK_EQ(t.cpu.gpr[3], 0x77);
        CHECK(!t.cpu.mmio_pending);
        emu_test_fini(&t);
}

TEST(test_store_crossing_from_mmio_into_ram_raises_alignment_and_writes_nothing)
{
        struct emu_test t;
        uint8_t high[0x1000];
        setup(&t);
        /* RAM again from MMIO + 0x1000: the access starts in device memory */
        memset(high, 0, sizeof(high));
        t.vm.slots[1] = (struct emu_slot){ .gpa = MMIO + 0x1000, .size = sizeof(high), .host = high };
        t.vm.nslots = 2;
        t.cpu.gpr[4] = MMIO + 0xffc;
        t.cpu.gpr[5] = ~0ull;
        CHECK_EQ(emu_test_step(&t, STD(5, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(high[0], 0);
        CHECK_EQ(high[3], 0);
        CHECK(t.run.exit_reason != KVM_EXIT_MMIO);
        emu_test_fini(&t);
}

TEST(test_store_crossing_into_adjacent_ram_slot_writes_both)
{
        struct emu_test t;
        uint8_t next[0x1000];
        setup(&t);
        memset(next, 0, sizeof(next));
        t.vm.slots[1] = (struct emu_slot){ .gpa = RAM_SIZE, .size = sizeof(next), .host = next };
        t.vm.nslots = 2;
        t.cpu.gpr[4] = RAM_SIZE - 2;
        t.cpu.gpr[5] = 0xaabbccdd;
        CHECK_EQ(emu_test_step(&t, STW(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, RAM_SIZE - 2, 2), 0xaabb);
        CHECK_EQ(next[0], 0xcc);
        CHECK_EQ(next[1], 0xdd);
        emu_test_fini(&t);
}

TEST(test_store_crossing_pages_of_mmio_is_one_exit)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO + 0xffe;
        t.cpu.gpr[5] = 0xaabbccdd;
        CHECK_EQ(emu_test_step(&t, STW(5, 0, 4)), EMU_EXIT);
        CHECK_EQ(t.run.exit_reason, KVM_EXIT_MMIO);
        CHECK_EQ(t.run.mmio.phys_addr, MMIO + 0xffe);
        CHECK_EQ(t.run.mmio.len, 4);
        CHECK_EQ(t.run.mmio.is_write, 1);
        CHECK_EQ(t.run.mmio.data[0], 0xaa);
        CHECK_EQ(t.run.mmio.data[3], 0xdd);
        emu_test_fini(&t);
}

TEST(test_load_crossing_pages_of_mmio_is_one_exit_into_rt)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO + 0x1ffc;
        CHECK_EQ(emu_test_step(&t, LD(3, 0, 4)), EMU_EXIT);
        CHECK_EQ(t.run.mmio.phys_addr, MMIO + 0x1ffc);
        CHECK_EQ(t.run.mmio.len, 8);
        CHECK(t.cpu.mmio_pending);
        CHECK_EQ(t.cpu.mmio_target, EMU_TGT(EMU_TGT_GPR, 3));
        emu_test_fini(&t);
}

TEST(test_store_crossing_pages_bumps_code_generation_of_both)
{
        struct emu_test t;
        setup(&t);
        _Atomic uint32_t pageinfo[RAM_SIZE / 4096] = { 0 };
        t.vm.slots[0].pageinfo = pageinfo;
        atomic_store(&pageinfo[1], 1u);
        atomic_store(&pageinfo[2], 1u);
        t.cpu.gpr[4] = 0x1ffc;
        CHECK_EQ(emu_test_step(&t, STD(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(atomic_load(&pageinfo[1]), 3);
        CHECK_EQ(atomic_load(&pageinfo[2]), 3);
        t.vm.slots[0].pageinfo = NULL;
        emu_test_fini(&t);
}
