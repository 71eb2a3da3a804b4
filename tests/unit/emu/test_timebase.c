/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Timebase and decrementer: a shared 512 MHz TB, DEC counting down from
 * what was written, and the decrementer exception as a level while DEC is
 * negative, delivered at 0x900 when MSR[EE] allows.
 */
#include "backend_vm.h"
#include "harness.h"
#include "test.h"

static uint64_t read_reg(struct tvm *t, unsigned v, uint32_t id)
{
        uint64_t val = 0;
        CHECK_EQ(t->ops->get_one_reg(t->vcpu[v], id, &val), 0);
        return val;
}

static void write_reg(struct tvm *t, unsigned v, uint32_t id, uint64_t val)
{
        CHECK_EQ(t->ops->set_one_reg(t->vcpu[v], id, val), 0);
}

/* The decrementer handler stores to MMIO; the main code loads from MMIO. */
static void dec_code(struct tvm *t)
{
        TVM_CODE_AT(t, EXC_DECREMENTER, LIS(9, 0x4000), STD(3, 0, 9));
        TVM_CODE_AT(t, TVM_CODE, LIS(9, 0x4000), LD(4, 8, 9));
}

static bool exited_in_dec_handler(struct tvm *t)
{
        return t->vcpu[0]->run->exit_reason == KVM_EXIT_MMIO && t->vcpu[0]->run->mmio.is_write &&
               tvm_regs(t, 0).pc == EXC_DECREMENTER + 8;
}

static void restart_with_ee(struct tvm *t)
{
        tvm_set_msr_pc(t, 0, MSR_SF | MSR_ME | MSR_EE, TVM_CODE);
}

TEST(test_timebase_advances)
{
        struct tvm t;
        uint64_t a, b;

        tvm_init(&t, 1, false);
        a = read_reg(&t, 0, VCPU_REG_SPR(SPR_TBL_R));
        tvm_sleep_ms(2);
        b = read_reg(&t, 0, VCPU_REG_SPR(SPR_TBL_R));
        CHECK(b > a);
        tvm_fini(&t);
}

TEST(test_timebase_is_shared_by_the_vcpus)
{
        struct tvm t;
        uint64_t a, b;

        tvm_init(&t, 2, false);
        a = read_reg(&t, 0, VCPU_REG_SPR(SPR_TBL_R));
        b = read_reg(&t, 1, VCPU_REG_SPR(SPR_TBL_R));
        CHECK(b >= a);
        /* A fresh VM's timebase starts near zero: well below a day. */
        CHECK(b < 86400ull * EMU_TB_FREQ);
        tvm_fini(&t);
}

TEST(test_tb_offset_shifts_the_timebase)
{
        struct tvm t;

        tvm_init(&t, 2, false);
        write_reg(&t, 0, VCPU_REG_TB_OFFSET, 1ull << 50);
        CHECK(read_reg(&t, 1, VCPU_REG_SPR(SPR_TBL_R)) >= 1ull << 50);
        CHECK_EQ(read_reg(&t, 1, VCPU_REG_TB_OFFSET), 1ull << 50);
        tvm_fini(&t);
}

TEST(test_dec_counts_down_from_the_written_value)
{
        struct tvm t;
        uint64_t d;

        tvm_init(&t, 1, false);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0x40000000);
        tvm_sleep_ms(2);
        d = read_reg(&t, 0, VCPU_REG_SPR(SPR_DEC));
        CHECK(d < 0x40000000);
        CHECK(d > 0x20000000);
        tvm_fini(&t);
}

TEST(test_dec_32_bit_reads_zero_extended)
{
        struct tvm t;
        uint64_t d;

        tvm_init(&t, 1, false);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0xffffffff);
        d = read_reg(&t, 0, VCPU_REG_SPR(SPR_DEC));
        CHECK_EQ(d >> 31, 1);
        tvm_fini(&t);
}

TEST(test_dec_32_bit_ignores_upper_bits_written)
{
        struct tvm t;
        uint64_t d;

        tvm_init(&t, 1, false);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0xffffffff7fff0000ull);
        d = read_reg(&t, 0, VCPU_REG_SPR(SPR_DEC));
        CHECK(d <= 0x7fff0000);
        CHECK_EQ(d >> 31, 0);
        tvm_fini(&t);
}

