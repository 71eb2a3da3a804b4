/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Checks that print what they looked at, and the pass/fail exit. */
#include "rt.h"

static unsigned failures;

bool check(bool cond, const char *fmt, ...)
{
        char buf[200];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        printf("%s %s\n", cond ? "ok  " : "FAIL", buf);
        if (!cond)
                __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
        return cond;
}

bool check_eq(const char *what, int64_t got, int64_t expected)
{
        if (got == expected)
                return check(true, "%s = %ld", what, (long)got);
        return check(false, "%s = %ld (expected %ld)", what, (long)got, (long)expected);
}

bool check_eqx(const char *what, uint64_t got, uint64_t expected)
{
        if (got == expected)
                return check(true, "%s = %#lx", what, (unsigned long)got);
        return check(false, "%s = %#lx (expected %#lx)", what, (unsigned long)got,
                     (unsigned long)expected);
}

unsigned check_failures(void)
{
        return __atomic_load_n(&failures, __ATOMIC_RELAXED);
}

void rt_exit(void)
{
        puts_raw(check_failures() ? "FAIL\n" : "PASS\n");
        rtas_power_off();
}

void rt_abort(const char *fmt, ...)
{
        va_list ap;

        puts_raw("FAIL: ");
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        puts_raw("\n");
        rtas_power_off();
}
