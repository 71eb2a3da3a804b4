/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf_build.h"

struct elf_spec elf_spec_default(bool be)
{
        return (struct elf_spec){
                .be = be, .cls = ELFCLASS64, .type = ET_EXEC, .machine = EM_PPC64,
                .phentsize = sizeof(Elf64_Phdr), .entry = 0, .nseg = 1,
                .seg = { { .type = PT_LOAD, .flags = PF_R | PF_X, .paddr = 0,
                           .filesz = 0x80, .memsz = 0x100 } },
        };
}

static void put(uint8_t *b, uint64_t v, unsigned size, bool be)
{
        for (unsigned i = 0; i < size; i++)
                b[be ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

size_t elf_build(const struct elf_spec *s, uint8_t *buf)
{
        size_t len = ELF_BUILD_DATA + s->nseg * 0x100;

        memset(buf, 0, ELF_BUILD_MAX);
        memcpy(buf, ELFMAG, SELFMAG);
        buf[EI_CLASS] = s->cls;
        buf[EI_DATA] = s->be ? ELFDATA2MSB : ELFDATA2LSB;
        buf[EI_VERSION] = EV_CURRENT;
        put(buf + offsetof(Elf64_Ehdr, e_type), s->type, 2, s->be);
        put(buf + offsetof(Elf64_Ehdr, e_machine), s->machine, 2, s->be);
        put(buf + offsetof(Elf64_Ehdr, e_version), EV_CURRENT, 4, s->be);
        put(buf + offsetof(Elf64_Ehdr, e_entry), s->entry, 8, s->be);
        put(buf + offsetof(Elf64_Ehdr, e_phoff), sizeof(Elf64_Ehdr), 8, s->be);
        put(buf + offsetof(Elf64_Ehdr, e_ehsize), sizeof(Elf64_Ehdr), 2, s->be);
        put(buf + offsetof(Elf64_Ehdr, e_phentsize), s->phentsize, 2, s->be);
        put(buf + offsetof(Elf64_Ehdr, e_phnum), s->nseg, 2, s->be);
        for (unsigned i = 0; i < s->nseg; i++) {
                uint8_t *ph = buf + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr);
                const struct elf_seg_spec *g = &s->seg[i];
                uint64_t off = g->offset ? g->offset : ELF_BUILD_DATA + i * 0x100;

                put(ph + offsetof(Elf64_Phdr, p_type), g->type, 4, s->be);
                put(ph + offsetof(Elf64_Phdr, p_flags), g->flags, 4, s->be);
                put(ph + offsetof(Elf64_Phdr, p_offset), off, 8, s->be);
                put(ph + offsetof(Elf64_Phdr, p_vaddr), g->paddr | 0xc000000000000000ull, 8, s->be);
                put(ph + offsetof(Elf64_Phdr, p_paddr), g->paddr, 8, s->be);
                put(ph + offsetof(Elf64_Phdr, p_filesz), g->filesz, 8, s->be);
                put(ph + offsetof(Elf64_Phdr, p_memsz), g->memsz, 8, s->be);
                memset(buf + ELF_BUILD_DATA + i * 0x100, i + 1, 0x100);
        }
        return len;
}

const char *elf_build_file(const struct elf_spec *s)
{
        static char path[64];
        uint8_t buf[ELF_BUILD_MAX];
        size_t len = elf_build(s, buf);
        int fd;

        snprintf(path, sizeof(path), "/tmp/ppcvm-test-elf-XXXXXX");
        fd = mkstemp(path);
        if (fd < 0)
                return NULL;
        if (write(fd, buf, len) != (ssize_t)len) {
                close(fd);
                return NULL;
        }
        close(fd);
        return path;
}
