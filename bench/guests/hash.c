/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Integer heavy: CRC-32 (table driven, byte at a time), FNV-1a and a 64-bit
 * multiply-xorshift hash over a 256 KiB buffer, then an open-addressing
 * hash table of 32 Ki keys (inserts and lookups).
 */
#include "wl.h"

const char wl_name[] = "hash";
const unsigned wl_default_scale = 60;

#define BUF   (256 * 1024)
#define SLOTS 65536

static uint8_t buf[BUF];
static uint32_t crc_table[256];
static uint64_t table[SLOTS];

static void crc_init(void)
{
        for (uint32_t i = 0; i < 256; i++) {
                uint32_t c = i;

                for (int k = 0; k < 8; k++)
                        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
                crc_table[i] = c;
        }
}

static uint32_t crc32_buf(const uint8_t *p, size_t n)
{
        uint32_t c = 0xffffffffu;

        while (n--)
                c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
        return ~c;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
        uint64_t h = 0xcbf29ce484222325ull;

        while (n--)
                h = (h ^ *p++) * 0x100000001b3ull;
        return h;
}

static uint64_t mulxs(const uint8_t *p, size_t n)
{
        uint64_t h = 0;

        for (size_t i = 0; i + 8 <= n; i += 8) {
                uint64_t w = 0;

                for (int k = 0; k < 8; k++)
                        w |= (uint64_t)p[i + k] << (8 * k);
                h = (h ^ w) * 0x9fb21c651e98df25ull;
                h ^= h >> 29;
        }
        return h;
}

static uint64_t table_work(uint64_t seed)
{
        uint64_t s = seed, found = 0;

        for (size_t i = 0; i < SLOTS; i++)
                table[i] = 0;
        for (int i = 0; i < SLOTS / 2; i++) {
                uint64_t k = wl_xorshift(&s) | 1, j = (k * 0x9e3779b97f4a7c15ull) >> 48;

                while (table[j] && table[j] != k)
                        j = (j + 1) & (SLOTS - 1);
                table[j] = k;
        }
        s = seed;
        for (int i = 0; i < SLOTS / 2; i++) {
                uint64_t k = (i & 1) ? wl_xorshift(&s) | 1 : (uint64_t)i * 2 + 1;
                uint64_t j = (k * 0x9e3779b97f4a7c15ull) >> 48;

                while (table[j] && table[j] != k)
                        j = (j + 1) & (SLOTS - 1);
                found += table[j] == k;
        }
        return found;
}

uint64_t wl_run(unsigned scale)
{
        uint64_t s = 0x13198a2e03707344ull, h = 0;

        crc_init();
        for (size_t i = 0; i < BUF; i++)
                buf[i] = (uint8_t)(wl_xorshift(&s) >> 32);
        for (unsigned r = 0; r < scale; r++) {
                buf[r % BUF] ^= (uint8_t)r;
                h = wl_mix(h, crc32_buf(buf, BUF));
                h = wl_mix(h, fnv1a(buf, BUF));
                h = wl_mix(h, mulxs(buf, BUF));
                h = wl_mix(h, table_work(h));
        }
        return h;
}
