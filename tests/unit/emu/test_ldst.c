/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fixed-point loads and stores, load/store multiple and string,
 * larx/stcx., quadword, atomic memory operations and cache management.
 * RAM is 64 KiB at real address 0; anything at or above RAM_SIZE is MMIO.
 */
#include <string.h>

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

TEST(test_lq_outside_ram_is_illegal_not_mmio)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = MMIO;
        CHECK_EQ(emu_test_step(&t, d_form(56, 6, 5, 0)), EMU_JUMP);
        check_illegal(&t, 0x1000);
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

TEST(test_stq_outside_ram_is_illegal_not_mmio)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = MMIO;
        CHECK_EQ(emu_test_step(&t, ds_form(62, 8, 5, 0, 2)), EMU_JUMP);
        check_illegal(&t, 0x1000);
        emu_test_fini(&t);
}
