/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX and VSX: exact results for each family, loads and stores in both byte
 * orders, saturation and VSCR[SAT], CR6 of the Rc=1 compares, crypto
 * known-answer vectors (FIPS-197, FIPS 180-4 functions) and the
 * facility-unavailable interrupts.  RAM is 64 KiB at real address 0.
 */
#include "harness.h"
#include "test.h"
#include "vcpu/emu/fpu.h"
#include "vcpu/emu/vec.h"

#define RAM_SIZE 0x10000u

/* ---- encoders ---- */

static uint32_t vx(unsigned xo, unsigned t, unsigned a, unsigned b)
{
        return (4u << 26) | (t << 21) | (a << 16) | (b << 11) | xo;
}

static uint32_t va(unsigned xo, unsigned t, unsigned a, unsigned b, unsigned c)
{
        return (4u << 26) | (t << 21) | (a << 16) | (b << 11) | (c << 6) | xo;
}

/* X form of opcode 31; t may be a VSR number 0-63 (TX in bit 31). */
static uint32_t x31(unsigned xo, unsigned t, unsigned a, unsigned b)
{
        return (31u << 26) | ((t & 31) << 21) | (a << 16) | (b << 11) | (xo << 1) | (t >> 5);
}

static uint32_t xx3(unsigned xo, unsigned t, unsigned a, unsigned b)
{
        return (60u << 26) | ((t & 31) << 21) | ((a & 31) << 16) | ((b & 31) << 11) | (xo << 3) |
               ((a >> 5) << 2) | ((b >> 5) << 1) | (t >> 5);
}

static uint32_t xx2(unsigned xo, unsigned t, unsigned b)
{
        return (60u << 26) | ((t & 31) << 21) | ((b & 31) << 11) | (xo << 2) | ((b >> 5) << 1) | (t >> 5);
}

#define RC 0x400u

/* ---- fixture ---- */

static void setup(struct emu_test *t) { emu_test_init(t, RAM_SIZE); }

static void set_vsr(struct emu_test *t, unsigned n, uint64_t hi, uint64_t lo)
{
        t->cpu.vsr[n] = (struct emu_vsr){ hi, lo };
}

static void set_vr(struct emu_test *t, unsigned n, uint64_t hi, uint64_t lo) { set_vsr(t, 32 + n, hi, lo); }

#define VR_HI(t, n) ((t).cpu.vsr[32 + (n)].hi)
#define VR_LO(t, n) ((t).cpu.vsr[32 + (n)].lo)

/* Bytes 00 01 02 ... 0f at 0x100, and 10 11 ... 1f after them. */
static void poke_ramp(struct emu_test *t)
{
        emu_test_poke(t, 0x100, 8, 0x0001020304050607ull);
        emu_test_poke(t, 0x108, 8, 0x08090a0b0c0d0e0full);
        emu_test_poke(t, 0x110, 8, 0x1011121314151617ull);
        emu_test_poke(t, 0x118, 8, 0x18191a1b1c1d1e1full);
        t->cpu.gpr[4] = 0x100;
        t->cpu.gpr[5] = 0;
}

/* ---- VMX loads and stores ---- */

TEST(test_lvx_be_loads_bytes_in_memory_order)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        CHECK_EQ(emu_test_step(&t, x31(103, 2, 4, 5)), EMU_NEXT);
        CHECK_EQ(VR_HI(t, 2), 0x0001020304050607ull);
        CHECK_EQ(VR_LO(t, 2), 0x08090a0b0c0d0e0full);
        emu_test_fini(&t);
}

TEST(test_lvx_le_reverses_the_quadword)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.msr |= MSR_LE;
        CHECK_EQ(emu_test_step(&t, x31(103, 2, 4, 5)), EMU_NEXT);
        CHECK_EQ(VR_HI(t, 2), 0x0f0e0d0c0b0a0908ull);
        CHECK_EQ(VR_LO(t, 2), 0x0706050403020100ull);
        emu_test_fini(&t);
}

TEST(test_lvx_ignores_the_low_four_address_bits)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.gpr[5] = 0x1b;     /* 0x11b -> 0x110 */
        emu_test_step(&t, x31(103, 2, 4, 5));
        CHECK_EQ(VR_HI(t, 2), 0x1011121314151617ull);
        emu_test_fini(&t);
}

TEST(test_stvx_le_round_trips_lvx)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[4] = 0x200;
        t.cpu.gpr[5] = 0;
        set_vr(&t, 3, 0x1122334455667788ull, 0x99aabbccddeeff00ull);
        CHECK_EQ(emu_test_step(&t, x31(231, 3, 4, 5)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x200, 8), 0x00ffeeddccbbaa99ull);
        CHECK_EQ(emu_test_peek(&t, 0x208, 8), 0x8877665544332211ull);
        emu_test_step(&t, x31(103, 4, 4, 5));
        CHECK_EQ(VR_HI(t, 4), 0x1122334455667788ull);
        CHECK_EQ(VR_LO(t, 4), 0x99aabbccddeeff00ull);
        emu_test_fini(&t);
}

TEST(test_lvewx_be_places_the_word_at_its_offset)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.gpr[5] = 6;        /* aligned down to 0x104: register bytes 4-7 */
        set_vr(&t, 2, 0, 0);
        emu_test_step(&t, x31(71, 2, 4, 5));
        CHECK_EQ(VR_HI(t, 2), 0x0000000004050607ull);
        CHECK_EQ(VR_LO(t, 2), 0);
        emu_test_fini(&t);
}

