/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Supervisor state: privileged instructions, MSR moves, rfid, SPR access
 * rules and widths, interrupt entry (SRR0/SRR1, new MSR, AIL, ILE), and the
 * storage interrupts of the MMU-less vcpu.
 */
#include <errno.h>

#include "harness.h"
#include "test.h"

/* ---- instruction encodings ---- */

static uint32_t spr_field(unsigned spr) { return ((spr & 0x1fu) << 16) | ((spr >> 5) << 11); }
static uint32_t mfspr(unsigned rt, unsigned spr) { return 0x7c0002a6u | rt << 21 | spr_field(spr); }
static uint32_t mtspr(unsigned spr, unsigned rs) { return 0x7c0003a6u | rs << 21 | spr_field(spr); }
static uint32_t mftb(unsigned rt) { return 0x7c0002e6u | rt << 21 | spr_field(268); }
static uint32_t mfmsr(unsigned rt) { return 0x7c0000a6u | rt << 21; }
static uint32_t mtmsr(unsigned rs, unsigned l) { return 0x7c000124u | rs << 21 | l << 16; }
static uint32_t mtmsrd(unsigned rs, unsigned l) { return 0x7c000164u | rs << 21 | l << 16; }
static uint32_t slbmte(unsigned rs, unsigned rb) { return 0x7c000324u | rs << 21 | rb << 11; }
static uint32_t slbmfee(unsigned rt, unsigned rb) { return 0x7c000726u | rt << 21 | rb << 11; }
static uint32_t slbmfev(unsigned rt, unsigned rb) { return 0x7c0006a6u | rt << 21 | rb << 11; }

#define RFID     0x4c000024u
#define HRFID    0x4c000224u
#define ISYNC    0x4c00012cu
#define HWSYNC   0x7c0004acu
#define LWSYNC   0x7c2004acu
#define EIEIO    0x7c0006acu
#define STOP     0x4c0002e4u
#define NAP      0x4c000364u
#define ATTN     0x00000200u
#define WAIT     0x7c00003cu
#define TLBIE    0x7c801a64u    /* tlbie r3,r4 */
#define TLBIEL   0x7c001a24u    /* tlbiel r3 */
#define SLBIA    0x7c0003e4u
#define SLBIE_R3 0x7c001b64u    /* slbie r3 */
#define SLBFEE_R3_R4 0x7c6027a7u /* slbfee. r3,r4 */
#define SC_0     0x44000002u

#define SRR1_ILLEGAL 0x00080000ull
#define SRR1_PRIV    0x00040000ull
#define USER_MSR     (MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR | MSR_ME)

#define SPR_TEXASR   130
#define SPR_MMCR0    795
#define SPR_UMMCR0   779
#define SPR_UPMC1    771
#define SPR_AMR_U    13
#define SPR_SPRG3_U  259
#define SPR_BESCRSU  801
#define SPR_BESCRR   802
#define SPR_EBBHR    804
#define SPR_BESCR    806

static struct emu_test t;

static void setup(uint64_t msr)
{
        emu_test_init(&t, 1 << 16);
        t.cpu.msr = msr;
}

static uint64_t fscr_ic(void) { return t.cpu.spr[SPR_FSCR] >> 56; }

/* ---- privileged instructions from problem state ---- */

