/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Integer and branch heavy: sorting 64 Ki 32-bit keys with quicksort
 * (median of three, insertion sort for short runs) and with heapsort, the
 * two results compared and folded into the checksum.
 */
#include "wl.h"

const char wl_name[] = "sort";
const unsigned wl_default_scale = 10;

#define N 65536

static uint32_t a[N], b[N];

static void insertion(uint32_t *v, long n)
{
        for (long i = 1; i < n; i++) {
                uint32_t x = v[i];
                long j = i - 1;

                for (; j >= 0 && v[j] > x; j--)
                        v[j + 1] = v[j];
                v[j + 1] = x;
        }
}

static void swap(uint32_t *x, uint32_t *y)
{
        uint32_t t = *x;
        *x = *y;
        *y = t;
}

static void quick(uint32_t *v, long n)
{
        while (n > 16) {
                long m = n / 2, i = 0, j = n - 1;

                if (v[m] < v[0]) swap(&v[m], &v[0]);
                if (v[n - 1] < v[0]) swap(&v[n - 1], &v[0]);
                if (v[n - 1] < v[m]) swap(&v[n - 1], &v[m]);
                uint32_t p = v[m];
                for (;;) {
                        while (v[i] < p) i++;
                        while (v[j] > p) j--;
                        if (i >= j)
                                break;
                        swap(&v[i++], &v[j--]);
                }
                /* Recurse on the smaller side, loop on the larger. */
                if (j + 1 < n - j - 1) {
                        quick(v, j + 1);
                        v += j + 1;
                        n -= j + 1;
                } else {
                        quick(v + j + 1, n - j - 1);
                        n = j + 1;
                }
        }
        insertion(v, n);
}

static void sift(uint32_t *v, long start, long n)
{
        long root = start;

        for (;;) {
                long c = 2 * root + 1;

                if (c >= n)
                        return;
                if (c + 1 < n && v[c] < v[c + 1])
                        c++;
                if (v[root] >= v[c])
                        return;
                swap(&v[root], &v[c]);
                root = c;
        }
}

static void heap(uint32_t *v, long n)
{
        for (long i = n / 2 - 1; i >= 0; i--)
                sift(v, i, n);
        for (long i = n - 1; i > 0; i--) {
                swap(&v[0], &v[i]);
                sift(v, 0, i);
        }
}

uint64_t wl_run(unsigned scale)
{
        uint64_t s = 0x243f6a8885a308d3ull, h = 0;

        for (unsigned r = 0; r < scale; r++) {
                for (long i = 0; i < N; i++)
                        a[i] = b[i] = (uint32_t)(wl_xorshift(&s) >> 17) % (N * 4);
                quick(a, N);
                heap(b, N);
                for (long i = 0; i < N; i += 97)
                        h = wl_mix(h, a[i] ^ ((uint64_t)(a[i] == b[i]) << 40));
                h = wl_mix(h, a[N - 1]);
        }
        return h;
}
