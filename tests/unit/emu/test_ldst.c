/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point loads and stores, load/store multiple and string,
 * larx/stcx., quadword, atomic memory operations and cache management.
 * RAM is 64 KiB at real address 0; anything at or above RAM_SIZE is MMIO.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "backend_vm.h"
#include "harness.h"
#include "test.h"

#define RAM_SIZE 0x10000u
#define MMIO     0x40000000ull

/* Instruction encoders (ISA field positions). */
static uint32_t d_form(unsigned op, unsigned rt, unsigned ra, int d)
{
        return (op << 26) | (rt << 21) | (ra << 16) | ((uint32_t)d & 0xffffu);
}

static uint32_t ds_form(unsigned op, unsigned rt, unsigned ra, int ds, unsigned xo)
{
        return (op << 26) | (rt << 21) | (ra << 16) | ((uint32_t)ds & 0xfffcu) | xo;
}

static uint32_t x_form(unsigned xo, unsigned rt, unsigned ra, unsigned rb)
{
        return (31u << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1);
}

static void setup(struct emu_test *t)
{
        emu_test_init(t, RAM_SIZE);
}

static void check_illegal(struct emu_test *t, uint64_t nip)
{
        CHECK_EQ(t->cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t->cpu.spr[SPR_SRR0], nip);
        CHECK(t->cpu.spr[SPR_SRR1] & SRR1_PROGRAM_ILLEGAL);
}

/* ---- basic loads ---- */

TEST(test_lbz_zero_extends_byte)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x105, 1, 0xf3);
        t.cpu.gpr[4] = 0x100;
        t.cpu.gpr[3] = ~0ull;
        CHECK_EQ(emu_test_step(&t, d_form(34, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xf3);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_lhz_zero_extends_halfword)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x200, 2, 0x8001);
        t.cpu.gpr[4] = 0x202;
        CHECK_EQ(emu_test_step(&t, d_form(40, 3, 4, -2)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x8001);
        emu_test_fini(&t);
}

TEST(test_lha_sign_extends_halfword)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x200, 2, 0x8001);
        t.cpu.gpr[4] = 0x200;
        CHECK_EQ(emu_test_step(&t, d_form(42, 3, 4, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xffffffffffff8001ull);
        emu_test_fini(&t);
}

TEST(test_lwz_zero_extends_word)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x300, 4, 0x89abcdef);
        t.cpu.gpr[4] = 0x300;
        CHECK_EQ(emu_test_step(&t, d_form(32, 3, 4, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x89abcdef);
        emu_test_fini(&t);
}

TEST(test_lwa_sign_extends_with_ds_displacement)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x308, 4, 0x89abcdef);
        t.cpu.gpr[4] = 0x300;
        CHECK_EQ(emu_test_step(&t, ds_form(58, 3, 4, 8, 2)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xffffffff89abcdefull);
        emu_test_fini(&t);
}

TEST(test_ld_loads_big_endian_doubleword)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x3f8, 8, 0x0102030405060708ull);
        t.cpu.gpr[4] = 0x400;
        CHECK_EQ(emu_test_step(&t, ds_form(58, 3, 4, -8, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x0102030405060708ull);
        emu_test_fini(&t);
}

TEST(test_ld_little_endian_reverses_bytes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_poke(&t, 0x400, 8, 0x0102030405060708ull);
        t.cpu.gpr[4] = 0x400;
        CHECK_EQ(emu_test_step(&t, ds_form(58, 3, 4, 0, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x0807060504030201ull);
        emu_test_fini(&t);
}

TEST(test_lha_little_endian_sign_extends)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_poke(&t, 0x200, 2, 0x0180);
        t.cpu.gpr[4] = 0x200;
        CHECK_EQ(emu_test_step(&t, d_form(42, 3, 4, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xffffffffffff8001ull);
        emu_test_fini(&t);
}

TEST(test_load_ra_zero_uses_base_zero)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x40, 4, 0x11223344);
        t.cpu.gpr[0] = 0x5000;
        CHECK_EQ(emu_test_step(&t, d_form(32, 3, 0, 0x40)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x11223344);
        emu_test_fini(&t);
}

TEST(test_lwzx_adds_ra_and_rb)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x1230, 4, 0xcafef00d);
        t.cpu.gpr[4] = 0x1000;
        t.cpu.gpr[5] = 0x230;
        CHECK_EQ(emu_test_step(&t, x_form(23, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xcafef00d);
        emu_test_fini(&t);
}

TEST(test_lbzx_ra_zero_uses_rb_only)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x777, 1, 0x5a);
        t.cpu.gpr[0] = 0x100;
        t.cpu.gpr[5] = 0x777;
        CHECK_EQ(emu_test_step(&t, x_form(87, 3, 0, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x5a);
        emu_test_fini(&t);
}

TEST(test_lhax_sign_extends)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x202, 2, 0xfffe);
        t.cpu.gpr[4] = 0x200;
        t.cpu.gpr[5] = 2;
        CHECK_EQ(emu_test_step(&t, x_form(343, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], (uint64_t)-2);
        emu_test_fini(&t);
}

TEST(test_lhzx_zero_extends)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x202, 2, 0xfffe);
        t.cpu.gpr[4] = 0x200;
        t.cpu.gpr[5] = 2;
        CHECK_EQ(emu_test_step(&t, x_form(279, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xfffe);
        emu_test_fini(&t);
}

TEST(test_lwax_sign_extends)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x300, 4, 0x80000000);
        t.cpu.gpr[4] = 0x300;
        t.cpu.gpr[5] = 0;
        CHECK_EQ(emu_test_step(&t, x_form(341, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xffffffff80000000ull);
        emu_test_fini(&t);
}

TEST(test_ldx_loads_doubleword)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x800, 8, 0xfedcba9876543210ull);
        t.cpu.gpr[4] = 0x7ff;
        t.cpu.gpr[5] = 1;
        CHECK_EQ(emu_test_step(&t, x_form(21, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xfedcba9876543210ull);
        emu_test_fini(&t);
}

TEST(test_x_form_reserved_bit31_ignored)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x300, 4, 0x12345678);
        t.cpu.gpr[4] = 0x300;
        CHECK_EQ(emu_test_step(&t, x_form(23, 3, 0, 4) | 1), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x12345678);
        emu_test_fini(&t);
}

TEST(test_ds_opcode_58_xo_3_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, ds_form(58, 3, 4, 0, 3)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_ds_opcode_62_xo_3_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, ds_form(62, 3, 4, 0, 3)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

/* ---- update forms ---- */

TEST(test_lbzu_updates_ra_with_ea)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x110, 1, 0x42);
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, d_form(35, 3, 4, 0x10)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x42);
        CHECK_EQ(t.cpu.gpr[4], 0x110);
        emu_test_fini(&t);
}

TEST(test_ldu_negative_displacement_updates_ra)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xff0, 8, 0x1122334455667788ull);
        t.cpu.gpr[4] = 0x1000;
        CHECK_EQ(emu_test_step(&t, ds_form(58, 3, 4, -16, 1)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x1122334455667788ull);
        CHECK_EQ(t.cpu.gpr[4], 0xff0);
        emu_test_fini(&t);
}

TEST(test_lhaux_sign_extends_and_updates_ra)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x204, 2, 0x8000);
        t.cpu.gpr[4] = 0x200;
        t.cpu.gpr[5] = 4;
        CHECK_EQ(emu_test_step(&t, x_form(375, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xffffffffffff8000ull);
        CHECK_EQ(t.cpu.gpr[4], 0x204);
        emu_test_fini(&t);
}

TEST(test_lwaux_sign_extends_and_updates_ra)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x208, 4, 0xfffffff0);
        t.cpu.gpr[4] = 0x200;
        t.cpu.gpr[5] = 8;
        CHECK_EQ(emu_test_step(&t, x_form(373, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], (uint64_t)-16);
        CHECK_EQ(t.cpu.gpr[4], 0x208);
        emu_test_fini(&t);
}

