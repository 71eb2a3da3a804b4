/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel ELF loader, split in two: elf_parse() is a pure function over
 * a buffer (it is what the fuzzer drives) that checks every size, offset and
 * overlap and says what is wrong in one sentence; elf_load() copies a parsed
 * image into guest RAM.
 *
 * Placement follows QEMU's pseries -kernel: a segment with physical address
 * paddr lands at ELF_KERNEL_LOAD_ADDR + (paddr & ELF_PADDR_MASK), and so does
 * the entry point.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_KERNEL_LOAD_ADDR  0x400000ull
#define ELF_PADDR_MASK        0x0fffffffull
#define ELF_MAX_SEGMENTS      16u
/* Nothing loads above this: the largest machine's RAM. */
#define ELF_MAX_LOAD_END      (1ull << 40)

struct elf_segment {
        uint64_t gpa;          /* translated load address */
        uint64_t offset;       /* file offset of the data */
        uint64_t filesz, memsz;
        bool exec;
};

struct elf_image {
        bool big_endian;
        uint16_t type;         /* ET_EXEC or ET_DYN */
        uint64_t entry;        /* translated */
        uint64_t low, high;    /* [low, high) covers every segment */
        unsigned nr_segments;
        struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/* 0 and *ret filled, or -ENOEXEC / -E2BIG / -EINVAL with a sentence in err
 * (not naming the file: the caller prefixes it). */
int elf_parse(const uint8_t *buf, size_t len, struct elf_image *ret, char *err, size_t err_len);

/* Copies the segments from buf into ram and zeroes their bss.  -ENOSPC
 * with a sentence when the image does not fit below limit. */
int elf_load(const struct elf_image *img, const uint8_t *buf, uint8_t *ram, uint64_t limit,
             char *err, size_t err_len);
