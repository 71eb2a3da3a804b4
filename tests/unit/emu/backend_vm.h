/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A whole emulated VM for backend tests, driven through vcpu_emu_ops: RAM at
 * real address 0, vcpus in 64-bit supervisor state, guest code written as
 * raw instruction words in the guest's byte order.  Header only.
 */
#pragma once

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vcpu/emu/emu.h"
#include "test.h"

#define TVM_RAM_SIZE  (1u << 20)
#define TVM_MMIO      0x40000000ull     /* outside RAM: MMIO (lis r9,0x4000) */
#define TVM_CODE      0x1000ull

struct tvm {
        const struct vcpu_backend_ops *ops;
        struct vcpu_vm *vm;
        struct vcpu *vcpu[4];
        uint8_t *ram;
        bool le;
};

/* Instruction encodings (Power ISA 3.0 formats). */
static inline uint32_t insn_d(unsigned op, unsigned rt, unsigned ra, int d)
{
        return (uint32_t)op << 26 | rt << 21 | ra << 16 | (uint16_t)d;
}
#define ADDI(rt, ra, si)   insn_d(14, rt, ra, si)
#define LI(rt, si)         insn_d(14, rt, 0, si)
#define LIS(rt, si)        insn_d(15, rt, 0, si)
#define ORI(ra, rs, ui)    insn_d(24, rs, ra, ui)
#define LBZ(rt, d, ra)     insn_d(34, rt, ra, d)
#define LHZ(rt, d, ra)     insn_d(40, rt, ra, d)
#define LHA(rt, d, ra)     insn_d(42, rt, ra, d)
#define LWZ(rt, d, ra)     insn_d(32, rt, ra, d)
#define STB(rs, d, ra)     insn_d(38, rs, ra, d)
#define STH(rs, d, ra)     insn_d(44, rs, ra, d)
#define STW(rs, d, ra)     insn_d(36, rs, ra, d)
#define LD(rt, ds, ra)     (insn_d(58, rt, ra, (ds) & 0xfffc) | 0)
#define LWA(rt, ds, ra)    (insn_d(58, rt, ra, (ds) & 0xfffc) | 2)
#define STD(rs, ds, ra)    (insn_d(62, rs, ra, (ds) & 0xfffc) | 0)
#define CMPDI(ra, si)      (insn_d(11, 0, ra, si) | 1u << 21)
#define B(off)             (18u << 26 | ((uint32_t)(off) & 0x03fffffcu))
#define BEQ(off)           (16u << 26 | 12u << 21 | 2u << 16 | ((uint32_t)(off) & 0xfffcu))
#define BNE(off)           (16u << 26 | 4u << 21 | 2u << 16 | ((uint32_t)(off) & 0xfffcu))
#define SC(lev)            (0x44000002u | (uint32_t)(lev) << 5)
#define ISYNC              0x4c00012cu
#define NOP                0x60000000u

static inline void tvm_init(struct tvm *t, unsigned nvcpus, bool le)
{
        struct vcpu_vm_config cfg = { .max_vcpus = 4 };

        memset(t, 0, sizeof(*t));
        t->ops = &vcpu_emu_ops;
        t->le = le;
        t->ram = calloc(1, TVM_RAM_SIZE);
        CHECK(t->ram);
        CHECK_EQ(t->ops->vm_create(&cfg, &t->vm), 0);
        CHECK_EQ(t->ops->set_memory_region(t->vm, 0, 0, TVM_RAM_SIZE, t->ram), 0);
        for (unsigned i = 0; i < nvcpus; i++) {
                struct vcpu_regs regs;
                CHECK_EQ(t->ops->vcpu_create(t->vm, i, &t->vcpu[i]), 0);
                CHECK_EQ(t->ops->get_regs(t->vcpu[i], &regs), 0);
                regs.msr = MSR_SF | MSR_ME | (le ? MSR_LE : 0);
                regs.pc = TVM_CODE;
                CHECK_EQ(t->ops->set_regs(t->vcpu[i], &regs), 0);
        }
}

static inline void tvm_fini(struct tvm *t)
{
        t->ops->vm_destroy(t->vm);
        free(t->ram);
}

static inline struct emu_vcpu *tvm_emu(struct tvm *t, unsigned i)
{
        return emu_vcpu_of(t->vcpu[i]);
}

