/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The smallest guest: console output through H_PUT_TERM_CHAR. */
#include "rt/rt.h"

int guest_main(void)
{
        printf("hello from a %s-endian pseries guest\n", RT_LITTLE_ENDIAN ? "little" : "big");
        /* Exactly 16 bytes, then 17: the hvterm's per-call limit and one past it. */
        printf("0123456789abcdef\n");
        printf("0123456789abcdefg\n");
        check((mfmsr() & MSR_SF) != 0, "running in 64-bit mode");
        check(!!(mfmsr() & MSR_LE) == RT_LITTLE_ENDIAN, "MSR[LE] matches the build");
        return 0;
}
