/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Integer and floating-point smoke tests: one instruction each, on inputs
 * the compiler cannot fold, against results the Power ISA defines.
 */
#include "rt/rt.h"

#define XER_CA          (1ull << 29)
#define XER_CA32        (1ull << 18)
#define FPSCR_VXCVI     0x100

#define OP1(insn, a) ({ uint64_t r_; __asm__ volatile(insn " %0,%1" : "=r"(r_) : "r"(a)); r_; })
#define OP2(insn, a, b) ({ uint64_t r_;                                         \
        __asm__ volatile(insn " %0,%1,%2" : "=r"(r_) : "r"(a), "r"(b)); r_; })
#define OPI(insn, a) ({ uint64_t r_; __asm__ volatile(insn : "=r"(r_) : "r"(a)); r_; })

static uint64_t xer_after_srawi(uint64_t a)
{
        uint64_t r, xer;

        __asm__ volatile("li %1,0\nmtxer %1\nsrawi %0,%2,1\nmfxer %1" : "=&r"(r), "=&r"(xer) : "r"(a));
        return xer & (XER_CA | XER_CA32);
}

static void test_integer(void)
{
        volatile uint64_t big = 0x7fffffffffffffffull, one = 1, m1 = -1ull;

        check_eqx("add overflow wraps", OP2("add", big, one), 0x8000000000000000ull);
        check_eqx("mulld", OP2("mulld", 0x123456789ull + one - 1, 0x987654321ull), 0xd77d742cce1833a9ull);
        check_eqx("mulhdu", OP2("mulhdu", 0xfedcba9876543210ull + one - 1, 0x0123456789abcdefull),
                  0x121fa00ad77d742ull);
        check_eqx("mulhd -1*-1", OP2("mulhd", m1, m1), 0);
        check_eqx("divd -7/2", OP2("divd", -7ull + one - 1, 2), -3ull);
        check_eqx("divdu", OP2("divdu", -7ull + one - 1, 2), 0x7ffffffffffffffcull);
        check_eqx("divw -7/2", OP2("divw", -7ull + one - 1, 2) & 0xffffffff, 0xfffffffd);
        check_eqx("modsd -7%2", OP2("modsd", -7ull + one - 1, 2), -1ull);
        check_eqx("modud 7%3", OP2("modud", 7 + one - 1, 3), 1);
        check_eqx("rlwinm rotate 8, mask 0-31", OPI("rlwinm %0,%1,8,0,31", 0x12345678 + one - 1),
                  0x34567812);
        check_eqx("rlwinm wrapping mask 28-3", OPI("rlwinm %0,%1,0,28,3", 0xffffffffull + one - 1),
                  0xfffffffff000000full);
        check_eqx("rldicl rotate 24, keep the low byte",
                  OPI("rldicl %0,%1,24,56", 0x0011223344556677ull + one - 1), 0x22);
        check_eqx("cntlzd 1", OP1("cntlzd", one), 63);
        check_eqx("cntlzw 0", OP1("cntlzw", one - 1), 32);
        check_eqx("cnttzd 0x100", OP1("cnttzd", 0x100 + one - 1), 8);
        check_eqx("popcntd", OP1("popcntd", 0xff00ff + one - 1), 16);
        check_eqx("extsw", OP1("extsw", 0x80000000ull + one - 1), 0xffffffff80000000ull);
        check_eqx("extsb", OP1("extsb", 0x1ff + one - 1), -1ull);
        check_eqx("cmpb", OP2("cmpb", 0x1122334455667788ull + one - 1, 0x11ff33ff55ff77ffull),
                  0xff00ff00ff00ff00ull);
        check_eqx("srawi -5,1", OPI("srawi %0,%1,1", -5ull + one - 1), -3ull);
        check_eqx("srawi -5,1 sets CA and CA32", xer_after_srawi(-5ull), XER_CA | XER_CA32);
        check_eqx("srawi -4,1 leaves CA clear", xer_after_srawi(-4ull), 0);
        check_eqx("srawi 5,1 leaves CA clear", xer_after_srawi(5), 0);
}

