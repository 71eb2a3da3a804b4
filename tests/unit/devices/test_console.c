/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The hvterm input ring. */
#include "devices/console.h"
#include "test.h"

TEST(test_hvterm_reads_back_in_order)
{
        struct hvterm t;
        uint8_t b[8];

        hvterm_init(&t);
        CHECK_EQ(hvterm_input(&t, (const uint8_t *)"abc", 3, NULL), 3);
        CHECK_EQ(hvterm_read(&t, b, sizeof(b)), 3);
        CHECK_EQ(b[0], 'a');
        CHECK_EQ(b[2], 'c');
        CHECK_EQ(hvterm_read(&t, b, sizeof(b)), 0);
        hvterm_fini(&t);
}

TEST(test_hvterm_full_ring_drops_the_oldest_and_counts)
{
        static uint8_t big[HVTERM_INPUT_SIZE + 10];
        struct hvterm t;
        uint8_t b[4];

        hvterm_init(&t);
        for (unsigned i = 0; i < sizeof(big); i++)
                big[i] = (uint8_t)i;
        CHECK_EQ(hvterm_input(&t, big, sizeof(big), NULL), sizeof(big));
        CHECK_EQ(hvterm_dropped(&t), 10);
        CHECK_EQ(hvterm_read(&t, b, 1), 1);
        CHECK_EQ(b[0], 10);
        hvterm_fini(&t);
}

TEST(test_hvterm_reset_empties_the_ring)
{
        struct hvterm t;
        uint8_t b[4];

        hvterm_init(&t);
        hvterm_input(&t, (const uint8_t *)"xy", 2, NULL);
        hvterm_reset(&t);
        CHECK_EQ(hvterm_read(&t, b, sizeof(b)), 0);
        hvterm_fini(&t);
}
