/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The execution loop and the exit protocol, through vcpu_emu_ops: guest code
 * in RAM runs until an access leaves RAM, the MMIO exit carries the access,
 * and the next run completes it into the register.
 */
#include <pthread.h>

#include "backend_vm.h"
#include "harness.h"
#include "test.h"

/* r9 = TVM_MMIO, then one access through it. */
static void mmio_access_code(struct tvm *t, uint32_t access)
{
        TVM_CODE_AT(t, TVM_CODE, LIS(9, 0x4000), access, B(0));
}

/* Runs a load from MMIO that the host answers with data[0..len). */
static uint64_t mmio_load(bool le, uint32_t load, const uint8_t *data, unsigned len)
{
        struct tvm t;
        uint64_t v;

        tvm_init(&t, 1, le);
        mmio_access_code(&t, load);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(t.vcpu[0]->run->mmio.is_write, 0);
        CHECK_EQ(t.vcpu[0]->run->mmio.len, len);
        memcpy(t.vcpu[0]->run->mmio.data, data, len);
        tvm_complete(&t, 0);
        v = tvm_gpr(&t, 0, 4);
        tvm_fini(&t);
        return v;
}

TEST(test_mmio_load_exit_reports_address_and_size)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        mmio_access_code(&t, LWZ(4, 0x10, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(t.vcpu[0]->run->mmio.phys_addr, TVM_MMIO + 0x10);
        CHECK_EQ(t.vcpu[0]->run->mmio.len, 4);
        CHECK_EQ(t.vcpu[0]->run->mmio.is_write, 0);
        tvm_fini(&t);
}

TEST(test_mmio_load_resumes_after_the_load)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        mmio_access_code(&t, LWZ(4, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        tvm_complete(&t, 0);
        CHECK_EQ(tvm_regs(&t, 0).pc, TVM_CODE + 8);
        tvm_fini(&t);
}

TEST(test_mmio_lbz_zero_extends)
{
        const uint8_t d[] = { 0xf1 };
        CHECK_EQ(mmio_load(false, LBZ(4, 0, 9), d, 1), 0xf1);
}

TEST(test_mmio_lhz_big_endian)
{
        const uint8_t d[] = { 0x81, 0x02 };
        CHECK_EQ(mmio_load(false, LHZ(4, 0, 9), d, 2), 0x8102);
}

TEST(test_mmio_lha_sign_extends)
{
        const uint8_t d[] = { 0x81, 0x02 };
        CHECK_EQ(mmio_load(false, LHA(4, 0, 9), d, 2), 0xffffffffffff8102ull);
}

TEST(test_mmio_lwz_zero_extends)
{
        const uint8_t d[] = { 0x80, 0x00, 0x00, 0x01 };
        CHECK_EQ(mmio_load(false, LWZ(4, 0, 9), d, 4), 0x80000001ull);
}

TEST(test_mmio_lwa_sign_extends)
{
        const uint8_t d[] = { 0x80, 0x00, 0x00, 0x01 };
        CHECK_EQ(mmio_load(false, LWA(4, 0, 9), d, 4), 0xffffffff80000001ull);
}

TEST(test_mmio_ld_big_endian)
{
        const uint8_t d[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
        CHECK_EQ(mmio_load(false, LD(4, 0, 9), d, 8), 0x0102030405060708ull);
}

TEST(test_mmio_lwz_little_endian_guest)
{
        const uint8_t d[] = { 1, 2, 3, 4 };
        CHECK_EQ(mmio_load(true, LWZ(4, 0, 9), d, 4), 0x04030201ull);
}

TEST(test_mmio_lha_little_endian_guest_sign_extends)
{
        const uint8_t d[] = { 0x02, 0x81 };
        CHECK_EQ(mmio_load(true, LHA(4, 0, 9), d, 2), 0xffffffffffff8102ull);
}

TEST(test_mmio_ld_little_endian_guest)
{
        const uint8_t d[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
        CHECK_EQ(mmio_load(true, LD(4, 0, 9), d, 8), 0x0807060504030201ull);
}

TEST(test_mmio_stw_data_in_big_endian_order)
{
        struct tvm t;
        const struct vcpu_run *run;

        tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 4, 0x1122334455667788ull);
        mmio_access_code(&t, STW(4, 4, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        run = t.vcpu[0]->run;
        CHECK_EQ(run->mmio.is_write, 1);
        CHECK_EQ(run->mmio.len, 4);
        CHECK_EQ(run->mmio.phys_addr, TVM_MMIO + 4);
        CHECK_EQ(run->mmio.data[0], 0x55);
        CHECK_EQ(run->mmio.data[3], 0x88);
        tvm_fini(&t);
}

TEST(test_mmio_std_data_in_little_endian_order)
{
        struct tvm t;
        const struct vcpu_run *run;

        tvm_init(&t, 1, true);
        tvm_set_gpr(&t, 0, 4, 0x1122334455667788ull);
        mmio_access_code(&t, STD(4, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        run = t.vcpu[0]->run;
        CHECK_EQ(run->mmio.len, 8);
        CHECK_EQ(run->mmio.data[0], 0x88);
        CHECK_EQ(run->mmio.data[7], 0x11);
        tvm_fini(&t);
}

TEST(test_mmio_stb_single_byte)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 4, 0x1a2b);
        mmio_access_code(&t, STB(4, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(t.vcpu[0]->run->mmio.len, 1);
        CHECK_EQ(t.vcpu[0]->run->mmio.data[0], 0x2b);
        tvm_fini(&t);
}

TEST(test_ram_store_then_load_round_trips)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 4, 0xcafe);
        tvm_set_gpr(&t, 0, 5, 0x8000);
        TVM_CODE_AT(&t, TVM_CODE, STW(4, 0, 5), LWZ(6, 0, 5), LIS(9, 0x4000), STW(6, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(t.ram[0x8002], 0xca);
        CHECK_EQ(t.ram[0x8003], 0xfe);
        CHECK_EQ(t.vcpu[0]->run->mmio.data[2], 0xca);
        tvm_fini(&t);
}

/* A loop runs its body from decoded slots many times: the result proves the
 * branch and the counted loop executed as the code says. */
TEST(test_loop_runs_to_completion)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE,
                    LI(3, 0), LI(7, 0),
                    ADDI(3, 3, 3), ADDI(7, 7, 1), CMPDI(7, 1000), BNE(-12),
                    LIS(9, 0x4000), STD(3, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 3000);
        tvm_fini(&t);
}

TEST(test_code_crossing_a_page_boundary_runs)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME, 0x1ff8);
        TVM_CODE_AT(&t, 0x1ff8, LI(3, 1), ADDI(3, 3, 2), ADDI(3, 3, 4), LIS(9, 0x4000), STD(3, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 7);
        CHECK_EQ(tvm_regs(&t, 0).pc, 0x200c);
        tvm_fini(&t);
}

TEST(test_instructions_are_counted)
{
        struct tvm t;
        struct vcpu_stats st;
        uint64_t insns;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 1), LI(4, 2), LIS(9, 0x4000), STD(3, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        t.ops->get_stats(t.vcpu[0], &st);
        CHECK_EQ(st.instructions, 4);
        CHECK_EQ(t.ops->get_one_reg(t.vcpu[0], VCPU_REG_INSNS, &insns), 0);
        CHECK_EQ(insns, 4);
        tvm_fini(&t);
}

TEST(test_loop_instructions_are_counted_per_iteration)
{
        struct tvm t;
        struct vcpu_stats st;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE,
                    LI(7, 0), ADDI(7, 7, 1), CMPDI(7, 10), BNE(-8),
                    LIS(9, 0x4000), STD(7, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        t.ops->get_stats(t.vcpu[0], &st);
        CHECK_EQ(st.instructions, 1 + 3 * 10 + 2);
        tvm_fini(&t);
}

/* The patched instruction is re-decoded once a branch (block entry) follows
 * the store: the second pass adds 100, not 1. */
TEST(test_self_modifying_code_is_redecoded)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        tvm_set_gpr(&t, 0, 6, ADDI(3, 3, 100));
        tvm_set_gpr(&t, 0, 8, TVM_CODE + 8);
        TVM_CODE_AT(&t, TVM_CODE,
                    LI(3, 0), LI(7, 0),
                    ADDI(3, 3, 1),                 /* 0x1008: patched */
                    ADDI(7, 7, 1), CMPDI(7, 2), BEQ(12),
                    STW(6, 0, 8), B(-20),
                    LIS(9, 0x4000), STD(3, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 101);
        tvm_fini(&t);
}

/* Straight-line code: the patched word was decoded by an earlier run, the
 * store and isync come right before it, and no branch intervenes. */
TEST(test_store_then_isync_runs_the_new_instruction)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE,
                    STW(6, 0, 8), ISYNC,
                    ADDI(3, 3, 1),                 /* 0x1008: patched */
                    LIS(9, 0x4000), STD(3, 0, 9));
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME, TVM_CODE + 8);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 1);
        tvm_set_gpr(&t, 0, 3, 0);
        tvm_set_gpr(&t, 0, 6, ADDI(3, 3, 100));
        tvm_set_gpr(&t, 0, 8, TVM_CODE + 8);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME, TVM_CODE);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 100);
        tvm_fini(&t);
}

