/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * `sc` in the backend: sPAPR hypercall exits and their completion, the
 * hypercalls served in the backend (H_CEDE, H_PROD, H_CONFER), OSI calls,
 * the KVM paravirtual hypercall, and the system call interrupt otherwise.
 */
#include <pthread.h>

#include "backend_vm.h"
#include "harness.h"
#include "test.h"

#define H_SUCCESS        0
#define H_PRIVILEGE      ((uint64_t)-3)
#define H_PARAMETER      ((uint64_t)-4)
#define H_PUT_TERM_CHAR  0x58
#define H_CEDE           0xE0
#define H_CONFER         0xE4
#define H_PROD           0xE8

#define AFTER_SC (TVM_CODE + 4)

/* sc LEV at TVM_CODE, then an MMIO load: "the guest went on after sc". */
static void sc_code(struct tvm *t, unsigned lev)
{
        TVM_CODE_AT(t, TVM_CODE, SC(lev), LIS(9, 0x4000), LD(4, 8, 9));
}

/* Interrupt handlers that store to MMIO, so an exit names the vector. */
static void handler_at(struct tvm *t, uint64_t vector)
{
        TVM_CODE_AT(t, vector, LIS(9, 0x4000), STD(3, 0, 9));
}

static bool went_on_after_sc(struct tvm *t, unsigned v)
{
        return t->vcpu[v]->run->exit_reason == KVM_EXIT_MMIO && tvm_regs(t, v).pc == AFTER_SC + 8;
}

static void set_gprs(struct tvm *t, unsigned v, uint64_t r0, uint64_t r3, uint64_t r4, uint64_t r11)
{
        struct vcpu_regs regs = tvm_regs(t, v);

        regs.gpr[0] = r0;
        regs.gpr[3] = r3;
        regs.gpr[4] = r4;
        regs.gpr[11] = r11;
        CHECK_EQ(t->ops->set_regs(t->vcpu[v], &regs), 0);
}

struct runner {
        struct tvm *t;
        unsigned v;
        uint32_t reason;
};

static void *run_vcpu(void *arg)
{
        struct runner *r = arg;

        r->t->ops->run(r->t->vcpu[r->v]);
        r->reason = r->t->vcpu[r->v]->run->exit_reason;
        return NULL;
}

TEST(test_hcall_exits_with_number_and_arguments)
{
        struct tvm t;
        struct vcpu_regs regs;
        const struct vcpu_run *run;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        regs = tvm_regs(&t, 0);
        regs.gpr[3] = H_PUT_TERM_CHAR;
        for (unsigned i = 0; i < 9; i++)
                regs.gpr[4 + i] = 0x100 + i;
        t.ops->set_regs(t.vcpu[0], &regs);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_PAPR_HCALL);
        run = t.vcpu[0]->run;
        CHECK_EQ(run->papr_hcall.nr, H_PUT_TERM_CHAR);
        CHECK_EQ(run->papr_hcall.args[0], 0x100);
        CHECK_EQ(run->papr_hcall.args[8], 0x108);
        CHECK_EQ(tvm_regs(&t, 0).pc, AFTER_SC);
        tvm_fini(&t);
}

TEST(test_hcall_completion_sets_r3_and_r4_to_r12)
{
        struct tvm t;
        struct vcpu_run *run;
        struct vcpu_regs regs;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        set_gprs(&t, 0, 0, H_PUT_TERM_CHAR, 0, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_PAPR_HCALL);
        run = t.vcpu[0]->run;
        run->papr_hcall.ret = 0x77;
        run->papr_hcall.args[0] = 0xaa;
        run->papr_hcall.args[8] = 0xbb;
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        regs = tvm_regs(&t, 0);
        CHECK_EQ(regs.gpr[3], 0x77);
        CHECK_EQ(regs.gpr[4], 0xaa);
        CHECK_EQ(regs.gpr[12], 0xbb);
        CHECK(went_on_after_sc(&t, 0));
        tvm_fini(&t);
}

