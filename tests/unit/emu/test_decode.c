/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "harness.h"
#include "test.h"

TEST(test_unknown_word_raises_illegal_program_interrupt)
{
        struct emu_test t;
        emu_test_init(&t, 1 << 20);
        t.cpu.nip = 0x2000;
        /* Primary opcode 1 is not defined in Power ISA 3.0 (prefixes are 3.1). */
        CHECK_EQ(emu_test_step(&t, 0x04000000), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x2000);
        CHECK(t.cpu.spr[SPR_SRR1] & SRR1_PROGRAM_ILLEGAL);
        CHECK(t.cpu.msr & MSR_SF);
        CHECK(!(t.cpu.msr & MSR_FP));
        emu_test_fini(&t);
}

TEST(test_zero_word_is_illegal)
{
        struct emu_test t;
        emu_test_init(&t, 1 << 20);
        CHECK_EQ(emu_test_step(&t, 0x00000000), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        emu_test_fini(&t);
}
