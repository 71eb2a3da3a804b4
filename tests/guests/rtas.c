/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RTAS services and their parameter errors (PAPR 7.3). */
#include "rt/rt.h"

#define RTAS_OK                 0
#define RTAS_HW_ERROR           (-1)
#define RTAS_PARAM_ERROR        (-3)
#define RTAS_NO_ERRORS_FOUND    1
#define CPU_STATE_STOPPED       0
#define CPU_STATE_RUNNING       2

static uint8_t event_buf[1024] __attribute__((aligned(8)));

static void test_display_character(void)
{
        /* The characters go to the console: "R" and a newline. */
        int32_t r = rtas_call("display-character", 1, 1, NULL, (uint32_t)'R');
        int32_t nl = rtas_call("display-character", 1, 1, NULL, (uint32_t)'\n');

        check_eq("display-character 'R'", r, RTAS_OK);
        check_eq("display-character newline", nl, RTAS_OK);
}

static void test_time_of_day(void)
{
        int32_t r[8];

        check_eq("get-time-of-day", rtas_call("get-time-of-day", 0, 8, r), RTAS_OK);
        check(r[1] >= 2020 && r[1] < 2100, "get-time-of-day: a plausible year");
        check(r[2] >= 1 && r[2] <= 12 && r[3] >= 1 && r[3] <= 31, "get-time-of-day: a valid date");
        check(r[4] >= 0 && r[4] < 24 && r[5] >= 0 && r[5] < 60 && r[6] >= 0 && r[6] < 60,
              "get-time-of-day: a valid time");
        check_eq("get-time-of-day with 7 results", rtas_call("get-time-of-day", 0, 7, NULL),
                 RTAS_PARAM_ERROR);

        check_eq("set-time-of-day 2030-06-15 12:34:00", rtas_call("set-time-of-day", 7, 1, NULL,
                 2030u, 6u, 15u, 12u, 34u, 0u, 0u), RTAS_OK);
        rtas_call("get-time-of-day", 0, 8, r);
        printf("time of day now %04d-%02d-%02d %02d:%02d\n", r[1], r[2], r[3], r[4], r[5]);
        check(r[1] == 2030 && r[2] == 6 && r[3] == 15 && r[4] == 12 && r[5] == 34,
              "get-time-of-day follows set-time-of-day");
        check_eq("set-time-of-day with 6 arguments", rtas_call("set-time-of-day", 6, 1, NULL,
                 2030u, 6u, 15u, 12u, 34u, 0u), RTAS_PARAM_ERROR);
}

static void test_events(void)
{
        uint32_t buf = (uint32_t)(uintptr_t)event_buf;

        check_eq("event-scan, nothing pending", rtas_call("event-scan", 4, 1, NULL,
                 0xffffffffu, 0u, buf, (uint32_t)sizeof(event_buf)), RTAS_NO_ERRORS_FOUND);
        check_eq("event-scan with 3 arguments", rtas_call("event-scan", 3, 1, NULL,
                 0xffffffffu, 0u, buf), RTAS_PARAM_ERROR);
        check_eq("check-exception, nothing pending", rtas_call("check-exception", 6, 1, NULL,
                 0x500u, 0u, 0xffffffffu, 0u, buf, (uint32_t)sizeof(event_buf)),
                 RTAS_NO_ERRORS_FOUND);
        check_eq("check-exception with 5 arguments", rtas_call("check-exception", 5, 1, NULL,
                 0x500u, 0u, 0xffffffffu, 0u, buf), RTAS_PARAM_ERROR);
}

static void test_cpus(void)
{
        int32_t r[2];

        check_eq("query-cpu-stopped-state of vcpu 0", rtas_call("query-cpu-stopped-state", 1, 2,
                 r, cpu_id(0)), RTAS_OK);
        check_eq("vcpu 0 state", r[1], CPU_STATE_RUNNING);
        check_eq("query-cpu-stopped-state of vcpu 77", rtas_call("query-cpu-stopped-state", 1, 2,
                 r, 77u), RTAS_PARAM_ERROR);
        check_eq("query-cpu-stopped-state with 1 result", rtas_call("query-cpu-stopped-state", 1, 1,
                 r, cpu_id(0)), RTAS_PARAM_ERROR);
        check_eq("start-cpu of the running vcpu 0", rtas_call("start-cpu", 3, 1, NULL, cpu_id(0),
                 0x400000u, 0u), RTAS_HW_ERROR);
        check_eq("start-cpu of vcpu 77", rtas_call("start-cpu", 3, 1, NULL, 77u, 0x400000u, 0u),
                 RTAS_PARAM_ERROR);
}

/* The EPOW source from /event-sources (an ICS interrupt every pseries has). */
static uint32_t epow_irq(void)
{
        int node = dt_find("/event-sources/epow-events");

        return node >= 0 ? dt_u32(node, "interrupts", 0) : 0;
}

static void test_xive(void)
{
        uint32_t irq = epow_irq();
        int32_t r[3];

        check(irq != 0, "an EPOW interrupt source");
        check_eq("ibm,get-xive", rtas_call("ibm,get-xive", 1, 3, r, irq), RTAS_OK);
        check_eq("EPOW priority (masked)", r[2], 0xff);
        check_eq("ibm,set-xive to vcpu 0 priority 5", rtas_call("ibm,set-xive", 3, 1, NULL, irq,
                 cpu_server(0), 5u), RTAS_OK);
        check_eq("ibm,get-xive", rtas_call("ibm,get-xive", 1, 3, r, irq), RTAS_OK);
        check(r[1] == (int32_t)cpu_server(0) && r[2] == 5, "ibm,get-xive gives back server %d priority %d",
              r[1], r[2]);
        check_eq("ibm,int-off", rtas_call("ibm,int-off", 1, 1, NULL, irq), RTAS_OK);
        check_eq("ibm,int-on", rtas_call("ibm,int-on", 1, 1, NULL, irq), RTAS_OK);
        check_eq("ibm,get-xive", rtas_call("ibm,get-xive", 1, 3, r, irq), RTAS_OK);
        check_eq("priority after int-off/int-on", r[2], 5);
        check_eq("ibm,set-xive back to masked", rtas_call("ibm,set-xive", 3, 1, NULL, irq,
                 cpu_server(0), 0xffu), RTAS_OK);
        check_eq("ibm,get-xive of irq 0x7777", rtas_call("ibm,get-xive", 1, 3, r, 0x7777u),
                 RTAS_PARAM_ERROR);
        check_eq("ibm,set-xive with 2 arguments", rtas_call("ibm,set-xive", 2, 1, NULL, irq,
                 cpu_server(0)), RTAS_PARAM_ERROR);
}

static void test_bad_calls(void)
{
        check_eq("power-off with 1 argument", rtas_call("power-off", 1, 1, NULL, 0u),
                 RTAS_PARAM_ERROR);
        check_eq("system-reboot with 1 argument", rtas_call("system-reboot", 1, 1, NULL, 0u),
                 RTAS_PARAM_ERROR);
        check_eq("unknown token 0x1fff", rtas_call_token(0x1fff, 0, 1, NULL), RTAS_PARAM_ERROR);
}

int guest_main(void)
{
        test_display_character();
        test_time_of_day();
        test_events();
        test_cpus();
        test_xive();
        test_bad_calls();
        return 0;
}
