/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The benchmark workloads' common shape: each file defines one workload,
 * wl_run(scale), a pure function of its scale that returns a checksum.  The
 * same file is built as a pseries guest (guest_main.c, on tests/guests/rt)
 * and natively for the host (native_main.c), so nothing here may use libc:
 * only what a freestanding compiler gives.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The workload's name, as the results table shows it. */
extern const char wl_name[];
/* The default scale: several seconds on ppcvmd's emulator. */
extern const unsigned wl_default_scale;
/* Runs the workload `scale` times over; the checksum depends on every result. */
uint64_t wl_run(unsigned scale);

static inline uint64_t wl_xorshift(uint64_t *s)
{
        uint64_t x = *s;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return *s = x;
}

/* Folds a value into a checksum so that order matters. */
static inline uint64_t wl_mix(uint64_t h, uint64_t v)
{
        h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        return h * 0xff51afd7ed558ccdull;
}

static inline uint64_t wl_double_bits(double d)
{
        union { double d; uint64_t u; } u = { .d = d };
        return u.u;
}
