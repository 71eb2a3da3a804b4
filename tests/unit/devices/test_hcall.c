/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Hypercalls: results and every error path. */
#include <string.h>

#include "devtest.h"

#define LPCR_ILE        (1ull << (63 - 38))
#define LPCR_AIL_SHIFT  (63 - 40)
#define H_ZERO_PAGE     (1ull << (63 - 48))
#define H_COPY_PAGE     (1ull << (63 - 49))
#define VPA_REG(fn)     ((uint64_t)(fn) << (63 - 18))

TEST(test_unknown_hcall_returns_h_function)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, 0x1234, 0, 0, 0, 0, NULL), H_FUNCTION);
        devtest_fini(&t);
}

TEST(test_put_term_char_outputs_bytes_first_register_high_byte_first)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_PUT_TERM_CHAR, HVTERM_VTY_REG, 10,
                               0x6869207468657265ull, 0x210a000000000000ull, NULL), H_SUCCESS);
        CHECK_EQ(t.out_len, 10);
        CHECK(memcmp(t.out, "hi there!\n", 10) == 0);
        devtest_fini(&t);
}

TEST(test_put_term_char_accepts_termno_zero)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_PUT_TERM_CHAR, 0, 1, 0x4100000000000000ull, 0, NULL), H_SUCCESS);
        CHECK_EQ(t.out[0], 'A');
        devtest_fini(&t);
}

TEST(test_put_term_char_rejects_17_bytes)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_PUT_TERM_CHAR, HVTERM_VTY_REG, 17, 0, 0, NULL), H_PARAMETER);
        CHECK_EQ(t.out_len, 0);
        devtest_fini(&t);
}

TEST(test_put_term_char_rejects_unknown_termno)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_PUT_TERM_CHAR, 0x71000001, 1, 0, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}

TEST(test_get_term_char_packs_input_big_endian)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, false);
        hvterm_input(&t.p.console, (const uint8_t *)"abcdefghij", 10, NULL);
        CHECK_EQ(devtest_hcall(&t, 0, H_GET_TERM_CHAR, HVTERM_VTY_REG, 0, 0, 0, r), H_SUCCESS);
        CHECK_EQ(r[0], 10);
        CHECK_EQ(r[1], 0x6162636465666768ull);
        CHECK_EQ(r[2], 0x696a000000000000ull);
        devtest_fini(&t);
}

TEST(test_get_term_char_returns_at_most_16_bytes)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, false);
        hvterm_input(&t.p.console, (const uint8_t *)"0123456789abcdefXYZ", 19, NULL);
        devtest_hcall(&t, 0, H_GET_TERM_CHAR, HVTERM_VTY_REG, 0, 0, 0, r);
        CHECK_EQ(r[0], 16);
        devtest_hcall(&t, 0, H_GET_TERM_CHAR, HVTERM_VTY_REG, 0, 0, 0, r);
        CHECK_EQ(r[0], 3);
        CHECK_EQ(r[1], 0x58595a0000000000ull);
        devtest_fini(&t);
}

TEST(test_set_mode_le_sets_ile_for_the_partition)
{
        struct devtest t;
        uint64_t lpcr;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_MODE, 1, 4, 0, 0, NULL), H_SUCCESS);
        fake_vcpu_ops.get_one_reg(t.v[1], VCPU_REG_LPCR, &lpcr);
        CHECK_EQ(lpcr & LPCR_ILE, LPCR_ILE);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_MODE, 0, 4, 0, 0, NULL), H_SUCCESS);
        fake_vcpu_ops.get_one_reg(t.v[1], VCPU_REG_LPCR, &lpcr);
        CHECK_EQ(lpcr & LPCR_ILE, 0);
        devtest_fini(&t);
}

TEST(test_set_mode_le_checks_value1_value2_and_mflags)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_MODE, 1, 4, 1, 0, NULL), H_P3);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_MODE, 1, 4, 0, 1, NULL), H_P4);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_MODE, 2, 4, 0, 0, NULL), H_UNSUPPORTED_FLAG);
        devtest_fini(&t);
}

TEST(test_set_mode_ail_3_sets_lpcr_ail)
{
        struct devtest t;
        uint64_t lpcr;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 1, H_SET_MODE, 3, 3, 0, 0, NULL), H_SUCCESS);
        fake_vcpu_ops.get_one_reg(t.v[0], VCPU_REG_LPCR, &lpcr);
        CHECK_EQ(lpcr >> LPCR_AIL_SHIFT & 3, 3);
        devtest_fini(&t);
}

TEST(test_set_mode_ail_1_is_unsupported)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_MODE, 1, 3, 0, 0, NULL), H_UNSUPPORTED_FLAG);
        devtest_fini(&t);
}

TEST(test_set_mode_unknown_resource_is_h_p2)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_MODE, 0, 99, 0, 0, NULL), H_P2);
        devtest_fini(&t);
}