TEST(test_hcall_from_problem_state_is_h_privilege)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME | MSR_PR, TVM_CODE);
        set_gprs(&t, 0, 0, H_PUT_TERM_CHAR, 0, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(went_on_after_sc(&t, 0));
        CHECK_EQ(tvm_gpr(&t, 0, 3), H_PRIVILEGE);
        tvm_fini(&t);
}

TEST(test_h_confer_succeeds_in_the_backend)
{
        struct tvm t;
        struct vcpu_stats st;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        set_gprs(&t, 0, 0, H_CONFER, 0, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(went_on_after_sc(&t, 0));
        CHECK_EQ(tvm_gpr(&t, 0, 3), H_SUCCESS);
        t.ops->get_stats(t.vcpu[0], &st);
        CHECK_EQ(st.hcalls, 1);
        CHECK_EQ(st.exits[KVM_EXIT_PAPR_HCALL], 0);
        tvm_fini(&t);
}

TEST(test_h_prod_of_no_such_vcpu_is_h_parameter)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        set_gprs(&t, 0, 0, H_PROD, 3, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), H_PARAMETER);
        tvm_fini(&t);
}

TEST(test_h_cede_sleeps_until_an_interrupt)
{
        struct tvm t;
        pthread_t th;
        struct runner r = { &t, 0, 0 };
        struct vcpu_stats st;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        handler_at(&t, EXC_EXTERNAL);
        set_gprs(&t, 0, 0, H_CEDE, 0, 0);
        pthread_create(&th, NULL, run_vcpu, &r);
        tvm_wait_halted(&t, 0);
        t.ops->interrupt(t.vcpu[0], VCPU_INTERRUPT_SET);
        pthread_join(th, NULL);
        CHECK_EQ(r.reason, KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_EXTERNAL + 8);
        CHECK_EQ(tvm_regs(&t, 0).srr0, AFTER_SC);
        CHECK_EQ(tvm_gpr(&t, 0, 3), H_SUCCESS);
        t.ops->get_stats(t.vcpu[0], &st);
        CHECK_EQ(st.halt_wakeup, 1);
        tvm_fini(&t);
}

TEST(test_h_cede_enables_external_interrupts)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        handler_at(&t, EXC_EXTERNAL);
        set_gprs(&t, 0, 0, H_CEDE, 0, 0);
        t.ops->interrupt(t.vcpu[0], VCPU_INTERRUPT_SET);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_EXTERNAL + 8);
        CHECK_EQ(tvm_regs(&t, 0).srr1 & MSR_EE, MSR_EE);
        tvm_fini(&t);
}

TEST(test_h_cede_woken_by_the_decrementer)
{
        struct tvm t;
        struct vcpu_stats st;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        handler_at(&t, EXC_DECREMENTER);
        set_gprs(&t, 0, 0, H_CEDE, 0, 0);
        /* Far enough ahead that the vcpu is asleep when it expires. */
        CHECK_EQ(t.ops->set_one_reg(t.vcpu[0], VCPU_REG_SPR(SPR_DEC), EMU_TB_FREQ / 4), 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_DECREMENTER + 8);
        t.ops->get_stats(t.vcpu[0], &st);
        CHECK_EQ(st.halt_wakeup, 1);
        tvm_fini(&t);
}

TEST(test_kick_wakes_a_ceding_vcpu)
{
        struct tvm t;
        pthread_t th;
        struct runner r = { &t, 0, 0 };

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        set_gprs(&t, 0, 0, H_CEDE, 0, 0);
        pthread_create(&th, NULL, run_vcpu, &r);
        tvm_wait_halted(&t, 0);
        t.ops->kick(t.vcpu[0]);
        pthread_join(th, NULL);
        CHECK_EQ(r.reason, KVM_EXIT_INTR);
        CHECK_EQ(tvm_regs(&t, 0).pc, AFTER_SC);
        tvm_fini(&t);
}