TEST(test_lvewx_le_places_the_word_mirrored)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[5] = 4;        /* LE word 0x07060504 into register bytes 8-11 */
        set_vr(&t, 2, 0, 0);
        emu_test_step(&t, x31(71, 2, 4, 5));
        CHECK_EQ(VR_HI(t, 2), 0);
        CHECK_EQ(VR_LO(t, 2), 0x0706050400000000ull);
        emu_test_fini(&t);
}

TEST(test_stvebx_stores_one_byte)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.gpr[5] = 3;
        set_vr(&t, 2, 0xa0a1a2a3a4a5a6a7ull, 0);
        emu_test_step(&t, x31(135, 2, 4, 5));
        CHECK_EQ(emu_test_peek(&t, 0x100, 8), 0x000102a304050607ull);
        emu_test_fini(&t);
}

TEST(test_lvsl_and_lvsr_give_shift_permutes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0x103;
        t.cpu.gpr[5] = 0;
        emu_test_step(&t, x31(6, 1, 4, 5));
        emu_test_step(&t, x31(38, 2, 4, 5));
        CHECK_EQ(VR_HI(t, 1), 0x030405060708090aull);
        CHECK_EQ(VR_LO(t, 1), 0x0b0c0d0e0f101112ull);
        CHECK_EQ(VR_HI(t, 2), 0x0d0e0f1011121314ull);
        emu_test_fini(&t);
}

/* ---- VSX loads and stores ---- */

TEST(test_lxvd2x_le_keeps_doubleword_order)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.msr |= MSR_LE;
        CHECK_EQ(emu_test_step(&t, x31(844, 40, 4, 5)), EMU_NEXT);
        CHECK_EQ(t.cpu.vsr[40].hi, 0x0706050403020100ull);
        CHECK_EQ(t.cpu.vsr[40].lo, 0x0f0e0d0c0b0a0908ull);
        emu_test_fini(&t);
}

TEST(test_lxvw4x_le_swaps_within_words)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_step(&t, x31(780, 1, 4, 5));
        CHECK_EQ(t.cpu.vsr[1].hi, 0x0302010007060504ull);
        CHECK_EQ(t.cpu.vsr[1].lo, 0x0b0a09080f0e0d0cull);
        emu_test_fini(&t);
}

TEST(test_lxvh8x_le_swaps_within_halfwords)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_step(&t, x31(812, 1, 4, 5));
        CHECK_EQ(t.cpu.vsr[1].hi, 0x0100030205040706ull);
        emu_test_fini(&t);
}

TEST(test_lxvb16x_le_loads_bytes_in_memory_order)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.msr |= MSR_LE;
        emu_test_step(&t, x31(876, 1, 4, 5));
        CHECK_EQ(t.cpu.vsr[1].hi, 0x0001020304050607ull);
        CHECK_EQ(t.cpu.vsr[1].lo, 0x08090a0b0c0d0e0full);
        emu_test_fini(&t);
}

TEST(test_lxvx_le_is_unaligned_lvx)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[5] = 1;
        emu_test_step(&t, x31(268, 33, 4, 5));
        CHECK_EQ(t.cpu.vsr[33].hi, 0x100f0e0d0c0b0a09ull);
        CHECK_EQ(t.cpu.vsr[33].lo, 0x0807060504030201ull);
        emu_test_fini(&t);
}

TEST(test_stxvd2x_be_stores_doublewords)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0x300;
        t.cpu.gpr[5] = 8;
        set_vsr(&t, 63, 0x1111111122222222ull, 0x3333333344444444ull);
        CHECK_EQ(emu_test_step(&t, x31(972, 63, 4, 5)), EMU_NEXT);
        CHECK_EQ(emu_test_peek(&t, 0x308, 8), 0x1111111122222222ull);
        CHECK_EQ(emu_test_peek(&t, 0x310, 8), 0x3333333344444444ull);
        emu_test_fini(&t);
}

TEST(test_lxv_dq_form_loads_vsr_with_tx)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        /* lxv vs35, 16(r4): opcode 61, T=3, TX (bit 28) = 1, XO 1. */
        uint32_t w = (61u << 26) | (3u << 21) | (4u << 16) | 0x10u | 0x8u | 1u;
        CHECK_EQ(emu_test_step(&t, w), EMU_NEXT);
        CHECK_EQ(t.cpu.vsr[35].hi, 0x1011121314151617ull);
        emu_test_fini(&t);
}

TEST(test_lxvl_le_loads_count_bytes_and_zero_fills)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[5] = 3ull << 56;
        set_vsr(&t, 1, ~0ull, ~0ull);
        emu_test_step(&t, x31(269, 1, 4, 5));
        CHECK_EQ(t.cpu.vsr[1].hi, 0);
        CHECK_EQ(t.cpu.vsr[1].lo, 0x0000000000020100ull);
        emu_test_fini(&t);
}

TEST(test_stxvll_stores_leftmost_bytes)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_LE;
        t.cpu.gpr[4] = 0x400;
        t.cpu.gpr[5] = 2ull << 56;
        set_vsr(&t, 1, 0xaabbccddeeff0011ull, 0);
        emu_test_step(&t, x31(429, 1, 4, 5));
        CHECK_EQ(emu_test_peek(&t, 0x400, 4), 0xaabb0000u);
        emu_test_fini(&t);
}

