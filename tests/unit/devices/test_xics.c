/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* XICS: CPPR, MFRR, EOI, priority and rejection logic through the hcalls. */
#include "devtest.h"

static uint64_t xirr(struct devtest *t, unsigned cpu)
{
        uint64_t r[9];

        CHECK_EQ(devtest_hcall(t, cpu, H_XIRR, 0, 0, 0, 0, r), H_SUCCESS);
        return r[0];
}

static void cppr(struct devtest *t, unsigned cpu, uint8_t v)
{
        CHECK_EQ(devtest_hcall(t, cpu, H_CPPR, v, 0, 0, 0, NULL), H_SUCCESS);
}

static void route(struct devtest *t, uint32_t irq, uint32_t server, uint8_t prio)
{
        CHECK_EQ(xics_set_xive(&t->p.xics, irq, server, prio), 0);
}

TEST(test_xics_ipi_below_cppr_raises_the_line)
{
        struct devtest t;

        devtest_init(&t, false);
        cppr(&t, 1, 0xff);
        CHECK_EQ(devtest_hcall(&t, 0, H_IPI, 1, 5, 0, 0, NULL), H_SUCCESS);
        CHECK_EQ(fake_of(t.v[1])->line, 1);
        CHECK_EQ(xirr(&t, 1), 0xff000002);
        CHECK_EQ(fake_of(t.v[1])->line, 0);
        devtest_fini(&t);
}

TEST(test_xics_ipi_not_below_cppr_waits)
{
        struct devtest t;

        devtest_init(&t, false);
        cppr(&t, 0, 5);
        devtest_hcall(&t, 0, H_IPI, 0, 5, 0, 0, NULL);
        CHECK_EQ(fake_of(t.v[0])->line, 0);
        cppr(&t, 0, 6);
        CHECK_EQ(fake_of(t.v[0])->line, 1);
        devtest_fini(&t);
}

TEST(test_xics_accept_raises_cppr_to_the_priority_and_eoi_restores_it)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, false);
        cppr(&t, 0, 0xff);
        devtest_hcall(&t, 0, H_IPI, 0, 4, 0, 0, NULL);
        CHECK_EQ(xirr(&t, 0), 0xff000002);
        devtest_hcall(&t, 0, H_IPOLL, 0, 0, 0, 0, r);
        CHECK_EQ(r[0] >> 24, 4);
        devtest_hcall(&t, 0, H_IPI, 0, 0xff, 0, 0, NULL);
        CHECK_EQ(devtest_hcall(&t, 0, H_EOI, 0xff000002, 0, 0, 0, NULL), H_SUCCESS);
        devtest_hcall(&t, 0, H_IPOLL, 0, 0, 0, 0, r);
        CHECK_EQ(r[0], 0xff000000);
        CHECK_EQ(r[1], 0xff);
        devtest_fini(&t);
}

TEST(test_xics_ipoll_does_not_accept)
{
        struct devtest t;
        uint64_t r[9];

        devtest_init(&t, false);
        cppr(&t, 0, 0xff);
        devtest_hcall(&t, 0, H_IPI, 0, 3, 0, 0, NULL);
        devtest_hcall(&t, 0, H_IPOLL, 0, 0, 0, 0, r);
        CHECK_EQ(r[0], 0xff000002);
        CHECK_EQ(r[1], 3);
        CHECK_EQ(fake_of(t.v[0])->line, 1);
        devtest_fini(&t);
}

TEST(test_xics_msi_is_presented_to_its_server)
{
        struct devtest t;

        devtest_init(&t, false);
        cppr(&t, 1, 0xff);
        route(&t, 0x1010, 1, 5);
        xics_fire_msi(&t.p.xics, 0x1010);
        CHECK_EQ(fake_of(t.v[1])->line, 1);
        CHECK_EQ(fake_of(t.v[0])->line, 0);
        CHECK_EQ(xirr(&t, 1), 0xff001010);
        devtest_fini(&t);
}

TEST(test_xics_masked_msi_is_delivered_when_unmasked)
{
        struct devtest t;

        devtest_init(&t, false);
        cppr(&t, 0, 0xff);
        xics_fire_msi(&t.p.xics, 0x1010);
        CHECK_EQ(fake_of(t.v[0])->line, 0);
        route(&t, 0x1010, 0, 5);
        CHECK_EQ(fake_of(t.v[0])->line, 1);
        CHECK_EQ(xirr(&t, 0), 0xff001010);
        devtest_fini(&t);
}

TEST(test_xics_more_favoured_interrupt_replaces_pending_one)
{
        struct devtest t;

        devtest_init(&t, false);
        cppr(&t, 0, 0xff);
        route(&t, 0x1010, 0, 6);
        route(&t, 0x1011, 0, 2);
        xics_fire_msi(&t.p.xics, 0x1010);
        xics_fire_msi(&t.p.xics, 0x1011);
        CHECK_EQ(xirr(&t, 0), 0xff001011);
        /* the bounced one comes back once CPPR is lowered again by the EOI */
        devtest_hcall(&t, 0, H_EOI, 0xff001011, 0, 0, 0, NULL);
        CHECK_EQ(xirr(&t, 0), 0xff001010);
        devtest_fini(&t);
}

TEST(test_xics_raising_cppr_priority_rejects_the_pending_interrupt)
{
        struct devtest t;

        devtest_init(&t, false);
        cppr(&t, 0, 0xff);
        route(&t, 0x1010, 0, 6);
        xics_fire_msi(&t.p.xics, 0x1010);
        cppr(&t, 0, 6);
        CHECK_EQ(fake_of(t.v[0])->line, 0);
        CHECK_EQ(xirr(&t, 0), 0x06000000);
        cppr(&t, 0, 0xff);
        CHECK_EQ(xirr(&t, 0), 0xff001010);
        devtest_fini(&t);
}

TEST(test_xics_ipi_to_unknown_server_is_h_parameter)
{
        struct devtest t;

        devtest_init(&t, false);
        CHECK_EQ(devtest_hcall(&t, 0, H_IPI, 2, 0, 0, 0, NULL), H_PARAMETER);
        CHECK_EQ(devtest_hcall(&t, 0, H_IPOLL, 7, 0, 0, 0, NULL), H_PARAMETER);
        devtest_fini(&t);
}

TEST(test_xics_shutdown_request_fires_the_epow_source)
{
        struct devtest t;

        devtest_init(&t, false);
        cppr(&t, 0, 0xff);
        route(&t, XICS_IRQ_EPOW, 0, 1);
        platform_request_shutdown(&t.p);
        CHECK_EQ(xirr(&t, 0), 0xff000000 | XICS_IRQ_EPOW);
        devtest_fini(&t);
}
