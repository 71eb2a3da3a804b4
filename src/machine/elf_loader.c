/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ELF64 parsing for the kernel image.  The file is untrusted input: fields
 * are read with explicit byte order from a buffer whose length is checked
 * before every read, and 64-bit sums are checked for overflow.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "machine/elf_loader.h"

struct reader {
        const uint8_t *buf;
        size_t len;
        bool be;
};

static uint64_t rd(const struct reader *r, uint64_t off, unsigned size)
{
        uint64_t v = 0;

        for (unsigned i = 0; i < size; i++) {
                unsigned b = r->be ? i : size - 1 - i;

                v = v << 8 | r->buf[off + b];
        }
        return v;
}

static int fail(int code, char *err, size_t err_len, const char *fmt, ...)
{
        va_list ap;

        if (err && err_len) {
                va_start(ap, fmt);
                vsnprintf(err, err_len, fmt, ap);
                va_end(ap);
        }
        return code;
}

static int check_ident(const uint8_t *buf, size_t len, bool *ret_be, char *err, size_t err_len)
{
        if (len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG) != 0)
                return fail(-ENOEXEC, err, err_len, "not an ELF file (no \\177ELF magic)");
        if (buf[EI_CLASS] == ELFCLASS32)
                return fail(-ENOEXEC, err, err_len,
                            "32-bit ELF (ELFCLASS32): a 64-bit PowerPC kernel is needed");
        if (buf[EI_CLASS] != ELFCLASS64)
                return fail(-ENOEXEC, err, err_len, "unknown ELF class %u", buf[EI_CLASS]);
        if (buf[EI_DATA] != ELFDATA2MSB && buf[EI_DATA] != ELFDATA2LSB)
                return fail(-ENOEXEC, err, err_len, "unknown ELF byte order %u", buf[EI_DATA]);
        if (buf[EI_VERSION] != EV_CURRENT)
                return fail(-ENOEXEC, err, err_len, "unknown ELF version %u", buf[EI_VERSION]);
        if (len < sizeof(Elf64_Ehdr))
                return fail(-ENOEXEC, err, err_len,
                            "truncated: the file is %zu bytes, an ELF64 header needs %zu",
                            len, sizeof(Elf64_Ehdr));
        *ret_be = buf[EI_DATA] == ELFDATA2MSB;
        return 0;
}

static int check_header(const struct reader *r, struct elf_image *img, uint64_t *ret_phoff,
                        unsigned *ret_phnum, char *err, size_t err_len)
{
        uint16_t type = rd(r, offsetof(Elf64_Ehdr, e_type), 2);
        uint16_t machine = rd(r, offsetof(Elf64_Ehdr, e_machine), 2);
        uint64_t phoff = rd(r, offsetof(Elf64_Ehdr, e_phoff), 8);
        uint16_t phentsize = rd(r, offsetof(Elf64_Ehdr, e_phentsize), 2);
        uint16_t phnum = rd(r, offsetof(Elf64_Ehdr, e_phnum), 2);

        if (type != ET_EXEC && type != ET_DYN)
                return fail(-ENOEXEC, err, err_len,
                            "ELF type %u is not an executable (ET_EXEC or ET_DYN)", type);
        if (machine != EM_PPC64)
                return fail(-ENOEXEC, err, err_len,
                            "ELF machine %u is not 64-bit PowerPC (EM_PPC64, %u)", machine, EM_PPC64);
        if (phnum == 0)
                return fail(-ENOEXEC, err, err_len, "no program headers: nothing to load");
        if (phentsize != sizeof(Elf64_Phdr))
                return fail(-ENOEXEC, err, err_len,
                            "program header entries are %u bytes, ELF64 needs %zu",
                            phentsize, sizeof(Elf64_Phdr));
        if (phoff > r->len || (uint64_t)phnum * phentsize > r->len - phoff)
                return fail(-ENOEXEC, err, err_len,
                            "truncated: %u program headers at offset %" PRIu64
                            " run past the end of the file (%zu bytes)", phnum, phoff, r->len);
        img->type = type;
        img->big_endian = r->be;
        *ret_phoff = phoff;
        *ret_phnum = phnum;
        return 0;
}