TEST(test_lxsiwax_sign_extends_into_doubleword_0)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x100, 4, 0x80000001u);
        t.cpu.gpr[4] = 0x100;
        t.cpu.gpr[5] = 0;
        emu_test_step(&t, x31(76, 2, 4, 5));
        CHECK_EQ(t.cpu.vsr[2].hi, 0xffffffff80000001ull);
        emu_test_fini(&t);
}

TEST(test_lxsspx_converts_single_to_double)
{
        struct emu_test t;
        setup(&t);
        emu_test_poke(&t, 0x100, 4, 0x3fc00000u);     /* 1.5f */
        t.cpu.gpr[4] = 0x100;
        t.cpu.gpr[5] = 0;
        emu_test_step(&t, x31(524, 34, 4, 5));
        CHECK_EQ(t.cpu.vsr[34].hi, 0x3ff8000000000000ull);
        emu_test_fini(&t);
}

TEST(test_lxvdsx_splats_the_doubleword)
{
        struct emu_test t;
        setup(&t);
        poke_ramp(&t);
        emu_test_step(&t, x31(332, 5, 4, 5));
        CHECK_EQ(t.cpu.vsr[5].hi, 0x0001020304050607ull);
        CHECK_EQ(t.cpu.vsr[5].lo, 0x0001020304050607ull);
        emu_test_fini(&t);
}

TEST(test_vector_store_to_mmio_changes_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = RAM_SIZE - 8;     /* second half outside RAM */
        t.cpu.gpr[5] = 0;
        set_vsr(&t, 1, 1, 2);
        CHECK_EQ(emu_test_step(&t, x31(972, 1, 4, 5)), EMU_JUMP);
        CHECK_EQ(emu_test_peek(&t, RAM_SIZE - 8, 8), 0);
        emu_test_fini(&t);
}

/* ---- moves ---- */

TEST(test_mtvsrdd_and_mfvsrld_move_both_doublewords)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[6] = 0x1234;
        t.cpu.gpr[7] = 0x5678;
        emu_test_step(&t, x31(435, 40, 6, 7));
        CHECK_EQ(t.cpu.vsr[40].hi, 0x1234);
        CHECK_EQ(t.cpu.vsr[40].lo, 0x5678);
        emu_test_step(&t, x31(307, 40, 8, 0));     /* mfvsrld r8, vs40 */
        CHECK_EQ(t.cpu.gpr[8], 0x5678);
        emu_test_fini(&t);
}

TEST(test_mtvsrwa_sign_extends)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[6] = 0xffffffff;
        emu_test_step(&t, x31(211, 3, 6, 0));
        CHECK_EQ(t.cpu.vsr[3].hi, ~0ull);
        emu_test_fini(&t);
}

TEST(test_xxpermdi_picks_doublewords)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 1, 0xa0, 0xa1);
        set_vsr(&t, 34, 0xb0, 0xb1);
        /* DM = 0b10: XA's doubleword 1, XB's doubleword 0. */
        emu_test_step(&t, xx3(10, 5, 1, 34) | (2u << 8));
        CHECK_EQ(t.cpu.vsr[5].hi, 0xa1);
        CHECK_EQ(t.cpu.vsr[5].lo, 0xb0);
        emu_test_fini(&t);
}

TEST(test_xxlxor_on_vrs)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 40, 0xff00, 0x0ff0);
        set_vsr(&t, 41, 0x0f0f, 0x00ff);
        emu_test_step(&t, xx3(154, 42, 40, 41));
        CHECK_EQ(t.cpu.vsr[42].hi, 0xf00f);
        CHECK_EQ(t.cpu.vsr[42].lo, 0x0f0f);
        emu_test_fini(&t);
}

TEST(test_xxspltib_splats_the_immediate)
{
        struct emu_test t;
        setup(&t);
        emu_test_step(&t, (60u << 26) | (1u << 21) | (0x5au << 11) | (360u << 1) | 1u);
        CHECK_EQ(t.cpu.vsr[33].hi, 0x5a5a5a5a5a5a5a5aull);
        CHECK_EQ(t.cpu.vsr[33].lo, 0x5a5a5a5a5a5a5a5aull);
        emu_test_fini(&t);
}

TEST(test_xxbrd_reverses_each_doubleword)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x0102030405060708ull, 0x1112131415161718ull);
        emu_test_step(&t, xx2(475, 3, 2) | (23u << 16));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x0807060504030201ull);
        CHECK_EQ(t.cpu.vsr[3].lo, 0x1817161514131211ull);
        emu_test_fini(&t);
}

TEST(test_mfvscr_and_mtvscr_move_nj_and_sat)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, ~0ull, ~0ull);
        emu_test_step(&t, vx(1604, 0, 0, 1));      /* mtvscr v1 */
        CHECK_EQ(t.cpu.vscr, VSCR_NJ | VSCR_SAT);
        emu_test_step(&t, vx(1540, 2, 0, 0));      /* mfvscr v2 */
        CHECK_EQ(VR_HI(t, 2), 0);
        CHECK_EQ(VR_LO(t, 2), VSCR_NJ | VSCR_SAT);
        emu_test_fini(&t);
}

/* ---- VMX integer ---- */

TEST(test_vaddubs_saturates_and_sets_sat)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0xf0f0f0f0f0f0f0f0ull, 0x0101010101010101ull);
        set_vr(&t, 2, 0x2020202020202020ull, 0x0101010101010101ull);
        emu_test_step(&t, vx(512, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), ~0ull);
        CHECK_EQ(VR_LO(t, 3), 0x0202020202020202ull);
        CHECK_EQ(t.cpu.vscr, VSCR_SAT);
        emu_test_fini(&t);
}

