/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Memory: copies of 4 MiB (doubleword loop and byte loop), strided reads
 * (64 bytes and 4 KiB apart, touching every page), and a random pointer
 * chase through a single cycle over 1 Mi entries (4 MiB).
 */
#include "wl.h"

const char wl_name[] = "memory";
const unsigned wl_default_scale = 6;

#define BYTES   (4u << 20)
#define WORDS   (BYTES / 8)
#define CHASE   (1u << 20)

static uint64_t src[WORDS], dst[WORDS];
static uint32_t next[CHASE];

static void copy64(uint64_t *d, const uint64_t *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                d[i] = s[i];
}

static void copy8(uint8_t *d, const uint8_t *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                d[i] = s[i];
}

static uint64_t strided(const uint64_t *p, size_t words, size_t stride)
{
        uint64_t sum = 0;

        for (size_t off = 0; off < stride; off += 7)
                for (size_t i = off; i < words; i += stride)
                        sum += p[i];
        return sum;
}

/* Sattolo's shuffle: one cycle through every entry. */
static void make_cycle(uint64_t *s)
{
        for (uint32_t i = 0; i < CHASE; i++)
                next[i] = i;
        for (uint32_t i = CHASE - 1; i > 0; i--) {
                uint32_t j = (uint32_t)(wl_xorshift(s) % i), t = next[i];

                next[i] = next[j];
                next[j] = t;
        }
}

static uint64_t chase(uint32_t steps)
{
        uint32_t p = 0;
        uint64_t sum = 0;

        while (steps--) {
                p = next[p];
                sum += p;
        }
        return sum;
}

uint64_t wl_run(unsigned scale)
{
        uint64_t s = 0xa4093822299f31d0ull, h = 0;

        for (size_t i = 0; i < WORDS; i++)
                src[i] = wl_xorshift(&s);
        make_cycle(&s);
        for (unsigned r = 0; r < scale; r++) {
                src[r] += r;
                copy64(dst, src, WORDS);
                h = wl_mix(h, dst[r * 4099 % WORDS]);
                copy8((uint8_t *)dst + 1, (const uint8_t *)src, BYTES / 4);
                h = wl_mix(h, dst[r * 8191 % (WORDS / 4)]);
                h = wl_mix(h, strided(dst, WORDS, 8));
                h = wl_mix(h, strided(src, WORDS, 512));
                h = wl_mix(h, chase(CHASE));
        }
        return h;
}
