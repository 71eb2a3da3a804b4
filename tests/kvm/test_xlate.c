/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The /dev/kvm backend's translation layer (src/vcpu/kvm/kvm_xlate.c) and
 * probe, on any host: exits from a kernel-shaped struct kvm_run into
 * ppcvmd's vcpu_run, their completion on the next run, registers, ONE_REG
 * ids, PVINFO byte order and the PowerPC ioctl encoding.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "test.h"
#include "vcpu/kvm/kvm_probe.h"
#include "vcpu/kvm/kvm_xlate.h"

static struct kvm_run krun;
static struct vcpu_run vrun;

static void reset(void)
{
        memset(&krun, 0, sizeof(krun));
        memset(&vrun, 0, sizeof(vrun));
}

TEST(test_mmio_store_exit_carries_address_length_and_guest_bytes)
{
        reset();
        krun.exit_reason = KVM_EXIT_MMIO;
        krun.mmio.phys_addr = 0x10000000;
        krun.mmio.len = 4;
        krun.mmio.is_write = 1;
        memcpy(krun.mmio.data, "\xfa\x07\x00\x00", 4);
        CHECK_EQ(kvm_xlate_exit(&krun, &vrun), KVM_EXIT_MMIO);
        CHECK_EQ(vrun.exit_reason, KVM_EXIT_MMIO);
        CHECK_EQ(vrun.mmio.phys_addr, 0x10000000);
        CHECK_EQ(vrun.mmio.len, 4);
        CHECK_EQ(vrun.mmio.is_write, 1);
        CHECK(memcmp(vrun.mmio.data, "\xfa\x07\x00\x00", 4) == 0);
}

