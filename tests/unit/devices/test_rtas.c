/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RTAS calls through KVMPPC_H_RTAS: results and PAPR's status codes. */
#include <string.h>
#include <time.h>

#include "devtest.h"

TEST(test_rtas_unknown_token_is_not_supported)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, 0x2fff, 0, 1, NULL, rets), RTAS_OUT_NOT_SUPPORTED);
        devtest_fini(&t);
}

TEST(test_rtas_block_outside_ram_fails_the_hcall)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, KVMPPC_H_RTAS, DEVTEST_RAM - 8, 0, 0, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}

TEST(test_rtas_counts_beyond_the_limit_fail_the_hcall)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_DISPLAY_CHARACTER, 100, 1, (uint32_t[100]){ 0 }, rets), H_PARAMETER);
        devtest_fini(&t);
}

TEST(test_rtas_display_character_prints_it)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_DISPLAY_CHARACTER, 1, 1, (uint32_t[]){ 'Z' }, rets), 0);
        CHECK_EQ(t.out_len, 1);
        CHECK_EQ(t.out[0], 'Z');
        devtest_fini(&t);
}

TEST(test_rtas_display_character_wrong_counts_is_param_error)
{
        struct devtest t;
        uint32_t rets[2];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_DISPLAY_CHARACTER, 0, 1, NULL, rets), RTAS_OUT_PARAM_ERROR);
        CHECK_EQ(devtest_rtas(&t, RTAS_DISPLAY_CHARACTER, 1, 2, (uint32_t[]){ 'Z' }, rets), RTAS_OUT_PARAM_ERROR);
        CHECK_EQ(t.out_len, 0);
        devtest_fini(&t);
}

TEST(test_rtas_get_time_of_day_follows_the_host_clock)
{
        struct devtest t;
        uint32_t rets[8];
        struct tm tm;
        time_t now = time(NULL);

        devtest_init(&t, false);
        gmtime_r(&now, &tm);
        CHECK_EQ(devtest_rtas(&t, RTAS_GET_TIME_OF_DAY, 0, 8, NULL, rets), 0);
        CHECK_EQ(rets[1], (uint32_t)tm.tm_year + 1900);
        CHECK(rets[2] >= 1 && rets[2] <= 12);
        CHECK(rets[7] < 1000000000u);
        devtest_fini(&t);
}

TEST(test_rtas_set_time_of_day_moves_the_guest_clock_only)
{
        struct devtest t;
        uint32_t rets[8];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_SET_TIME_OF_DAY, 7, 1,
                              (uint32_t[]){ 2001, 2, 3, 4, 5, 6, 0 }, rets), 0);
        CHECK_EQ(devtest_rtas(&t, RTAS_GET_TIME_OF_DAY, 0, 8, NULL, rets), 0);
        CHECK_EQ(rets[1], 2001);
        CHECK_EQ(rets[2], 2);
        CHECK_EQ(rets[3], 3);
        CHECK_EQ(rets[4], 4);
        devtest_fini(&t);
}

TEST(test_rtas_set_time_of_day_rejects_month_13)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_SET_TIME_OF_DAY, 7, 1,
                              (uint32_t[]){ 2001, 13, 3, 4, 5, 6, 0 }, rets), RTAS_OUT_PARAM_ERROR);
        CHECK_EQ(t.p.rtc_offset, 0);
        devtest_fini(&t);
}

TEST(test_rtas_power_off_stops_the_machine)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_POWER_OFF, 2, 1, (uint32_t[]){ -1u, -1u }, rets), 0);
        CHECK_EQ(t.stops, 1);
        CHECK_EQ(t.stop_why, PLATFORM_STOP_POWEROFF);
        devtest_fini(&t);
}

TEST(test_rtas_power_off_with_wrong_counts_does_nothing)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_POWER_OFF, 1, 1, (uint32_t[]){ 0 }, rets), RTAS_OUT_PARAM_ERROR);
        CHECK_EQ(t.stops, 0);
        devtest_fini(&t);
}

