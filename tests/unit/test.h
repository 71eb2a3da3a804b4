/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A very small unit-test framework that prints TAP, so meson shows each test.
 *
 *   TEST(test_addi_adds_immediate) { ...; CHECK_EQ(x, 5); }
 *
 * Tests register themselves; link with test.c, which provides main().
 * A failed CHECK reports file, line and both values, and ends that test.
 */
#pragma once

#include <inttypes.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
extern jmp_buf test_fail_jmp;
void test_failed(const char *file, int line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4), noreturn));

#define TEST(name)                                                                \
        static void name(void);                                                   \
        __attribute__((constructor)) static void test_reg_##name(void)            \
        {                                                                         \
                test_register(#name, name);                                       \
        }                                                                         \
        static void name(void)

#define CHECK(cond)                                                               \
        do {                                                                      \
                if (!(cond))                                                      \
                        test_failed(__FILE__, __LINE__, "CHECK(%s)", #cond);      \
        } while (0)

#define CHECK_EQ(a, b)                                                            \
        do {                                                                      \
                uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                  \
                if (a_ != b_)                                                     \
                        test_failed(__FILE__, __LINE__,                           \
                                    "%s == %s: 0x%" PRIx64 " != 0x%" PRIx64,      \
                                    #a, #b, a_, b_);                              \
        } while (0)