TEST(test_load_update_ra_zero_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 77;
        CHECK_EQ(emu_test_step(&t, d_form(33, 3, 0, 0x100)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        CHECK_EQ(t.cpu.gpr[3], 77);
        emu_test_fini(&t);
}

TEST(test_load_update_ra_equal_rt_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(55, 4, 4, 5)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        CHECK_EQ(t.cpu.gpr[4], 0x100);
        emu_test_fini(&t);
}

TEST(test_store_update_ra_zero_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0xff;
        CHECK_EQ(emu_test_step(&t, d_form(39, 3, 0, 0x100)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        CHECK_EQ(emu_test_peek(&t, 0x100, 1), 0);
        emu_test_fini(&t);
}

TEST(test_stwu_ra_equal_rs_stores_old_value)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[1] = 0x2000;
        CHECK_EQ(emu_test_step(&t, d_form(37, 1, 1, -16)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x1ff0, 4), 0x2000);
        CHECK_EQ(t.cpu.gpr[1], 0x1ff0);
        emu_test_fini(&t);
}

TEST(test_stdux_stores_and_updates_ra)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x0123456789abcdefull;
        t.cpu.gpr[4] = 0x3000;
        t.cpu.gpr[5] = 0x18;
        CHECK_EQ(emu_test_step(&t, x_form(181, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x3018, 8), 0x0123456789abcdefull);
        CHECK_EQ(t.cpu.gpr[4], 0x3018);
        emu_test_fini(&t);
}

TEST(test_update_form_fault_changes_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_DR;   /* no MMU yet: every relocated access faults */
        t.cpu.gpr[4] = 0x100;
        t.cpu.gpr[3] = 5;
        CHECK_EQ(emu_test_step(&t, d_form(33, 3, 4, 8)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.gpr[4], 0x100);
        CHECK_EQ(t.cpu.gpr[3], 5);
        emu_test_fini(&t);
}

/* ---- stores ---- */

TEST(test_stb_stores_low_byte)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x1234;
        t.cpu.gpr[4] = 0x500;
        CHECK_EQ(emu_test_step(&t, d_form(38, 3, 4, 1)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x500, 4), 0x00340000);
        emu_test_fini(&t);
}

TEST(test_sth_stores_big_endian_halfword)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0xabcd1234;
        t.cpu.gpr[4] = 0x500;
        CHECK_EQ(emu_test_step(&t, d_form(44, 3, 4, 0)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x500, 2), 0x1234);
        emu_test_fini(&t);
}

TEST(test_stw_little_endian_stores_reversed)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[3] = 0xffffffff11223344ull;
        t.cpu.gpr[4] = 0x500;
        CHECK_EQ(emu_test_step(&t, d_form(36, 3, 4, 0)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x500, 4), 0x44332211);
        CHECK_EQ(emu_test_peek(&t, 0x504, 4), 0);
        emu_test_fini(&t);
}

TEST(test_std_stores_doubleword)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x0102030405060708ull;
        t.cpu.gpr[4] = 0x500;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 3, 4, 8, 0)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x508, 8), 0x0102030405060708ull);
        emu_test_fini(&t);
}

TEST(test_stdu_updates_ra)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 7;
        t.cpu.gpr[1] = 0x4000;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 3, 1, -32, 1)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x3fe0, 8), 7);
        CHECK_EQ(t.cpu.gpr[1], 0x3fe0);
        emu_test_fini(&t);
}

TEST(test_sthx_stwx_stbx_store_sizes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x1122334455667788ull;
        t.cpu.gpr[4] = 0x600;
        t.cpu.gpr[5] = 0;
        CHECK_EQ(emu_test_step(&t, x_form(151, 3, 4, 5)), EMU_NEXT);   /* stwx */
        t.cpu.gpr[5] = 4;
        CHECK_EQ(emu_test_step(&t, x_form(407, 3, 4, 5)), EMU_NEXT);   /* sthx */
        t.cpu.gpr[5] = 6;
        CHECK_EQ(emu_test_step(&t, x_form(215, 3, 4, 5)), EMU_NEXT);   /* stbx */
        CHECK_EQ(emu_test_peek(&t, 0x600, 8), 0x5566778877888800ull);
        emu_test_fini(&t);
}

/* ---- byte-reversed ---- */

TEST(test_lhbrx_big_endian_reads_little_endian)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x200, 2, 0x3412);
        t.cpu.gpr[4] = 0x200;
        t.cpu.gpr[3] = ~0ull;
        CHECK_EQ(emu_test_step(&t, x_form(790, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x1234);
        emu_test_fini(&t);
}

TEST(test_lwbrx_little_endian_reads_big_endian)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_poke(&t, 0x200, 4, 0x89abcdef);
        t.cpu.gpr[4] = 0x200;
        CHECK_EQ(emu_test_step(&t, x_form(534, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x89abcdef);
        emu_test_fini(&t);
}

TEST(test_ldbrx_big_endian_reverses)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x200, 8, 0x0102030405060708ull);
        t.cpu.gpr[4] = 0x200;
        CHECK_EQ(emu_test_step(&t, x_form(532, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x0807060504030201ull);
        emu_test_fini(&t);
}

TEST(test_stdbrx_big_endian_stores_reversed)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x0102030405060708ull;
        t.cpu.gpr[4] = 0x200;
        CHECK_EQ(emu_test_step(&t, x_form(660, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x200, 8), 0x0807060504030201ull);
        emu_test_fini(&t);
}

TEST(test_stwbrx_little_endian_stores_big_endian)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[3] = 0x11223344;
        t.cpu.gpr[4] = 0x200;
        CHECK_EQ(emu_test_step(&t, x_form(662, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x200, 4), 0x11223344);
        emu_test_fini(&t);
}

TEST(test_sthbrx_big_endian_stores_reversed)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0xbeef;
        t.cpu.gpr[4] = 0x200;
        CHECK_EQ(emu_test_step(&t, x_form(918, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x200, 2), 0xefbe);
        emu_test_fini(&t);
}

/* ---- 32-bit mode ---- */

TEST(test_32bit_mode_ea_wraps_modulo_2_32)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_SF;
        emu_test_poke(&t, 0x10, 4, 0xa5a5a5a5);
        t.cpu.gpr[4] = 0x12345678fffffff0ull;
        CHECK_EQ(emu_test_step(&t, d_form(32, 3, 4, 0x20)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0xa5a5a5a5);
        emu_test_fini(&t);
}

TEST(test_32bit_mode_update_clears_high_word_of_ra)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_SF;
        t.cpu.gpr[4] = 0xffffffff00000100ull;
        CHECK_EQ(emu_test_step(&t, d_form(35, 3, 4, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[4], 0x104);
        emu_test_fini(&t);
}

/* ---- MMIO ---- */

TEST(test_mmio_load_outside_ram_exits)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(32, 3, 4, 8)), EMU_EXIT);
        CHECK_EQ(t.run.exit_reason, KVM_EXIT_MMIO);
        CHECK_EQ(t.run.mmio.phys_addr, MMIO + 8);
        CHECK_EQ(t.run.mmio.len, 4);
        CHECK_EQ(t.run.mmio.is_write, 0);
        CHECK_EQ(t.cpu.nip, 0x1004);
        CHECK(t.cpu.mmio_pending);
        CHECK_EQ(t.cpu.mmio_target, EMU_TGT(EMU_TGT_GPR, 3));
        emu_test_fini(&t);
}

TEST(test_mmio_load_just_past_ram_end_exits)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = RAM_SIZE;
        CHECK_EQ(emu_test_step(&t, d_form(34, 3, 4, 0)), EMU_EXIT);
        CHECK_EQ(t.run.mmio.phys_addr, RAM_SIZE);
        CHECK_EQ(t.run.mmio.len, 1);
        emu_test_fini(&t);
}

TEST(test_mmio_lwzu_updates_ra_before_exit)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(33, 3, 4, 0x10)), EMU_EXIT);
        CHECK_EQ(t.cpu.gpr[4], MMIO + 0x10);
        CHECK_EQ(t.run.mmio.phys_addr, MMIO + 0x10);
        emu_test_fini(&t);
}

TEST(test_mmio_lha_completes_sign_extended)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(42, 3, 4, 0)), EMU_EXIT);
        t.run.mmio.data[0] = 0x80;
        t.run.mmio.data[1] = 0x02;
        CHECK_EQ(emu_complete_mmio(&t.cpu), 0);
        CHECK_EQ(t.cpu.gpr[3], 0xffffffffffff8002ull);
        emu_test_fini(&t);
}

TEST(test_mmio_lwbrx_completes_byte_reversed)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, x_form(534, 3, 0, 4)), EMU_EXIT);
        memcpy(t.run.mmio.data, "\x01\x02\x03\x04", 4);
        CHECK_EQ(emu_complete_mmio(&t.cpu), 0);
        CHECK_EQ(t.cpu.gpr[3], 0x04030201);
        emu_test_fini(&t);
}