TEST(test_vaddsws_without_overflow_leaves_sat_clear)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x7ffffffe00000001ull, 0);
        set_vr(&t, 2, 0x00000001ffffffffull, 0);
        emu_test_step(&t, vx(896, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0x7fffffff00000000ull);
        CHECK_EQ(t.cpu.vscr, 0);
        emu_test_fini(&t);
}

TEST(test_vsubshs_saturates_negative)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x8000000000000000ull, 0);
        set_vr(&t, 2, 0x0001000000000000ull, 0);
        emu_test_step(&t, vx(1856, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0x8000000000000000ull);
        CHECK_EQ(t.cpu.vscr, VSCR_SAT);
        emu_test_fini(&t);
}

TEST(test_vadduqm_carries_across_doublewords)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0, ~0ull);
        set_vr(&t, 2, 0, 1);
        emu_test_step(&t, vx(256, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 1);
        CHECK_EQ(VR_LO(t, 3), 0);
        emu_test_fini(&t);
}

TEST(test_vmuleuw_multiplies_even_words)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0xffffffff00000002ull, 0x0000000300000004ull);
        set_vr(&t, 2, 0xffffffff00000005ull, 0x0000000700000006ull);
        emu_test_step(&t, vx(648, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0xfffffffe00000001ull);
        CHECK_EQ(VR_LO(t, 3), 21);
        emu_test_fini(&t);
}

TEST(test_vcmpequw_rc_all_true_sets_cr6_lt)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x1234, 0x5678);
        set_vr(&t, 2, 0x1234, 0x5678);
        emu_test_step(&t, vx(134 | RC, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), ~0ull);
        CHECK_EQ(emu_get_crf(&t.cpu, 6), CR_LT);
        emu_test_fini(&t);
}

TEST(test_vcmpgtsb_rc_none_true_sets_cr6_eq)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x8080808080808080ull, 0);
        set_vr(&t, 2, 0, 0);
        emu_test_step(&t, vx(774 | RC, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 6), CR_EQ);
        emu_test_fini(&t);
}

TEST(test_vcmpequb_without_rc_leaves_cr)
{
        struct emu_test t;
        setup(&t);
        t.cpu.cr = 0x12345678;
        set_vr(&t, 1, 1, 0);
        set_vr(&t, 2, 0, 0);
        emu_test_step(&t, vx(6, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0xffffffffffffff00ull);
        CHECK_EQ(t.cpu.cr, 0x12345678);
        emu_test_fini(&t);
}

TEST(test_vsraw_shifts_each_word_arithmetically)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x8000000000000100ull, 0);
        set_vr(&t, 2, 0x0000001f00000024ull, 0);   /* counts 31 and 36 & 31 = 4 */
        emu_test_step(&t, vx(900, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0xffffffff00000010ull);
        emu_test_fini(&t);
}

TEST(test_vslo_shifts_by_octets)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0102030405060708ull, 0x090a0b0c0d0e0f10ull);
        set_vr(&t, 2, 0, 3u << 3);
        emu_test_step(&t, vx(1036, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0x0405060708090a0bull);
        CHECK_EQ(VR_LO(t, 3), 0x0c0d0e0f10000000ull);
        emu_test_fini(&t);
}

TEST(test_vrlwnm_rotates_and_masks)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x80000001ull << 32, 0);
        /* mb = 24, me = 31, count 4 */
        set_vr(&t, 2, 0x00181f04ull << 32, 0);
        emu_test_step(&t, vx(389, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3) >> 32, 0x18);
        emu_test_fini(&t);
}

/* ---- permutes, packs, sums ---- */

TEST(test_vperm_selects_bytes_of_both_sources)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0001020304050607ull, 0x08090a0b0c0d0e0full);
        set_vr(&t, 2, 0x1011121314151617ull, 0x18191a1b1c1d1e1full);
        set_vr(&t, 3, 0x1f00e11002030405ull, 0);
        emu_test_step(&t, va(43, 4, 1, 2, 3));
        CHECK_EQ(VR_HI(t, 4), 0x1f00011002030405ull);
        CHECK_EQ(VR_LO(t, 4), 0);
        emu_test_fini(&t);
}

TEST(test_vsldoi_concatenates_and_shifts)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0001020304050607ull, 0x08090a0b0c0d0e0full);
        set_vr(&t, 2, 0x1011121314151617ull, 0x18191a1b1c1d1e1full);
        emu_test_step(&t, va(44, 3, 1, 2, 4));
        CHECK_EQ(VR_HI(t, 3), 0x0405060708090a0bull);
        CHECK_EQ(VR_LO(t, 3), 0x0c0d0e0f10111213ull);
        emu_test_fini(&t);
}

TEST(test_vmrghw_interleaves_high_words)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0xa0000000a1ull, 0xa2000000a3ull);
        set_vr(&t, 2, 0xb0000000b1ull, 0xb2000000b3ull);
        emu_test_step(&t, vx(140, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0x000000a0000000b0ull);
        CHECK_EQ(VR_LO(t, 3), 0x000000a1000000b1ull);
        emu_test_fini(&t);
}

TEST(test_vspltisw_splats_negative_immediate)
{
        struct emu_test t;
        setup(&t);
        emu_test_step(&t, vx(908, 3, 0x1e, 0));    /* -2 */
        CHECK_EQ(VR_HI(t, 3), 0xfffffffefffffffeull);
        CHECK_EQ(VR_LO(t, 3), 0xfffffffefffffffeull);
        emu_test_fini(&t);
}