/* Writes a word in the guest's byte order. */
static inline void tvm_poke32(struct tvm *t, uint64_t addr, uint32_t w)
{
        for (unsigned i = 0; i < 4; i++)
                t->ram[addr + i] = (uint8_t)(w >> (t->le ? 8 * i : 24 - 8 * i));
}

static inline void tvm_code(struct tvm *t, uint64_t addr, const uint32_t *words, size_t n)
{
        for (size_t i = 0; i < n; i++)
                tvm_poke32(t, addr + 4 * i, words[i]);
}
#define TVM_CODE_AT(t, addr, ...) \
        do { \
                const uint32_t code_[] = { __VA_ARGS__ }; \
                tvm_code(t, addr, code_, sizeof(code_) / sizeof(code_[0])); \
        } while (0)

static inline uint64_t tvm_gpr(struct tvm *t, unsigned v, unsigned r)
{
        struct vcpu_regs regs;
        CHECK_EQ(t->ops->get_regs(t->vcpu[v], &regs), 0);
        return regs.gpr[r];
}

static inline void tvm_set_gpr(struct tvm *t, unsigned v, unsigned r, uint64_t val)
{
        struct vcpu_regs regs;
        CHECK_EQ(t->ops->get_regs(t->vcpu[v], &regs), 0);
        regs.gpr[r] = val;
        CHECK_EQ(t->ops->set_regs(t->vcpu[v], &regs), 0);
}

static inline struct vcpu_regs tvm_regs(struct tvm *t, unsigned v)
{
        struct vcpu_regs regs;
        CHECK_EQ(t->ops->get_regs(t->vcpu[v], &regs), 0);
        return regs;
}

static inline void tvm_set_msr_pc(struct tvm *t, unsigned v, uint64_t msr, uint64_t pc)
{
        struct vcpu_regs regs;
        CHECK_EQ(t->ops->get_regs(t->vcpu[v], &regs), 0);
        regs.msr = msr;
        regs.pc = pc;
        CHECK_EQ(t->ops->set_regs(t->vcpu[v], &regs), 0);
}

/* Runs vcpu v and returns its exit reason. */
static inline uint32_t tvm_run(struct tvm *t, unsigned v)
{
        CHECK_EQ(t->ops->run(t->vcpu[v]), 0);
        return t->vcpu[v]->run->exit_reason;
}

/* Completes the pending exit without running further: a kick makes the next
 * run return KVM_EXIT_INTR right after it has completed the exit. */
static inline void tvm_complete(struct tvm *t, unsigned v)
{
        t->ops->kick(t->vcpu[v]);
        CHECK_EQ(tvm_run(t, v), KVM_EXIT_INTR);
}

static inline void tvm_sleep_ms(unsigned ms)
{
        struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
}

/* Waits (without a deadline: meson's test timeout is the bound) until vcpu v
 * sleeps in H_CEDE. */
static inline void tvm_wait_halted(struct tvm *t, unsigned v)
{
        enum vcpu_mp_state s = VCPU_MP_RUNNABLE;
        while (t->ops->get_mp_state(t->vcpu[v], &s) == 0 && s != VCPU_MP_HALTED)
                tvm_sleep_ms(1);
}

/* A vcpu run on a thread of its own: tvm_run_thread() fills ret and
 * exit_reason.  No CHECK there: a failing CHECK may only run on the test's
 * own thread. */
struct tvm_runner {
        struct tvm *t;
        unsigned v;
        int ret;
        uint32_t exit_reason;
};

static inline void *tvm_run_thread(void *arg)
{
        struct tvm_runner *r = arg;

        r->ret = r->t->ops->run(r->t->vcpu[r->v]);
        r->exit_reason = r->t->vcpu[r->v]->run->exit_reason;
        return NULL;
}

/* Runs vcpus 0 and 1 at once, each until its MMIO exit. */
static inline void tvm_run_two_until_mmio(struct tvm *t)
{
        struct tvm_runner r[2] = { { t, 0, -1, 0 }, { t, 1, -1, 0 } };
        pthread_t th[2];

        for (unsigned i = 0; i < 2; i++)
                CHECK_EQ(pthread_create(&th[i], NULL, tvm_run_thread, &r[i]), 0);
        for (unsigned i = 0; i < 2; i++)
                pthread_join(th[i], NULL);
        for (unsigned i = 0; i < 2; i++) {
                CHECK_EQ(r[i].ret, 0);
                CHECK_EQ(r[i].exit_reason, KVM_EXIT_MMIO);
        }
}