TEST(test_mmio_store_big_endian_data_bytes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x11223344;
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(36, 3, 4, 4)), EMU_EXIT);
        CHECK_EQ(t.run.exit_reason, KVM_EXIT_MMIO);
        CHECK_EQ(t.run.mmio.phys_addr, MMIO + 4);
        CHECK_EQ(t.run.mmio.len, 4);
        CHECK_EQ(t.run.mmio.is_write, 1);
        CHECK(memcmp(t.run.mmio.data, "\x11\x22\x33\x44", 4) == 0);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mmio_store_little_endian_data_bytes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[3] = 0x1122334455667788ull;
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 3, 4, 0, 0)), EMU_EXIT);
        CHECK_EQ(t.run.mmio.len, 8);
        CHECK(memcmp(t.run.mmio.data, "\x88\x77\x66\x55\x44\x33\x22\x11", 8) == 0);
        emu_test_fini(&t);
}

TEST(test_mmio_stbu_updates_ra)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0xab;
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(39, 3, 4, 3)), EMU_EXIT);
        CHECK_EQ(t.cpu.gpr[4], MMIO + 3);
        CHECK_EQ(t.run.mmio.data[0], 0xab);
        emu_test_fini(&t);
}

/* ---- lq / stq ---- */

TEST(test_lq_big_endian_register_order)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x400, 8, 0x1111111111111111ull);
        emu_test_poke(&t, 0x408, 8, 0x2222222222222222ull);
        t.cpu.gpr[5] = 0x3f0;
        CHECK_EQ(emu_test_step(&t, d_form(56, 6, 5, 0x10)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[6], 0x1111111111111111ull);
        CHECK_EQ(t.cpu.gpr[7], 0x2222222222222222ull);
        emu_test_fini(&t);
}

TEST(test_lq_little_endian_register_order)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_poke(&t, 0x400, 8, 0x0102030405060708ull);
        emu_test_poke(&t, 0x408, 8, 0x1112131415161718ull);
        t.cpu.gpr[5] = 0x400;
        CHECK_EQ(emu_test_step(&t, d_form(56, 6, 5, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[6], 0x1817161514131211ull);
        CHECK_EQ(t.cpu.gpr[7], 0x0807060504030201ull);
        emu_test_fini(&t);
}

TEST(test_lq_unaligned_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = 0x408;
        CHECK_EQ(emu_test_step(&t, d_form(56, 6, 5, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], 0x408);
        emu_test_fini(&t);
}

TEST(test_lq_odd_rtp_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = 0x400;
        CHECK_EQ(emu_test_step(&t, d_form(56, 7, 5, 0)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_lq_rtp_equal_ra_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[6] = 0x400;
        CHECK_EQ(emu_test_step(&t, d_form(56, 6, 6, 0)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

/* Device memory cannot take a quadword access: DSI with DSISR bit 37. */
TEST(test_lq_outside_ram_raises_dsi_badaccess_not_mmio)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(56, 6, 5, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x04000000);
        CHECK_EQ(t.cpu.spr[SPR_DAR], MMIO);
        CHECK(!t.cpu.mmio_pending);
        emu_test_fini(&t);
}

TEST(test_stq_big_endian_register_order)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[8] = 0xaaaaaaaaaaaaaaaaull;
        t.cpu.gpr[9] = 0xbbbbbbbbbbbbbbbbull;
        t.cpu.gpr[5] = 0x500;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 8, 5, 0x20, 2)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x520, 8), 0xaaaaaaaaaaaaaaaaull);
        CHECK_EQ(emu_test_peek(&t, 0x528, 8), 0xbbbbbbbbbbbbbbbbull);
        emu_test_fini(&t);
}

TEST(test_stq_little_endian_register_order)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[8] = 0x0102030405060708ull;
        t.cpu.gpr[9] = 0x1112131415161718ull;
        t.cpu.gpr[5] = 0x500;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 8, 5, 0, 2)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x500, 8), 0x1817161514131211ull);
        CHECK_EQ(emu_test_peek(&t, 0x508, 8), 0x0807060504030201ull);
        emu_test_fini(&t);
}

TEST(test_stq_unaligned_raises_alignment_and_stores_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[8] = ~0ull;
        t.cpu.gpr[5] = 0x504;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 8, 5, 0, 2)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(emu_test_peek(&t, 0x500, 8), 0);
        CHECK_EQ(emu_test_peek(&t, 0x508, 8), 0);
        emu_test_fini(&t);
}

TEST(test_stq_odd_rsp_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = 0x500;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 9, 5, 0, 2)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_stq_outside_ram_raises_dsi_badaccess_store_not_mmio)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = MMIO;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 8, 5, 0, 2)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x06000000);
        CHECK_EQ(t.cpu.spr[SPR_DAR], MMIO);
        CHECK(t.run.exit_reason != KVM_EXIT_MMIO);
        emu_test_fini(&t);
}

/* ---- load/store multiple ---- */