TEST(test_h_prod_wakes_a_ceding_vcpu)
{
        struct tvm t;
        pthread_t th;
        struct runner r = { &t, 0, 0 };
        struct vcpu_stats st;

        tvm_init(&t, 2, false);
        sc_code(&t, 1);
        set_gprs(&t, 0, 0, H_CEDE, 0, 0);
        set_gprs(&t, 1, 0, H_PROD, 0, 0);
        pthread_create(&th, NULL, run_vcpu, &r);
        tvm_wait_halted(&t, 0);
        CHECK_EQ(tvm_run(&t, 1), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 1, 3), H_SUCCESS);
        pthread_join(th, NULL);
        CHECK(went_on_after_sc(&t, 0));
        t.ops->get_stats(t.vcpu[0], &st);
        CHECK_EQ(st.halt_wakeup, 1);
        tvm_fini(&t);
}

TEST(test_h_prod_before_cede_makes_it_return_at_once)
{
        struct tvm t;

        tvm_init(&t, 2, false);
        sc_code(&t, 1);
        set_gprs(&t, 0, 0, H_CEDE, 0, 0);
        set_gprs(&t, 1, 0, H_PROD, 0, 0);
        CHECK_EQ(tvm_run(&t, 1), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(went_on_after_sc(&t, 0));
        tvm_fini(&t);
}

TEST(test_osi_call_exits_with_the_gprs)
{
        struct tvm t;
        const uint64_t args[4] = { 0 };

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        CHECK_EQ(t.ops->enable_cap(t.vcpu[0], KVM_CAP_PPC_OSI, 0, args), 0);
        tvm_set_gpr(&t, 0, 17, 0x1717);
        set_gprs(&t, 0, 0, OSI_SC_MAGIC_R3, OSI_SC_MAGIC_R4, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_OSI);
        CHECK_EQ(t.vcpu[0]->run->osi.gprs[3], OSI_SC_MAGIC_R3);
        CHECK_EQ(t.vcpu[0]->run->osi.gprs[17], 0x1717);
        CHECK_EQ(tvm_regs(&t, 0).pc, AFTER_SC);
        tvm_fini(&t);
}

TEST(test_osi_completion_copies_the_gprs_back)
{
        struct tvm t;
        const uint64_t args[4] = { 0 };

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        t.ops->enable_cap(t.vcpu[0], KVM_CAP_PPC_OSI, 0, args);
        set_gprs(&t, 0, 0, OSI_SC_MAGIC_R3, OSI_SC_MAGIC_R4, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_OSI);
        t.vcpu[0]->run->osi.gprs[3] = (uint64_t)-1;
        t.vcpu[0]->run->osi.gprs[30] = 0x3030;
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(went_on_after_sc(&t, 0));
        CHECK_EQ(tvm_gpr(&t, 0, 3), (uint64_t)-1);
        CHECK_EQ(tvm_gpr(&t, 0, 30), 0x3030);
        tvm_fini(&t);
}

TEST(test_osi_magic_compares_the_low_32_bits)
{
        struct tvm t;
        const uint64_t args[4] = { 0 };

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        t.ops->enable_cap(t.vcpu[0], KVM_CAP_PPC_OSI, 0, args);
        set_gprs(&t, 0, 0, 0xffffffff00000000ull | OSI_SC_MAGIC_R3, OSI_SC_MAGIC_R4, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_OSI);
        tvm_fini(&t);
}

TEST(test_osi_magic_without_the_cap_is_a_system_call)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        handler_at(&t, EXC_SYSCALL);
        set_gprs(&t, 0, 0, OSI_SC_MAGIC_R3, OSI_SC_MAGIC_R4, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_SYSCALL + 8);
        CHECK_EQ(tvm_regs(&t, 0).srr0, AFTER_SC);
        tvm_fini(&t);
}

TEST(test_sc_0_is_a_system_call_interrupt)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        handler_at(&t, EXC_SYSCALL);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_SYSCALL + 8);
        CHECK_EQ(tvm_regs(&t, 0).srr0, AFTER_SC);
        tvm_fini(&t);
}