static void test_memory(void)
{
        static volatile uint8_t buf[16] __attribute__((aligned(16))) = {
                0x80, 0x81, 0x02, 0x83, 0x84, 0x05, 0x06, 0x87,
        };
        /* Expected values depend on the byte order we run in: byte-reversed
         * forms read the other one. */
        const bool le = RT_LITTLE_ENDIAN;
        uint64_t r;
        unsigned cr;

        check_eqx("lhbrx", OPI("lhbrx %0,0,%1", (uintptr_t)buf), le ? 0x8081 : 0x8180);
        check_eqx("ldbrx", OPI("ldbrx %0,0,%1", (uintptr_t)buf),
                  le ? 0x8081028384050687ull : 0x8706058483028180ull);
        check_eqx("lha sign-extends", OPI("lha %0,0(%1)", (uintptr_t)buf),
                  le ? 0xffffffffffff8180ull : 0xffffffffffff8081ull);
        check_eqx("lwa sign-extends", OPI("lwa %0,4(%1)", (uintptr_t)buf),
                  le ? 0xffffffff87060584ull : 0xffffffff84050687ull);
        __asm__ volatile("stwbrx %0,0,%1" : : "r"(0x11223344ull), "r"(buf + 8) : "memory");
        check(buf[8] == (le ? 0x11 : 0x44) && buf[11] == (le ? 0x44 : 0x11),
              "stwbrx stores byte-reversed");

        __asm__ volatile("1: lwarx %0,0,%2\naddi %0,%0,1\nstwcx. %0,0,%2\nmfcr %1\n"
                         : "=&r"(r), "=&r"(cr) : "r"(buf + 12) : "cr0", "memory");
        check_eqx("stwcx. after lwarx succeeds (CR0[EQ])", (cr >> 28) & 2, 2);
}

static uint64_t bits(double d)
{
        union { double d; uint64_t u; } v = { .d = d };
        return v.u;
}

static double dbl(uint64_t u)
{
        union { double d; uint64_t u; } v = { .u = u };
        return v.d;
}

static void clear_fpscr(void)
{
        double z = 0;
        __asm__ volatile("mtfsf 0xff,%0" : : "d"(z));
}

static uint32_t fpscr(void)
{
        double f;
        __asm__ volatile("mffs %0" : "=d"(f));
        return (uint32_t)bits(f);
}

#define FOP2(insn, a, b) ({ double r_;                                          \
        __asm__ volatile(insn " %0,%1,%2" : "=d"(r_) : "d"(a), "d"(b)); r_; })
#define FOP1(insn, a) ({ double r_; __asm__ volatile(insn " %0,%1" : "=d"(r_) : "d"(a)); r_; })

static void test_float(void)
{
        volatile double one = 1.0, three = 3.0, two = 2.0, tenth = 0.1, ten = 10.0;
        double r;

        clear_fpscr();
        check_eqx("fdiv 1/3", bits(FOP2("fdiv", one, three)), 0x3fd5555555555555ull);
        check_eqx("FPSCR after 1/3 (FX XX FI +normal)", fpscr(), 0x82024000);
        check_eqx("fsqrt 2", bits(FOP1("fsqrt", two)), 0x3ff6a09e667f3bcdull);
        __asm__ volatile("fmsub %0,%1,%2,%3" : "=d"(r) : "d"(tenth), "d"(ten), "d"(one));
        check_eqx("fmsub 0.1*10-1 is fused", bits(r), 0x3c90000000000000ull);
        check_eqx("frsp 1/3", bits(FOP1("frsp", FOP2("fdiv", one, three))), 0x3fd5555560000000ull);
        check_eqx("fcfid -5", bits(FOP1("fcfid", dbl(-5ull))), 0xc014000000000000ull);
        check_eqx("fctiwz -2.7", bits(FOP1("fctiwz", -2.7 * one)) & 0xffffffff, 0xfffffffe);
        clear_fpscr();
        check_eqx("fctiwz 3e10 saturates", bits(FOP1("fctiwz", 3e10 * one)) & 0xffffffff, 0x7fffffff);
        check_eqx("fctiwz 3e10 sets VXCVI", fpscr() & FPSCR_VXCVI, FPSCR_VXCVI);
        check_eqx("fadd qNaN qNaN takes frA's", bits(FOP2("fadd", dbl(0x7ff8000000000001ull),
                  dbl(0x7ff8000000000002ull))), 0x7ff8000000000001ull);
        check_eqx("fadd 1 sNaN quiets it", bits(FOP2("fadd", one, dbl(0x7ff0000000000001ull))),
                  0x7ff8000000000001ull);
}

int guest_main(void)
{
        test_integer();
        test_memory();
        test_float();
        return 0;
}
