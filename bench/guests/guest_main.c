/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A workload as a pseries guest: the scale comes from the kernel command
 * line ("scale=N", -append / --append), the checksum goes to the console
 * as "checksum <name> <hex>", and the guest powers off.
 */
#include "rt/rt.h"
#include "wl.h"

static unsigned scale_from_bootargs(void)
{
        int chosen = dt_find("/chosen");
        const char *a = chosen >= 0 ? dt_prop(chosen, "bootargs", NULL) : NULL;

        for (; a && *a; a++) {
                if (strncmp(a, "scale=", 6) == 0) {
                        unsigned v = 0;

                        for (a += 6; *a >= '0' && *a <= '9'; a++)
                                v = v * 10 + (unsigned)(*a - '0');
                        return v ? v : wl_default_scale;
                }
        }
        return wl_default_scale;
}

int guest_main(void)
{
        unsigned scale = scale_from_bootargs();
        uint64_t sum = wl_run(scale);

        printf("checksum %s %u %016lx\n", wl_name, scale, (unsigned long)sum);
        return 0;
}