TEST(test_mfmsr_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        t.cpu.gpr[3] = 0x55;
        CHECK_EQ(emu_test_step(&t, mfmsr(3)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME);
        CHECK_EQ(t.cpu.gpr[3], 0x55);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        CHECK_EQ(emu_test_step(&t, mtmsrd(3, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

TEST(test_rfid_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_SRR0] = 0x4000;
        CHECK_EQ(emu_test_step(&t, RFID), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

TEST(test_hrfid_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        emu_test_step(&t, HRFID);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

TEST(test_hrfid_in_supervisor_state_is_illegal)
{
        setup(MSR_SF | MSR_ME);
        CHECK_EQ(emu_test_step(&t, HRFID), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_stop_in_supervisor_state_is_illegal)
{
        setup(MSR_SF | MSR_ME);
        emu_test_step(&t, STOP);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_stop_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        emu_test_step(&t, STOP);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

TEST(test_nap_is_gone_from_isa_3_0)
{
        setup(MSR_SF | MSR_ME);
        emu_test_step(&t, NAP);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_attn_is_illegal)
{
        setup(MSR_SF | MSR_ME);
        emu_test_step(&t, ATTN);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_tlbiel_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        emu_test_step(&t, TLBIEL);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

/* ---- MSR moves ---- */

TEST(test_mfmsr_reads_msr)
{
        setup(MSR_SF | MSR_ME | MSR_FP | MSR_RI);
        CHECK_EQ(emu_test_step(&t, mfmsr(4)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[4], MSR_SF | MSR_ME | MSR_FP | MSR_RI);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_l1_changes_only_ee_and_ri)
{
        setup(MSR_SF | MSR_ME | MSR_FP);
        t.cpu.gpr[3] = ~0ull;
        emu_test_step(&t, mtmsrd(3, 1));
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_FP | MSR_EE | MSR_RI);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_l1_setting_ee_returns_jump_for_pending_interrupts)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = MSR_EE;
        CHECK_EQ(emu_test_step(&t, mtmsrd(3, 1)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_l1_clearing_ee_falls_through)
{
        setup(MSR_SF | MSR_ME | MSR_EE | MSR_RI);
        t.cpu.gpr[3] = 0;
        CHECK_EQ(emu_test_step(&t, mtmsrd(3, 1)), EMU_NEXT);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME);
        emu_test_fini(&t);
}

TEST(test_mtmsr_keeps_high_word)
{
        setup(MSR_SF | MSR_ME | MSR_FP);
        t.cpu.gpr[3] = MSR_EE | MSR_VEC;   /* SF clear in RS */
        emu_test_step(&t, mtmsr(3, 0));
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_EE | MSR_VEC);
        emu_test_fini(&t);
}

TEST(test_mtmsr_l1_changes_only_ee_and_ri)
{
        setup(MSR_SF | MSR_ME | MSR_FP);
        t.cpu.gpr[3] = MSR_RI | MSR_PR | MSR_IR;
        emu_test_step(&t, mtmsr(3, 1));
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_FP | MSR_RI);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_leaves_me_hv_and_le_alone)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = MSR_SF | MSR_HV | MSR_LE | MSR_FP;
        emu_test_step(&t, mtmsrd(3, 0));
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_FP);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_ignores_transactional_memory_bits)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = MSR_SF | MSR_TM | MSR_TS;
        emu_test_step(&t, mtmsrd(3, 0));
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_to_problem_state_forces_ee_ir_dr)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = MSR_SF | MSR_PR;
        CHECK_EQ(emu_test_step(&t, mtmsrd(3, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_PR | MSR_EE | MSR_IR | MSR_DR);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_turning_relocation_on_returns_jump)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = MSR_SF | MSR_IR | MSR_DR;
        CHECK_EQ(emu_test_step(&t, mtmsrd(3, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mtmsrd_clearing_sf_truncates_next_address)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.nip = 0x100001000ull;
        t.cpu.gpr[3] = 0;
        CHECK_EQ(emu_test_step(&t, mtmsrd(3, 0)), EMU_JUMP);
        CHECK_EQ(t.cpu.msr, MSR_ME);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

/* ---- rfid ---- */

TEST(test_rfid_to_32bit_mode_truncates_and_aligns_nip)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_SRR0] = 0xffffffff00002003ull;
        t.cpu.spr[SPR_SRR1] = MSR_FP;
        CHECK_EQ(emu_test_step(&t, RFID), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x2000);
        CHECK_EQ(t.cpu.msr, MSR_ME | MSR_FP);
        emu_test_fini(&t);
}

TEST(test_rfid_to_problem_state_forces_ee_ir_dr)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_SRR0] = 0x10000000ull;
        t.cpu.spr[SPR_SRR1] = MSR_SF | MSR_PR;
        emu_test_step(&t, RFID);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_PR | MSR_EE | MSR_IR | MSR_DR);
        CHECK_EQ(t.cpu.nip, 0x10000000ull);
        emu_test_fini(&t);
}

TEST(test_rfid_keeps_me_and_cannot_set_hv)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_SRR1] = MSR_SF | MSR_HV;
        emu_test_step(&t, RFID);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME);
        emu_test_fini(&t);
}

TEST(test_rfid_sets_le_from_srr1)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_SRR1] = MSR_SF | MSR_LE;
        emu_test_step(&t, RFID);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_LE);
        emu_test_fini(&t);
}

TEST(test_rfid_clears_reservation)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_SRR1] = MSR_SF;
        emu_resv_set(&t.cpu, 0x100, 4, 0);
        emu_test_step(&t, RFID);
        CHECK(!t.cpu.resv_valid);
        emu_test_fini(&t);
}

TEST(test_rfid_sets_cfar)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_SRR0] = 0x3000;
        t.cpu.spr[SPR_SRR1] = MSR_SF;
        emu_test_step(&t, RFID);
        CHECK_EQ(t.cpu.spr[SPR_CFAR], 0x1000);
        emu_test_fini(&t);
}

/* ---- SPR widths and read-only SPRs ---- */