TEST(test_set_sprg0_writes_sprg0)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_SPRG0, 0x1122334455667788ull, 0, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(fake_of(t.v[0])->regs.sprg0, 0x1122334455667788ull);
        devtest_fini(&t);
}

TEST(test_set_xdabr_writes_dabr_and_dabrx)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_XDABR, 0x1000, 3, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(fake_of(t.v[0])->spr[1013], 0x1000);
        CHECK_EQ(fake_of(t.v[0])->spr[1015], 3);
        devtest_fini(&t);
}

TEST(test_set_xdabr_rejects_the_hypervisor_bit)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_SET_XDABR, 0x1000, 4, 0, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}

TEST(test_page_init_zero_clears_the_page)
{
        struct devtest t;

        devtest_init(&t, false);
        memset(t.ram + 0x3000, 0xaa, 0x1000);
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, H_ZERO_PAGE, 0x3000, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(t.ram[0x3000], 0);
        CHECK_EQ(t.ram[0x3fff], 0);
        devtest_fini(&t);
}

TEST(test_page_init_copy_copies_the_page)
{
        struct devtest t;

        devtest_init(&t, false);
        memset(t.ram + 0x5000, 0x5a, 0x1000);
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, H_COPY_PAGE, 0x3000, 0x5000, 0, NULL), H_SUCCESS);
        CHECK_EQ(t.ram[0x3000], 0x5a);
        CHECK_EQ(t.ram[0x3fff], 0x5a);
        devtest_fini(&t);
}

TEST(test_page_init_tells_the_backend_about_the_page)
{
        struct devtest t;
        struct fake_vm *vm;

        devtest_init(&t, false);
        vm = (struct fake_vm *)t.vm;
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, H_ZERO_PAGE, 0x7000, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(vm->writes, 1);
        CHECK_EQ(vm->written_gpa, 0x7000);
        CHECK_EQ(vm->written_len, 0x1000);
        devtest_fini(&t);
}

TEST(test_page_init_rejects_bad_addresses_and_flags)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, H_ZERO_PAGE, 0x3008, 0, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, H_COPY_PAGE, 0x3000, 0x5008, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, H_ZERO_PAGE, DEVTEST_RAM, 0, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, H_ZERO_PAGE, DEVTEST_RAM - 0x1000, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, H_COPY_PAGE, 0x3000, UINT64_MAX - 0xfff, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_PAGE_INIT, 1, 0x3000, 0, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}

static void set_vpa_size(struct devtest *t, uint64_t addr, uint16_t size)
{
        t->ram[addr + 4] = size >> 8;
        t->ram[addr + 5] = size & 0xff;
}

static void set_area_size(struct devtest *t, uint64_t addr, uint32_t size)
{
        t->ram[addr + 4] = size >> 24;
        t->ram[addr + 5] = size >> 16;
        t->ram[addr + 6] = size >> 8;
        t->ram[addr + 7] = size;
}

TEST(test_register_vpa_marks_shared_processor_and_tells_the_vcpu)
{
        struct devtest t;
        uint64_t vpa = 0;

        devtest_init(&t, false);
        set_vpa_size(&t, 0x8000, 640);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 1, 0x8000, 0, NULL), H_SUCCESS);
        CHECK_EQ(t.ram[0x8009] & 2, 2);
        CHECK(platform_take_vpa_change(&t.p, 1, &vpa));
        CHECK_EQ(vpa, 0x8000);
        devtest_fini(&t);
}

TEST(test_register_vpa_rejects_small_misaligned_and_page_crossing)
{
        struct devtest t;

        devtest_init(&t, false);
        set_vpa_size(&t, 0x8000, 639);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 0, 0x8000, 0, NULL), H_PARAMETER);
        set_vpa_size(&t, 0x8008, 640);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 0, 0x8008, 0, NULL), H_PARAMETER);
        set_vpa_size(&t, 0x8f00, 640);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 0, 0x8f00, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 0, 0, 0, NULL), H_HARDWARE);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 2, 0x8000, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(4), 0, 0x8000, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}

TEST(test_register_dtl_needs_a_vpa)
{
        struct devtest t;

        devtest_init(&t, false);
        set_area_size(&t, 0x9000, 48);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(2), 0, 0x9000, 0, NULL), H_RESOURCE);
        set_vpa_size(&t, 0x8000, 640);
        devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 0, 0x8000, 0, NULL);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(2), 0, 0x9000, 0, NULL), H_SUCCESS);
        devtest_fini(&t);
}

TEST(test_deregister_vpa_refused_while_slb_shadow_registered)
{
        struct devtest t;

        devtest_init(&t, false);
        set_vpa_size(&t, 0x8000, 640);
        set_area_size(&t, 0xa000, 16);
        devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 0, 0x8000, 0, NULL);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(3), 0, 0xa000, 0, NULL), H_SUCCESS);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(5), 0, 0, 0, NULL), H_RESOURCE);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(7), 0, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(5), 0, 0, 0, NULL), H_SUCCESS);
        devtest_fini(&t);
}

