/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The oracle's PowerPC side, run under qemu-ppc64(le)-static: reads a batch
 * of cases (state + instruction words) from stdin, runs each one from a code
 * buffer at ORACLE_CODE_BASE with its scratch memory at ORACLE_SCRATCH_BASE,
 * and writes the final state of each to stdout.  A signal raised by the
 * sequence (SIGILL, SIGTRAP, SIGFPE, SIGBUS, SIGSEGV) is reported with the
 * register state at the faulting instruction, as the kernel saw it.
 *
 * Built -static -fno-stack-protector: the signal handler runs with whatever
 * the sequence left in r13 (the thread pointer), so it must not touch TLS.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "../proto.h"

void run_code(struct oracle_state *st, void *entry);
extern const uint32_t oracle_prologue[], oracle_prologue_end[];
extern const uint32_t oracle_epilogue[], oracle_epilogue_end[];
extern const uint32_t oracle_back[];

/* PT_NIP, PT_CCR, ...: pt_regs indices in mcontext gp_regs (asm/ptrace.h). */

static struct oracle_state *volatile current;

static void on_signal(int sig, siginfo_t *si, void *uctx)
{
        ucontext_t *uc = uctx;
        struct oracle_state *st = current;
        mcontext_t *mc = &uc->uc_mcontext;

        for (int i = 0; i < 32; i++) {
                st->gpr[i] = mc->gp_regs[i];
                st->fpr[i] = ((const uint64_t *)mc->fp_regs)[i];
        }
        st->fpscr = ((const uint64_t *)mc->fp_regs)[32];
        st->cr = mc->gp_regs[PT_CCR];
        st->xer = mc->gp_regs[PT_XER];
        st->lr = mc->gp_regs[PT_LNK];
        st->ctr = mc->gp_regs[PT_CTR];
        st->sig = (uint64_t)sig;
        st->sig_code = (uint64_t)si->si_code;
        st->sig_pc = mc->gp_regs[PT_NIP];
        st->sig_addr = (uint64_t)(uintptr_t)si->si_addr;
        mc->gp_regs[PT_NIP] = (uintptr_t)oracle_back;
}

static void *map_fixed(uintptr_t addr, size_t len, int prot)
{
        void *p = mmap((void *)addr, len, prot,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != (void *)addr) {
                fprintf(stderr, "harness: cannot map %#lx\n", (unsigned long)addr);
                exit(2);
        }
        return p;
}

static int read_all(void *buf, size_t len)
{
        return fread(buf, 1, len, stdin) == len ? 0 : -1;
}

static void run_case(struct oracle_state *st, const uint32_t *words, uint32_t n,
                     uint32_t *code, uint8_t *scratch)
{
        size_t np = (size_t)(oracle_prologue_end - oracle_prologue);
        size_t ne = (size_t)(oracle_epilogue_end - oracle_epilogue);
        uint32_t *seq = code + (ORACLE_SEQ_BASE - ORACLE_CODE_BASE) / 4;
        uint64_t r1 = st->gpr[1];

        memcpy(code, oracle_prologue, np * 4);
        for (uint32_t *p = code + np; p < seq; p++)
                *p = 0x60000000;        /* nop up to the sequence */
        memcpy(seq, words, n * 4);
        memcpy(seq + n, oracle_epilogue, ne * 4);
        __builtin___clear_cache((char *)code, (char *)(seq + n + ne));
        memcpy(scratch, st->mem, ORACLE_SCRATCH_SIZE);
        st->sig = st->sig_code = st->sig_pc = st->sig_addr = 0;
        current = st;
        run_code(st, code);
        memcpy(st->mem, scratch, ORACLE_SCRATCH_SIZE);
        st->gpr[1] = r1;
}

int main(void)
{
        static uint32_t words[ORACLE_MAX_WORDS];
        struct oracle_state st;
        uint32_t hdr[2];
        struct sigaction sa;

        uint32_t *code = map_fixed(ORACLE_CODE_BASE, ORACLE_CODE_SIZE,
                                   PROT_READ | PROT_WRITE | PROT_EXEC);
        uint8_t *scratch = map_fixed(ORACLE_SCRATCH_BASE, ORACLE_SCRATCH_MAP,
                                     PROT_READ | PROT_WRITE);
        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = on_signal;
        sa.sa_flags = SA_SIGINFO;
        for (int s = 0, sigs[] = { SIGILL, SIGTRAP, SIGFPE, SIGBUS, SIGSEGV }; s < 5; s++)
                sigaction(sigs[s], &sa, NULL);

        if (read_all(hdr, sizeof(hdr)) < 0 || hdr[0] != ORACLE_MAGIC) {
                fprintf(stderr, "harness: bad input header\n");
                return 2;
        }
        for (uint32_t c = 0; c < hdr[1]; c++) {
                uint32_t ch[2];
                if (read_all(ch, sizeof(ch)) < 0 || ch[0] > ORACLE_MAX_WORDS ||
                    read_all(&st, sizeof(st)) < 0 || read_all(words, ch[0] * 4) < 0) {
                        fprintf(stderr, "harness: truncated case %u\n", c);
                        return 2;
                }
                run_case(&st, words, ch[0], code, scratch);
                if (fwrite(&st, sizeof(st), 1, stdout) != 1)
                        return 2;
        }
        return fflush(stdout) == 0 ? 0 : 2;
}