TEST(test_mtspr_dsisr_drops_upper_word)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0xdeadbeef12345678ull;
        emu_test_step(&t, mtspr(SPR_DSISR, 3));
        emu_test_step(&t, mfspr(4, SPR_DSISR));
        CHECK_EQ(t.cpu.gpr[4], 0x12345678);
        emu_test_fini(&t);
}

TEST(test_mtspr_vrsave_drops_upper_word)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0xffffffff00000001ull;
        emu_test_step(&t, mtspr(SPR_VRSAVE, 3));
        emu_test_step(&t, mfspr(4, SPR_VRSAVE));
        CHECK_EQ(t.cpu.gpr[4], 1);
        emu_test_fini(&t);
}

TEST(test_mtspr_pid_drops_upper_word)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0x100000007ull;
        emu_test_step(&t, mtspr(SPR_PID, 3));
        CHECK_EQ(t.cpu.spr[SPR_PID], 7);
        emu_test_fini(&t);
}

TEST(test_mtspr_srr0_keeps_64_bits)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0xc000000000001234ull;
        emu_test_step(&t, mtspr(SPR_SRR0, 3));
        emu_test_step(&t, mfspr(4, SPR_SRR0));
        CHECK_EQ(t.cpu.gpr[4], 0xc000000000001234ull);
        emu_test_fini(&t);
}

TEST(test_mfspr_pvr_reads_power9)
{
        setup(MSR_SF | MSR_ME);
        emu_test_step(&t, mfspr(3, SPR_PVR));
        CHECK_EQ(t.cpu.gpr[3], EMU_PVR_POWER9);
        emu_test_fini(&t);
}

TEST(test_mfspr_pvr_reads_the_vcpu_pvr_when_set)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_PVR] = 0x004e1202;
        emu_test_step(&t, mfspr(3, SPR_PVR));
        CHECK_EQ(t.cpu.gpr[3], 0x004e1202);
        emu_test_fini(&t);
}

TEST(test_mtspr_pvr_is_a_noop_in_supervisor_state)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0x12345678;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_PVR, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
        CHECK_EQ(t.vm.pvr, EMU_PVR_POWER9);
        emu_test_fini(&t);
}

TEST(test_mtspr_pir_is_a_noop_in_supervisor_state)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_PIR] = 2;
        t.cpu.gpr[3] = 9;
        emu_test_step(&t, mtspr(SPR_PIR, 3));
        emu_test_step(&t, mfspr(4, SPR_PIR));
        CHECK_EQ(t.cpu.gpr[4], 2);
        emu_test_fini(&t);
}

TEST(test_mfspr_pvr_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        emu_test_step(&t, mfspr(3, SPR_PVR));
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

TEST(test_ctrl_write_keeps_only_run_bit)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = ~0ull;
        emu_test_step(&t, mtspr(SPR_CTRL_W, 3));
        emu_test_step(&t, mfspr(4, SPR_CTRL_R));
        CHECK_EQ(t.cpu.gpr[4], 1);
        emu_test_fini(&t);
}

TEST(test_ctrl_read_from_problem_state_is_allowed)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_CTRL_R] = 1;
        CHECK_EQ(emu_test_step(&t, mfspr(4, SPR_CTRL_R)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[4], 1);
        emu_test_fini(&t);
}

TEST(test_ctrl_write_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        emu_test_step(&t, mtspr(SPR_CTRL_W, 3));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

TEST(test_mtspr_cfar_clears_low_bits)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0x1237;
        emu_test_step(&t, mtspr(SPR_CFAR, 3));
        CHECK_EQ(t.cpu.spr[SPR_CFAR], 0x1234);
        emu_test_fini(&t);
}

/* ---- privileged SPRs from problem state ---- */

