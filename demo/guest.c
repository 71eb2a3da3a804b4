/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The demo guest: what `scripts/demo` boots.  It reads the machine it was
 * given from the device tree, draws the Mandelbrot set with the FPU, counts
 * primes with the integer unit, asks RTAS for the time, and powers off.
 */
#include "rt/rt.h"

static void show_machine(void)
{
        int mem = dt_find("/memory");
        int len = 0;
        const uint32_t *reg = mem >= 0 ? dt_prop(mem, "reg", &len) : NULL;
        uint64_t bytes = reg && len >= 16 ? ((uint64_t)be32(reg[2]) << 32) | be32(reg[3]) : 0;
        int root = dt_find("/");
        const char *model = root >= 0 ? dt_prop(root, "model", &len) : NULL;

        printf("machine:  %s, %u vcpu%s, %lu MiB of RAM\n", model ? model : "pseries", cpu_count(),
               cpu_count() == 1 ? "" : "s", (unsigned long)(bytes >> 20));
        printf("cpu:      PVR %08lx, %s-endian, timebase %lu MHz\n", (unsigned long)({
                       uint64_t pvr;
                       __asm__("mfpvr %0" : "=r"(pvr));
                       pvr;
               }),
               RT_LITTLE_ENDIAN ? "little" : "big", (unsigned long)(tb_freq() / 1000000));
}

static void mandelbrot(void)
{
        static const char shades[] = " .:-=+*#%@";

        for (int y = 0; y < 22; y++) {
                char line[80];
                int n = 0;
                for (int x = 0; x < 72; x++) {
                        double cr = -2.2 + x * (3.2 / 72), ci = -1.2 + y * (2.4 / 22);
                        double zr = 0, zi = 0;
                        int i = 0;
                        while (i < 200 && zr * zr + zi * zi < 4.0) {
                                double t = zr * zr - zi * zi + cr;
                                zi = 2 * zr * zi + ci;
                                zr = t;
                                i++;
                        }
                        line[n++] = i == 200 ? '@' : shades[i % 9];
                }
                line[n++] = '\n';
                console_write(line, (size_t)n);
        }
}

static unsigned count_primes(unsigned limit)
{
        static uint8_t composite[200001];
        unsigned count = 0;

        for (unsigned i = 2; i <= limit; i++) {
                if (composite[i])
                        continue;
                count++;
                for (unsigned j = i * 2; j <= limit; j += i)
                        composite[j] = 1;
        }
        return count;
}

int guest_main(void)
{
        int32_t t[8];

        printf("\nHello from a PowerPC guest running on ppcvmd.\n\n");
        show_machine();
        printf("\nThe Mandelbrot set, in double-precision floating point:\n\n");
        mandelbrot();
        uint64_t t0 = mftb();
        unsigned primes = count_primes(200000);
        uint64_t t1 = mftb();
        printf("\n%u primes below 200000 (a sieve: %lu ms of guest time)\n", primes,
               (unsigned long)((t1 - t0) / (tb_freq() / 1000)));
        if (rtas_call("get-time-of-day", 0, 8, t) == 0)
                printf("RTAS says it is %04d-%02d-%02d %02d:%02d:%02d UTC\n", t[1], t[2], t[3], t[4], t[5], t[6]);
        printf("\nPowering off through RTAS. Bye!\n");
        return 0;
}
