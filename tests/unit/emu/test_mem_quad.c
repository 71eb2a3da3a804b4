/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Quadword accesses (lq, stq, lqarx, stqcx.): single-copy atomic between
 * vcpus, the whole quadword compared by stqcx., and the data storage
 * interrupt outside RAM.  The multi-vcpu tests run two vcpu threads of one
 * emulated VM; with the quadword split into two doubleword accesses they
 * find torn quadwords (or lost increments) within their iterations.
 */
#include <pthread.h>
#include <string.h>

#include "backend_vm.h"
#include "harness.h"
#include "test.h"

#define RAM_SIZE 0x10000u
#define MMIO     0x40000000ull
#define QUAD     0x7100u              /* the shared quadword (LI-reachable) */
#define READER   0x2000ull            /* vcpu 1's code */

#define LQ(rtp, dq, ra)      insn_d(56, rtp, ra, (dq) & 0xfff0)
#define STQ(rsp, ds, ra)     (insn_d(62, rsp, ra, (ds) & 0xfffc) | 2)
#define X31(xo, t, a, b)     ((31u << 26) | (t) << 21 | (a) << 16 | (b) << 11 | (uint32_t)(xo) << 1)
#define LQARX(rtp, ra, rb)   X31(276, rtp, ra, rb)
#define STQCX(rsp, ra, rb)   (X31(182, rsp, ra, rb) | 1)
#define CMPD(ra, rb)         (X31(0, 1, ra, rb))
#define DSISR_BADACCESS      0x04000000u
#define DSISR_ISSTORE        0x02000000u

static uint64_t ram_be64(const struct tvm *t, uint64_t addr)
{
        uint64_t v = 0;
        for (unsigned i = 0; i < 8; i++)
                v = v << 8 | t->ram[addr + i];
        return v;
}

/* vcpu 0 stores (0, 0) and (-1, -1) in turn; vcpu 1 reads the quadword
 * as often and counts reads whose doublewords differ in r12. */
TEST(test_lq_never_sees_half_of_another_vcpus_stq)
{
        struct tvm t;

        tvm_init(&t, 2, false);
        TVM_CODE_AT(&t, TVM_CODE,
                    LIS(9, 0x4000), LIS(7, 4), LI(4, QUAD),
                    LI(10, 0), LI(11, 0), STQ(10, 0, 4), LI(10, -1), LI(11, -1), STQ(10, 0, 4),
                    ADDI(7, 7, -1), CMPDI(7, 0), BNE(-32),
                    STD(3, 0, 9));
        TVM_CODE_AT(&t, READER,
                    LIS(9, 0x4000), LIS(7, 4), LI(4, QUAD), LI(12, 0),
                    LQ(10, 0, 4), CMPD(10, 11), BEQ(8), ADDI(12, 12, 1),
                    ADDI(7, 7, -1), CMPDI(7, 0), BNE(-24),
                    STD(3, 0, 9));
        tvm_set_msr_pc(&t, 1, MSR_SF | MSR_ME, READER);
        tvm_run_two_until_mmio(&t);
        CHECK_EQ(tvm_gpr(&t, 1, 12), 0);
        tvm_fini(&t);
}

/* Both vcpus add 1 to each doubleword of one quadword with lqarx/stqcx.:
 * no increment is lost and the doublewords stay equal. */
#define INCREMENTS 30000

TEST(test_lqarx_stqcx_increments_on_two_vcpus_lose_nothing)
{
        struct tvm t;

        tvm_init(&t, 2, false);
        TVM_CODE_AT(&t, TVM_CODE,
                    LIS(9, 0x4000), LI(7, INCREMENTS), LI(4, QUAD),
                    LQARX(10, 0, 4), ADDI(10, 10, 1), ADDI(11, 11, 1), STQCX(10, 0, 4), BNE(-16),
                    ADDI(7, 7, -1), CMPDI(7, 0), BNE(-28),
                    STD(3, 0, 9));
        tvm_run_two_until_mmio(&t);
        CHECK_EQ(ram_be64(&t, QUAD), 2 * INCREMENTS);
        CHECK_EQ(ram_be64(&t, QUAD + 8), 2 * INCREMENTS);
        tvm_fini(&t);
}

/* ---- one cpu ---- */

static void setup(struct emu_test *t)
{
        emu_test_init(t, RAM_SIZE);
}

static unsigned cr0(const struct emu_test *t)
{
        return emu_get_crf(&t->cpu, 0);
}