TEST(test_mfspr_srr0_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        t.cpu.gpr[3] = 0x77;
        CHECK_EQ(emu_test_step(&t, mfspr(3, SPR_SRR0)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        CHECK_EQ(t.cpu.gpr[3], 0x77);
        emu_test_fini(&t);
}

TEST(test_mtspr_sprg0_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        t.cpu.gpr[3] = 5;
        emu_test_step(&t, mtspr(SPR_SPRG0, 3));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        CHECK_EQ(t.cpu.spr[SPR_SPRG0], 0);
        emu_test_fini(&t);
}

/* ---- user SPRs from problem state ---- */

TEST(test_mtspr_lr_from_problem_state)
{
        setup(USER_MSR);
        t.cpu.gpr[3] = 0x123456789abcdef0ull;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_LR, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.lr, 0x123456789abcdef0ull);
        emu_test_fini(&t);
}

TEST(test_mfspr_ctr_from_problem_state)
{
        setup(USER_MSR);
        t.cpu.ctr = 42;
        CHECK_EQ(emu_test_step(&t, mfspr(5, SPR_CTR)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[5], 42);
        emu_test_fini(&t);
}

TEST(test_mtspr_xer_keeps_only_defined_bits)
{
        setup(USER_MSR);
        t.cpu.gpr[3] = ~0ull;
        emu_test_step(&t, mtspr(SPR_XER, 3));
        emu_test_step(&t, mfspr(4, SPR_XER));
        CHECK_EQ(t.cpu.gpr[4], XER_SO | XER_OV | XER_CA | XER_OV32 | XER_CA32 | XER_BC);
        emu_test_fini(&t);
}

TEST(test_mtspr_vrsave_from_problem_state)
{
        setup(USER_MSR);
        t.cpu.gpr[3] = 0xf0f0;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_VRSAVE, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.spr[SPR_VRSAVE], 0xf0f0);
        emu_test_fini(&t);
}

TEST(test_mtspr_tar_from_problem_state_with_fscr_tar)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_FSCR] = 1ull << 8;
        t.cpu.gpr[3] = 0x10002000;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_TAR, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.spr[SPR_TAR], 0x10002000);
        emu_test_fini(&t);
}

TEST(test_mtspr_tar_from_problem_state_without_fscr_tar_is_facility_unavailable)
{
        setup(USER_MSR);
        t.cpu.gpr[3] = 0x10002000;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_TAR, 3)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_FAC_UNAVAILABLE);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR);
        CHECK_EQ(fscr_ic(), 8);
        CHECK_EQ(t.cpu.spr[SPR_TAR], 0);
        emu_test_fini(&t);
}

TEST(test_mtspr_tar_in_supervisor_state_ignores_fscr)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0x4000;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_TAR, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.spr[SPR_TAR], 0x4000);
        emu_test_fini(&t);
}

TEST(test_mfspr_dscr_u_from_problem_state_reads_dscr)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_FSCR] = 1ull << 2;
        t.cpu.spr[SPR_DSCR] = 0x11;
        CHECK_EQ(emu_test_step(&t, mfspr(3, SPR_DSCR_U)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x11);
        emu_test_fini(&t);
}

TEST(test_mfspr_dscr_u_without_fscr_dscr_is_facility_unavailable)
{
        setup(USER_MSR);
        emu_test_step(&t, mfspr(3, SPR_DSCR_U));
        CHECK_EQ(t.cpu.nip, EXC_FAC_UNAVAILABLE);
        CHECK_EQ(fscr_ic(), 2);
        emu_test_fini(&t);
}

TEST(test_mfspr_dscr_17_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_FSCR] = 1ull << 2;
        emu_test_step(&t, mfspr(3, SPR_DSCR));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

TEST(test_mtspr_ppr_from_problem_state_sets_medium_low)
{
        setup(USER_MSR);
        t.cpu.gpr[3] = 3ull << 50;
        emu_test_step(&t, mtspr(SPR_PPR, 3));
        emu_test_step(&t, mfspr(4, SPR_PPR));
        CHECK_EQ(t.cpu.gpr[4], 0x000c000000000000ull);
        emu_test_fini(&t);
}

TEST(test_mtspr_ppr_from_problem_state_cannot_set_high)
{
        setup(USER_MSR);
        emu_spr_reset(&t.cpu, 0);
        t.cpu.gpr[3] = 6ull << 50;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_PPR, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.spr[SPR_PPR], 4ull << 50);
        emu_test_fini(&t);
}

TEST(test_mfspr_ppr32_reads_upper_word)
{
        setup(USER_MSR);
        emu_spr_reset(&t.cpu, 0);
        emu_test_step(&t, mfspr(3, SPR_PPR32));
        CHECK_EQ(t.cpu.gpr[3], 0x00100000);
        emu_test_fini(&t);
}

TEST(test_mtspr_amr_from_problem_state_changes_only_uamor_bits)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_UAMOR] = 0xf0ull;
        t.cpu.spr[SPR_AMR] = 0x0full;
        t.cpu.gpr[3] = 0xa5ull;
        emu_test_step(&t, mtspr(SPR_AMR_U, 3));
        CHECK_EQ(t.cpu.spr[SPR_AMR], 0xafull);
        emu_test_fini(&t);
}

TEST(test_mfspr_sprg3_user_alias_reads_sprg3)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_SPRG3] = 0xabc;
        emu_test_step(&t, mfspr(3, SPR_SPRG3_U));
        CHECK_EQ(t.cpu.gpr[3], 0xabc);
        emu_test_fini(&t);
}

