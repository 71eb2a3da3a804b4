/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The vector oracle's PowerPC side, run under qemu-ppc64(le)-static: for
 * each case, places the instruction (then blr) in a code page, the case's
 * memory at VO_SCRATCH, runs it through vrun and writes the state back.
 * An instruction that raises a signal is reported by its number; the
 * registers of such a case are not compared.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vproto.h"

void vrun(struct vstate *st, void *code);

static sigjmp_buf escape;
static volatile int caught;

static void on_signal(int sig)
{
        caught = sig;
        siglongjmp(escape, 1);
}

static void *map_fixed(unsigned long addr, size_t len, int prot)
{
        void *p = mmap((void *)addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != (void *)addr) {
                fprintf(stderr, "vharness: cannot map %#lx\n", addr);
                exit(2);
        }
        return p;
}

int main(void)
{
        uint32_t *code = map_fixed(VO_CODE_BASE, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
        uint8_t *mem = map_fixed(VO_SCRATCH, 4096, PROT_READ | PROT_WRITE);
        static struct vstate st;
        uint32_t hdr[2], ch[2];

        signal(SIGILL, on_signal);
        signal(SIGSEGV, on_signal);
        signal(SIGBUS, on_signal);
        signal(SIGFPE, on_signal);
        if (fread(hdr, sizeof(hdr), 1, stdin) != 1 || hdr[0] != VO_MAGIC)
                return 2;
        for (uint32_t c = 0; c < hdr[1]; c++) {
                if (fread(ch, sizeof(ch), 1, stdin) != 1 || fread(&st, sizeof(st), 1, stdin) != 1)
                        return 2;
                code[0] = ch[0];
                code[1] = 0x4e800020;   /* blr */
                __builtin___clear_cache((char *)code, (char *)(code + 2));
                memcpy(mem, st.mem, VO_MEM_SIZE);
                caught = 0;
                if (sigsetjmp(escape, 1) == 0)
                        vrun(&st, code);
                st.sig = (uint64_t)caught;
                memcpy(st.mem, mem, VO_MEM_SIZE);
                if (fwrite(&st, sizeof(st), 1, stdout) != 1)
                        return 2;
        }
        return fflush(stdout) == 0 ? 0 : 2;
}