TEST(test_code_written_by_the_host_between_runs_is_redecoded)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 1), LIS(9, 0x4000), STD(3, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        /* The host writes code through its own mapping and says so. */
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 2), LIS(9, 0x4000), STD(3, 0, 9));
        t.ops->ram_written(t.vm, TVM_CODE, 12);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME, TVM_CODE);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 2);
        tvm_fini(&t);
}

TEST(test_memory_region_set_again_drops_decoded_code)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 1), LIS(9, 0x4000), STD(3, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        TVM_CODE_AT(&t, TVM_CODE, LI(3, 2), LIS(9, 0x4000), STD(3, 0, 9));
        CHECK_EQ(t.ops->set_memory_region(t.vm, 0, 0, TVM_RAM_SIZE, t.ram), 0);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME, TVM_CODE);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 2);
        tvm_fini(&t);
}

TEST(test_fetch_outside_ram_raises_machine_check)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, EXC_MACHINE_CHECK, LIS(9, 0x4000), STD(3, 0, 9));
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME, 0x10000000);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).srr0, 0x10000000);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_MACHINE_CHECK + 8);
        tvm_fini(&t);
}

TEST(test_fetch_with_no_ram_at_the_machine_check_vector_is_internal_error)
{
        struct tvm t;
        const struct vcpu_run *run;

        tvm_init(&t, 1, false);
        CHECK_EQ(t.ops->set_memory_region(t.vm, 0, 0, 0, NULL), 0);
        CHECK_EQ(t.ops->set_memory_region(t.vm, 1, 0x100000, TVM_RAM_SIZE, t.ram), 0);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME, 0x10000000);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTERNAL_ERROR);
        run = t.vcpu[0]->run;
        CHECK_EQ(run->internal.pc, EXC_MACHINE_CHECK);
        tvm_fini(&t);
}

