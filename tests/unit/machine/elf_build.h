/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Builds small ELF64 images from a template for the loader tests: every
 * field can be set wrong on purpose.  Segment i's data sits at file offset
 * ELF_BUILD_DATA + i * 0x100, filled with the byte i + 1.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_BUILD_DATA 0x200u
#define ELF_BUILD_MAX  (ELF_BUILD_DATA + 4 * 0x100)

struct elf_seg_spec {
        uint32_t type, flags;
        uint64_t paddr, offset, filesz, memsz;   /* offset 0: the default place */
};

struct elf_spec {
        bool be;
        uint8_t cls;                 /* ELFCLASS64 unless set */
        uint16_t type, machine, phentsize;
        uint64_t entry;
        unsigned nseg;
        struct elf_seg_spec seg[4];
};

/* A valid one-segment image: PT_LOAD at paddr 0, 0x80 bytes of file data,
 * 0x100 in memory, entry 0. */
struct elf_spec elf_spec_default(bool be);
/* Writes the image into buf (ELF_BUILD_MAX bytes); returns its length. */
size_t elf_build(const struct elf_spec *s, uint8_t *buf);
/* Writes the image to a new temporary file; returns its path (static). */
const char *elf_build_file(const struct elf_spec *s);
