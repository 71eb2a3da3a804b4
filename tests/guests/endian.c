/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * H_SET_MODE decides the byte order interrupts are taken in (LPCR[ILE]).
 * The guest switches it to the other byte order, puts a 0x700 handler
 * encoded in that order, and takes a program interrupt: the handler only
 * runs correctly if it was fetched in the order H_SET_MODE asked for.  It
 * counts in r3, skips the illegal word and returns with rfid, whose SRR1
 * brings our own byte order back.  Then interrupts go back to ours.
 */
#include "rt/rt.h"

#define VEC_PROGRAM     0x700

/* The handler, as instruction words. */
static const uint32_t foreign_handler[] = {
        0x7dba02a6,     /* mfsrr0 r13 */
        0x39ad0004,     /* addi r13,r13,4 */
        0x7dba03a6,     /* mtsrr0 r13 */
        0x38630001,     /* addi r3,r3,1 */
        0x4c000024,     /* rfid */
};

static volatile unsigned native_taken;

static void on_program(struct rt_regs *r)
{
        native_taken = native_taken + 1;
        r->srr0 += 4;
}

/* Runs an illegal word with r3 = 0; returns r3 afterwards. */
static uint64_t illegal_with_r3(void)
{
        register uint64_t r3 __asm__("r3") = 0;

        __asm__ volatile(".long 0" : "+r"(r3) : : "r13", "memory");
        return r3;
}

int guest_main(void)
{
        uint32_t *vec = (uint32_t *)(uintptr_t)VEC_PROGRAM;
        uint32_t saved[ARRAY_SIZE(foreign_handler)];
        long other = RT_LITTLE_ENDIAN ? H_SET_MODE_ENDIAN_BIG : H_SET_MODE_ENDIAN_LITTLE;
        long ours = RT_LITTLE_ENDIAN ? H_SET_MODE_ENDIAN_LITTLE : H_SET_MODE_ENDIAN_BIG;

        exc_set_handler(VEC_PROGRAM, on_program);
        check_eq("r3 after our own 0x700 handler", (long)illegal_with_r3(), 0);
        check_eq("program interrupts taken by our handler", native_taken, 1);

        memcpy(saved, vec, sizeof(saved));
        for (size_t i = 0; i < ARRAY_SIZE(foreign_handler); i++)
                vec[i] = __builtin_bswap32(foreign_handler[i]);
        rt_sync_icache(vec, sizeof(saved));

        check_eq("H_SET_MODE interrupts in the other byte order",
                 hcall4(H_SET_MODE, other, H_SET_MODE_RESOURCE_LE, 0, 0), H_SUCCESS);
        check_eq("r3 after the other-endian 0x700 handler", (long)illegal_with_r3(), 1);
        check_eq("H_SET_MODE interrupts in our byte order again",
                 hcall4(H_SET_MODE, ours, H_SET_MODE_RESOURCE_LE, 0, 0), H_SUCCESS);

        memcpy(vec, saved, sizeof(saved));
        rt_sync_icache(vec, sizeof(saved));
        check_eq("r3 after our own 0x700 handler again", (long)illegal_with_r3(), 0);
        check_eq("program interrupts taken by our handler", native_taken, 2);
        return 0;
}