TEST(test_vpkswss_saturates_and_sets_sat)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0001000000000005ull, 0xffff7fff80000000ull);
        set_vr(&t, 2, 0, 0);
        emu_test_step(&t, vx(462, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0x7fff000580008000ull);
        CHECK_EQ(VR_LO(t, 3), 0);
        CHECK_EQ(t.cpu.vscr, VSCR_SAT);
        emu_test_fini(&t);
}

TEST(test_vupkhsb_sign_extends_high_bytes)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x807f000000000001ull, 0);
        emu_test_step(&t, vx(526, 3, 0, 2));
        CHECK_EQ(VR_HI(t, 3), 0xff80007f00000000ull);
        CHECK_EQ(VR_LO(t, 3), 0x0000000000000001ull);
        emu_test_fini(&t);
}

TEST(test_vsumsws_sums_into_word_3)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0000000100000002ull, 0x00000003fffffffeull);
        set_vr(&t, 2, 0, 10);
        emu_test_step(&t, vx(1928, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0);
        CHECK_EQ(VR_LO(t, 3), 14);
        emu_test_fini(&t);
}

TEST(test_vmsumubm_adds_byte_products)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0102030400000000ull, 0);
        set_vr(&t, 2, 0x0505050500000000ull, 0);
        set_vr(&t, 3, 0x0000000100000000ull, 0);
        emu_test_step(&t, va(36, 4, 1, 2, 3));
        CHECK_EQ(VR_HI(t, 4), 51ull << 32);
        emu_test_fini(&t);
}

TEST(test_vclzw_and_vpopcntd)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x0000000100008000ull, 0);
        emu_test_step(&t, vx(1922, 3, 0, 2));
        CHECK_EQ(VR_HI(t, 3), 0x0000001f00000010ull);
        CHECK_EQ(VR_LO(t, 3), 0x0000002000000020ull);
        emu_test_step(&t, vx(1987, 4, 0, 2));
        CHECK_EQ(VR_HI(t, 4), 2);
        emu_test_fini(&t);
}

TEST(test_vgbbd_transposes_bit_matrix)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x8000000000000000ull, 0x0000000000000001ull);
        emu_test_step(&t, vx(1292, 3, 0, 2));
        CHECK_EQ(VR_HI(t, 3), 0x8000000000000000ull);
        CHECK_EQ(VR_LO(t, 3), 0x0000000000000001ull);
        set_vr(&t, 2, 0x0100000000000000ull, 0);   /* row 0, column 7 -> row 7, column 0 */
        emu_test_step(&t, vx(1292, 3, 0, 2));
        CHECK_EQ(VR_HI(t, 3), 0x0000000000000080ull);
        emu_test_fini(&t);
}

TEST(test_vbpermq_gathers_selected_bits)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x8000000000000000ull, 1);      /* bits 0 and 127 set */
        set_vr(&t, 2, 0x007f80ffffffffffull, 0xffffffffffffffffull);
        emu_test_step(&t, vx(1356, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0xc000);
        CHECK_EQ(VR_LO(t, 3), 0);
        emu_test_fini(&t);
}

/* ---- crypto ---- */

/* FIPS-197 Appendix B, round 1: state after the initial AddRoundKey and
 * the round key; the result is the start of round 2. */
TEST(test_vcipher_fips197_round_1)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x193de3bea0f4e22bull, 0x9ac68d2ae9f84808ull);
        set_vr(&t, 2, 0xa0fafe1788542cb1ull, 0x23a339392a6c7605ull);
        emu_test_step(&t, vx(1288, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0xa49c7ff2689f352bull);
        CHECK_EQ(VR_LO(t, 3), 0x6b5bea43026a5049ull);
        emu_test_fini(&t);
}

/* vcipherlast with a zero key is ShiftRows(SubBytes(x)): FIPS-197
 * Appendix B's round-1 "after ShiftRows" row. */
TEST(test_vcipherlast_is_subbytes_then_shiftrows)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x193de3bea0f4e22bull, 0x9ac68d2ae9f84808ull);
        set_vr(&t, 2, 0, 0);
        emu_test_step(&t, vx(1289, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0xd4bf5d30e0b452aeull);
        CHECK_EQ(VR_LO(t, 3), 0xb84111f11e2798e5ull);
        emu_test_fini(&t);
}

/* ... and vncipherlast with a zero key undoes it. */
TEST(test_vncipherlast_inverts_vcipherlast)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0xd4bf5d30e0b452aeull, 0xb84111f11e2798e5ull);
        set_vr(&t, 2, 0, 0);
        emu_test_step(&t, vx(1353, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0x193de3bea0f4e22bull);
        CHECK_EQ(VR_LO(t, 3), 0x9ac68d2ae9f84808ull);
        emu_test_fini(&t);
}

TEST(test_vsbox_substitutes_bytes)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x0053000000000000ull, 0xff);
        emu_test_step(&t, vx(1480, 3, 1, 0));
        CHECK_EQ(VR_HI(t, 3), 0x63ed636363636363ull);
        CHECK_EQ(VR_LO(t, 3), 0x6363636363636316ull);
        emu_test_fini(&t);
}

TEST(test_vshasigmaw_sigma0_and_Sigma1)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x123456786a09e667ull, 0x123456786a09e667ull);
        emu_test_step(&t, vx(1666, 3, 1, 0));                     /* ST=0, SIX=0: sigma0 */
        CHECK_EQ(VR_HI(t, 3), 0xe7fce6eeba0cf582ull);
        emu_test_step(&t, vx(1666, 4, 1, 0x1f));                  /* ST=1, SIX=0xf: Sigma1 */
        CHECK_EQ(VR_LO(t, 4), 0x3561abda55b65510ull);
        emu_test_fini(&t);
}

