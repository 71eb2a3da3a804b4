/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define MAX_TESTS 2048

static struct { const char *name; test_fn fn; } tests[MAX_TESTS];
static unsigned ntests;
jmp_buf test_fail_jmp;

void test_register(const char *name, test_fn fn)
{
        if (ntests < MAX_TESTS)
                tests[ntests++] = (typeof(tests[0])){ name, fn };
}

void test_failed(const char *file, int line, const char *fmt, ...)
{
        va_list ap;
        printf("# %s:%d: ", file, line);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
        longjmp(test_fail_jmp, 1);
}

int main(int argc, char **argv)
{
        const char *only = argc > 1 ? argv[1] : NULL;
        volatile unsigned failed = 0, n = 0;

        setvbuf(stdout, NULL, _IOLBF, 0);
        for (unsigned i = 0; i < ntests; i++)
                n += !only || strcmp(only, tests[i].name) == 0;
        printf("1..%u\n", n);
        n = 0;
        for (unsigned i = 0; i < ntests; i++) {
                if (only && strcmp(only, tests[i].name) != 0)
                        continue;
                n++;
                if (setjmp(test_fail_jmp) == 0) {
                        tests[i].fn();
                        printf("ok %u %s\n", n, tests[i].name);
                } else {
                        printf("not ok %u %s\n", n, tests[i].name);
                        failed++;
                }
        }
        return failed ? 1 : 0;
}