TEST(test_stqcx_fails_when_second_doubleword_changed_since_lqarx)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xb00;
        t.cpu.gpr[10] = 0x10;
        t.cpu.gpr[11] = 0x20;
        CHECK_EQ(emu_test_step(&t, LQARX(6, 0, 4)), EMU_NEXT);
        emu_test_poke(&t, 0xb08, 8, 5);   /* as another vcpu's std would */
        CHECK_EQ(emu_test_step(&t, STQCX(10, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), 0);
        CHECK_EQ(emu_test_peek(&t, 0xb00, 8), 0);
        CHECK_EQ(emu_test_peek(&t, 0xb08, 8), 5);
        emu_test_fini(&t);
}

TEST(test_stqcx_after_ldarx_reservation_fails)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = 0xb00;
        t.cpu.gpr[10] = 1;
        t.cpu.gpr[11] = 2;
        CHECK_EQ(emu_test_step(&t, X31(84, 6, 0, 4)), EMU_NEXT);   /* ldarx */
        CHECK_EQ(emu_test_step(&t, STQCX(10, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), 0);
        CHECK_EQ(emu_test_peek(&t, 0xb00, 8), 0);
        CHECK(!t.cpu.resv_valid);
        emu_test_fini(&t);
}

TEST(test_lqarx_outside_ram_raises_dsi_badaccess)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO;
        CHECK_EQ(emu_test_step(&t, LQARX(6, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_BADACCESS);
        CHECK_EQ(t.cpu.spr[SPR_DAR], MMIO);
        CHECK(!t.cpu.resv_valid);
        emu_test_fini(&t);
}

TEST(test_stqcx_outside_ram_raises_dsi_badaccess_store)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[4] = MMIO + 0x20;
        CHECK_EQ(emu_test_step(&t, STQCX(10, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], DSISR_BADACCESS | DSISR_ISSTORE);
        CHECK_EQ(t.cpu.spr[SPR_DAR], MMIO + 0x20);
        emu_test_fini(&t);
}

TEST(test_lq_outside_ram_changes_no_register)
{
        struct emu_test t;
        setup(&t);
        t.cpu.gpr[5] = MMIO;
        t.cpu.gpr[6] = 0x66;
        t.cpu.gpr[7] = 0x77;
        CHECK_EQ(emu_test_step(&t, LQ(6, 0, 5)), EMU_JUMP);
        CHECK_EQ(t.cpu.gpr[6], 0x66);
        CHECK_EQ(t.cpu.gpr[7], 0x77);
        emu_test_fini(&t);
}

TEST(test_stq_on_page_holding_code_bumps_its_generation)
{
        struct emu_test t;
        _Atomic uint32_t pageinfo[RAM_SIZE / 4096] = { 0 };
        setup(&t);
        t.vm.slots[0].pageinfo = pageinfo;
        atomic_store(&pageinfo[3], 1u);
        t.cpu.gpr[4] = 0x3010;
        CHECK_EQ(emu_test_step(&t, STQ(10, 0, 4)), EMU_NEXT);
        CHECK_EQ(atomic_load(&pageinfo[3]), 3);
        t.vm.slots[0].pageinfo = NULL;
        emu_test_fini(&t);
}

TEST(test_stqcx_success_bumps_code_generation)
{
        struct emu_test t;
        _Atomic uint32_t pageinfo[RAM_SIZE / 4096] = { 0 };
        setup(&t);
        t.vm.slots[0].pageinfo = pageinfo;
        atomic_store(&pageinfo[3], 1u);
        t.cpu.gpr[4] = 0x3010;
        CHECK_EQ(emu_test_step(&t, LQARX(6, 0, 4)), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, STQCX(10, 0, 4)), EMU_NEXT);
        CHECK_EQ(cr0(&t), CR_EQ);
        CHECK_EQ(atomic_load(&pageinfo[3]), 3);
        t.vm.slots[0].pageinfo = NULL;
        emu_test_fini(&t);
}

/* Relocated: the quadword is translated; a DSI for a missing translation
 * comes before anything else. */
TEST(test_stq_relocated_without_translation_raises_dsi_and_stores_nothing)
{
        struct emu_test t;
        setup(&t);
        t.cpu.msr |= MSR_DR;      /* hash MMU, no HPT: no translation */
        t.cpu.gpr[4] = 0x500;
        t.cpu.gpr[10] = ~0ull;
        t.cpu.gpr[11] = ~0ull;
        CHECK_EQ(emu_test_step(&t, STQ(10, 0, 4)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_DATA_STORAGE);
        CHECK_EQ(t.cpu.spr[SPR_DSISR] & DSISR_BADACCESS, 0);
        CHECK(t.cpu.spr[SPR_DSISR] & DSISR_ISSTORE);
        CHECK_EQ(emu_test_peek(&t, 0x500, 8), 0);
        emu_test_fini(&t);
}