TEST(test_dec_large_decrementer_sign_extends)
{
        struct tvm t;
        uint64_t d;

        tvm_init(&t, 1, false);
        write_reg(&t, 0, VCPU_REG_LPCR, LPCR_LD);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), (uint64_t)-16);
        d = read_reg(&t, 0, VCPU_REG_SPR(SPR_DEC));
        CHECK_EQ(d >> 55, 0x1ff);
        tvm_fini(&t);
}

TEST(test_dec_expiry_follows_the_written_value)
{
        struct tvm t;
        uint64_t tb, expiry;

        tvm_init(&t, 1, false);
        tb = read_reg(&t, 0, VCPU_REG_SPR(SPR_TBL_R));
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0x10000000);
        expiry = read_reg(&t, 0, VCPU_REG_DEC_EXPIRY);
        CHECK(expiry >= tb + 0x10000000);
        CHECK(expiry < tb + 0x20000000);
        tvm_fini(&t);
}

TEST(test_dec_negative_is_delivered_at_0x900)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        dec_code(&t);
        restart_with_ee(&t);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0xffffffff);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(exited_in_dec_handler(&t));
        CHECK_EQ(tvm_regs(&t, 0).srr0, TVM_CODE);
        tvm_fini(&t);
}

TEST(test_dec_masked_by_msr_ee_clear)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        dec_code(&t);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0xffffffff);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(!exited_in_dec_handler(&t));
        tvm_fini(&t);
}

TEST(test_dec_is_a_level_until_a_positive_write)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        dec_code(&t);
        restart_with_ee(&t);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0xffffffff);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(exited_in_dec_handler(&t));
        restart_with_ee(&t);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(exited_in_dec_handler(&t));
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0x7fffffff);
        restart_with_ee(&t);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(!exited_in_dec_handler(&t));
        tvm_fini(&t);
}

/* A running vcpu in a tight loop is interrupted when its decrementer
 * counts past zero: the timer, not the loop, notices. */
TEST(test_dec_fires_on_a_running_vcpu)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, EXC_DECREMENTER, LIS(9, 0x4000), STD(3, 0, 9));
        TVM_CODE_AT(&t, TVM_CODE, B(0));
        restart_with_ee(&t);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), EMU_TB_FREQ / 100);   /* 10 ms */
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).srr0, TVM_CODE);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_DECREMENTER + 8);
        tvm_fini(&t);
}

TEST(test_dec_expiry_in_the_past_is_pending)
{
        struct tvm t;
        uint64_t tb;

        tvm_init(&t, 1, false);
        dec_code(&t);
        restart_with_ee(&t);
        tb = read_reg(&t, 0, VCPU_REG_SPR(SPR_TBL_R));
        write_reg(&t, 0, VCPU_REG_DEC_EXPIRY, tb - 100);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(exited_in_dec_handler(&t));
        tvm_fini(&t);
}

TEST(test_external_interrupt_before_decrementer)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        dec_code(&t);
        TVM_CODE_AT(&t, EXC_EXTERNAL, LIS(9, 0x4000), STD(3, 0, 9));
        restart_with_ee(&t);
        write_reg(&t, 0, VCPU_REG_SPR(SPR_DEC), 0xffffffff);
        t.ops->interrupt(t.vcpu[0], VCPU_INTERRUPT_SET);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_EXTERNAL + 8);
        tvm_fini(&t);
}

TEST(test_dec_on_a_bare_cpu_without_timer)
{
        struct emu_test t;

        emu_test_init(&t, 0x10000);
        emu_dec_write(&t.cpu, 0x10000000);
        CHECK(emu_dec_read(&t.cpu) <= 0x10000000);
        CHECK(!emu_dec_pending(&t.cpu));
        emu_dec_write(&t.cpu, 0xfffff000);
        CHECK(emu_dec_pending(&t.cpu));
        emu_test_fini(&t);
}