TEST(test_lmw_loads_rt_through_r31_zero_extended)
{
        struct emu_test t;
        setup(&t);
        for (unsigned i = 0; i < 4; i++)
                emu_test_poke(&t, 0x700 + 4 * i, 4, 0xf0000000u + i);
        t.cpu.gpr[28] = ~0ull;
        t.cpu.gpr[3] = 0x700;
        CHECK_EQ(emu_test_step(&t, d_form(46, 28, 3, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[28], 0xf0000000u);
        CHECK_EQ(t.cpu.gpr[29], 0xf0000001u);
        CHECK_EQ(t.cpu.gpr[30], 0xf0000002u);
        CHECK_EQ(t.cpu.gpr[31], 0xf0000003u);
        emu_test_fini(&t);
}

TEST(test_lmw_ra_in_range_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[30] = 0x700;
        CHECK_EQ(emu_test_step(&t, d_form(46, 28, 30, 0)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        CHECK_EQ(t.cpu.gpr[30], 0x700);
        emu_test_fini(&t);
}

TEST(test_lmw_rt_ra_zero_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, d_form(46, 0, 0, 0x700)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_lmw_ra_zero_below_rt_uses_base_zero)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x700, 4, 0x12345678);
        CHECK_EQ(emu_test_step(&t, d_form(46, 31, 0, 0x700)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[31], 0x12345678);
        emu_test_fini(&t);
}

TEST(test_lmw_little_endian_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[3] = 0x700;
        CHECK_EQ(emu_test_step(&t, d_form(46, 30, 3, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], 0x700);
        emu_test_fini(&t);
}

TEST(test_lmw_fault_on_last_word_changes_no_register)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = RAM_SIZE - 8;   /* r29, r30 in RAM, r31 beyond */
        t.cpu.gpr[29] = 1;
        t.cpu.gpr[30] = 2;
        CHECK_EQ(emu_test_step(&t, d_form(46, 29, 3, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.gpr[29], 1);
        CHECK_EQ(t.cpu.gpr[30], 2);
        emu_test_fini(&t);
}

TEST(test_stmw_stores_low_words)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[30] = 0xaaaaaaaa11111111ull;
        t.cpu.gpr[31] = 0xbbbbbbbb22222222ull;
        t.cpu.gpr[3] = 0x702;   /* unaligned is accepted */
        CHECK_EQ(emu_test_step(&t, d_form(47, 30, 3, 0)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x702, 8), 0x1111111122222222ull);
        emu_test_fini(&t);
}

TEST(test_stmw_little_endian_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[3] = 0x700;
        t.cpu.gpr[31] = 0x1234;
        CHECK_EQ(emu_test_step(&t, d_form(47, 31, 3, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(emu_test_peek(&t, 0x700, 4), 0);
        emu_test_fini(&t);
}

TEST(test_stmw_crossing_ram_end_stores_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = RAM_SIZE - 4;
        t.cpu.gpr[30] = 0x11111111;
        t.cpu.gpr[31] = 0x22222222;
        CHECK_EQ(emu_test_step(&t, d_form(47, 30, 3, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_MACHINE_CHECK);
        CHECK_EQ(emu_test_peek(&t, RAM_SIZE - 4, 4), 0);
        emu_test_fini(&t);
}

/* ---- string ---- */

TEST(test_lswi_partial_last_register_zero_filled)
{
        struct emu_test t;
        setup(&t);
        memcpy(t.ram + 0x800, "ABCDEFG", 7);
        t.cpu.gpr[3] = 0x800;
        t.cpu.gpr[5] = ~0ull;
        t.cpu.gpr[6] = ~0ull;
        CHECK_EQ(emu_test_step(&t, x_form(597, 5, 3, 7)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 0x41424344);
        CHECK_EQ(t.cpu.gpr[6], 0x45464700);
        emu_test_fini(&t);
}

TEST(test_lswi_nb_zero_loads_32_bytes)
{
        struct emu_test t;
        setup(&t);
        for (unsigned i = 0; i < 33; i++)
                t.ram[0x800 + i] = (uint8_t)(i + 1);
        t.cpu.gpr[3] = 0x800;
        t.cpu.gpr[16] = 99;
        CHECK_EQ(emu_test_step(&t, x_form(597, 8, 3, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[8], 0x01020304);
        CHECK_EQ(t.cpu.gpr[15], 0x1d1e1f20);
        CHECK_EQ(t.cpu.gpr[16], 99);
        emu_test_fini(&t);
}

TEST(test_lswi_wraps_from_r31_to_r0)
{
        struct emu_test t;
        setup(&t);
        memcpy(t.ram + 0x800, "abcdefghij", 10);
        t.cpu.gpr[3] = 0x800;
        CHECK_EQ(emu_test_step(&t, x_form(597, 31, 3, 10)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[31], 0x61626364);
        CHECK_EQ(t.cpu.gpr[0], 0x65666768);
        CHECK_EQ(t.cpu.gpr[1], 0x696a0000);
        emu_test_fini(&t);
}

TEST(test_lswi_ra_in_wrapped_range_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[1] = 0x800;
        CHECK_EQ(emu_test_step(&t, x_form(597, 31, 1, 10)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        CHECK_EQ(t.cpu.gpr[1], 0x800);
        emu_test_fini(&t);
}

TEST(test_lswi_ra_zero_in_range_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, x_form(597, 30, 0, 12)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_lswi_ra_zero_outside_range_uses_address_zero)
{
        struct emu_test t;
        setup(&t);
        memcpy(t.ram, "WXYZ", 4);
        CHECK_EQ(emu_test_step(&t, x_form(597, 30, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[30], 0x5758595a);
        emu_test_fini(&t);
}

TEST(test_lswi_little_endian_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[3] = 0x800;
        CHECK_EQ(emu_test_step(&t, x_form(597, 5, 3, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        emu_test_fini(&t);
}

TEST(test_lswx_uses_xer_byte_count)
{
        struct emu_test t;
        setup(&t);
        memcpy(t.ram + 0x805, "hello", 5);
        t.cpu.gpr[3] = 0x800;
        t.cpu.gpr[4] = 5;
        t.cpu.xer_bc = 5;
        CHECK_EQ(emu_test_step(&t, x_form(533, 10, 3, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[10], 0x68656c6c);
        CHECK_EQ(t.cpu.gpr[11], 0x6f000000);
        emu_test_fini(&t);
}

TEST(test_lswx_count_zero_does_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x800;
        t.cpu.gpr[10] = 0x1234;
        t.cpu.xer_bc = 0;
        CHECK_EQ(emu_test_step(&t, x_form(533, 10, 0, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[10], 0x1234);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_lswx_count_zero_with_overlap_is_not_invalid)
{
        struct emu_test t;
        setup(&t);
        t.cpu.xer_bc = 0;
        CHECK_EQ(emu_test_step(&t, x_form(533, 10, 10, 10)), EMU_NEXT);
        emu_test_fini(&t);
}

TEST(test_lswx_rb_in_range_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x800;
        t.cpu.gpr[11] = 0;
        t.cpu.xer_bc = 8;
        CHECK_EQ(emu_test_step(&t, x_form(533, 10, 3, 11)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_lswx_outside_ram_is_illegal_not_mmio)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        t.cpu.xer_bc = 4;
        CHECK_EQ(emu_test_step(&t, x_form(533, 10, 0, 4)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_stswi_stores_bytes_of_low_words)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x900;
        t.cpu.gpr[31] = 0xffffffff41424344ull;
        t.cpu.gpr[0] = 0x45464748;
        CHECK_EQ(emu_test_step(&t, x_form(725, 31, 3, 6)), EMU_NEXT);
        CHECK(memcmp(t.ram + 0x900, "ABCDEF\0\0", 8) == 0);
        emu_test_fini(&t);
}

TEST(test_stswx_count_zero_stores_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x900;
        t.cpu.gpr[5] = 0x41424344;
        t.cpu.xer_bc = 0;
        CHECK_EQ(emu_test_step(&t, x_form(661, 5, 0, 3)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x900, 4), 0);
        emu_test_fini(&t);
}

TEST(test_stswx_stores_xer_count_bytes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[3] = 0x900;
        t.cpu.gpr[4] = 1;
        t.cpu.gpr[5] = 0x41424344;
        t.cpu.gpr[6] = 0x45464748;
        t.cpu.xer_bc = 5;
        CHECK_EQ(emu_test_step(&t, x_form(661, 5, 3, 4)), EMU_NEXT);
        CHECK(memcmp(t.ram + 0x900, "\0ABCDE\0", 7) == 0);
        emu_test_fini(&t);
}

TEST(test_stswx_little_endian_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[3] = 0x900;
        t.cpu.xer_bc = 4;
        CHECK_EQ(emu_test_step(&t, x_form(661, 5, 0, 3)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        emu_test_fini(&t);
}

/* ---- load and reserve / store conditional ---- */

#define LWARX(rt, ra, rb)  x_form(20, rt, ra, rb)
#define STWCX(rs, ra, rb)  (x_form(150, rs, ra, rb) | 1)

static unsigned cr0(const struct emu_test *t)
{
        return emu_get_crf(&t->cpu, 0);
}

TEST(test_lwarx_stwcx_succeeds_and_stores)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xa00, 4, 41);
        t.cpu.gpr[4] = 0xa00;
        t.cpu.gpr[5] = 42;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 41);
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), CR_EQ);
        CHECK_EQ(emu_test_peek(&t, 0xa00, 4), 42);
        CHECK(!t.cpu.resv_valid);
        emu_test_fini(&t);
}

TEST(test_stwcx_without_reservation_fails)
{
        struct emu_test t;
        setup(&t);
        t.cpu.cr = 0xf0000000u;
        t.cpu.gpr[4] = 0xa00;
        t.cpu.gpr[5] = 42;
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), 0);
        CHECK_EQ(emu_test_peek(&t, 0xa00, 4), 0);
        emu_test_fini(&t);
}

TEST(test_stwcx_copies_xer_so_into_cr0)
{
        struct emu_test t;
        setup(&t);
        t.cpu.so = 1;
        t.cpu.gpr[4] = 0xa00;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), CR_EQ | CR_SO);
        emu_test_fini(&t);
}

TEST(test_second_stwcx_fails_after_reservation_used)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xa00;
        t.cpu.gpr[5] = 1;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 4)), EMU_NEXT);
        t.cpu.gpr[5] = 2;
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), 0);
        CHECK_EQ(emu_test_peek(&t, 0xa00, 4), 1);
        emu_test_fini(&t);
}

TEST(test_stwcx_to_other_granule_fails)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xa00;
        t.cpu.gpr[6] = 0xa80;
        t.cpu.gpr[5] = 7;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 6)), EMU_NEXT);
        CHECK_EQ(cr0(&t), 0);
        CHECK_EQ(emu_test_peek(&t, 0xa80, 4), 0);
        CHECK(!t.cpu.resv_valid);
        emu_test_fini(&t);
}

TEST(test_stwcx_fails_after_other_cpu_changes_reserved_word)
{
        struct emu_test t;
        struct emu_cpu other;
        struct vcpu_run other_run;
        struct emu_insn in;
        setup(&t);
        memset(&other, 0, sizeof(other));
        other.vm = &t.vm;
        other.run = &other_run;
        other.msr = t.cpu.msr;
        other.gpr[4] = 0xa00;
        other.gpr[5] = 99;
        t.cpu.gpr[4] = 0xa00;
        t.cpu.gpr[5] = 42;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_NEXT);
        emu_decode(x_form(151, 5, 0, 4), &in);          /* stwx on the other cpu */
        CHECK_EQ(in.fn(&other, &in), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), 0);
        CHECK_EQ(emu_test_peek(&t, 0xa00, 4), 99);
        emu_test_fini(&t);
}

TEST(test_lwarx_unaligned_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xa02;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], 0xa02);
        CHECK(!t.cpu.resv_valid);
        emu_test_fini(&t);
}

TEST(test_stdcx_unaligned_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xa04;
        CHECK_EQ(emu_test_step(&t, x_form(214, 3, 0, 4) | 1), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        emu_test_fini(&t);
}

TEST(test_lbarx_stbcx_byte)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xa03, 1, 0x80);
        t.cpu.gpr[4] = 0xa03;
        t.cpu.gpr[5] = 0x1ff;
        CHECK_EQ(emu_test_step(&t, x_form(52, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x80);
        CHECK_EQ(emu_test_step(&t, x_form(694, 5, 0, 4) | 1), EMU_NEXT);
        CHECK_EQ(cr0(&t), CR_EQ);
        CHECK_EQ(emu_test_peek(&t, 0xa02, 4), 0x00ff0000u);
        emu_test_fini(&t);
}

TEST(test_lharx_sthcx_halfword)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xa02, 2, 0x8000);
        t.cpu.gpr[4] = 0xa02;
        t.cpu.gpr[5] = 0x12345;
        CHECK_EQ(emu_test_step(&t, x_form(116, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x8000);
        CHECK_EQ(emu_test_step(&t, x_form(726, 5, 0, 4) | 1), EMU_NEXT);
        CHECK_EQ(cr0(&t), CR_EQ);
        CHECK_EQ(emu_test_peek(&t, 0xa02, 2), 0x2345);
        emu_test_fini(&t);
}

TEST(test_ldarx_stdcx_little_endian)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_poke(&t, 0xa08, 8, 0x0100000000000000ull);
        t.cpu.gpr[4] = 0xa08;
        t.cpu.gpr[5] = 0x0102030405060708ull;
        CHECK_EQ(emu_test_step(&t, x_form(84, 3, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 1);
        CHECK_EQ(emu_test_step(&t, x_form(214, 5, 0, 4) | 1), EMU_NEXT);
        CHECK_EQ(cr0(&t), CR_EQ);
        CHECK_EQ(emu_test_peek(&t, 0xa08, 8), 0x0807060504030201ull);
        emu_test_fini(&t);
}

TEST(test_larx_eh_hint_bit_ignored)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xa00, 4, 5);
        t.cpu.gpr[4] = 0xa00;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4) | 1), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 5);
        CHECK(t.cpu.resv_valid);
        emu_test_fini(&t);
}

TEST(test_stwcx_with_rc_clear_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xa00;
        CHECK_EQ(emu_test_step(&t, x_form(150, 5, 0, 4)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

/* larx/stcx./AMO on device memory: DSI with DSISR bit 37 (BADACCESS). */
TEST(test_lwarx_outside_ram_raises_dsi_badaccess_not_mmio)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x04000000);
        CHECK_EQ(t.cpu.spr[SPR_DAR], MMIO);
        CHECK(!t.cpu.resv_valid);
        CHECK(!t.cpu.mmio_pending);
        emu_test_fini(&t);
}

TEST(test_stwcx_outside_ram_raises_dsi_badaccess_store)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xa00;
        t.cpu.gpr[6] = MMIO;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 6)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x06000000);
        CHECK_EQ(t.cpu.spr[SPR_DAR], MMIO);
        CHECK(t.run.exit_reason != KVM_EXIT_MMIO);
        emu_test_fini(&t);
}