TEST(test_vshasigmad_Sigma0)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x6a09e667f3bcc908ull, 0);
        emu_test_step(&t, vx(1730, 3, 1, 0x10));                  /* ST=1, SIX=0 */
        CHECK_EQ(VR_HI(t, 3), 0x08c4db56aac80c2aull);
        emu_test_fini(&t);
}

TEST(test_vpmsumd_xors_carryless_products)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x8000000000000001ull, 3);
        set_vr(&t, 2, 0xff, 5);
        emu_test_step(&t, vx(1224, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0x7f);
        CHECK_EQ(VR_LO(t, 3), 0x80000000000000f0ull);
        emu_test_fini(&t);
}

/* ---- VMX floating point ---- */

TEST(test_vaddfp_adds_singles)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x3f8000003fc00000ull, 0x7f80000000000000ull);   /* 1, 1.5, inf, 0 */
        set_vr(&t, 2, 0x3f8000003f000000ull, 0xff80000080000000ull);   /* 1, 0.5, -inf, -0 */
        emu_test_step(&t, vx(10, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0x4000000040000000ull);
        CHECK_EQ(VR_LO(t, 3), 0x7fc0000000000000ull);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_vmaddfp_nj_flushes_denormal_result)
{
        struct emu_test t;
        setup(&t);
        t.cpu.vscr = VSCR_NJ;
        set_vr(&t, 1, 0x0080000000000000ull, 0);      /* min normal */
        set_vr(&t, 3, 0x3f00000000000000ull, 0);      /* 0.5 */
        set_vr(&t, 2, 0x8000000000000000ull, 0);      /* -0 */
        emu_test_step(&t, va(46, 4, 1, 2, 3));
        CHECK_EQ(VR_HI(t, 4), 0);
        emu_test_fini(&t);
}

TEST(test_vctsxs_saturates_and_sets_sat)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x4f0000003fc00000ull, 0xcf800000c0200000ull);   /* 2^31, 1.5, -2^32, -2.5 */
        emu_test_step(&t, vx(970, 3, 0, 2));
        CHECK_EQ(VR_HI(t, 3), 0x7fffffff00000001ull);
        CHECK_EQ(VR_LO(t, 3), 0x80000000fffffffeull);
        CHECK_EQ(t.cpu.vscr, VSCR_SAT);
        emu_test_fini(&t);
}

TEST(test_vcfsx_scales_by_uim)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x00000003fffffffeull, 0);
        emu_test_step(&t, vx(842, 3, 1, 2));                      /* / 2 */
        CHECK_EQ(VR_HI(t, 3), 0x3fc00000bf800000ull);
        emu_test_fini(&t);
}

TEST(test_vrfin_rounds_half_to_even)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x3f00000040200000ull, 0x3fc00000bfc00000ull);   /* 0.5, 2.5, 1.5, -1.5 */
        emu_test_step(&t, vx(522, 3, 0, 2));
        CHECK_EQ(VR_HI(t, 3), 0x0000000040000000ull);
        CHECK_EQ(VR_LO(t, 3), 0x40000000c0000000ull);
        emu_test_fini(&t);
}

TEST(test_vcmpbfp_rc_reports_all_in_bounds)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0x3f800000bf800000ull, 0);
        set_vr(&t, 2, 0x4000000040000000ull, 0x3f8000003f800000ull);
        emu_test_step(&t, vx(966 | RC, 3, 1, 2));
        CHECK_EQ(VR_HI(t, 3), 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 6), CR_EQ);
        emu_test_fini(&t);
}

/* ---- VSX floating point ---- */

#define D_ONE   0x3ff0000000000000ull
#define D_TWO   0x4000000000000000ull
#define D_THREE 0x4008000000000000ull
#define D_SNAN  0x7ff0000000000001ull

TEST(test_xsadddp_sets_fprf_and_zeroes_doubleword_1)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 40, D_ONE, 5);
        set_vsr(&t, 41, D_TWO, 6);
        set_vsr(&t, 42, 0, 7);
        emu_test_step(&t, xx3(32, 42, 40, 41));
        CHECK_EQ(t.cpu.vsr[42].hi, D_THREE);
        CHECK_EQ(t.cpu.vsr[42].lo, 0);
        CHECK_EQ(t.cpu.fpscr, (uint64_t)FPRF_POS_NORM << FPSCR_FPRF_SHIFT);
        emu_test_fini(&t);
}

TEST(test_xsmaddadp_adds_xt)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 1, D_TWO, 0);
        set_vsr(&t, 2, D_ONE, 0);
        set_vsr(&t, 3, D_ONE, 0);        /* XA * XB + XT = 2 * 1 + 1 */
        emu_test_step(&t, xx3(33, 3, 1, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, D_THREE);
        emu_test_fini(&t);
}

TEST(test_xsmaddmdp_multiplies_by_xt)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 1, D_ONE, 0);
        set_vsr(&t, 2, D_ONE, 0);
        set_vsr(&t, 3, D_TWO, 0);        /* XA * XT + XB = 1 * 2 + 1 */
        emu_test_step(&t, xx3(41, 3, 1, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, D_THREE);
        emu_test_fini(&t);
}

