/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Console input: the test feeds a known line on stdin (longer than the
 * 16 bytes one H_GET_TERM_CHAR returns); the guest reads it and echoes it.
 */
#include "rt/rt.h"

#define EXPECTED        "The quick brown fox jumps over the lazy dog 0123456789"
#define WAIT_MS         10000

int guest_main(void)
{
        char line[128];
        size_t n = 0;
        int c;

        printf("waiting for a line of input\n");
        while (n + 1 < sizeof(line)) {
                c = getchar_timeout(WAIT_MS);
                if (c < 0 || c == '\n' || c == '\r')
                        break;
                line[n++] = (char)c;
        }
        line[n] = 0;
        check(c >= 0, "input arrived");
        printf("echo: %s\n", line);
        check_eq("bytes read", (long)n, (long)strlen(EXPECTED));
        check(!strcmp(line, EXPECTED), "the line is what was sent");
        return 0;
}