TEST(test_lqarx_stqcx_big_endian)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xb00, 8, 1);
        emu_test_poke(&t, 0xb08, 8, 2);
        t.cpu.gpr[4] = 0xb00;
        t.cpu.gpr[10] = 0x10;
        t.cpu.gpr[11] = 0x20;
        CHECK_EQ(emu_test_step(&t, x_form(276, 6, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[6], 1);
        CHECK_EQ(t.cpu.gpr[7], 2);
        CHECK_EQ(emu_test_step(&t, x_form(182, 10, 0, 4) | 1), EMU_NEXT);
        CHECK_EQ(cr0(&t), CR_EQ);
        CHECK_EQ(emu_test_peek(&t, 0xb00, 8), 0x10);
        CHECK_EQ(emu_test_peek(&t, 0xb08, 8), 0x20);
        emu_test_fini(&t);
}

TEST(test_lqarx_stqcx_little_endian_register_order)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_poke(&t, 0xb00, 8, 0x0100000000000000ull);
        emu_test_poke(&t, 0xb08, 8, 0x0200000000000000ull);
        t.cpu.gpr[4] = 0xb00;
        t.cpu.gpr[10] = 0x30;
        t.cpu.gpr[11] = 0x40;
        CHECK_EQ(emu_test_step(&t, x_form(276, 6, 0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[6], 2);
        CHECK_EQ(t.cpu.gpr[7], 1);
        CHECK_EQ(emu_test_step(&t, x_form(182, 10, 0, 4) | 1), EMU_NEXT);
        CHECK_EQ(cr0(&t), CR_EQ);
        CHECK_EQ(emu_test_peek(&t, 0xb00, 8), 0x4000000000000000ull);
        CHECK_EQ(emu_test_peek(&t, 0xb08, 8), 0x3000000000000000ull);
        emu_test_fini(&t);
}

TEST(test_stqcx_without_reservation_stores_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xb00;
        t.cpu.gpr[10] = 1;
        t.cpu.gpr[11] = 1;
        CHECK_EQ(emu_test_step(&t, x_form(182, 10, 0, 4) | 1), EMU_NEXT);
        CHECK_EQ(cr0(&t), 0);
        CHECK_EQ(emu_test_peek(&t, 0xb00, 8), 0);
        CHECK_EQ(emu_test_peek(&t, 0xb08, 8), 0);
        emu_test_fini(&t);
}

TEST(test_lqarx_rtp_equal_rb_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[6] = 0xb00;
        CHECK_EQ(emu_test_step(&t, x_form(276, 6, 0, 6)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_lqarx_odd_rtp_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xb00;
        CHECK_EQ(emu_test_step(&t, x_form(276, 7, 0, 4)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_lqarx_unaligned_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xb08;
        CHECK_EQ(emu_test_step(&t, x_form(276, 6, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        emu_test_fini(&t);
}

TEST(test_stqcx_odd_rsp_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xb00;
        CHECK_EQ(emu_test_step(&t, x_form(182, 11, 0, 4) | 1), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

/* ---- atomic memory operations ---- */

#define LWAT(rt, ra, fc)   x_form(582, rt, ra, fc)
#define LDAT(rt, ra, fc)   x_form(614, rt, ra, fc)
#define STWAT(rs, ra, fc)  x_form(710, rs, ra, fc)
#define STDAT(rs, ra, fc)  x_form(742, rs, ra, fc)

TEST(test_lwat_fetch_and_add_wraps_32_bits)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 4, 0xffffffff);
        t.cpu.gpr[4] = 0xc00;
        t.cpu.gpr[6] = 2;
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 0xffffffff);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 4), 1);
        emu_test_fini(&t);
}

TEST(test_ldat_swap)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc08, 8, 0x1111);
        t.cpu.gpr[4] = 0xc08;
        t.cpu.gpr[6] = 0x2222;
        CHECK_EQ(emu_test_step(&t, LDAT(5, 4, 8)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 0x1111);
        CHECK_EQ(emu_test_peek(&t, 0xc08, 8), 0x2222);
        emu_test_fini(&t);
}

TEST(test_lwat_max_signed_compares_words_signed)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 4, 0xfffffffe);   /* -2 */
        t.cpu.gpr[4] = 0xc00;
        t.cpu.gpr[6] = 3;
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 5)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 4), 3);
        emu_test_fini(&t);
}

TEST(test_lwat_min_unsigned)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 4, 0xfffffffe);
        t.cpu.gpr[4] = 0xc00;
        t.cpu.gpr[6] = 3;
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 6)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 4), 3);
        emu_test_fini(&t);
}

TEST(test_ldat_compare_and_swap_not_equal)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 8, 5);
        t.cpu.gpr[4] = 0xc00;
        t.cpu.gpr[6] = 5;   /* equal: no swap */
        t.cpu.gpr[7] = 9;
        CHECK_EQ(emu_test_step(&t, LDAT(5, 4, 16)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 8), 5);
        t.cpu.gpr[6] = 4;   /* not equal: swap */
        CHECK_EQ(emu_test_step(&t, LDAT(5, 4, 16)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 5);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 8), 9);
        emu_test_fini(&t);
}

TEST(test_lwat_increment_bounded_stops_at_bound)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 4, 7);
        emu_test_poke(&t, 0xc04, 4, 8);
        t.cpu.gpr[4] = 0xc00;
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 24)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 7);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 4), 8);
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 24)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 0x80000000u);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 4), 8);
        emu_test_fini(&t);
}

TEST(test_ldat_decrement_bounded)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 8, 3);
        emu_test_poke(&t, 0xc08, 8, 0);
        t.cpu.gpr[4] = 0xc00;
        CHECK_EQ(emu_test_step(&t, LDAT(5, 4, 28)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 3);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 8), 2);
        emu_test_fini(&t);
}

TEST(test_lwat_increment_equal)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 4, 4);
        emu_test_poke(&t, 0xc04, 4, 4);
        t.cpu.gpr[4] = 0xc00;
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 25)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 4);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 4), 5);
        emu_test_fini(&t);
}