TEST(test_rtas_system_reboot_asks_for_reboot)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_SYSTEM_REBOOT, 0, 1, NULL, rets), 0);
        CHECK_EQ(t.stop_why, PLATFORM_STOP_REBOOT);
        devtest_fini(&t);
}

TEST(test_rtas_os_term_passes_the_message)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        memcpy(t.ram + 0x4000, "panic: oops\n", 13);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_OS_TERM, 1, 1, (uint32_t[]){ 0x4000 }, rets), 0);
        CHECK_EQ(t.stop_why, PLATFORM_STOP_OS_TERM);
        CHECK(strcmp(t.stop_detail, "panic: oops?") == 0);
        devtest_fini(&t);
}

TEST(test_rtas_start_cpu_passes_entry_and_r3)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_START_CPU, 3, 1, (uint32_t[]){ 1, 0x5000, 0x77 }, rets), 0);
        CHECK_EQ(t.start_index, 1);
        CHECK_EQ(t.start_entry, 0x5000);
        CHECK_EQ(t.start_r3, 0x77);
        devtest_fini(&t);
}

TEST(test_rtas_start_cpu_of_a_running_cpu_is_hw_error)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        t.start_ret = -16;
        CHECK_EQ(devtest_rtas(&t, RTAS_START_CPU, 3, 1, (uint32_t[]){ 0, 0x5000, 0 }, rets), RTAS_OUT_HW_ERROR);
        devtest_fini(&t);
}

TEST(test_rtas_start_cpu_of_an_unknown_cpu_is_param_error)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_START_CPU, 3, 1, (uint32_t[]){ 2, 0x5000, 0 }, rets), RTAS_OUT_PARAM_ERROR);
        CHECK_EQ(t.start_calls, 0);
        devtest_fini(&t);
}

TEST(test_rtas_query_cpu_stopped_state)
{
        struct devtest t;
        uint32_t rets[2];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_QUERY_CPU_STOPPED_STATE, 1, 2, (uint32_t[]){ 0 }, rets), 0);
        CHECK_EQ(rets[1], RTAS_CPU_RUNNING);
        CHECK_EQ(devtest_rtas(&t, RTAS_QUERY_CPU_STOPPED_STATE, 1, 2, (uint32_t[]){ 1 }, rets), 0);
        CHECK_EQ(rets[1], RTAS_CPU_STOPPED);
        CHECK_EQ(devtest_rtas(&t, RTAS_QUERY_CPU_STOPPED_STATE, 1, 2, (uint32_t[]){ 9 }, rets),
                 RTAS_OUT_PARAM_ERROR);
        devtest_fini(&t);
}

TEST(test_rtas_stop_self_stops_the_caller)
{
        struct devtest t;

        devtest_init(&t, false);
        devtest_rtas(&t, RTAS_STOP_SELF, 0, 0, NULL, NULL);
        CHECK_EQ(t.stop_self_calls, 1);
        CHECK(t.stopped[0]);
        devtest_fini(&t);
}

TEST(test_rtas_set_xive_then_get_xive)
{
        struct devtest t;
        uint32_t rets[3];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_SET_XIVE, 3, 1, (uint32_t[]){ 0x1005, 1, 5 }, rets), 0);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_GET_XIVE, 1, 3, (uint32_t[]){ 0x1005 }, rets), 0);
        CHECK_EQ(rets[1], 1);
        CHECK_EQ(rets[2], 5);
        devtest_fini(&t);
}

TEST(test_rtas_xive_rejects_bad_irq_server_and_priority)
{
        struct devtest t;
        uint32_t rets[3];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_SET_XIVE, 3, 1, (uint32_t[]){ 0x2, 0, 5 }, rets), RTAS_OUT_PARAM_ERROR);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_SET_XIVE, 3, 1, (uint32_t[]){ 0x1005, 2, 5 }, rets), RTAS_OUT_PARAM_ERROR);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_SET_XIVE, 3, 1, (uint32_t[]){ 0x1005, 0, 256 }, rets), RTAS_OUT_PARAM_ERROR);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_GET_XIVE, 1, 3, (uint32_t[]){ 0x9999 }, rets), RTAS_OUT_PARAM_ERROR);
        devtest_fini(&t);
}

