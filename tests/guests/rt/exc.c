/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Interrupt vectors: stubs copied to low memory, a handler per vector. */
#include "rt.h"

#define VEC_LIMIT       0x1000
#define VEC_STEP        0x20

extern const uint32_t rt_vstub[], rt_vstub_end[];

static rt_handler handlers[VEC_LIMIT / VEC_STEP];

/* The architected vectors a partition can take (Power ISA 3.0, 6.5). */
static const uint16_t vectors[] = {
        0x100, 0x200, 0x300, 0x380, 0x400, 0x480, 0x500, 0x600, 0x700,
        0x800, 0x900, 0x980, 0xa00, 0xb00, 0xc00, 0xd00, 0xe00, 0xe20,
        0xe40, 0xe60, 0xe80, 0xea0, 0xf00, 0xf20, 0xf40, 0xf60,
};

/*
 * The decrementer runs from boot and interrupts whenever it is negative and
 * MSR[EE] is set; a guest that does not use it just pushes it far out.
 */
static void quiet_decrementer(struct rt_regs *r)
{
        mtdec(0x7fffffff);
}

void exc_init(void)
{
        size_t words = (size_t)(rt_vstub_end - rt_vstub);

        for (size_t i = 0; i < ARRAY_SIZE(vectors); i++) {
                uint32_t *v = (uint32_t *)(uintptr_t)vectors[i];

                memcpy(v, rt_vstub, words * 4);
                v[1] = (v[1] & 0xffff0000u) | vectors[i];      /* li r13,vec */
                rt_sync_icache(v, words * 4);
        }
        exc_set_handler(0x900, quiet_decrementer);
}

void exc_set_handler(unsigned vec, rt_handler h)
{
        if (vec < VEC_LIMIT && vec % VEC_STEP == 0)
                handlers[vec / VEC_STEP] = h;
}

/* Called by rt_exc_common with the saved state of the interrupted code. */
void rt_exception(struct rt_regs *r)
{
        rt_handler h = r->vec < VEC_LIMIT ? handlers[r->vec / VEC_STEP] : NULL;

        if (!h)
                rt_abort("unexpected interrupt %#lx at %#lx, SRR1 %#lx, DAR %#lx",
                         (unsigned long)r->vec, (unsigned long)r->srr0,
                         (unsigned long)r->srr1, (unsigned long)r->dar);
        h(r);
}