TEST(test_xvadddp_leaves_fprf_and_accumulates_sticky)
{
        struct emu_test t;
        setup(&t);
        t.cpu.fpscr = (uint64_t)FPRF_POS_ZERO << FPSCR_FPRF_SHIFT;
        set_vsr(&t, 1, D_ONE, D_SNAN);
        set_vsr(&t, 2, D_TWO, D_ONE);
        emu_test_step(&t, xx3(96, 3, 1, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, D_THREE);
        CHECK_EQ(t.cpu.vsr[3].lo, 0x7ff8000000000001ull);
        CHECK_EQ(t.cpu.fpscr, FPSCR_FX | FPSCR_VX | FPSCR_VXSNAN |
                               ((uint64_t)FPRF_POS_ZERO << FPSCR_FPRF_SHIFT));
        emu_test_fini(&t);
}

TEST(test_xvcmpgtdp_rc_mixed_sets_cr6_zero)
{
        struct emu_test t;
        setup(&t);
        t.cpu.cr = 0xffffffff;
        set_vsr(&t, 1, D_TWO, D_ONE);
        set_vsr(&t, 2, D_ONE, D_TWO);
        emu_test_step(&t, xx3(107, 3, 1, 2) | RC);
        CHECK_EQ(t.cpu.vsr[3].hi, ~0ull);
        CHECK_EQ(t.cpu.vsr[3].lo, 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 6), 0);
        emu_test_fini(&t);
}

TEST(test_xscmpudp_sets_the_cr_field)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 1, D_ONE, 0);
        set_vsr(&t, 2, D_TWO, 0);
        emu_test_step(&t, xx3(35, 3u << 2, 1, 2));      /* BF = 3 */
        CHECK_EQ(emu_get_crf(&t.cpu, 3), CR_LT);
        emu_test_fini(&t);
}

TEST(test_xscvdpsxws_saturates_and_sets_vxcvi)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x41f0000000000000ull, 0);      /* 2^32 */
        emu_test_step(&t, xx2(88, 3, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x7fffffff7fffffffull);
        CHECK(t.cpu.fpscr & FPSCR_VXCVI);
        emu_test_fini(&t);
}

TEST(test_xscvspdpn_converts_word_0)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x3fc00000ull << 32, 0);
        emu_test_step(&t, xx2(331, 3, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x3ff8000000000000ull);
        emu_test_fini(&t);
}

TEST(test_xsmaxdp_prefers_number_over_qnan)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 1, 0x7ff8000000000000ull, 0);
        set_vsr(&t, 2, D_ONE, 0);
        emu_test_step(&t, xx3(160, 3, 1, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, D_ONE);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_xststdcdp_matches_negative_zero)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x8000000000000000ull, 0);
        /* BF = 1, DCMX = 0x04 (-0) */
        emu_test_step(&t, (60u << 26) | (1u << 23) | (0x04u << 16) | (2u << 11) | (362u << 2));
        CHECK_EQ(emu_get_crf(&t.cpu, 1), CR_LT | CR_EQ);
        emu_test_fini(&t);
}

TEST(test_xsiexpdp_and_xsxexpdp)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[6] = 0x8000000000000001ull;
        t.cpu.gpr[7] = 0x3ff;
        emu_test_step(&t, (60u << 26) | (3u << 21) | (6u << 16) | (7u << 11) | (918u << 1));
        CHECK_EQ(t.cpu.vsr[3].hi, 0xbff0000000000001ull);
        emu_test_step(&t, (60u << 26) | (8u << 21) | (3u << 11) | (347u << 2));
        CHECK_EQ(t.cpu.gpr[8], 0x3ff);
        emu_test_fini(&t);
}

/* ---- facility checks ---- */

