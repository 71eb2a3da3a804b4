/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A workload built for the host: the physical-limit column.  Prints the
 * same checksum line as the guest, then the CPU seconds wl_run took.
 *   bench-<name> [scale]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wl.h"

static double cpu_seconds(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
        unsigned scale = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 0;
        double t0, t1;
        uint64_t sum;

        if (!scale)
                scale = wl_default_scale;
        t0 = cpu_seconds();
        sum = wl_run(scale);
        t1 = cpu_seconds();
        printf("checksum %s %u %016llx\n", wl_name, scale, (unsigned long long)sum);
        printf("cpu_seconds %.6f\n", t1 - t0);
        return 0;
}