TEST(test_mtspr_sprg3_user_alias_from_problem_state_is_illegal)
{
        setup(USER_MSR);
        emu_test_step(&t, mtspr(SPR_SPRG3_U, 3));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_mtspr_tbl_read_number_from_problem_state_is_illegal)
{
        setup(USER_MSR);
        emu_test_step(&t, mtspr(SPR_TBL_R, 3));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

/* ---- undefined and hypervisor SPRs ---- */

TEST(test_mfspr_undefined_spr_in_supervisor_state_is_noop)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0x99;
        CHECK_EQ(emu_test_step(&t, mfspr(3, 100)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x99);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mfspr_undefined_user_number_from_problem_state_is_illegal)
{
        setup(USER_MSR);
        emu_test_step(&t, mfspr(3, 100));
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_mfspr_undefined_privileged_number_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        emu_test_step(&t, mfspr(3, 0x1f0));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

TEST(test_mtspr_spr_4_in_supervisor_state_is_illegal)
{
        setup(MSR_SF | MSR_ME);
        emu_test_step(&t, mtspr(4, 3));
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_mfspr_undefined_spr_with_lpcr_evirt_is_illegal)
{
        setup(MSR_SF | MSR_ME);
        t.vm.lpcr = PPC_BIT(42);
        emu_test_step(&t, mfspr(3, 100));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_mfspr_lpcr_in_supervisor_state_is_noop)
{
        setup(MSR_SF | MSR_ME);
        t.vm.lpcr = LPCR_ILE;
        t.cpu.gpr[3] = 0x1;
        CHECK_EQ(emu_test_step(&t, mfspr(3, SPR_LPCR)), EMU_NEXT);
        CHECK_EQ(t.cpu.gpr[3], 0x1);
        emu_test_fini(&t);
}

TEST(test_mtspr_lpcr_in_supervisor_state_leaves_partition_alone)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = LPCR_AIL | LPCR_ILE;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_LPCR, 3)), EMU_NEXT);
        CHECK_EQ(t.vm.lpcr, 0);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mfspr_lpcr_from_problem_state_is_privileged)
{
        setup(USER_MSR);
        emu_test_step(&t, mfspr(3, SPR_LPCR));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_PRIV);
        emu_test_fini(&t);
}

/* ---- facilities: TM and the PMU ---- */

TEST(test_mfspr_texasr_is_tm_facility_unavailable)
{
        setup(MSR_SF | MSR_ME);
        emu_test_step(&t, mfspr(3, SPR_TEXASR));
        CHECK_EQ(t.cpu.nip, EXC_FAC_UNAVAILABLE);
        CHECK_EQ(fscr_ic(), 5);
        emu_test_fini(&t);
}

TEST(test_user_pmc1_read_with_pmcc_01_is_facility_unavailable)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_MMCR0] = 1ull << 18;
        emu_test_step(&t, mfspr(3, SPR_UPMC1));
        CHECK_EQ(t.cpu.nip, EXC_FAC_UNAVAILABLE);
        CHECK_EQ(fscr_ic(), 3);
        emu_test_fini(&t);
}

TEST(test_user_pmc1_write_with_pmcc_00_is_illegal)
{
        setup(USER_MSR);
        emu_test_step(&t, mtspr(SPR_UPMC1, 3));
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_user_pmc1_write_with_pmcc_10_is_32_bits)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_MMCR0] = 2ull << 18;
        t.cpu.gpr[3] = 0x1ffffffffull;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_UPMC1, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.spr[SPR_UPMC1 + 16], 0xffffffffull);
        emu_test_fini(&t);
}

TEST(test_user_mmcr0_write_changes_only_fc_pmae_pmao)
{
        setup(USER_MSR);
        t.cpu.spr[SPR_MMCR0] = 2ull << 18;
        t.cpu.gpr[3] = 0xffffffffull;
        emu_test_step(&t, mtspr(SPR_UMMCR0, 3));
        CHECK_EQ(t.cpu.spr[SPR_MMCR0], (2ull << 18) | 0x80000000ull | 0x04000000ull | 0x80ull);
        emu_test_fini(&t);
}

TEST(test_mtspr_bescrsu_sets_upper_word_bits)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_BESCR] = 0x1;
        t.cpu.gpr[3] = 0x80000000ull;
        emu_test_step(&t, mtspr(SPR_BESCRSU, 3));
        CHECK_EQ(t.cpu.spr[SPR_BESCR], 0x8000000000000001ull);
        emu_test_fini(&t);
}

