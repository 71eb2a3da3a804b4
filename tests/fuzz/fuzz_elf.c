/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target for the kernel ELF loader: any byte string is parsed;
 * whatever parses is loaded into an 8 MiB guest RAM that sits between two
 * PROT_NONE guard pages, so a copy outside RAM faults even without ASan.
 * Parsing must fail with a message or succeed with segments inside the
 * limits it promises.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "machine/elf_loader.h"

#define RAM_SIZE (8u << 20)
#define PAGE     4096u

static uint8_t *guest_ram(void)
{
        static uint8_t *ram;
        uint8_t *p;

        if (ram)
                return ram;
        p = mmap(NULL, RAM_SIZE + 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED || mprotect(p + PAGE, RAM_SIZE, PROT_READ | PROT_WRITE) < 0)
                abort();
        ram = p + PAGE;
        return ram;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct elf_image img;
        char err[256];

        err[0] = '\0';
        if (elf_parse(data, size, &img, err, sizeof(err)) < 0) {
                if (!err[0])
                        abort();            /* every failure says why */
                return 0;
        }
        if (img.nr_segments == 0 || img.nr_segments > ELF_MAX_SEGMENTS || img.low > img.high ||
            img.entry < img.low || img.entry >= img.high)
                abort();
        for (unsigned i = 0; i < img.nr_segments; i++)
                if (img.seg[i].filesz > img.seg[i].memsz || img.seg[i].offset > size ||
                    img.seg[i].filesz > size - img.seg[i].offset)
                        abort();
        elf_load(&img, data, guest_ram(), RAM_SIZE, err, sizeof(err));
        return 0;
}
