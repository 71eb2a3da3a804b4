/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * H_RANDOM: 64 random bits per call (QEMU needs -device spapr-rng for it).
 * Only properties are printed, never the numbers.
 */
#include "rt/rt.h"

int guest_main(void)
{
        unsigned long ret[9];
        uint64_t seen[8], ones = 0;
        bool distinct = true;

        for (unsigned i = 0; i < ARRAY_SIZE(seen); i++) {
                long rc = hcall(H_RANDOM, ret, 0, 0, 0, 0);

                if (rc != H_SUCCESS || i == 0)
                        check_eq("H_RANDOM", rc, H_SUCCESS);
                if (rc != H_SUCCESS)
                        return 1;
                seen[i] = ret[0];
                ones += (uint64_t)__builtin_popcountll(ret[0]);
                for (unsigned j = 0; j < i; j++)
                        distinct &= seen[j] != seen[i];
        }
        check(distinct, "8 values from H_RANDOM are all different");
        /* 512 bits: the chance of being outside 160..352 ones is below 1e-17. */
        check(ones > 160 && ones < 352, "about half of the bits are set");
        return 0;
}