TEST(test_mtspr_bescrr_clears_bits)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_BESCR] = 0x8000000000000003ull;
        t.cpu.gpr[3] = 0x1;
        emu_test_step(&t, mtspr(SPR_BESCRR, 3));
        CHECK_EQ(t.cpu.spr[SPR_BESCR], 0x8000000000000002ull);
        emu_test_fini(&t);
}

TEST(test_mfspr_ebbhr_from_problem_state_without_fscr_ebb_is_facility_unavailable)
{
        setup(USER_MSR);
        emu_test_step(&t, mfspr(3, SPR_EBBHR));
        CHECK_EQ(t.cpu.nip, EXC_FAC_UNAVAILABLE);
        CHECK_EQ(fscr_ic(), 7);
        emu_test_fini(&t);
}

TEST(test_mtspr_fscr_keeps_only_implemented_bits)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = ~0ull;
        emu_test_step(&t, mtspr(SPR_FSCR, 3));
        CHECK_EQ(t.cpu.spr[SPR_FSCR], 0xff00000000001dbcull);
        emu_test_fini(&t);
}

/* ---- timebase ---- */

TEST(test_mftb_second_read_is_not_smaller)
{
        setup(USER_MSR);
        emu_test_step(&t, mftb(3));
        emu_test_step(&t, mftb(4));
        CHECK(t.cpu.gpr[4] >= t.cpu.gpr[3]);
        CHECK_EQ(t.cpu.nip, 0x1008);
        emu_test_fini(&t);
}

TEST(test_mtspr_tbl_write_number_in_supervisor_state_is_noop)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0;
        CHECK_EQ(emu_test_step(&t, mtspr(284, 3)), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_mtspr_dec_returns_jump_to_next)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0x1000;
        CHECK_EQ(emu_test_step(&t, mtspr(SPR_DEC, 3)), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

/* ---- interrupt entry ---- */

TEST(test_ail3_relocates_interrupt_and_keeps_ir_dr)
{
        setup(USER_MSR);
        t.vm.lpcr = 3ull << LPCR_AIL_SHIFT;
        emu_test_step(&t, mfmsr(3));
        CHECK_EQ(t.cpu.nip, 0xc000000000004700ull);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_IR | MSR_DR);
        emu_test_fini(&t);
}

TEST(test_ail2_relocates_interrupt_by_18000)
{
        setup(USER_MSR);
        t.vm.lpcr = 2ull << LPCR_AIL_SHIFT;
        emu_test_step(&t, mfmsr(3));
        CHECK_EQ(t.cpu.nip, 0x18700);
        emu_test_fini(&t);
}

TEST(test_ail_ignored_when_interrupted_context_had_dr_off)
{
        setup(MSR_SF | MSR_ME | MSR_IR);
        t.vm.lpcr = 3ull << LPCR_AIL_SHIFT;
        emu_test_step(&t, HRFID);
        CHECK_EQ(t.cpu.nip, EXC_PROGRAM);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME);
        emu_test_fini(&t);
}

TEST(test_ail_not_applied_to_machine_check)
{
        setup(MSR_SF | MSR_ME | MSR_IR | MSR_DR);
        t.vm.lpcr = 3ull << LPCR_AIL_SHIFT;
        emu_raise(&t.cpu, EXC_MACHINE_CHECK, 0x1000, 0);
        CHECK_EQ(t.cpu.nip, EXC_MACHINE_CHECK);
        emu_test_fini(&t);
}

TEST(test_machine_check_clears_me)
{
        setup(MSR_SF | MSR_ME);
        emu_raise(&t.cpu, EXC_MACHINE_CHECK, 0x1000, 0);
        CHECK_EQ(t.cpu.msr, MSR_SF);
        emu_test_fini(&t);
}

TEST(test_ile_sets_le_in_interrupt_msr)
{
        setup(USER_MSR);
        t.vm.lpcr = LPCR_ILE;
        emu_test_step(&t, mfmsr(3));
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME | MSR_LE);
        emu_test_fini(&t);
}

TEST(test_srr1_copies_msr_and_adds_cause)
{
        uint64_t msr = MSR_SF | MSR_VEC | MSR_VSX | MSR_EE | MSR_FP | MSR_ME | MSR_FE0 |
                       MSR_SE | MSR_BE | MSR_FE1 | MSR_IR | MSR_DR | MSR_PMM | MSR_RI | MSR_LE;

        setup(msr);
        emu_test_step(&t, HRFID);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], msr | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_srr1_cause_bits_do_not_leak_other_bits)
{
        setup(MSR_SF | MSR_ME);
        emu_raise(&t.cpu, EXC_PROGRAM, 0x1000, ~0ull);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | 0x783f0000ull);
        emu_test_fini(&t);
}