TEST(test_mmio_load_completion_puts_host_data_in_kernel_run)
{
        reset();
        krun.exit_reason = KVM_EXIT_MMIO;
        krun.mmio.len = 8;
        kvm_xlate_exit(&krun, &vrun);
        memcpy(vrun.mmio.data, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
        kvm_xlate_complete(&vrun, KVM_EXIT_MMIO, &krun);
        CHECK(memcmp(krun.mmio.data, "\x01\x02\x03\x04\x05\x06\x07\x08", 8) == 0);
}

TEST(test_mmio_store_completion_leaves_guest_data_alone)
{
        reset();
        krun.exit_reason = KVM_EXIT_MMIO;
        krun.mmio.is_write = 1;
        memcpy(krun.mmio.data, "\xaa\xbb", 2);
        kvm_xlate_exit(&krun, &vrun);
        memset(vrun.mmio.data, 0x55, 8);
        kvm_xlate_complete(&vrun, KVM_EXIT_MMIO, &krun);
        CHECK_EQ(krun.mmio.data[0], 0xaa);
        CHECK_EQ(krun.mmio.data[1], 0xbb);
}

TEST(test_papr_hcall_exit_and_completion_round_trip_ret_and_args)
{
        reset();
        krun.exit_reason = KVM_EXIT_PAPR_HCALL;
        krun.papr_hcall.nr = 0x58;
        for (unsigned i = 0; i < 9; i++)
                krun.papr_hcall.args[i] = 100 + i;
        kvm_xlate_exit(&krun, &vrun);
        CHECK_EQ(vrun.papr_hcall.nr, 0x58);
        CHECK_EQ(vrun.papr_hcall.args[8], 108);
        vrun.papr_hcall.ret = (uint64_t)-2;
        vrun.papr_hcall.args[0] = 7;
        kvm_xlate_complete(&vrun, KVM_EXIT_PAPR_HCALL, &krun);
        CHECK_EQ(krun.papr_hcall.ret, (uint64_t)-2);
        CHECK_EQ(krun.papr_hcall.args[0], 7);
        CHECK_EQ(krun.papr_hcall.args[1], 101);
}

TEST(test_osi_completion_copies_all_32_gprs)
{
        reset();
        krun.exit_reason = KVM_EXIT_OSI;
        krun.osi.gprs[3] = 0x113724fa;
        kvm_xlate_exit(&krun, &vrun);
        CHECK_EQ(vrun.osi.gprs[3], 0x113724fa);
        for (unsigned i = 0; i < 32; i++)
                vrun.osi.gprs[i] = 1000 + i;
        kvm_xlate_complete(&vrun, KVM_EXIT_OSI, &krun);
        CHECK_EQ(krun.osi.gprs[0], 1000);
        CHECK_EQ(krun.osi.gprs[31], 1031);
}

TEST(test_dcr_load_completion_writes_data_store_does_not)
{
        reset();
        krun.exit_reason = KVM_EXIT_DCR;
        krun.dcr.dcrn = 0x12;
        krun.dcr.data = 0xdead;
        kvm_xlate_exit(&krun, &vrun);
        CHECK_EQ(vrun.dcr.dcrn, 0x12);
        vrun.dcr.data = 0x1234;
        kvm_xlate_complete(&vrun, KVM_EXIT_DCR, &krun);
        CHECK_EQ(krun.dcr.data, 0x1234);
        krun.dcr.is_write = 1;
        krun.dcr.data = 0x77;
        kvm_xlate_exit(&krun, &vrun);
        vrun.dcr.data = 0x99;
        kvm_xlate_complete(&vrun, KVM_EXIT_DCR, &krun);
        CHECK_EQ(krun.dcr.data, 0x77);
}

TEST(test_completion_of_intr_touches_nothing)
{
        reset();
        krun.papr_hcall.ret = 5;
        vrun.papr_hcall.ret = 9;
        kvm_xlate_complete(&vrun, KVM_EXIT_INTR, &krun);
        CHECK_EQ(krun.papr_hcall.ret, 5);
}

TEST(test_system_event_keeps_its_type)
{
        reset();
        krun.exit_reason = KVM_EXIT_SYSTEM_EVENT;
        krun.system_event.type = KVM_SYSTEM_EVENT_RESET;
        kvm_xlate_exit(&krun, &vrun);
        CHECK_EQ(vrun.exit_reason, KVM_EXIT_SYSTEM_EVENT);
        CHECK_EQ(vrun.system_event.type, KVM_SYSTEM_EVENT_RESET);
}

TEST(test_shutdown_exit_becomes_internal_error_naming_it)
{
        reset();
        krun.exit_reason = KVM_EXIT_SHUTDOWN;
        CHECK_EQ(kvm_xlate_exit(&krun, &vrun), KVM_EXIT_SHUTDOWN);
        CHECK_EQ(vrun.exit_reason, KVM_EXIT_INTERNAL_ERROR);
        CHECK(strstr(vrun.internal.reason, "SHUTDOWN") != NULL);
}

TEST(test_fail_entry_names_hardware_reason)
{
        reset();
        krun.exit_reason = KVM_EXIT_FAIL_ENTRY;
        krun.fail_entry.hardware_entry_failure_reason = 0x42;
        kvm_xlate_exit(&krun, &vrun);
        CHECK_EQ(vrun.exit_reason, KVM_EXIT_INTERNAL_ERROR);
        CHECK(strstr(vrun.internal.reason, "0x42") != NULL);
}

TEST(test_internal_error_keeps_suberror)
{
        reset();
        krun.exit_reason = KVM_EXIT_INTERNAL_ERROR;
        krun.internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
        kvm_xlate_exit(&krun, &vrun);
        CHECK_EQ(vrun.internal.suberror, KVM_INTERNAL_ERROR_EMULATION);
}

TEST(test_debug_exit_passes_through)
{
        reset();
        krun.exit_reason = KVM_EXIT_DEBUG;
        kvm_xlate_exit(&krun, &vrun);
        CHECK_EQ(vrun.exit_reason, KVM_EXIT_DEBUG);
}

TEST(test_exit_names)
{
        char buf[24];
        CHECK(strcmp(kvm_exit_name(KVM_EXIT_PAPR_HCALL, buf, sizeof(buf)), "PAPR_HCALL") == 0);
        CHECK(strcmp(kvm_exit_name(200, buf, sizeof(buf)), "UNKNOWN(200)") == 0);
}

TEST(test_regs_round_trip_every_field)
{
        struct vcpu_regs r, back;
        struct ppc_kvm_regs k;

        for (unsigned i = 0; i < sizeof(r) / 8; i++)
                ((uint64_t *)&r)[i] = 0x1000 + i;
        kvm_regs_to_kernel(&r, &k);
        CHECK_EQ(k.pc, 0x1000);
        CHECK_EQ(k.msr, 0x1005);
        CHECK_EQ(k.sprg7, 0x1010);
        CHECK_EQ(k.gpr[31], 0x1000 + 48);
        kvm_regs_from_kernel(&k, &back);
        CHECK(memcmp(&r, &back, sizeof(r)) == 0);
}

TEST(test_sregs_to_kernel_places_pvr_sdr1_and_slb)
{
        struct vcpu_sregs s = { .pvr = 0x004e1200, .sdr1 = 0x1234, .slb_max = 2 };
        struct ppc_kvm_sregs k;

        s.slb[1].slbe = 0x8000000008000001ull;
        s.slb[1].slbv = 0x400;
        s.slb[5].slbe = 0xffff;      /* past slb_max: not sent */
        CHECK_EQ(kvm_sregs_to_kernel(&s, &k), 0);
        CHECK_EQ(k.pvr, 0x004e1200);
        CHECK_EQ(k.u.s.sdr1, 0x1234);
        CHECK_EQ(k.u.s.slb[1].slbe, 0x8000000008000001ull);
        CHECK_EQ(k.u.s.slb[1].slbv, 0x400);
        CHECK_EQ(k.u.s.slb[5].slbe, 0);
        /* Layout of the kernel's struct: pvr, pad, sdr1 at 8, slb at 16. */
        CHECK_EQ(*(uint64_t *)((char *)&k + 8), 0x1234);
        CHECK_EQ(*(uint64_t *)((char *)&k + 16 + 16), 0x8000000008000001ull);
}

TEST(test_sregs_slb_max_over_64_is_einval)
{
        struct vcpu_sregs s = { .slb_max = 65 };
        struct ppc_kvm_sregs k;
        CHECK_EQ(kvm_sregs_to_kernel(&s, &k), (uint64_t)-EINVAL);
}

TEST(test_sregs_from_kernel_reports_64_entries)
{
        struct ppc_kvm_sregs k;
        struct vcpu_sregs s;

        memset(&k, 0, sizeof(k));
        k.pvr = 0x004d0200;
        k.u.s.slb[63].slbv = 9;
        kvm_sregs_from_kernel(&k, &s);
        CHECK_EQ(s.pvr, 0x004d0200);
        CHECK_EQ(s.slb_max, 64);
        CHECK_EQ(s.slb[63].slbv, 9);
}

TEST(test_one_reg_ids_match_powerpc_uapi)
{
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_LPCR), 0x10300000000000b5ull);
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_TB_OFFSET), 0x103000000000009cull);
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_VPA_ADDR), 0x1030000000000082ull);
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_DEC_EXPIRY), 0x10300000000000beull);
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_SPR(1013)), 0x1030000000000008ull);  /* DABR */
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_SPR(1015)), 0x10200000000000b8ull);  /* DABRX, u32 */
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_SPR(18)), 0x102000000000000dull);    /* DSISR, u32 */
        CHECK_EQ(PPC_ONE_REG_FPR(31), 0x103000000000003full);
}

