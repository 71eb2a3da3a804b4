/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Ordinary compiled code at some volume: a PRNG, a sort, CRC-32, 64-bit
 * multiply and divide, string handling and double-precision sums, each
 * summed up in one printed number that QEMU and ppcvmd must agree on.  The
 * run is then repeated with the decrementer interrupting it every 50 us:
 * interrupts must not change any result (the handler's save and restore of
 * GPRs, CR, XER, CTR, LR must be exact).
 */
#include "rt/rt.h"

#define N       2048

struct results {
        uint64_t prng, sorted, crc, muldiv, str, fsum;
};

static uint64_t data[N];
static volatile unsigned ticks;
static uint32_t tick_period;

static void on_decrementer(struct rt_regs *r)
{
        ticks = ticks + 1;
        mtdec(tick_period);
}

static uint64_t xorshift(uint64_t *s)
{
        uint64_t x = *s;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return *s = x;
}

static void shell_sort(uint64_t *a, int n)
{
        for (int gap = n / 2; gap > 0; gap /= 2)
                for (int i = gap; i < n; i++)
                        for (int j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
                                uint64_t t = a[j];
                                a[j] = a[j - gap];
                                a[j - gap] = t;
                        }
}

static uint64_t muldiv(void)
{
        uint64_t acc = 0;

        for (int i = 1; i < N; i++) {
                uint64_t a = data[i], b = data[i - 1] | 1;
                int64_t sa = (int64_t)a, sb = (int64_t)(b >> 3) | 1;

                acc += a * b + (uint64_t)((unsigned __int128)a * b >> 64);
                acc ^= a / b + a % b;
                acc += (uint64_t)(sa / sb) + (uint64_t)(sa % sb);
                acc = (acc << 7) | (acc >> 57);
                acc += (uint32_t)a / ((uint32_t)b | 1) + (uint64_t)((int32_t)a >> (i & 31));
        }
        return acc;
}

static uint64_t strings(void)
{
        char buf[64];
        uint64_t acc = 0;

        for (int i = 0; i < 200; i++) {
                int n = snprintf(buf, sizeof(buf), "%d:%x:%s:%lu", i * 7919 - 500000, i * 31,
                                 i % 3 ? "abc" : "defgh", (unsigned long)data[i]);
                acc = acc * 31 + (uint64_t)n + crc32(buf, strlen(buf));
                acc += (uint64_t)strcmp(buf, "500") + (uint64_t)memcmp(buf, "-49", 3);
        }
        return acc;
}

static uint64_t fsum(void)
{
        double s = 0, p = 1, q = 0;
        union { double d; uint64_t u; } v;

        for (int i = 0; i < N; i++) {
                double x = (double)(int64_t)(data[i] >> 11) / 9007199254740992.0;

                s += x * x - 0.25;
                p *= 1.0 + x / 1024;
                q = q / 3 + (double)(i % 17) * 0.1;
        }
        v.d = s + p + q;
        return v.u;
}

static void run(struct results *r)
{
        uint64_t seed = 0x9e3779b97f4a7c15ull;

        r->prng = 0;
        for (int i = 0; i < N; i++) {
                data[i] = xorshift(&seed);
                r->prng += data[i] >> 3;
        }
        r->muldiv = muldiv();
        r->str = strings();
        r->fsum = fsum();
        shell_sort(data, N);
        r->sorted = 0;
        for (int i = 1; i < N; i++)
                r->sorted += data[i] >= data[i - 1];
        r->crc = crc32(data, sizeof(data));
}

int guest_main(void)
{
        struct results quiet, busy;

        run(&quiet);
        printf("prng sum   %#018lx\n", (unsigned long)quiet.prng);
        printf("sorted     %lu of %d in order\n", (unsigned long)quiet.sorted, N - 1);
        printf("crc32      %#010lx\n", (unsigned long)quiet.crc);
        printf("mul/div    %#018lx\n", (unsigned long)quiet.muldiv);
        printf("strings    %#018lx\n", (unsigned long)quiet.str);
        printf("float sum  %#018lx\n", (unsigned long)quiet.fsum);
        check_eq("pairs in order after the sort", (long)quiet.sorted, N - 1);

        /* Repeat until interrupted a few times (how often is not printed:
         * it depends on the host). */
        exc_set_handler(0x900, on_decrementer);
        tick_period = (uint32_t)(tb_freq() / 20000);    /* 50 us */
        ticks = 0;
        mtdec(tick_period);
        irq_enable();
        bool same = true;
        uint64_t deadline = mftb() + 5 * tb_freq();
        do {
                run(&busy);
                same &= !memcmp(&quiet, &busy, sizeof(quiet));
        } while (ticks < 3 && mftb() < deadline);
        irq_disable();
        mtdec(0x7fffffff);
        check(ticks >= 3, "the decrementer interrupted the runs");
        check(same, "the same results with interrupts");
        return 0;
}
