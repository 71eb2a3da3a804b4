/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Cross-modifying code: icbi bumps the code generation of a page holding
 * decoded code even when the store that changed it did not (a store's look
 * at the page's code bit may pass the store itself on the host, see
 * op_cache.c), so the executing vcpu decodes the page afresh after its
 * isync.  The lost bump is simulated by writing the code behind the
 * vcpus' backs.
 */
#include <string.h>

#include "backend_vm.h"
#include "harness.h"
#include "test.h"

#define RAM_SIZE 0x10000u
#define ICBI(ra, rb)  ((31u << 26) | (ra) << 16 | (rb) << 11 | 982u << 1)
#define WRITER 0x3000ull

TEST(test_icbi_bumps_generation_of_page_holding_code)
{
        struct emu_test t;
        _Atomic uint32_t pageinfo[RAM_SIZE / 4096] = { 0 };
        emu_test_init(&t, RAM_SIZE);
        t.vm.slots[0].pageinfo = pageinfo;
        atomic_store(&pageinfo[2], 1u);
        t.cpu.gpr[4] = 0x2010;
        CHECK_EQ(emu_test_step(&t, ICBI(0, 4)), EMU_NEXT);
        CHECK_EQ(atomic_load(&pageinfo[2]), 3);
        t.vm.slots[0].pageinfo = NULL;
        emu_test_fini(&t);
}

TEST(test_icbi_leaves_page_without_code_alone)
{
        struct emu_test t;
        _Atomic uint32_t pageinfo[RAM_SIZE / 4096] = { 0 };
        emu_test_init(&t, RAM_SIZE);
        t.vm.slots[0].pageinfo = pageinfo;
        t.cpu.gpr[4] = 0x2010;
        CHECK_EQ(emu_test_step(&t, ICBI(0, 4)), EMU_NEXT);
        CHECK_EQ(atomic_load(&pageinfo[2]), 0);
        t.vm.slots[0].pageinfo = NULL;
        emu_test_fini(&t);
}

TEST(test_icbi_outside_ram_is_a_no_op)
{
        struct emu_test t;
        emu_test_init(&t, RAM_SIZE);
        t.cpu.gpr[4] = 0x40000000;
        CHECK_EQ(emu_test_step(&t, ICBI(0, 4)), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

/* vcpu 0 loops: r3 = <patched word>; exit; isync; again.  The word changes
 * with no store to tell; vcpu 1's icbi on it must reach vcpu 0. */
TEST(test_icbi_on_another_vcpu_makes_executor_see_new_code_after_isync)
{
        struct tvm t;

        tvm_init(&t, 2, false);
        TVM_CODE_AT(&t, TVM_CODE, LIS(9, 0x4000), LI(3, 1), STD(3, 0, 9), ISYNC, B(-12));
        TVM_CODE_AT(&t, WRITER, LI(4, TVM_CODE + 4), ICBI(0, 4), LIS(9, 0x4000), STD(3, 0, 9));
        tvm_set_msr_pc(&t, 1, MSR_SF | MSR_ME, WRITER);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 1);
        tvm_poke32(&t, TVM_CODE + 4, LI(3, 2));      /* the store whose bump was lost */
        CHECK_EQ(tvm_run(&t, 1), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_run(&t, 0), KVM_EXIT_MMIO);
        CHECK_EQ(tvm_gpr(&t, 0, 3), 2);
        tvm_fini(&t);
}