TEST(test_one_reg_unknown_ids_are_zero)
{
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_INSNS), 0);
        CHECK_EQ(kvm_one_reg_id(VCPU_REG_SPR(287)), 0);   /* PVR is in sregs */
        CHECK_EQ(kvm_one_reg_id(0x30001), 0);
}

TEST(test_one_reg_sizes)
{
        CHECK_EQ(kvm_one_reg_size(PPC_ONE_REG_DSISR), 4);
        CHECK_EQ(kvm_one_reg_size(PPC_ONE_REG_TB_OFFSET), 8);
        CHECK_EQ(kvm_one_reg_size(0x1000000000000000ull), 0);
}

TEST(test_pvinfo_words_are_read_big_endian)
{
        struct kvm_ppc_pvinfo k;
        struct vcpu_pvinfo p;

        memset(&k, 0, sizeof(k));
        k.flags = 1;
        k.hcall[0] = htobe32(0x3c004b56);
        k.hcall[1] = htobe32(0x60004d21);
        k.hcall[2] = htobe32(0x44000002);
        k.hcall[3] = htobe32(0x60000000);
        kvm_pvinfo_from_kernel(&k, &p);
        CHECK_EQ(p.flags, 1);
        CHECK_EQ(p.hcall[0], 0x3c004b56);
        CHECK_EQ(p.hcall[1], 0x60004d21);
        CHECK_EQ(p.hcall[2], 0x44000002);
        CHECK_EQ(p.hcall[3], 0x60000000);
}

TEST(test_pvinfo_fallback_returns_minus_one_without_sc)
{
        struct vcpu_pvinfo p;

        kvm_pvinfo_fallback(&p);
        CHECK_EQ(p.hcall[0], 0x3860ffff);
        for (unsigned i = 1; i < 4; i++)
                CHECK_EQ(p.hcall[i], 0x60000000);
}

TEST(test_ppc_ioctl_numbers_use_powerpc_encoding)
{
        /* Values a PowerPC build of <linux/kvm.h> gives. */
        CHECK_EQ(PPC_KVM_GET_REGS, 0x4188ae81);
        CHECK_EQ(PPC_KVM_SET_REGS, 0x8188ae82);
        CHECK_EQ(PPC_KVM_GET_SREGS, 0x44d0ae83);
        CHECK_EQ(PPC_KVM_SET_SREGS, 0x84d0ae84);
        CHECK_EQ(PPC_KVM_GET_PVINFO, 0x8080aea1);
        CHECK_EQ(PPC_KVM_ALLOCATE_HTAB, 0xc004aea7);
        CHECK_EQ(PPC_KVM_CONFIGURE_V3_MMU, 0x8010aeaf);
}

#if !defined(__powerpc64__)
TEST(test_probe_on_a_foreign_host_refuses_and_says_why)
{
        struct kvm_probe_result res;

        CHECK(kvm_probe_host(&res) < 0);
        CHECK(!res.hv.usable);
        CHECK(!res.pr.usable);
        CHECK(strstr(res.reason, "cannot run PowerPC guests") != NULL ||
              strstr(res.reason, "no usable /dev/kvm") != NULL);
}

TEST(test_auto_selection_falls_back_to_emu_with_kvm_reason)
{
        const struct vcpu_backend_ops *ops = NULL;
        char reason[256];

        CHECK_EQ(vcpu_backend_select(VCPU_BACKEND_AUTO, &ops, reason, sizeof(reason)), 0);
        CHECK(ops == &vcpu_emu_ops);
        CHECK(strstr(reason, "emulator chosen") != NULL);
        CHECK(strstr(reason, "PowerPC") != NULL);
}
#endif