TEST(test_cede_passed_out_bumps_the_yield_count_twice)
{
        struct devtest t;

        devtest_init(&t, false);
        set_vpa_size(&t, 0x8000, 640);
        devtest_hcall(&t, 0, H_REGISTER_VPA, VPA_REG(1), 0, 0x8000, 0, NULL);
        CHECK_EQ(devtest_hcall(&t, 0, H_CEDE, 0, 0, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(devtest_be32(&t, 0x8100), 2);
        CHECK_EQ(fake_of(t.v[0])->regs.msr & 0x8000, 0x8000);    /* MSR[EE] */
        devtest_fini(&t);
}

TEST(test_prod_kicks_the_target_and_checks_it)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_PROD, 1, 0, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(fake_of(t.v[1])->kicks, 1);
        CHECK_EQ(devtest_hcall(&t, 0, H_PROD, 2, 0, 0, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}

TEST(test_random_returns_success)
{
        struct devtest t;
        uint64_t a[9], b[9];

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_RANDOM, 0, 0, 0, 0, a), H_SUCCESS);
        CHECK_EQ(devtest_hcall(&t, 0, H_RANDOM, 0, 0, 0, 0, b), H_SUCCESS);
        CHECK(a[0] != b[0]);     /* fails once in 2^64 runs */
        devtest_fini(&t);
}

TEST(test_logical_ci_load_reads_the_testdev_big_endian)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, true);
        CHECK_EQ(devtest_hcall(&t, 0, H_LOGICAL_CI_LOAD, 4, TESTDEV_BASE + TESTDEV_PATTERNS, 0, 0, r), H_SUCCESS);
        CHECK_EQ(r[0], 0x80818283);
        devtest_fini(&t);
}

TEST(test_logical_ci_store_then_load_round_trips)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, true);
        CHECK_EQ(devtest_hcall(&t, 0, H_LOGICAL_CI_STORE, 8, TESTDEV_BASE, 0x0102030405060708ull, 0, NULL),
                 H_SUCCESS);
        devtest_hcall(&t, 0, H_LOGICAL_CI_LOAD, 2, TESTDEV_BASE + 6, 0, 0, r);
        CHECK_EQ(r[0], 0x0708);
        devtest_fini(&t);
}

TEST(test_logical_ci_rejects_bad_size_and_misalignment)
{
        struct devtest t;

        devtest_init(&t, true);
        CHECK_EQ(devtest_hcall(&t, 0, H_LOGICAL_CI_LOAD, 3, TESTDEV_BASE, 0, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_LOGICAL_CI_LOAD, 4, TESTDEV_BASE + 2, 0, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_LOGICAL_CI_STORE, 16, TESTDEV_BASE, 0, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}

TEST(test_logical_ci_load_of_nothing_reads_all_ones)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_LOGICAL_CI_LOAD, 8, 0x800000000ull, 0, 0, r), H_SUCCESS);
        CHECK_EQ(r[0], UINT64_MAX);
        devtest_fini(&t);
}

TEST(test_console_input_fires_the_vty_interrupt_without_vio_signal)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, false);
        xics_set_xive(&t.p.xics, XICS_IRQ_VTY, 0, 5);
        devtest_hcall(&t, 0, H_CPPR, 0xff, 0, 0, 0, NULL);
        platform_console_input(&t.p, (const uint8_t *)"a", 1);
        CHECK_EQ(fake_of(t.v[0])->line, 1);
        devtest_hcall(&t, 0, H_XIRR, 0, 0, 0, 0, r);
        CHECK_EQ(r[0], 0xff000000 | XICS_IRQ_VTY);
        devtest_fini(&t);
}

TEST(test_console_input_into_a_nonempty_buffer_fires_no_second_interrupt)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, false);
        xics_set_xive(&t.p.xics, XICS_IRQ_VTY, 0, 5);
        devtest_hcall(&t, 0, H_CPPR, 0xff, 0, 0, 0, NULL);
        platform_console_input(&t.p, (const uint8_t *)"a", 1);
        devtest_hcall(&t, 0, H_XIRR, 0, 0, 0, 0, r);
        devtest_hcall(&t, 0, H_EOI, r[0], 0, 0, 0, NULL);
        platform_console_input(&t.p, (const uint8_t *)"b", 1);
        CHECK_EQ(fake_of(t.v[0])->line, 0);
        devtest_fini(&t);
}

TEST(test_vio_signal_checks_unit_and_mode)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_VIO_SIGNAL, 0x71000005, 1, 0, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_VIO_SIGNAL, HVTERM_VTY_REG, 2, 0, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}