TEST(test_interrupt_clears_reservation)
{
        setup(MSR_SF | MSR_ME);
        emu_resv_set(&t.cpu, 0x100, 4, 0);
        emu_program(&t.cpu, SRR1_PROGRAM_TRAP);
        CHECK(!t.cpu.resv_valid);
        emu_test_fini(&t);
}

TEST(test_fp_unavailable_vector)
{
        setup(MSR_SF | MSR_ME | MSR_EE);
        CHECK_EQ(emu_fp_unavailable(&t.cpu), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x800);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | MSR_EE);
        CHECK_EQ(t.cpu.msr, MSR_SF | MSR_ME);
        emu_test_fini(&t);
}

TEST(test_vmx_unavailable_vector)
{
        setup(MSR_SF | MSR_ME);
        emu_vmx_unavailable(&t.cpu);
        CHECK_EQ(t.cpu.nip, 0xf20);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        emu_test_fini(&t);
}

TEST(test_vsx_unavailable_vector)
{
        setup(MSR_SF | MSR_ME);
        emu_vsx_unavailable(&t.cpu);
        CHECK_EQ(t.cpu.nip, 0xf40);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        emu_test_fini(&t);
}

TEST(test_alignment_sets_dar_and_leaves_dsisr)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_DSISR] = 0x1234;
        emu_alignment(&t.cpu, 0x2001);
        CHECK_EQ(t.cpu.nip, 0x600);
        CHECK_EQ(t.cpu.spr[SPR_DAR], 0x2001);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x1234);
        emu_test_fini(&t);
}

TEST(test_facility_unavailable_keeps_fscr_enable_bits)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.spr[SPR_FSCR] = (0x42ull << 56) | 0x184;
        emu_facility_unavailable(&t.cpu, 8);
        CHECK_EQ(t.cpu.spr[SPR_FSCR], (8ull << 56) | 0x184);
        CHECK_EQ(t.cpu.nip, 0xf60);
        emu_test_fini(&t);
}

/* ---- storage interrupts without an MMU ---- */

TEST(test_dsi_store_without_translation_sets_dsisr_bits_33_and_38)
{
        uint64_t ra;

        setup(MSR_SF | MSR_ME | MSR_DR);
        CHECK_EQ(emu_mmu_xlate(&t.cpu, 0x5008, EMU_ACCESS_WRITE, &ra), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x300);
        CHECK_EQ(t.cpu.spr[SPR_DAR], 0x5008);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x42000000);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        emu_test_fini(&t);
}

TEST(test_dsi_load_without_translation_sets_dsisr_bit_33)
{
        uint64_t ra;

        setup(MSR_SF | MSR_ME | MSR_DR);
        emu_mmu_xlate(&t.cpu, 0x5008, EMU_ACCESS_READ, &ra);
        CHECK_EQ(t.cpu.spr[SPR_DSISR], 0x40000000);
        emu_test_fini(&t);
}

TEST(test_isi_without_translation_sets_srr1_bit_33)
{
        uint64_t ra;

        setup(MSR_SF | MSR_ME | MSR_IR);
        emu_mmu_xlate(&t.cpu, 0x1000, EMU_ACCESS_EXEC, &ra);
        CHECK_EQ(t.cpu.nip, 0x400);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1000);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | MSR_IR | 0x40000000ull);
        emu_test_fini(&t);
}

/* ---- synchronisation, TLB and SLB ---- */

TEST(test_isync_returns_jump_to_next)
{
        setup(MSR_SF | MSR_ME);
        CHECK_EQ(emu_test_step(&t, ISYNC), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_sync_forms_and_eieio_fall_through)
{
        setup(USER_MSR);
        CHECK_EQ(emu_test_step(&t, HWSYNC), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, LWSYNC), EMU_NEXT);
        CHECK_EQ(emu_test_step(&t, EIEIO), EMU_NEXT);
        CHECK_EQ(t.cpu.nip, 0x100c);
        emu_test_fini(&t);
}

TEST(test_wait_on_bare_cpu_resumes_at_next_instruction)
{
        setup(USER_MSR);
        CHECK_EQ(emu_test_step(&t, WAIT), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, 0x1004);
        emu_test_fini(&t);
}

TEST(test_tlbie_without_gtse_is_illegal)
{
        setup(MSR_SF | MSR_ME);
        emu_test_step(&t, TLBIE);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], MSR_SF | MSR_ME | SRR1_ILLEGAL);
        emu_test_fini(&t);
}

TEST(test_tlbie_with_gtse_falls_through)
{
        setup(MSR_SF | MSR_ME);
        t.vm.lpcr = LPCR_GTSE;
        CHECK_EQ(emu_test_step(&t, TLBIE), EMU_NEXT);
        emu_test_fini(&t);
}