TEST(test_kvm_pv_map_magic_page)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        set_gprs(&t, 0, KVM_SC_MAGIC_R0, 0x3000, 0xfffff000, HC_VENDOR_KVM | KVM_HC_PPC_MAP_MAGIC_PAGE);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK(went_on_after_sc(&t, 0));
        CHECK_EQ(tvm_gpr(&t, 0, 3), HC_EV_SUCCESS);
        CHECK_EQ(tvm_gpr(&t, 0, 4), KVM_MAGIC_FEAT_SR);
        CHECK_EQ(tvm_emu(&t, 0)->magic_page_pa, 0x3000);
        CHECK_EQ(tvm_emu(&t, 0)->magic_page_ea, 0xfffff000);
        tvm_fini(&t);
}

TEST(test_kvm_pv_features_offers_the_magic_page)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        set_gprs(&t, 0, KVM_SC_MAGIC_R0, 0, 0, HC_VENDOR_KVM | KVM_HC_FEATURES);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), HC_EV_SUCCESS);
        CHECK_EQ(tvm_gpr(&t, 0, 4), 1u << KVM_FEATURE_MAGIC_PAGE);
        tvm_fini(&t);
}

TEST(test_kvm_pv_unknown_is_unimplemented)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        set_gprs(&t, 0, KVM_SC_MAGIC_R0, 0, 0x55, HC_VENDOR_KVM | 99);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), HC_EV_UNIMPLEMENTED);
        CHECK_EQ(tvm_gpr(&t, 0, 4), 0);
        tvm_fini(&t);
}

TEST(test_kvm_pv_masks_parameters_in_32_bit_mode)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        tvm_set_msr_pc(&t, 0, MSR_ME, TVM_CODE);
        set_gprs(&t, 0, KVM_SC_MAGIC_R0, 0xffffffff00002000ull, 0x12345678f0000000ull,
                 HC_VENDOR_KVM | KVM_HC_PPC_MAP_MAGIC_PAGE);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), HC_EV_SUCCESS);
        CHECK_EQ(tvm_emu(&t, 0)->magic_page_pa, 0x2000);
        CHECK_EQ(tvm_emu(&t, 0)->magic_page_ea, 0xf0000000);
        tvm_fini(&t);
}

TEST(test_kvm_pv_keeps_64_bit_parameters_in_64_bit_mode)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        set_gprs(&t, 0, KVM_SC_MAGIC_R0, 0x100002000ull, 0, HC_VENDOR_KVM | KVM_HC_PPC_MAP_MAGIC_PAGE);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_emu(&t, 0)->magic_page_pa, 0x100002000ull);
        tvm_fini(&t);
}

TEST(test_kvm_pv_from_problem_state_is_a_system_call)
{
        struct tvm t;

        tvm_init(&t, 1, false);
        sc_code(&t, 0);
        handler_at(&t, EXC_SYSCALL);
        tvm_set_msr_pc(&t, 0, MSR_SF | MSR_ME | MSR_PR, TVM_CODE);
        set_gprs(&t, 0, KVM_SC_MAGIC_R0, 0, 0, HC_VENDOR_KVM | KVM_HC_FEATURES);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_regs(&t, 0).pc, EXC_SYSCALL + 8);
        tvm_fini(&t);
}

TEST(test_hcall_exit_is_counted)
{
        struct tvm t;
        struct vcpu_stats st;

        tvm_init(&t, 1, false);
        sc_code(&t, 1);
        set_gprs(&t, 0, 0, H_PUT_TERM_CHAR, 0, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_PAPR_HCALL);
        t.ops->get_stats(t.vcpu[0], &st);
        CHECK_EQ(st.exits[KVM_EXIT_PAPR_HCALL], 1);
        CHECK_EQ(st.hcalls, 0);
        tvm_fini(&t);
}

TEST(test_little_endian_guest_hcall)
{
        struct tvm t;

        tvm_init(&t, 1, true);
        sc_code(&t, 1);
        set_gprs(&t, 0, 0, H_PUT_TERM_CHAR, 0, 0);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_PAPR_HCALL);
        CHECK_EQ(t.vcpu[0]->run->papr_hcall.nr, H_PUT_TERM_CHAR);
        tvm_fini(&t);
}