static int add_segment(const struct reader *r, struct elf_image *img, unsigned idx, uint64_t ph,
                       char *err, size_t err_len)
{
        uint64_t offset = rd(r, ph + offsetof(Elf64_Phdr, p_offset), 8);
        uint64_t paddr = rd(r, ph + offsetof(Elf64_Phdr, p_paddr), 8);
        uint64_t filesz = rd(r, ph + offsetof(Elf64_Phdr, p_filesz), 8);
        uint64_t memsz = rd(r, ph + offsetof(Elf64_Phdr, p_memsz), 8);
        uint32_t flags = rd(r, ph + offsetof(Elf64_Phdr, p_flags), 4);
        struct elf_segment *s;
        uint64_t gpa;

        if (filesz > memsz)
                return fail(-ENOEXEC, err, err_len,
                            "segment %u: file size %" PRIu64 " is larger than its memory size %" PRIu64,
                            idx, filesz, memsz);
        if (offset > r->len || filesz > r->len - offset)
                return fail(-ENOEXEC, err, err_len,
                            "truncated: segment %u's data (offset %" PRIu64 ", %" PRIu64
                            " bytes) runs past the end of the file (%zu bytes)",
                            idx, offset, filesz, r->len);
        gpa = ELF_KERNEL_LOAD_ADDR + (paddr & ELF_PADDR_MASK);
        if (memsz > ELF_MAX_LOAD_END || gpa + memsz > ELF_MAX_LOAD_END)
                return fail(-E2BIG, err, err_len,
                            "segment %u is too large: %" PRIu64 " bytes at 0x%" PRIx64,
                            idx, memsz, gpa);
        if (memsz == 0)
                return 0;
        for (unsigned i = 0; i < img->nr_segments; i++) {
                const struct elf_segment *o = &img->seg[i];

                if (gpa < o->gpa + o->memsz && o->gpa < gpa + memsz)
                        return fail(-ENOEXEC, err, err_len,
                                    "segment %u (0x%" PRIx64 "-0x%" PRIx64 ") overlaps an earlier"
                                    " segment (0x%" PRIx64 "-0x%" PRIx64 ") once loaded",
                                    idx, gpa, gpa + memsz, o->gpa, o->gpa + o->memsz);
        }
        if (img->nr_segments == ELF_MAX_SEGMENTS)
                return fail(-E2BIG, err, err_len, "more than %u loadable segments", ELF_MAX_SEGMENTS);
        s = &img->seg[img->nr_segments++];
        *s = (struct elf_segment){ .gpa = gpa, .offset = offset, .filesz = filesz,
                                   .memsz = memsz, .exec = flags & PF_X };
        return 0;
}

static int check_entry(struct elf_image *img, uint64_t e_entry, char *err, size_t err_len)
{
        uint64_t entry = ELF_KERNEL_LOAD_ADDR + (e_entry & ELF_PADDR_MASK);

        for (unsigned i = 0; i < img->nr_segments; i++) {
                const struct elf_segment *s = &img->seg[i];

                if (entry >= s->gpa && entry - s->gpa < s->memsz) {
                        img->entry = entry;
                        return 0;
                }
        }
        return fail(-ENOEXEC, err, err_len,
                    "entry point 0x%" PRIx64 " (loaded at 0x%" PRIx64 ") is outside every loadable segment",
                    e_entry, entry);
}

int elf_parse(const uint8_t *buf, size_t len, struct elf_image *ret, char *err, size_t err_len)
{
        struct elf_image img = { 0 };
        struct reader r = { .buf = buf, .len = len };
        uint64_t phoff = 0;
        unsigned phnum = 0;
        int e;

        if ((e = check_ident(buf, len, &r.be, err, err_len)) < 0)
                return e;
        if ((e = check_header(&r, &img, &phoff, &phnum, err, err_len)) < 0)
                return e;
        for (unsigned i = 0; i < phnum; i++) {
                uint64_t ph = phoff + (uint64_t)i * sizeof(Elf64_Phdr);

                if (rd(&r, ph + offsetof(Elf64_Phdr, p_type), 4) != PT_LOAD)
                        continue;
                if ((e = add_segment(&r, &img, i, ph, err, err_len)) < 0)
                        return e;
        }
        if (img.nr_segments == 0)
                return fail(-ENOEXEC, err, err_len, "no loadable (PT_LOAD) segment with any content");
        img.low = UINT64_MAX;
        for (unsigned i = 0; i < img.nr_segments; i++) {
                if (img.seg[i].gpa < img.low)
                        img.low = img.seg[i].gpa;
                if (img.seg[i].gpa + img.seg[i].memsz > img.high)
                        img.high = img.seg[i].gpa + img.seg[i].memsz;
        }
        if ((e = check_entry(&img, rd(&r, offsetof(Elf64_Ehdr, e_entry), 8), err, err_len)) < 0)
                return e;
        *ret = img;
        return 0;
}

int elf_load(const struct elf_image *img, const uint8_t *buf, uint8_t *ram, uint64_t limit,
             char *err, size_t err_len)
{
        if (img->high > limit)
                return fail(-ENOSPC, err, err_len,
                            "the kernel needs guest memory up to 0x%" PRIx64
                            " but only 0x%" PRIx64 " is free for it", img->high, limit);
        for (unsigned i = 0; i < img->nr_segments; i++) {
                const struct elf_segment *s = &img->seg[i];

                memcpy(ram + s->gpa, buf + s->offset, s->filesz);
                memset(ram + s->gpa + s->filesz, 0, s->memsz - s->filesz);
        }
        return 0;
}
