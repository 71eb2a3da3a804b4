/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The ELF loader on images built from a template, each broken one way. */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "elf_build.h"
#include "machine/elf_loader.h"
#include "test.h"

static int parse(const struct elf_spec *s, size_t cut, struct elf_image *img, char *err)
{
        uint8_t buf[ELF_BUILD_MAX];
        size_t len = elf_build(s, buf);

        return elf_parse(buf, cut ? cut : len, img, err, 200);
}

TEST(test_elf_big_endian_exec_parses)
{
        struct elf_spec s = elf_spec_default(true);
        struct elf_image img;
        char err[200];

        CHECK_EQ(parse(&s, 0, &img, err), 0);
        CHECK(img.big_endian);
        CHECK_EQ(img.nr_segments, 1);
        CHECK_EQ(img.seg[0].gpa, ELF_KERNEL_LOAD_ADDR);
        CHECK_EQ(img.entry, ELF_KERNEL_LOAD_ADDR);
        CHECK_EQ(img.high, ELF_KERNEL_LOAD_ADDR + 0x100);
}

TEST(test_elf_little_endian_dyn_parses)
{
        struct elf_spec s = elf_spec_default(false);
        struct elf_image img;
        char err[200];

        s.type = ET_DYN;
        CHECK_EQ(parse(&s, 0, &img, err), 0);
        CHECK(!img.big_endian);
        CHECK_EQ(img.type, ET_DYN);
}

TEST(test_elf_paddr_translates_like_qemu_pseries)
{
        struct elf_spec s = elf_spec_default(true);
        struct elf_image img;
        char err[200];

        s.seg[0].paddr = 0x10010000;
        s.entry = 0xc000000010010040ull;
        CHECK_EQ(parse(&s, 0, &img, err), 0);
        CHECK_EQ(img.seg[0].gpa, 0x410000);
        CHECK_EQ(img.entry, 0x410040);
}

static void expect_error(const struct elf_spec *s, size_t cut, int code, const char *words)
{
        struct elf_image img;
        char err[200] = "";

        CHECK_EQ(parse(s, cut, &img, err), code);
        if (!strstr(err, words))
                test_failed(__FILE__, __LINE__, "error '%s' does not say '%s'", err, words);
}

TEST(test_elf_bad_magic_is_not_an_elf_file)
{
        struct elf_spec s = elf_spec_default(true);
        uint8_t buf[ELF_BUILD_MAX];
        struct elf_image img;
        char err[200];
        size_t len = elf_build(&s, buf);

        buf[1] = 'X';
        CHECK_EQ(elf_parse(buf, len, &img, err, sizeof(err)), -ENOEXEC);
        CHECK(strstr(err, "not an ELF file"));
}

TEST(test_elf_32_bit_is_refused_as_32_bit)
{
        struct elf_spec s = elf_spec_default(true);

        s.cls = ELFCLASS32;
        expect_error(&s, 0, -ENOEXEC, "32-bit");
}

TEST(test_elf_wrong_machine_names_it)
{
        struct elf_spec s = elf_spec_default(false);

        s.machine = EM_X86_64;
        expect_error(&s, 0, -ENOEXEC, "ELF machine 62 is not 64-bit PowerPC");
}

TEST(test_elf_relocatable_object_is_not_an_executable)
{
        struct elf_spec s = elf_spec_default(true);

        s.type = ET_REL;
        expect_error(&s, 0, -ENOEXEC, "not an executable");
}

TEST(test_elf_truncated_header)
{
        struct elf_spec s = elf_spec_default(true);

        expect_error(&s, 40, -ENOEXEC, "an ELF64 header needs 64");
}

TEST(test_elf_truncated_program_headers)
{
        struct elf_spec s = elf_spec_default(true);

        expect_error(&s, 100, -ENOEXEC, "program headers at offset 64 run past the end");
}

TEST(test_elf_segment_data_past_end_of_file)
{
        struct elf_spec s = elf_spec_default(true);

        s.seg[0].offset = 0x280;
        s.seg[0].filesz = 0x100;
        expect_error(&s, 0, -ENOEXEC, "segment 0's data");
}

TEST(test_elf_segment_offset_overflow_is_caught)
{
        struct elf_spec s = elf_spec_default(true);

        s.seg[0].offset = UINT64_MAX - 0x10;
        expect_error(&s, 0, -ENOEXEC, "runs past the end of the file");
}

TEST(test_elf_file_size_larger_than_memory_size)
{
        struct elf_spec s = elf_spec_default(true);

        s.seg[0].memsz = 0x40;
        expect_error(&s, 0, -ENOEXEC, "larger than its memory size");
}

TEST(test_elf_overlapping_segments)
{
        struct elf_spec s = elf_spec_default(true);

        s.nseg = 2;
        s.seg[1] = s.seg[0];
        s.seg[1].paddr = 0x80;
        expect_error(&s, 0, -ENOEXEC, "overlaps");
}

TEST(test_elf_segments_overlapping_only_after_translation)
{
        struct elf_spec s = elf_spec_default(true);

        s.nseg = 2;
        s.seg[1] = s.seg[0];
        s.seg[1].paddr = 0x10000000;     /* & 0x0fffffff: the same place */
        expect_error(&s, 0, -ENOEXEC, "overlaps");
}

TEST(test_elf_oversized_segment)
{
        struct elf_spec s = elf_spec_default(true);

        s.seg[0].memsz = 1ull << 41;
        expect_error(&s, 0, -E2BIG, "too large");
}

TEST(test_elf_entry_outside_segments)
{
        struct elf_spec s = elf_spec_default(true);

        s.entry = 0x5000;
        expect_error(&s, 0, -ENOEXEC, "entry point 0x5000");
}

TEST(test_elf_without_load_segments)
{
        struct elf_spec s = elf_spec_default(true);

        s.seg[0].type = PT_NOTE;
        expect_error(&s, 0, -ENOEXEC, "no loadable");
}

TEST(test_elf_wrong_program_header_size)
{
        struct elf_spec s = elf_spec_default(true);

        s.phentsize = 32;
        expect_error(&s, 0, -ENOEXEC, "program header entries are 32 bytes");
}

TEST(test_elf_load_copies_data_and_zeroes_bss)
{
        struct elf_spec s = elf_spec_default(true);
        static uint8_t ram[0x500000];
        uint8_t buf[ELF_BUILD_MAX];
        struct elf_image img;
        char err[200];
        size_t len = elf_build(&s, buf);

        memset(ram, 0xee, sizeof(ram));
        CHECK_EQ(elf_parse(buf, len, &img, err, sizeof(err)), 0);
        CHECK_EQ(elf_load(&img, buf, ram, sizeof(ram), err, sizeof(err)), 0);
        CHECK_EQ(ram[0x400000], 1);
        CHECK_EQ(ram[0x40007f], 1);
        CHECK_EQ(ram[0x400080], 0);
        CHECK_EQ(ram[0x4000ff], 0);
        CHECK_EQ(ram[0x400100], 0xee);
}

TEST(test_elf_load_refuses_what_does_not_fit)
{
        struct elf_spec s = elf_spec_default(true);
        uint8_t buf[ELF_BUILD_MAX];
        struct elf_image img;
        char err[200];
        size_t len = elf_build(&s, buf);

        CHECK_EQ(elf_parse(buf, len, &img, err, sizeof(err)), 0);
        CHECK_EQ(elf_load(&img, buf, NULL, 0x400080, err, sizeof(err)), -ENOSPC);
        CHECK(strstr(err, "needs guest memory up to 0x400100"));
}
