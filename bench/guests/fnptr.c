/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Calls through function pointers: a table of small operations picked by a
 * pseudo-random stream (indirect calls through CTR, returns through LR), and
 * "objects" with a method table, as C++ virtual calls or a kernel's ops
 * structures make them.
 */
#include "wl.h"

const char wl_name[] = "fnptr";
const unsigned wl_default_scale = 8;

#define CALLS_PER_SCALE 1000000

typedef uint64_t (*op_fn)(uint64_t acc, uint64_t x);

__attribute__((noinline)) static uint64_t op_add(uint64_t a, uint64_t x) { return a + x; }
__attribute__((noinline)) static uint64_t op_xor(uint64_t a, uint64_t x) { return a ^ (x << 3); }
__attribute__((noinline)) static uint64_t op_mul(uint64_t a, uint64_t x) { return a * (x | 1); }
__attribute__((noinline)) static uint64_t op_rot(uint64_t a, uint64_t x) { return (a << (x & 63)) | (a >> (-x & 63)); }
__attribute__((noinline)) static uint64_t op_sub(uint64_t a, uint64_t x) { return a - (x >> 5); }
__attribute__((noinline)) static uint64_t op_min(uint64_t a, uint64_t x) { return a < x ? a + 1 : x ^ a; }
__attribute__((noinline)) static uint64_t op_div(uint64_t a, uint64_t x) { return a / ((x & 0xffff) | 1) + a; }
__attribute__((noinline)) static uint64_t op_pop(uint64_t a, uint64_t x) { return a + (uint64_t)__builtin_popcountll(x); }

static op_fn ops[8] = { op_add, op_xor, op_mul, op_rot, op_sub, op_min, op_div, op_pop };

struct shape;
struct shape_ops {
        int64_t (*area)(const struct shape *s);
        void (*grow)(struct shape *s, int64_t by);
};
struct shape {
        const struct shape_ops *ops;
        int64_t w, h;
};

__attribute__((noinline)) static int64_t rect_area(const struct shape *s) { return s->w * s->h; }
__attribute__((noinline)) static int64_t tri_area(const struct shape *s) { return s->w * s->h / 2; }
__attribute__((noinline)) static void rect_grow(struct shape *s, int64_t by) { s->w += by; s->h += by; }
__attribute__((noinline)) static void tri_grow(struct shape *s, int64_t by) { s->w += by; s->h -= by; }

static const struct shape_ops rect_ops = { rect_area, rect_grow };
static const struct shape_ops tri_ops = { tri_area, tri_grow };

static struct shape shapes[64];

uint64_t wl_run(unsigned scale)
{
        uint64_t s = 0xbe5466cf34e90c6cull, h = 0;

        for (int i = 0; i < 64; i++)
                shapes[i] = (struct shape){ (i % 3) ? &rect_ops : &tri_ops, i + 1, 2 * i + 3 };
        for (unsigned r = 0; r < scale; r++) {
                uint64_t acc = r;

                for (int i = 0; i < CALLS_PER_SCALE; i++) {
                        uint64_t x = wl_xorshift(&s);

                        acc = ops[x & 7](acc, x >> 8);
                        struct shape *sh = &shapes[(x >> 3) & 63];
                        acc += (uint64_t)sh->ops->area(sh);
                        sh->ops->grow(sh, (int64_t)((x >> 20) & 3) - 1);
                }
                h = wl_mix(h, acc);
        }
        return h;
}