TEST(test_vmx_with_msr_vec_clear_raises_vmx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VEC;
        set_vr(&t, 3, 7, 7);
        CHECK_EQ(emu_test_step(&t, vx(0, 3, 1, 2)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VMX_UNAVAILABLE);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(VR_HI(t, 3), 7);
        emu_test_fini(&t);
}

TEST(test_lvx_with_msr_vec_clear_raises_vmx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VEC;
        CHECK_EQ(emu_test_step(&t, x31(103, 2, 4, 5)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VMX_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_xxlor_on_vsr_32_63_with_msr_vsx_clear_raises_vsx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VSX;
        CHECK_EQ(emu_test_step(&t, xx3(146, 40, 41, 42)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VSX_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_lxvd2x_with_msr_vsx_clear_raises_vsx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VSX;
        CHECK_EQ(emu_test_step(&t, x31(844, 40, 4, 5)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VSX_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_xsadddp_with_msr_vsx_clear_raises_vsx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VSX;
        CHECK_EQ(emu_test_step(&t, xx3(32, 1, 2, 3)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VSX_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_mfvsrd_of_fpr_with_msr_fp_clear_raises_fp_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_FP;
        CHECK_EQ(emu_test_step(&t, x31(51, 3, 6, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_FP_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_mtvsrd_of_vr_with_msr_vec_clear_raises_vmx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VEC;
        CHECK_EQ(emu_test_step(&t, x31(179, 35, 6, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VMX_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_lxsd_with_msr_vec_clear_raises_vmx_unavailable)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_VEC;
        t.cpu.gpr[4] = 0x100;
        CHECK_EQ(emu_test_step(&t, (57u << 26) | (2u << 21) | (4u << 16) | 2u), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_VMX_UNAVAILABLE);
        emu_test_fini(&t);
}

TEST(test_vclzlsbb_counts_leading_even_bytes)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 2, 0x0002040001000000ull, 0);
        emu_test_step(&t, vx(1538, 6, 0, 2));
        CHECK_EQ(t.cpu.gpr[6], 4);
        emu_test_step(&t, vx(1538, 7, 1, 2));      /* vctzlsbb: from byte 15 */
        CHECK_EQ(t.cpu.gpr[7], 11);
        emu_test_fini(&t);
}

TEST(test_xsrdpic_nearest_rounds_half_to_even)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x4004000000000000ull, 0);     /* 2.5 */
        emu_test_step(&t, xx2(107, 3, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, D_TWO);
        CHECK(t.cpu.fpscr & FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xscvdpspn_truncates_without_fpscr_effects)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x3ff0000010000000ull, 0);     /* 1 + 2^-24: not a single */
        emu_test_step(&t, xx2(267, 3, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x3f8000003f800000ull);
        CHECK_EQ(t.cpu.fpscr, 0);
        emu_test_fini(&t);
}

TEST(test_xvcvspsxws_converts_each_word)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x3f800000c0400000ull, 0x4f80000000000000ull);   /* 1, -3, 2^32, 0 */
        emu_test_step(&t, xx2(152, 3, 2));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x00000001fffffffdull);
        CHECK_EQ(t.cpu.vsr[3].lo, 0x7fffffff00000000ull);
        CHECK(t.cpu.fpscr & FPSCR_VXCVI);
        emu_test_fini(&t);
}

/* Every VMX/VSX table entry decodes to itself: no other table's entry
 * shadows it, and none of them shadows another. */
TEST(test_every_vector_entry_decodes_to_itself)
{
        static const struct emu_opdesc *const tables[] = {
                emu_ops_vector, emu_ops_vmx_ldst, emu_ops_vmx_int, emu_ops_vmx_perm,
                emu_ops_vmx_crypto, emu_ops_vmx_fp, emu_ops_vsx_ldst, emu_ops_vsx_move,
                emu_ops_vsx_fp,
        };
        unsigned n = 0;

        emu_decode_init();
        for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
                for (const struct emu_opdesc *d = tables[i]; d->fn; d++, n++)
                        if (emu_lookup(d->match) != d)
                                test_failed(__FILE__, __LINE__, "%s (%08x) decodes to %s", d->name,
                                            d->match, emu_lookup(d->match) ? emu_lookup(d->match)->name : "nothing");
        CHECK(n > 450);
}

TEST(test_lxvd2x_in_32_bit_mode_wraps_the_address)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr &= ~MSR_SF;
        poke_ramp(&t);
        t.cpu.gpr[4] = 0xffffffff00000100ull;      /* high word ignored */
        emu_test_step(&t, x31(844, 1, 4, 5));
        CHECK_EQ(t.cpu.vsr[1].hi, 0x0001020304050607ull);
        emu_test_fini(&t);
}

TEST(test_vmladduhm_wraps_modulo_2_16)
{
        struct emu_test t;
        setup(&t);
        set_vr(&t, 1, 0xffff000000000000ull, 0);
        set_vr(&t, 2, 0xffff000000000000ull, 0);
        set_vr(&t, 3, 0x0001000000000000ull, 0);
        emu_test_step(&t, va(34, 4, 1, 2, 3));
        CHECK_EQ(VR_HI(t, 4), 0x0002000000000000ull);
        emu_test_fini(&t);
}

TEST(test_xscvdphp_rounds_half_to_even)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x3ff0020000000000ull, 0);     /* 1 + 2^-11: a tie */
        emu_test_step(&t, xx2(347, 3, 2) | (17u << 16));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x3c00);
        CHECK(t.cpu.fpscr & FPSCR_XX);
        emu_test_fini(&t);
}

TEST(test_xscvdphp_overflows_to_infinity)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x40effe0000000000ull, 0);     /* 65520 rounds past 65504 */
        emu_test_step(&t, xx2(347, 3, 2) | (17u << 16));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x7c00);
        CHECK(t.cpu.fpscr & FPSCR_OX);
        emu_test_fini(&t);
}

/* 2^-24 is the smallest half denormal: exact, yet tiny.  With underflow
 * enabled that alone is an underflow (ISA 4.4.5); disabled, it is not. */
TEST(test_xscvdphp_exact_tiny_result_is_an_underflow_only_when_enabled)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x3e70000000000000ull, 0);     /* 2^-24 */
        emu_test_step(&t, xx2(347, 3, 2) | (17u << 16));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x0001);
        CHECK(!(t.cpu.fpscr & (FPSCR_UX | FPSCR_XX)));
        emu_test_fini(&t);

        setup(&t);
        t.cpu.fpscr = FPSCR_UE;
        set_vsr(&t, 2, 0x3e70000000000000ull, 0);
        emu_test_step(&t, xx2(347, 3, 2) | (17u << 16));
        CHECK(t.cpu.fpscr & FPSCR_UX);
        CHECK(t.cpu.fpscr & FPSCR_FEX);
        CHECK(!(t.cpu.fpscr & FPSCR_XX));
        emu_test_fini(&t);
}

TEST(test_xscvhpdp_converts_a_half_denormal_exactly)
{
        struct emu_test t;
        setup(&t);
        set_vsr(&t, 2, 0x0001, 0);                    /* 2^-24 */
        emu_test_step(&t, xx2(347, 3, 2) | (16u << 16));
        CHECK_EQ(t.cpu.vsr[3].hi, 0x3e70000000000000ull);
        emu_test_fini(&t);
}
