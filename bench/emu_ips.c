/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guest instructions per second of the emulator backend on a tight loop:
 *
 *         li    r3,0
 *         lis   r4,N@h
 *         ori   r4,r4,N@l
 *   1:    addi  r3,r3,1
 *         cmpd  r3,r4
 *         bne   1b
 *         std   r3,0(r9)      r9 outside RAM: an MMIO exit ends the run
 *
 * run through vcpu_emu_ops, as the machine runs a guest.  With --mem the
 * loop body also does `ld r5,0(r6); addi r5,r5,1; std r5,0(r6)` on RAM.
 *   emu-ips [--mem] [iterations]      default 200000000
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vcpu/emu/cpu.h"
#include "vcpu/vcpu.h"

#define RAM_SIZE (1u << 20)
#define CODE     0x1000u
#define MMIO     0x40000000u

static uint32_t d_form(unsigned op, unsigned rt, unsigned ra, unsigned d)
{
        return op << 26 | rt << 21 | ra << 16 | (d & 0xffffu);
}

static void put_be32(uint8_t *p, uint32_t w)
{
        p[0] = (uint8_t)(w >> 24);
        p[1] = (uint8_t)(w >> 16);
        p[2] = (uint8_t)(w >> 8);
        p[3] = (uint8_t)w;
}

static double now_s(clockid_t clock)
{
        struct timespec ts;
        clock_gettime(clock, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
        const struct vcpu_backend_ops *ops = &vcpu_emu_ops;
        bool mem = argc > 1 && strcmp(argv[1], "--mem") == 0;
        const char *count = argc > 1 + mem ? argv[1 + mem] : NULL;
        uint64_t n = count ? strtoull(count, NULL, 0) : 200000000ull;
        struct vcpu_vm_config cfg = { .max_vcpus = 1 };
        struct vcpu_vm *vm;
        struct vcpu *vcpu;
        struct vcpu_regs regs;
        struct vcpu_stats st;
        uint8_t *ram = calloc(1, RAM_SIZE);
        int r;

        if (!ram || n == 0 || n > 0x7fffffffull) {
                fprintf(stderr, "usage: emu-ips [--mem] [iterations, 1..2^31-1]\n");
                return 2;
        }
        const uint32_t loop[] = {
                d_form(14, 3, 0, 0),                            /* li r3,0 */
                d_form(15, 4, 0, (unsigned)(n >> 16)),          /* lis r4,N@h */
                d_form(24, 4, 4, (unsigned)n),                  /* ori r4,r4,N@l */
                d_form(14, 3, 3, 1),                            /* 1: addi r3,r3,1 */
                31u << 26 | 1u << 21 | 3u << 16 | 4u << 11,     /* cmpd r3,r4 */
                16u << 26 | 4u << 21 | 2u << 16 | (0xfff8u),    /* bne 1b */
                d_form(15, 9, 0, MMIO >> 16),                   /* lis r9,MMIO@h */
                d_form(62, 3, 9, 0),                            /* std r3,0(r9) */
        };
        const uint32_t mem_loop[] = {
                d_form(14, 3, 0, 0),                            /* li r3,0 */
                d_form(15, 4, 0, (unsigned)(n >> 16)),          /* lis r4,N@h */
                d_form(24, 4, 4, (unsigned)n),                  /* ori r4,r4,N@l */
                d_form(14, 6, 0, 0x4000),                       /* li r6,0x4000 */
                d_form(58, 5, 6, 0),                            /* 1: ld r5,0(r6) */
                d_form(14, 5, 5, 1),                            /* addi r5,r5,1 */
                d_form(62, 5, 6, 0),                            /* std r5,0(r6) */
                d_form(14, 3, 3, 1),                            /* addi r3,r3,1 */
                31u << 26 | 1u << 21 | 3u << 16 | 4u << 11,     /* cmpd r3,r4 */
                16u << 26 | 4u << 21 | 2u << 16 | (0xffecu),    /* bne 1b */
                d_form(15, 9, 0, MMIO >> 16),                   /* lis r9,MMIO@h */
                d_form(62, 3, 9, 0),                            /* std r3,0(r9) */
        };
        const uint32_t *code = mem ? mem_loop : loop;
        size_t ncode = mem ? sizeof(mem_loop) / 4 : sizeof(loop) / 4;

        for (size_t i = 0; i < ncode; i++)
                put_be32(ram + CODE + 4 * i, code[i]);

        if ((r = ops->vm_create(&cfg, &vm)) < 0 ||
            (r = ops->set_memory_region(vm, 0, 0, RAM_SIZE, ram)) < 0 ||
            (r = ops->vcpu_create(vm, 0, &vcpu)) < 0) {
                fprintf(stderr, "Failed to set up the VM: %s\n", strerror(-r));
                return 1;
        }
        ops->get_regs(vcpu, &regs);
        regs.pc = CODE;
        regs.msr = MSR_SF | MSR_ME;
        ops->set_regs(vcpu, &regs);

        /* CPU time as well as wall time: on a busy host the thread's CPU
         * time is the steadier figure. */
        double t0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_THREAD_CPUTIME_ID);
        ops->run(vcpu);
        double t1 = now_s(CLOCK_MONOTONIC), c1 = now_s(CLOCK_THREAD_CPUTIME_ID);

        ops->get_regs(vcpu, &regs);
        ops->get_stats(vcpu, &st);
        if (vcpu->run->exit_reason != KVM_EXIT_MMIO || regs.gpr[3] != n) {
                fprintf(stderr, "Failed to run the loop: exit %u, r3 %" PRIu64 "\n",
                        vcpu->run->exit_reason, regs.gpr[3]);
                return 1;
        }
        printf("%" PRIu64 " guest instructions in %.3f s (%.3f s CPU): "
               "%.1f million instructions/s (%.1f per CPU second)\n",
               st.instructions, t1 - t0, c1 - c0, (double)st.instructions / (t1 - t0) / 1e6,
               (double)st.instructions / (c1 - c0) / 1e6);
        ops->vm_destroy(vm);
        free(ram);
        return 0;
}