TEST(test_kick_before_run_returns_intr)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, B(0));
        t.ops->kick(t.vcpu[0]);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        tvm_fini(&t);
}

TEST(test_kick_is_consumed_by_one_run)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, LIS(9, 0x4000), STD(3, 0, 9));
        t.ops->kick(t.vcpu[0]);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        tvm_fini(&t);
}

TEST(test_immediate_exit_returns_intr)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, B(0));
        t.vcpu[0]->run->immediate_exit = 1;
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        tvm_fini(&t);
}

struct kicker {
        struct tvm *t;
        unsigned ms;
};

static void *kick_later(void *arg)
{
        struct kicker *k = arg;

        tvm_sleep_ms(k->ms);
        k->t->ops->kick(k->t->vcpu[0]);
        return NULL;
}

TEST(test_kick_from_another_thread_stops_a_tight_loop)
{
        struct tvm t;
        pthread_t th;
        struct kicker k = { &t, 20 };

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, B(0));
        pthread_create(&th, NULL, kick_later, &k);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        pthread_join(th, NULL);
        CHECK_EQ(tvm_regs(&t, 0).pc, TVM_CODE);
        tvm_fini(&t);
}

/* RAM full of nops, no branch at all: the loop still notices the kick. */
TEST(test_kick_from_another_thread_stops_straight_line_code)
{
        struct tvm t;
        pthread_t th;
        struct kicker k = { &t, 20 };

        tvm_init(&t, 1, false);
        for (uint64_t a = 0; a < TVM_RAM_SIZE; a += 4)
                tvm_poke32(&t, a, NOP);
        pthread_create(&th, NULL, kick_later, &k);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        pthread_join(th, NULL);
        tvm_fini(&t);
}

TEST(test_mmio_exit_completes_before_a_kicked_run_returns)
{
        struct tvm t;
        const uint8_t d[] = { 0x12, 0x34 };

        tvm_init(&t, 1, false);
        mmio_access_code(&t, LHZ(4, 0, 9));
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        memcpy(t.vcpu[0]->run->mmio.data, d, 2);
        t.ops->kick(t.vcpu[0]);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_INTR);
        CHECK_EQ(tvm_gpr(&t, 0, 4), 0x1234);
        tvm_fini(&t);
}

struct interrupter {
        struct tvm *t;
};

static void *interrupt_later(void *arg)
{
        struct interrupter *i = arg;

        tvm_sleep_ms(20);
        i->t->ops->interrupt(i->t->vcpu[0], VCPU_INTERRUPT_SET);
        return NULL;
}

/* An interrupt taken between two blocks of a loop starts at the vector: no
 * instruction of the interrupted page runs at the vector's address (which
 * would branch to 0x4f0 or 0x510 here and set r7). */