TEST(test_lwat_operand_register_wraps_to_r0)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 4, 0xf0);
        t.cpu.gpr[4] = 0xc00;
        t.cpu.gpr[0] = 0x0f;
        CHECK_EQ(emu_test_step(&t, LWAT(31, 4, 2)), EMU_NEXT);   /* fetch and OR */
        CHECK_EQ(t.cpu.gpr[31], 0xf0);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 4), 0xff);
        emu_test_fini(&t);
}

TEST(test_lwat_undefined_function_code_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xc00;
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 9)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_lwat_unaligned_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xc02;
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        emu_test_fini(&t);
}

TEST(test_lwat_outside_ram_raises_dsi_badaccess_store)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, LWAT(5, 4, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x06000000);
        CHECK_EQ(t.cpu.spr[SPR_DAR], MMIO);
        emu_test_fini(&t);
}

TEST(test_stwat_store_add)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 4, 10);
        t.cpu.gpr[4] = 0xc00;
        t.cpu.gpr[5] = 5;
        CHECK_EQ(emu_test_step(&t, STWAT(5, 4, 0)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 4), 15);
        CHECK_EQ(t.cpu.gpr[5], 5);
        emu_test_fini(&t);
}

TEST(test_stdat_store_twin_when_equal)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 8, 6);
        emu_test_poke(&t, 0xc08, 8, 6);
        t.cpu.gpr[4] = 0xc00;
        t.cpu.gpr[5] = 0x77;
        CHECK_EQ(emu_test_step(&t, STDAT(5, 4, 24)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 8), 0x77);
        CHECK_EQ(emu_test_peek(&t, 0xc08, 8), 0x77);
        emu_test_fini(&t);
}

TEST(test_stdat_store_twin_when_different_stores_nothing)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xc00, 8, 6);
        emu_test_poke(&t, 0xc08, 8, 7);
        t.cpu.gpr[4] = 0xc00;
        t.cpu.gpr[5] = 0x77;
        CHECK_EQ(emu_test_step(&t, STDAT(5, 4, 24)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0xc00, 8), 6);
        CHECK_EQ(emu_test_peek(&t, 0xc08, 8), 7);
        emu_test_fini(&t);
}

TEST(test_stwat_undefined_function_code_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xc00;
        CHECK_EQ(emu_test_step(&t, STWAT(5, 4, 8)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

/* ---- cache management ---- */

TEST(test_dcbz_zeroes_exactly_its_128_byte_block)
{
        struct emu_test t;
        setup(&t);
        memset(t.ram + 0x100, 0xff, 0x200);
        t.cpu.gpr[4] = 0x1c0;
        t.cpu.gpr[5] = 5;
        CHECK_EQ(emu_test_step(&t, x_form(1014, 0, 4, 5)), EMU_NEXT);
        for (unsigned a = 0x180; a < 0x200; a++)
                CHECK_EQ(t.ram[a], 0);
        CHECK_EQ(t.ram[0x17f], 0xff);
        CHECK_EQ(t.ram[0x200], 0xff);
        emu_test_fini(&t);
}

TEST(test_dcbz_32bit_mode_wraps_ea)
{
        struct emu_test t;
        setup(&t);
        memset(t.ram, 0xff, 0x100);
        t.cpu.msr &= ~MSR_SF;
        t.cpu.gpr[4] = 0xffffffff00000000ull;
        t.cpu.gpr[5] = 0x80;
        CHECK_EQ(emu_test_step(&t, x_form(1014, 0, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.ram[0x7f], 0xff);
        CHECK_EQ(t.ram[0x80], 0);
        CHECK_EQ(t.ram[0xff], 0);
        emu_test_fini(&t);
}

TEST(test_dcbz_outside_ram_raises_alignment)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = MMIO + 0x44;
        CHECK_EQ(emu_test_step(&t, x_form(1014, 0, 0, 5)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_ALIGNMENT);
        CHECK_EQ(t.cpu.spr[SPR_DAR], MMIO + 0x44);
        emu_test_fini(&t);
}

TEST(test_stwcx_fails_after_dcbz_zeroes_reserved_word)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0xa00, 4, 5);
        t.cpu.gpr[4] = 0xa00;
        t.cpu.gpr[5] = 6;
        CHECK_EQ(emu_test_step(&t, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, x_form(1014, 0, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), 0);
        CHECK_EQ(emu_test_peek(&t, 0xa00, 4), 0);
        emu_test_fini(&t);
}

TEST(test_dcbt_outside_ram_is_a_no_op)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_DR;
        t.cpu.gpr[5] = MMIO;
        CHECK_EQ(emu_test_step(&t, x_form(278, 16, 0, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_dcbtst_and_icbt_are_no_ops)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_DR;
        CHECK_EQ(emu_test_step(&t, x_form(246, 0, 0, 5)), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, x_form(22, 0, 0, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1008);
        emu_test_fini(&t);
}

TEST(test_dcbf_variants_execute)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(86, 0, 0, 5)), EMU_NEXT);   /* dcbf */
        CHECK_EQ(emu_test_step(&t, x_form(86, 1, 0, 5)), EMU_NEXT);   /* dcbfl */
        CHECK_EQ(emu_test_step(&t, x_form(86, 3, 0, 5)), EMU_NEXT);   /* dcbflp */
        CHECK_EQ(t.cpu.nip, 0x100c);
        emu_test_fini(&t);
}

TEST(test_dcbf_reserved_l_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, x_form(86, 2, 0, 5)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_dcbst_translation_fault_raises_dsi)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_DR;
        t.cpu.gpr[5] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(54, 0, 0, 5)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        emu_test_fini(&t);
}

TEST(test_icbi_executes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(982, 0, 0, 5)), EMU_NEXT);
        emu_test_fini(&t);
}

TEST(test_cp_abort_is_a_no_op)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, x_form(838, 0, 0, 0)), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_copy_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, x_form(774, 1, 4, 5)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_paste_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, x_form(902, 1, 4, 5) | 1), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_dcbi_is_illegal)
{
        struct emu_test t;
        setup(&t);
        CHECK_EQ(emu_test_step(&t, x_form(470, 0, 4, 5)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}

TEST(test_hypervisor_cache_inhibited_forms_are_illegal_in_supervisor_state)
{
        /* lwzcix, lhzcix, lbzcix, ldcix, stwcix, sthcix, stbcix, stdcix */
        static const unsigned xo[] = { 789, 821, 853, 885, 917, 949, 981, 1013 };
        for (unsigned i = 0; i < sizeof(xo) / sizeof(xo[0]); i++) {
                struct emu_test t;
                setup(&t);
                t.cpu.gpr[5] = 0x100;
                CHECK_EQ(emu_test_step(&t, x_form(xo[i], 3, 0, 5)), EMU_JUMP);
                check_illegal(&t, 0x1000);
                emu_test_fini(&t);
        }
}

TEST(test_hypervisor_cache_inhibited_load_in_problem_state_is_privileged)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_PR;
        t.cpu.gpr[5] = 0x100;
        CHECK_EQ(emu_test_step(&t, x_form(853, 3, 0, 5)), EMU_JUMP);   /* lbzcix */
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_PRIV);
        emu_test_fini(&t);
}

/* ---- reservations across vcpus ---- */

/* Two vcpus of t's VM, registered where mem.c looks for other vcpus. */
struct two_cpus {
        struct emu_vcpu *v[2];
        struct emu_cpu *a, *b;
};

static void two_cpus_init(struct emu_test *t, struct two_cpus *c)
{
        for (unsigned i = 0; i < 2; i++) {
                c->v[i] = calloc(1, sizeof(*c->v[i]));
                c->v[i]->cpu.vm = &t->vm;
                c->v[i]->cpu.run = &c->v[i]->run;
                c->v[i]->cpu.msr = t->cpu.msr;
                c->v[i]->cpu.nip = 0x1000;
        }
        t->vm.vcpus = c->v;
        t->vm.max_vcpus = 2;
        c->a = &c->v[0]->cpu;
        c->b = &c->v[1]->cpu;
}

static void two_cpus_fini(struct emu_test *t, struct two_cpus *c)
{
        t->vm.vcpus = NULL;
        t->vm.max_vcpus = 0;
        free(c->v[0]);
        free(c->v[1]);
}

static int step_on(struct emu_cpu *cpu, uint32_t word)
{
        struct emu_insn in;
        int r;

        emu_decode(word, &in);
        r = in.fn(cpu, &in);
        if (r == EMU_NEXT)
                cpu->nip += 4;
        return r;
}

