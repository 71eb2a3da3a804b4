/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Floating point: 96x96 double matrix multiply (i-k-j order), the product
 * fed back as the next left operand after scaling so values stay finite.
 */
#include "wl.h"

const char wl_name[] = "matmul";
const unsigned wl_default_scale = 50;

#define N 96

static double a[N][N], bm[N][N], c[N][N];

uint64_t wl_run(unsigned scale)
{
        uint64_t s = 0x082efa98ec4e6c89ull, h = 0;

        for (int i = 0; i < N; i++)
                for (int j = 0; j < N; j++) {
                        a[i][j] = (double)(int64_t)(wl_xorshift(&s) >> 40) / 16777216.0;
                        bm[i][j] = (double)(int64_t)(wl_xorshift(&s) >> 40) / 16777216.0 - 0.5;
                }
        for (unsigned r = 0; r < scale; r++) {
                for (int i = 0; i < N; i++)
                        for (int j = 0; j < N; j++)
                                c[i][j] = 0;
                for (int i = 0; i < N; i++)
                        for (int k = 0; k < N; k++) {
                                double aik = a[i][k];

                                for (int j = 0; j < N; j++)
                                        c[i][j] += aik * bm[k][j];
                        }
                double norm = 0;
                for (int i = 0; i < N; i++)
                        for (int j = 0; j < N; j++) {
                                double v = c[i][j] < 0 ? -c[i][j] : c[i][j];
                                norm = v > norm ? v : norm;
                        }
                for (int i = 0; i < N; i++)
                        for (int j = 0; j < N; j++)
                                a[i][j] = c[i][j] / norm;
                h = wl_mix(h, wl_double_bits(norm));
                h = wl_mix(h, wl_double_bits(c[r % N][(r * 7) % N]));
        }
        return h;
}
