/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ppcvmd only (ppcvm-run --testdev): loads and stores of every width, sign
 * extension, byte-reversed forms and FPR targets through MMIO to the test
 * device.  Its scratch area and read-only patterns behave like RAM, so each
 * access is checked against the same instruction on a RAM copy: the
 * expected values follow from the guest's byte order by themselves.
 */
#include "rt/rt.h"

#define SCRATCH         0x000
#define PATTERNS        0x100
#define COUNTER         0x200
#define UNUSED          0x800

static const uint8_t patterns[0x20] = {
        0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x7a, 0x79, 0x78,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0x3f, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static uint8_t ram[0x400] __attribute__((aligned(64)));
static volatile uint8_t *dev;

typedef uint64_t (*load_fn)(volatile void *p);
typedef void (*store_fn)(volatile void *p, uint64_t v);

#define LOAD_D(name, insn) static uint64_t name(volatile void *p)                      \
        { uint64_t v; __asm__ volatile(insn " %0,0(%1)" : "=r"(v) : "b"(p) : "memory"); return v; }
#define LOAD_X(name, insn) static uint64_t name(volatile void *p)                      \
        { uint64_t v; __asm__ volatile(insn " %0,0,%1" : "=r"(v) : "r"(p) : "memory"); return v; }
#define STORE_D(name, insn) static void name(volatile void *p, uint64_t v)             \
        { __asm__ volatile(insn " %0,0(%1)" : : "r"(v), "b"(p) : "memory"); }
#define STORE_X(name, insn) static void name(volatile void *p, uint64_t v)             \
        { __asm__ volatile(insn " %0,0,%1" : : "r"(v), "r"(p) : "memory"); }

LOAD_D(do_lbz, "lbz")
LOAD_D(do_lhz, "lhz")
LOAD_D(do_lha, "lha")
LOAD_D(do_lwz, "lwz")
LOAD_D(do_lwa, "lwa")
LOAD_D(do_ld, "ld")
LOAD_X(do_lhbrx, "lhbrx")
LOAD_X(do_lwbrx, "lwbrx")
LOAD_X(do_ldbrx, "ldbrx")
STORE_D(do_stb, "stb")
STORE_D(do_sth, "sth")
STORE_D(do_stw, "stw")
STORE_D(do_std, "std")
STORE_X(do_sthbrx, "sthbrx")
STORE_X(do_stwbrx, "stwbrx")
STORE_X(do_stdbrx, "stdbrx")

/* FPR targets: the loaded double's bits, read back through a RAM store. */
static uint64_t do_lfd(volatile void *p)
{
        uint64_t v;
        double f;

        __asm__ volatile("lfd %0,0(%1)" : "=d"(f) : "b"(p) : "memory");
        __asm__ volatile("stfd %1,0(%2)\nld %0,0(%2)" : "=r"(v) : "d"(f), "b"(ram + 0x3f8)
                         : "memory");
        return v;
}

static uint64_t do_lfs(volatile void *p)
{
        uint64_t v;
        double f;

        __asm__ volatile("lfs %0,0(%1)" : "=d"(f) : "b"(p) : "memory");
        __asm__ volatile("stfd %1,0(%2)\nld %0,0(%2)" : "=r"(v) : "d"(f), "b"(ram + 0x3f8)
                         : "memory");
        return v;
}

static const struct { const char *name; load_fn fn; unsigned size; } loads[] = {
        { "lbz", do_lbz, 1 }, { "lhz", do_lhz, 2 }, { "lha", do_lha, 2 },
        { "lwz", do_lwz, 4 }, { "lwa", do_lwa, 4 }, { "ld", do_ld, 8 },
        { "lhbrx", do_lhbrx, 2 }, { "lwbrx", do_lwbrx, 4 }, { "ldbrx", do_ldbrx, 8 },
        { "lfs", do_lfs, 4 }, { "lfd", do_lfd, 8 },
};

static const struct { const char *name; store_fn fn; } stores[] = {
        { "stb", do_stb }, { "sth", do_sth }, { "stw", do_stw }, { "std", do_std },
        { "sthbrx", do_sthbrx }, { "stwbrx", do_stwbrx }, { "stdbrx", do_stdbrx },
};

static bool find_device(void)
{
        int root = dt_find("/");
        int node = -1;

        while ((node = dt_next_child(root, node)) >= 0) {
                if (dt_has_string(node, "compatible", "ppcvmd,testdev")) {
                        int len = 0;
                        const uint32_t *reg = dt_prop(node, "reg", &len);

                        if (!reg || len < 8)
                                return false;
                        dev = (volatile uint8_t *)(uintptr_t)
                                (((uint64_t)be32(reg[0]) << 32) | be32(reg[1]));
                        return true;
                }
        }
        return false;
}

static void test_pattern_loads(void)
{
        memcpy(ram + PATTERNS, patterns, sizeof(patterns));
        for (size_t i = 0; i < ARRAY_SIZE(loads); i++) {
                for (unsigned off = PATTERNS; off < PATTERNS + sizeof(patterns); off += 8) {
                        uint64_t got = loads[i].fn(dev + off);
                        uint64_t want = loads[i].fn(ram + off);

                        check(got == want, "%-5s at %#x = %#018lx", loads[i].name, off,
                              (unsigned long)got);
                }
        }
}

static void test_scratch_stores(void)
{
        const uint64_t value = 0x8182838485868788ull;

        for (size_t i = 0; i < ARRAY_SIZE(stores); i++) {
                /* Clear both, store at an offset the width divides, read back all of it. */
                do_std(dev + SCRATCH + 0x10, 0);
                do_std(dev + SCRATCH + 0x18, 0);
                memset(ram + 0x10, 0, 16);
                stores[i].fn(dev + SCRATCH + 0x18, value);
                stores[i].fn(ram + 0x18, value);
                for (size_t j = 0; j < ARRAY_SIZE(loads); j++) {
                        if (loads[j].fn == do_lfs || loads[j].fn == do_lfd)
                                continue;
                        uint64_t got = loads[j].fn(dev + SCRATCH + 0x18);
                        uint64_t want = loads[j].fn(ram + 0x18);

                        if (got != want)
                                check(false, "%s then %s: %#lx, RAM gives %#lx", stores[i].name,
                                      loads[j].name, (unsigned long)got, (unsigned long)want);
                }
                check(do_ld(dev + SCRATCH + 0x18) == do_ld(ram + 0x18) &&
                      do_ld(dev + SCRATCH + 0x10) == 0,
                      "%-6s stores exactly its bytes", stores[i].name);
        }
}

static void test_fp_stores(void)
{
        double one = 1.0;
        uint64_t got, want;

        __asm__ volatile("stfd %0,0(%1)" : : "d"(one), "b"(dev + SCRATCH + 0x20) : "memory");
        __asm__ volatile("stfd %0,0(%1)" : : "d"(one), "b"(ram + 0x20) : "memory");
        got = do_ld(dev + SCRATCH + 0x20);
        want = do_ld(ram + 0x20);
        check(got == want, "stfd 1.0 then ld = %#lx", (unsigned long)got);
        __asm__ volatile("stfs %0,0(%1)" : : "d"(one), "b"(dev + SCRATCH + 0x28) : "memory");
        check_eqx("stfs 1.0 then lfs", do_lfs(dev + SCRATCH + 0x28), 0x3ff0000000000000ull);
        check_eqx("stfd 1.0 then lfd", do_lfd(dev + SCRATCH + 0x20), 0x3ff0000000000000ull);
}

static uint64_t counter(void)
{
        return RT_LITTLE_ENDIAN ? do_ldbrx(dev + COUNTER) : do_ld(dev + COUNTER);
}

static void test_counter_and_unused(void)
{
        uint64_t a = counter();
        uint64_t b = counter();

        check_eq("access counter advances by one per access", (long)(b - a), 1);
        do_std(dev + UNUSED, 0x1234);
        check_eqx("unused offset reads 0 after a store", do_ld(dev + UNUSED), 0);
}

int guest_main(void)
{
        if (!check(find_device(), "a ppcvmd,testdev node"))
                return 1;
        test_pattern_loads();
        test_scratch_stores();
        test_fp_stores();
        test_counter_and_unused();
        return 0;
}