TEST(test_interrupt_between_blocks_starts_at_the_vector)
{
        struct tvm t;
        pthread_t th;
        struct interrupter i = { &t };

        tvm_init(&t, 1, false);
        TVM_CODE_AT(&t, TVM_CODE, B(0x10));
        TVM_CODE_AT(&t, TVM_CODE + 0x10, B(-0x10));
        TVM_CODE_AT(&t, 0x4f0, LI(7, 0x77), B(0x4c));
        TVM_CODE_AT(&t, EXC_EXTERNAL, B(0x40));
        TVM_CODE_AT(&t, 0x510, LI(7, 0x77), B(0x2c));
        TVM_CODE_AT(&t, 0x540, LIS(9, 0x4000), STD(7, 0, 9));
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME | MSR_EE, TVM_CODE);
        pthread_create(&th, NULL, interrupt_later, &i);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        pthread_join(th, NULL);
        CHECK_EQ(tvm_gpr(&t, 0, 7), 0);
        CHECK_EQ(tvm_regs(&t, 0).pc, 0x548);
        tvm_fini(&t);
}

struct ticker {
        struct tvm *t;
        atomic_bool stop;
};

static void *kick_every_ms(void *arg)
{
        struct ticker *k = arg;

        while (!atomic_load(&k->stop)) {
                tvm_sleep_ms(1);
                k->t->ops->kick(k->t->vcpu[0]);
        }
        return NULL;
}

static bool known_exit(uint32_t reason)
{
        return reason == KVM_EXIT_MMIO || reason == KVM_EXIT_PAPR_HCALL || reason == KVM_EXIT_OSI ||
               reason == KVM_EXIT_INTR || reason == KVM_EXIT_INTERNAL_ERROR;
}

/* Random words in RAM, in both byte orders, whatever they do: every run
 * returns a known exit and the host survives (valgrind/ASan show the rest). */
TEST(test_random_code_only_ever_exits)
{
        uint64_t x = 0x9e3779b97f4a7c15ull;

        for (unsigned le = 0; le < 2; le++) {
                struct tvm t;
                pthread_t th;
                struct ticker k = { &t, false };
                const uint64_t args[4] = { 0 };

                tvm_init(&t, 1, le);
                t.ops->enable_cap(t.vcpu[0], KVM_CAP_PPC_OSI, 0, args);
                for (uint64_t a = 0; a < 0x10000; a += 4) {
                        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                        tvm_poke32(&t, a, (uint32_t)x);
                }
                pthread_create(&th, NULL, kick_every_ms, &k);
                /* Each run starts afresh somewhere else in the random code. */
                for (unsigned i = 0; i < 300; i++) {
                        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME | (le ? MSR_LE : 0), TVM_CODE + 4 * i);
                        CHECK(known_exit(tvm_run(&t, 0)));
                }
                atomic_store(&k.stop, true);
                pthread_join(th, NULL);
                tvm_fini(&t);
        }
}

struct exec_runner {
        struct tvm *t;
        unsigned v;
        uint32_t reason;
};

static void *run_in_thread(void *arg)
{
        struct exec_runner *r = arg;

        r->reason = tvm_run(r->t, r->v);
        return NULL;
}

/* vcpu 0 spins on `b .`; vcpu 1 overwrites that branch; vcpu 0's next
 * block entry sees the new code and leaves the loop. */
TEST(test_code_stored_by_another_vcpu_is_redecoded)
{
        struct tvm t;
        pthread_t th;
        struct exec_runner r = { &t, 0, 0 };

        tvm_init(&t, 2, false);
        TVM_CODE_AT(&t, TVM_CODE, B(0), STD(3, 0, 9));
        TVM_CODE_AT(&t, 0x2000, STW(6, 0, 8), LIS(9, 0x4000), STD(3, 0, 9));
        tvm_set_gpr(&t, 1, 6, LIS(9, 0x4000));
        tvm_set_gpr(&t, 1, 8, TVM_CODE);
        tvm_set_msr_pc(&t, 1, MSR_SF | MSR_ME, 0x2000);
        pthread_create(&th, NULL, run_in_thread, &r);
        /* Until vcpu 0 has decoded its page. */
        while (!(atomic_load(&tvm_emu(&t, 0)->cpu.vm->slots[0].pageinfo[TVM_CODE >> 12]) & 1))
                tvm_sleep_ms(1);
        CHECK_EQ(tvm_run(&t, 1), KVM_EXIT_MMIO);
        pthread_join(th, NULL);
        CHECK_EQ(r.reason, KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, TVM_CODE + 8);
        tvm_fini(&t);
}