TEST(test_rtas_int_off_masks_and_int_on_restores)
{
        struct devtest t;
        uint32_t rets[3];

        devtest_init(&t, false);
        devtest_rtas(&t, RTAS_IBM_SET_XIVE, 3, 1, (uint32_t[]){ 0x1005, 0, 5 }, rets);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_INT_OFF, 1, 1, (uint32_t[]){ 0x1005 }, rets), 0);
        devtest_rtas(&t, RTAS_IBM_GET_XIVE, 1, 3, (uint32_t[]){ 0x1005 }, rets);
        CHECK_EQ(rets[2], 0xff);
        CHECK_EQ(devtest_rtas(&t, RTAS_IBM_INT_ON, 1, 1, (uint32_t[]){ 0x1005 }, rets), 0);
        devtest_rtas(&t, RTAS_IBM_GET_XIVE, 1, 3, (uint32_t[]){ 0x1005 }, rets);
        CHECK_EQ(rets[2], 5);
        devtest_fini(&t);
}

TEST(test_rtas_event_scan_without_events_finds_none)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_EVENT_SCAN, 4, 1, (uint32_t[]){ -1u, 0, 0x6000, 2048 }, rets),
                 RTAS_OUT_NO_ERRORS_FOUND);
        devtest_fini(&t);
}

TEST(test_rtas_check_exception_reports_epow_after_shutdown_request)
{
        struct devtest t;
        uint32_t rets[1];
        const uint32_t args[6] = { 0x500, 0x1000, 0x40000000, 1, 0x6000, 2048 };

        devtest_init(&t, false);
        CHECK_EQ(devtest_rtas(&t, RTAS_CHECK_EXCEPTION, 6, 1, args, rets), RTAS_OUT_NO_ERRORS_FOUND);
        platform_request_shutdown(&t.p);
        CHECK_EQ(devtest_rtas(&t, RTAS_CHECK_EXCEPTION, 6, 1, args, rets), 0);
        CHECK_EQ(t.ram[0x6000], 6);        /* version 6 log */
        CHECK_EQ(t.ram[0x6003], 0x40);     /* type EPOW */
        CHECK_EQ(t.ram[0x6018], 'E');      /* the EPOW section */
        CHECK_EQ(t.ram[0x6020], 3);        /* action: system shutdown */
        CHECK_EQ(devtest_rtas(&t, RTAS_CHECK_EXCEPTION, 6, 1, args, rets), RTAS_OUT_NO_ERRORS_FOUND);
        devtest_fini(&t);
}

TEST(test_rtas_check_exception_keeps_epow_for_a_mask_without_it)
{
        struct devtest t;
        uint32_t rets[1];

        devtest_init(&t, false);
        platform_request_shutdown(&t.p);
        CHECK_EQ(devtest_rtas(&t, RTAS_CHECK_EXCEPTION, 6, 1,
                              (uint32_t[]){ 0x500, 0, 0x80000000, 1, 0x6000, 2048 }, rets),
                 RTAS_OUT_NO_ERRORS_FOUND);
        CHECK(t.p.epow_pending);
        devtest_fini(&t);
}

TEST(test_rtas_stub_calls_h_rtas_with_the_args_in_r4)
{
        uint8_t stub[RTAS_STUB_SIZE];

        rtas_stub_write(stub);
        CHECK_EQ(stub[0], 0x7c);            /* mr r4,r3 */
        CHECK_EQ(stub[3], 0x78);
        CHECK_EQ(stub[10], 0xf0);           /* ori r3,r3,0xf000 */
        CHECK_EQ(stub[15], 0x22);           /* sc 1 */
        CHECK_EQ(stub[16], 0x4e);           /* blr */
}