TEST(test_slbmte_entry_reads_back_with_slbmfee_and_slbmfev)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0x0000123456789000ull;             /* VSID doubleword */
        t.cpu.gpr[4] = 0xc000000008000000ull | 5;         /* ESID, V, index 5 */
        emu_test_step(&t, slbmte(3, 4));
        t.cpu.gpr[6] = 5;
        emu_test_step(&t, slbmfee(7, 6));
        emu_test_step(&t, slbmfev(8, 6));
        CHECK_EQ(t.cpu.gpr[7], 0xc000000008000000ull);
        CHECK_EQ(t.cpu.gpr[8], 0x0000123456789000ull);
        emu_test_fini(&t);
}

TEST(test_slbia_invalidates_all_but_entry_0)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.slb[0].esid = 0xc000000008000000ull;
        t.cpu.slb[3].esid = 0xd000000008000000ull;
        emu_test_step(&t, SLBIA);
        CHECK_EQ(t.cpu.slb[0].esid, 0xc000000008000000ull);
        CHECK_EQ(t.cpu.slb[3].esid, 0xd000000000000000ull);
        emu_test_fini(&t);
}

TEST(test_slbie_invalidates_matching_256m_segment)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.slb[2].esid = 0xc000000008000000ull;
        t.cpu.slb[4].esid = 0xd000000008000000ull;
        t.cpu.gpr[3] = 0xc000000000001234ull;
        emu_test_step(&t, SLBIE_R3);
        CHECK_EQ(t.cpu.slb[2].esid, 0xc000000000000000ull);
        CHECK_EQ(t.cpu.slb[4].esid, 0xd000000008000000ull);
        emu_test_fini(&t);
}

TEST(test_slbie_matches_1t_segment_on_24_esid_bits)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.slb[2].esid = 0xc000000008000000ull;
        t.cpu.slb[2].vsid = 1ull << 62;                   /* B = 1 TB */
        t.cpu.gpr[3] = 0xc00000f000000000ull;
        emu_test_step(&t, SLBIE_R3);
        CHECK_EQ(t.cpu.slb[2].esid, 0xc000000000000000ull);
        emu_test_fini(&t);
}

TEST(test_slbfee_finds_entry_and_sets_cr0_eq)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.slb[7].esid = 0xc000000008000000ull;
        t.cpu.slb[7].vsid = 0x4242000ull;
        t.cpu.gpr[4] = 0xc000000000000010ull;
        emu_test_step(&t, SLBFEE_R3_R4);
        CHECK_EQ(t.cpu.gpr[3], 0x4242000ull);
        CHECK_EQ(emu_get_crf(&t.cpu, 0), CR_EQ);
        emu_test_fini(&t);
}

TEST(test_slbfee_miss_clears_rt_and_cr0_eq)
{
        setup(MSR_SF | MSR_ME);
        t.cpu.gpr[3] = 0x55;
        t.cpu.gpr[4] = 0xc000000000000010ull;
        emu_test_step(&t, SLBFEE_R3_R4);
        CHECK_EQ(t.cpu.gpr[3], 0);
        CHECK_EQ(emu_get_crf(&t.cpu, 0), 0);
        emu_test_fini(&t);
}

/* ---- system call ---- */

TEST(test_sc_from_problem_state_is_system_call_interrupt)
{
        setup(USER_MSR);
        CHECK_EQ(emu_test_step(&t, SC_0), EMU_JUMP);
        CHECK_EQ(t.cpu.nip, EXC_SYSCALL);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1004);
        CHECK_EQ(t.cpu.spr[SPR_SRR1], USER_MSR);
        emu_test_fini(&t);
}

/* ---- host access ---- */

TEST(test_host_get_lpcr_spr_is_enoent)
{
        uint64_t v;

        setup(MSR_SF | MSR_ME);
        CHECK_EQ(emu_spr_get(&t.cpu, SPR_LPCR, &v), -ENOENT);
        emu_test_fini(&t);
}

TEST(test_host_set_pvr_is_eperm)
{
        setup(MSR_SF | MSR_ME);
        CHECK_EQ(emu_spr_set(&t.cpu, SPR_PVR, 1), -EPERM);
        emu_test_fini(&t);
}

TEST(test_host_sets_srr0_while_guest_in_problem_state)
{
        setup(USER_MSR);
        CHECK_EQ(emu_spr_set(&t.cpu, SPR_SRR0, 0x1234), 0);
        CHECK_EQ(t.cpu.spr[SPR_SRR0], 0x1234);
        CHECK_EQ(t.cpu.nip, 0x1000);
        emu_test_fini(&t);
}
