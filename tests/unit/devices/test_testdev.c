/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The test device, the MMIO bus and the DCR bus. */
#include <string.h>

#include "devtest.h"

static void mmio(struct devtest *t, uint64_t addr, void *data, unsigned len, bool w)
{
        mmio_bus_access(&t->p.mmio, addr, data, len, w);
}

TEST(test_testdev_scratch_round_trips_every_width)
{
        struct devtest t;
        static const unsigned widths[] = { 1, 2, 4, 8 };

        devtest_init(&t, true);
        for (unsigned i = 0; i < 4; i++) {
                uint8_t in[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 }, out[8] = { 0 };

                mmio(&t, TESTDEV_BASE + 0x40, in, widths[i], true);
                mmio(&t, TESTDEV_BASE + 0x40, out, widths[i], false);
                CHECK(memcmp(in, out, widths[i]) == 0);
        }
        devtest_fini(&t);
}

TEST(test_testdev_scratch_keeps_byte_order_like_ram)
{
        struct devtest t;
        uint8_t in[4] = { 1, 2, 3, 4 }, out[2];

        devtest_init(&t, true);
        mmio(&t, TESTDEV_BASE + 0x10, in, 4, true);
        mmio(&t, TESTDEV_BASE + 0x12, out, 2, false);
        CHECK_EQ(out[0], 3);
        CHECK_EQ(out[1], 4);
        devtest_fini(&t);
}

TEST(test_testdev_patterns_read_and_ignore_writes)
{
        struct devtest t;
        uint8_t out[8], junk[8] = { 0 };

        devtest_init(&t, true);
        mmio(&t, TESTDEV_BASE + TESTDEV_PATTERNS, junk, 8, true);
        mmio(&t, TESTDEV_BASE + TESTDEV_PATTERNS, out, 8, false);
        CHECK_EQ(out[0], 0x80);
        CHECK_EQ(out[7], 0x87);
        mmio(&t, TESTDEV_BASE + TESTDEV_PATTERNS + 0x18, out, 8, false);
        CHECK_EQ(out[0], 0x3f);
        CHECK_EQ(out[1], 0xf0);
        devtest_fini(&t);
}

TEST(test_testdev_counter_counts_accesses)
{
        struct devtest t;
        uint8_t out[8], b = 0;

        devtest_init(&t, true);
        mmio(&t, TESTDEV_BASE, &b, 1, true);
        mmio(&t, TESTDEV_BASE, &b, 1, false);
        mmio(&t, TESTDEV_BASE + TESTDEV_COUNTER, out, 8, false);
        CHECK_EQ(out[7], 3);
        devtest_fini(&t);
}

TEST(test_testdev_absent_without_the_option)
{
        struct devtest t;
        uint8_t out[4];

        devtest_init(&t, false);
        CHECK(!mmio_bus_access(&t.p.mmio, TESTDEV_BASE, out, 4, false));
        CHECK_EQ(out[0], 0xff);
        CHECK_EQ(out[3], 0xff);
        devtest_fini(&t);
}

TEST(test_mmio_bus_refuses_overlapping_regions)
{
        struct devtest t;
        struct mmio_region r = { .base = TESTDEV_BASE + 0x800, .size = 0x1000 };

        devtest_init(&t, true);
        r.read = t.p.mmio.regions[0].read;
        r.write = t.p.mmio.regions[0].write;
        CHECK_EQ(mmio_bus_add(&t.p.mmio, &r), -17);
        devtest_fini(&t);
}

TEST(test_mmio_access_straddling_the_region_end_is_unassigned)
{
        struct devtest t;
        uint8_t out[8];

        devtest_init(&t, true);
        CHECK(!mmio_bus_access(&t.p.mmio, TESTDEV_BASE + TESTDEV_SIZE - 4, out, 8, false));
        devtest_fini(&t);
}

TEST(test_dcr_reads_zero)
{
        struct dcr_bus b;
        uint32_t v = 0x1234;

        dcr_bus_init(&b);
        dcr_bus_access(&b, 0x10, &v, false);
        CHECK_EQ(v, 0);
        dcr_bus_access(&b, 0x10, &v, true);
        CHECK_EQ(b.writes, 1);
}
