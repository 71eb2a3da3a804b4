/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* From the entry code to guest_main() and back out through power-off. */
#include "rt.h"

extern char __bss_start[], __bss_end[];

/*
 * Interrupts are taken in the byte order LPCR[ILE] says, which a partition
 * sets with H_SET_MODE (for all its vcpus); the vector stubs are in the
 * build's byte order.
 */
static void rt_set_interrupt_endian(void)
{
        long rc = hcall4(H_SET_MODE, RT_LITTLE_ENDIAN ? H_SET_MODE_ENDIAN_LITTLE
                                                      : H_SET_MODE_ENDIAN_BIG,
                         H_SET_MODE_RESOURCE_LE, 0, 0);

        if (rc != H_SUCCESS)
                rt_abort("H_SET_MODE interrupt endianness: %ld", rc);
}

void rt_start(const void *fdt, unsigned long load_addr, long load_offset)
{
        set_cpu_index(0);
        (void)load_addr;        /* QEMU and ppcvmd both load us where we were linked */
        memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
        if (!dt_init(fdt))
                for (;;)        /* no device tree: no console to say so */
                        ;
        if (!console_init())
                rtas_power_off();
        if (load_offset)
                rt_abort("guest linked at %#lx runs at %#lx",
                         (unsigned long)__bss_start - (unsigned long)load_offset,
                         (unsigned long)__bss_start);
        rt_set_interrupt_endian();
        exc_init();
        guest_main();
        rt_exit();
}