TEST(test_store_by_other_vcpu_to_granule_kills_reservation)
{
        struct emu_test t;
        struct two_cpus c;
        setup(&t);
        two_cpus_init(&t, &c);
        c.a->gpr[4] = 0xa00;
        c.a->gpr[5] = 1;
        c.b->gpr[4] = 0xa7c;   /* another word of the same 128-byte granule */
        c.b->gpr[5] = 0;       /* the value already there: only the store counts */
        CHECK_EQ(step_on(c.a, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(step_on(c.b, x_form(151, 5, 0, 4)), EMU_NEXT);   /* stwx */
        CHECK(!c.a->resv_valid);
        CHECK_EQ(step_on(c.a, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_get_crf(c.a, 0), 0);
        CHECK_EQ(emu_test_peek(&t, 0xa00, 4), 0);
        two_cpus_fini(&t, &c);
        emu_test_fini(&t);
}

TEST(test_store_by_other_vcpu_outside_granule_keeps_reservation)
{
        struct emu_test t;
        struct two_cpus c;
        setup(&t);
        two_cpus_init(&t, &c);
        c.a->gpr[4] = 0xa00;
        c.a->gpr[5] = 1;
        c.b->gpr[4] = 0xa80;
        CHECK_EQ(step_on(c.a, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(step_on(c.b, x_form(151, 5, 0, 4)), EMU_NEXT);
        CHECK_EQ(step_on(c.a, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_get_crf(c.a, 0), CR_EQ);
        CHECK_EQ(emu_test_peek(&t, 0xa00, 4), 1);
        two_cpus_fini(&t, &c);
        emu_test_fini(&t);
}

TEST(test_stwcx_by_other_vcpu_kills_reservation)
{
        struct emu_test t;
        struct two_cpus c;
        setup(&t);
        two_cpus_init(&t, &c);
        c.a->gpr[4] = 0xa00;
        c.a->gpr[5] = 1;
        c.b->gpr[4] = 0xa00;
        c.b->gpr[5] = 2;
        CHECK_EQ(step_on(c.a, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(step_on(c.b, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(step_on(c.b, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_get_crf(c.b, 0), CR_EQ);
        CHECK_EQ(step_on(c.a, STWCX(5, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_get_crf(c.a, 0), 0);
        CHECK_EQ(emu_test_peek(&t, 0xa00, 4), 2);
        two_cpus_fini(&t, &c);
        emu_test_fini(&t);
}

TEST(test_dcbz_by_other_vcpu_kills_reservation)
{
        struct emu_test t;
        struct two_cpus c;
        setup(&t);
        two_cpus_init(&t, &c);
        c.a->gpr[4] = 0xa00;
        c.b->gpr[4] = 0xa40;
        CHECK_EQ(step_on(c.a, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(step_on(c.b, x_form(1014, 0, 0, 4)), EMU_NEXT);
        CHECK(!c.a->resv_valid);
        two_cpus_fini(&t, &c);
        emu_test_fini(&t);
}

TEST(test_amo_by_other_vcpu_kills_reservation)
{
        struct emu_test t;
        struct two_cpus c;
        setup(&t);
        two_cpus_init(&t, &c);
        c.a->gpr[4] = 0xa00;
        c.b->gpr[4] = 0xa08;
        c.b->gpr[6] = 0;   /* fetch and add 0: the value does not change */
        CHECK_EQ(step_on(c.a, LWARX(3, 0, 4)), EMU_NEXT);
        CHECK_EQ(step_on(c.b, LWAT(5, 4, 0)), EMU_NEXT);
        CHECK(!c.a->resv_valid);
        two_cpus_fini(&t, &c);
        emu_test_fini(&t);
}

/* ---- every form, table driven ---- */

struct form {
        const char *name;
        uint32_t word;          /* RT/RS=3, RA=4, and RB=5 or displacement 0x10 */
        unsigned size;
        bool sext, update;
};

#define FORM_RT_RA   ((3u << 21) | (4u << 16))
#define FD(n, op, sz, sx, up)       { n, (op##u << 26) | FORM_RT_RA | 0x10u, sz, sx, up }
#define FDS(n, op, xo, sz, sx, up)  { n, (op##u << 26) | FORM_RT_RA | 0x10u | xo##u, sz, sx, up }
#define FX(n, xo, sz, sx, up) \
        { n, (31u << 26) | FORM_RT_RA | (5u << 11) | (xo##u << 1), sz, sx, up }

static const struct form load_forms[] = {
        FD("lbz", 34, 1, false, false),   FD("lbzu", 35, 1, false, true),
        FX("lbzx", 87, 1, false, false),  FX("lbzux", 119, 1, false, true),
        FD("lhz", 40, 2, false, false),   FD("lhzu", 41, 2, false, true),
        FX("lhzx", 279, 2, false, false), FX("lhzux", 311, 2, false, true),
        FD("lha", 42, 2, true, false),    FD("lhau", 43, 2, true, true),
        FX("lhax", 343, 2, true, false),  FX("lhaux", 375, 2, true, true),
        FD("lwz", 32, 4, false, false),   FD("lwzu", 33, 4, false, true),
        FX("lwzx", 23, 4, false, false),  FX("lwzux", 55, 4, false, true),
        FDS("lwa", 58, 2, 4, true, false),
        FX("lwax", 341, 4, true, false),  FX("lwaux", 373, 4, true, true),
        FDS("ld", 58, 0, 8, false, false), FDS("ldu", 58, 1, 8, false, true),
        FX("ldx", 21, 8, false, false),   FX("ldux", 53, 8, false, true),
};

static const struct form store_forms[] = {
        FD("stb", 38, 1, false, false),   FD("stbu", 39, 1, false, true),
        FX("stbx", 215, 1, false, false), FX("stbux", 247, 1, false, true),
        FD("sth", 44, 2, false, false),   FD("sthu", 45, 2, false, true),
        FX("sthx", 407, 2, false, false), FX("sthux", 439, 2, false, true),
        FD("stw", 36, 4, false, false),   FD("stwu", 37, 4, false, true),
        FX("stwx", 151, 4, false, false), FX("stwux", 183, 4, false, true),
        FDS("std", 62, 0, 8, false, false), FDS("stdu", 62, 1, 8, false, true),
        FX("stdx", 149, 8, false, false), FX("stdux", 181, 8, false, true),
};

static const struct form load_update_forms[] = {
        FD("lbzu", 35, 1, false, true),  FX("lbzux", 119, 1, false, true),
        FD("lhzu", 41, 2, false, true),  FX("lhzux", 311, 2, false, true),
        FD("lhau", 43, 2, true, true),   FX("lhaux", 375, 2, true, true),
        FD("lwzu", 33, 4, false, true),  FX("lwzux", 55, 4, false, true),
        FX("lwaux", 373, 4, true, true),
        FDS("ldu", 58, 1, 8, false, true), FX("ldux", 53, 8, false, true),
};

static const struct form store_update_forms[] = {
        FD("stbu", 39, 1, false, true),  FX("stbux", 247, 1, false, true),
        FD("sthu", 45, 2, false, true),  FX("sthux", 439, 2, false, true),
        FD("stwu", 37, 4, false, true),  FX("stwux", 183, 4, false, true),
        FDS("stdu", 62, 1, 8, false, true), FX("stdux", 181, 8, false, true),
};

#define NFORMS(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t expected_load(const struct form *f)
{
        uint64_t v = 0xf1f2f3f4f5f6f7f8ull >> (64 - 8 * f->size);
        unsigned sh = 64 - 8 * f->size;
        return f->sext ? (uint64_t)((int64_t)(v << sh) >> sh) : v;
}

TEST(test_every_load_form_reads_its_size_at_its_ea)
{
        for (unsigned i = 0; i < NFORMS(load_forms); i++) {
                const struct form *f = &load_forms[i];
                struct emu_test t;
                setup(&t);
                emu_test_poke(&t, 0x2010, 8, 0xf1f2f3f4f5f6f7f8ull);
                t.cpu.gpr[4] = 0x2000;
                t.cpu.gpr[5] = 0x10;
                t.cpu.gpr[3] = 0x5555;
                CHECK_EQ(emu_test_step(&t, f->word), EMU_NEXT);
                CHECK_EQ(t.cpu.gpr[3], expected_load(f));
                CHECK_EQ(t.cpu.gpr[4], f->update ? 0x2010 : 0x2000);
                emu_test_fini(&t);
        }
}

TEST(test_every_store_form_writes_its_size_at_its_ea)
{
        for (unsigned i = 0; i < NFORMS(store_forms); i++) {
                const struct form *f = &store_forms[i];
                struct emu_test t;
                setup(&t);
                t.cpu.gpr[3] = 0x8182838485868788ull;
                t.cpu.gpr[4] = 0x2000;
                t.cpu.gpr[5] = 0x10;
                CHECK_EQ(emu_test_step(&t, f->word), EMU_NEXT);
                CHECK_EQ(emu_test_peek(&t, 0x2010, f->size),
                         0x8182838485868788ull & (~0ull >> (64 - 8 * f->size)));
                CHECK_EQ(emu_test_peek(&t, 0x2010 + f->size, 1), 0);
                CHECK_EQ(emu_test_peek(&t, 0x200f, 1), 0);
                CHECK_EQ(t.cpu.gpr[4], f->update ? 0x2010 : 0x2000);
                emu_test_fini(&t);
        }
}

TEST(test_every_load_update_form_with_ra_equal_rt_is_illegal)
{
        for (unsigned i = 0; i < NFORMS(load_update_forms); i++) {
                const struct form *f = &load_update_forms[i];
                struct emu_test t;
                setup(&t);
                t.cpu.gpr[3] = 0x2000;
                CHECK_EQ(emu_test_step(&t, (f->word & ~(31u << 16)) | (3u << 16)), EMU_JUMP);
                check_illegal(&t, 0x1000);
                CHECK_EQ(t.cpu.gpr[3], 0x2000);
                emu_test_fini(&t);
        }
}

TEST(test_every_store_update_form_with_ra_zero_is_illegal)
{
        for (unsigned i = 0; i < NFORMS(store_update_forms); i++) {
                const struct form *f = &store_update_forms[i];
                struct emu_test t;
                setup(&t);
                t.cpu.gpr[3] = ~0ull;
                t.cpu.gpr[5] = 0x2000;
                CHECK_EQ(emu_test_step(&t, f->word & ~(31u << 16)), EMU_JUMP);
                check_illegal(&t, 0x1000);
                CHECK_EQ(emu_test_peek(&t, 0x2000, 8), 0);
                CHECK_EQ(emu_test_peek(&t, 0x10, 8), 0);
                emu_test_fini(&t);
        }
}

TEST(test_mmio_sthbrx_little_endian_sends_big_endian_bytes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[3] = 0xa1b2;
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, x_form(918, 3, 0, 4)), EMU_EXIT);
        CHECK_EQ(t.run.mmio.len, 2);
        CHECK_EQ(t.run.mmio.data[0], 0xa1);
        CHECK_EQ(t.run.mmio.data[1], 0xb2);
        emu_test_fini(&t);
}

TEST(test_mmio_ldux_updates_ra_and_targets_rt)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        t.cpu.gpr[5] = 0x18;
        CHECK_EQ(emu_test_step(&t, x_form(53, 3, 4, 5)), EMU_EXIT);
        CHECK_EQ(t.cpu.gpr[4], MMIO + 0x18);
        CHECK_EQ(t.run.mmio.len, 8);
        memcpy(t.run.mmio.data, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
        CHECK_EQ(emu_complete_mmio(&t.cpu), 0);
        CHECK_EQ(t.cpu.gpr[3], 0x0102030405060708ull);
        emu_test_fini(&t);
}

TEST(test_mmio_lwa_little_endian_completes_sign_extended)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, ds_form(58, 3, 4, 0, 2)), EMU_EXIT);
        memcpy(t.run.mmio.data, "\x00\x00\x00\x80", 4);
        CHECK_EQ(emu_complete_mmio(&t.cpu), 0);
        CHECK_EQ(t.cpu.gpr[3], 0xffffffff80000000ull);
        emu_test_fini(&t);
}

TEST(test_dcbz_on_page_holding_code_bumps_its_generation)
{
        struct emu_test t;
        _Atomic uint32_t pageinfo[RAM_SIZE / 4096] = { 0 };
        setup(&t);
        t.vm.slots[0].pageinfo = pageinfo;
        atomic_store(&pageinfo[2], 1u);   /* page 0x2000 holds decoded code */
        t.cpu.gpr[4] = 0x2080;
        CHECK_EQ(emu_test_step(&t, x_form(1014, 0, 0, 4)), EMU_NEXT);
        CHECK_EQ(atomic_load(&pageinfo[2]), 3);
        CHECK_EQ(atomic_load(&pageinfo[1]), 0);
        t.vm.slots[0].pageinfo = NULL;
        emu_test_fini(&t);
}

TEST(test_stmw_on_page_holding_code_bumps_its_generation)
{
        struct emu_test t;
        _Atomic uint32_t pageinfo[RAM_SIZE / 4096] = { 0 };
        setup(&t);
        t.vm.slots[0].pageinfo = pageinfo;
        atomic_store(&pageinfo[3], 1u);
        t.cpu.gpr[4] = 0x2ffc;   /* r30 to page 2, r31 to page 3 */
        CHECK_EQ(emu_test_step(&t, d_form(47, 30, 4, 0)), EMU_NEXT);
        CHECK_EQ(atomic_load(&pageinfo[3]), 3);
        t.vm.slots[0].pageinfo = NULL;
        emu_test_fini(&t);
}

/* ---- atomicity between vcpu threads (whole VM through vcpu_emu_ops) ---- */

#define COUNTER_ADDR 0x7000
#define INCREMENTS   30000

static uint32_t counter_value(const struct tvm *t)
{
        const uint8_t *p = t->ram + COUNTER_ADDR;
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

TEST(test_lwarx_stwcx_loops_on_two_vcpus_lose_no_increment)
{
        struct tvm t;

        tvm_init(&t, 2, false);
        TVM_CODE_AT(&t, TVM_CODE,
                    LIS(9, 0x4000), LI(7, INCREMENTS), LI(4, COUNTER_ADDR),
                    LWARX(3, 0, 4), ADDI(3, 3, 1), STWCX(3, 0, 4), BNE(-12),
                    ADDI(7, 7, -1), CMPDI(7, 0), BNE(-24),
                    STD(3, 0, 9));
        tvm_run_two_until_mmio(&t);
        CHECK_EQ(counter_value(&t), 2 * INCREMENTS);
        tvm_fini(&t);
}

TEST(test_lwat_fetch_and_add_on_two_vcpus_loses_no_increment)
{
        struct tvm t;

        tvm_init(&t, 2, false);
        TVM_CODE_AT(&t, TVM_CODE,
                    LIS(9, 0x4000), LI(7, INCREMENTS), LI(4, COUNTER_ADDR), LI(6, 1),
                    LWAT(5, 4, 0),
                    ADDI(7, 7, -1), CMPDI(7, 0), BNE(-12),
                    STD(3, 0, 9));
        tvm_run_two_until_mmio(&t);
        CHECK_EQ(counter_value(&t), 2 * INCREMENTS);
        tvm_fini(&t);
}

TEST(test_vcpu_mmio_lwzu_completes_rt_and_keeps_updated_ra)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LIS(9, 0x4000), insn_d(33, 3, 9, 8), B(0));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(t.vcpu[0]->run->mmio.phys_addr, TVM_MMIO + 8);
        CHECK_EQ(t.vcpu[0]->run->mmio.len, 4);
        CHECK_EQ(tvm_gpr(&t, 0, 9), TVM_MMIO + 8);
        memcpy(t.vcpu[0]->run->mmio.data, "\xde\xad\xbe\xef", 4);
        tvm_complete(&t, 0);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 0xdeadbeef);
        CHECK_EQ(tvm_gpr(&t, 0, 9), TVM_MMIO + 8);
        CHECK_EQ(tvm_regs(&t, 0).pc, TVM_CODE + 8);
        tvm_fini(&t);
}

TEST(test_vcpu_mmio_lhaux_little_endian_completes_sign_extended)
{
        struct tvm t;

        tvm_init(&t, 1, true);
        TVM_CODE_AT(&t, TVM_CODE, LIS(9, 0x4000), LI(10, 6),
                    (31u << 26) | (3u << 21) | (9u << 16) | (10u << 11) | (375u << 1), B(0));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(t.vcpu[0]->run->mmio.phys_addr, TVM_MMIO + 6);
        CHECK_EQ(t.vcpu[0]->run->mmio.len, 2);
        memcpy(t.vcpu[0]->run->mmio.data, "\x34\x92", 2);
        tvm_complete(&t, 0);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 0xffffffffffff9234ull);
        CHECK_EQ(tvm_gpr(&t, 0, 9), TVM_MMIO + 6);
        tvm_fini(&t);
}

TEST(test_stq_rsp_31_is_illegal_and_reads_no_r32)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = 0x500;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 31, 5, 0, 2)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        CHECK_EQ(emu_test_peek(&t, 0x500, 8), 0);
        emu_test_fini(&t);
}

TEST(test_stqcx_rsp_31_is_illegal)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xb00;
        CHECK_EQ(emu_test_step(&t, x_form(182, 31, 0, 4) | 1), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}
