/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the boot loader hands over: /chosen bootargs (-append) and the
 * initrd (-initrd) at linux,initrd-start..end.  Where the initrd lands is
 * the machine's choice, so only its size, contents and placement rules are
 * printed: in RAM, clear of the guest image.
 */
#include "rt/rt.h"

#define EXPECTED_BOOTARGS "console=hvc0 ppcvmd.guest=boot quoted=\"a b\""

extern char __bss_end[];

static uint64_t chosen_addr(int chosen, const char *prop)
{
        int len = 0;
        const uint32_t *p = dt_prop(chosen, prop, &len);

        if (p && len == 4)
                return be32(p[0]);
        if (p && len == 8)
                return ((uint64_t)be32(p[0]) << 32) | be32(p[1]);
        return 0;
}

static uint64_t ram_size(void)
{
        int mem = dt_find("/memory@0");
        int len = 0;
        const uint32_t *reg = mem >= 0 ? dt_prop(mem, "reg", &len) : NULL;

        return reg && len == 16 ? ((uint64_t)be32(reg[2]) << 32) | be32(reg[3]) : 0;
}

int guest_main(void)
{
        int chosen = dt_find("/chosen");
        const char *args = chosen >= 0 ? dt_prop(chosen, "bootargs", NULL) : NULL;
        uint64_t start, end;

        printf("bootargs: %s\n", args ? args : "(absent)");
        check(args && !strcmp(args, EXPECTED_BOOTARGS), "bootargs are what -append gave");

        start = chosen_addr(chosen, "linux,initrd-start");
        end = chosen_addr(chosen, "linux,initrd-end");
        if (!check(start && end > start, "an initrd in /chosen"))
                return 1;
        check(end <= ram_size(), "the initrd is in RAM");
        check(start >= (uintptr_t)__bss_end || end <= 0x400000, "the initrd is clear of the guest");

        const char *data = (const char *)(uintptr_t)start;
        size_t size = (size_t)(end - start);
        char first[80];
        size_t n = 0;

        while (n < size && n + 1 < sizeof(first) && data[n] != '\n') {
                first[n] = data[n];
                n++;
        }
        first[n] = 0;
        printf("initrd: %lu bytes, CRC-32 %#010x\n", (unsigned long)size, crc32(data, size));
        printf("initrd first line: %s\n", first);
        return 0;
}
