/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "harness.h"
#include "test.h"

#define SCV(lev)   (0x44000001u | ((uint32_t)(lev) << 5))
#define RFSCV      0x4c0000a4u
#define FSCR_SCV   (1ull << 12)

static void user_mode(struct emu_test *t)
{
        t->cpu.msr = MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR | MSR_RI | MSR_ME | MSR_FP;
        t->cpu.spr[SPR_FSCR] = FSCR_SCV;
}

TEST(test_scv_without_fscr_scv_is_facility_unavailable)
{
        struct emu_test t;
        emu_test_init(&t, 1 << 20);
        t.cpu.nip = 0x2000;
        CHECK_EQ(emu_test_step(&t, SCV(0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_FAC_UNAVAILABLE);
        CHECK_EQ(t.cpu.spr[SPR_FSCR] >> 56, 12);
        emu_test_fini(&t);
}

TEST(test_scv_with_ail3_vectors_to_0x3000_relocated_keeping_ee_ri)
{
        struct emu_test t;
        emu_test_init(&t, 1 << 20);
        user_mode(&t);
        t.vm.lpcr = (3ull << LPCR_AIL_SHIFT) | LPCR_ILE;
        t.cpu.nip = 0x10002000;
        t.cpu.spr[SPR_SRR0] = 0x1111;
        CHECK_EQ(emu_test_step(&t, SCV(1)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0xc000000000003020ull);
        CHECK_EQ(t.cpu.lr, 0x10002004);
        CHECK_EQ(t.cpu.ctr, MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR | MSR_RI | MSR_ME | MSR_FP);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_EE | MSR_RI | MSR_ME | MSR_IR | MSR_DR | MSR_LE);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1111);
        emu_test_fini(&t);
}

TEST(test_scv_without_ail_vectors_in_real_mode)
{
        struct emu_test t;
        emu_test_init(&t, 1 << 20);
        user_mode(&t);
        t.cpu.nip = 0x3000;
        CHECK_EQ(emu_test_step(&t, SCV(0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x17000);
        CHECK(!(t.cpu.msr & (MSR_IR | MSR_DR)));
        emu_test_fini(&t);
}

TEST(test_rfscv_returns_to_lr_with_msr_from_ctr)
{
        struct emu_test t;
        emu_test_init(&t, 1 << 20);
        t.cpu.lr = 0x10002004;
        t.cpu.ctr = MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR | MSR_RI | MSR_ME;
        t.cpu.nip = 0x17000;
        CHECK_EQ(emu_test_step(&t, RFSCV), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x10002004);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR | MSR_RI | MSR_ME);
        emu_test_fini(&t);
}

TEST(test_rfscv_from_problem_state_is_privileged)
{
        struct emu_test t;
        emu_test_init(&t, 1 << 20);
        user_mode(&t);
        t.cpu.nip = 0x4000;
        CHECK_EQ(emu_test_step(&t, RFSCV), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_PRIV);
        emu_test_fini(&t);
}
