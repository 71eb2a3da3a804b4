/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target for the emulator: the input is a vcpu state (MSR with
 * any of SF/PR/LE/FP/EE/IR/DR/VEC/VSX/FE0/FE1/SE, GPRs, FPSCR, CR, XER, LR,
 * CTR, SRR0/1, LPCR) followed by the guest RAM image holding the code.  It
 * runs twice:
 *   1. a bounded step loop over emu_decode and the handlers (deterministic);
 *   2. when bit 6 of the entry byte is set, the backend's run() from the
 *      same state, completing its exits with input bytes, stopped by a kick
 *      from a watchdog thread if the guest loops.
 * Guest RAM sits between two PROT_NONE guard pages, so an access outside
 * it faults even without ASan; the fuzzer must never crash, hang or abort.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "vcpu/emu/cpu.h"
#include "vcpu/emu/emu.h"
#include "vcpu/vcpu.h"

#define RAM_SIZE   0x10000u
#define PAGE       4096u
#define ENTRY      0x1000u
#define MAX_STEPS  512
#define MAX_RUNS   8

static const uint64_t msr_bits[] = {
        MSR_SF, MSR_PR, MSR_LE, MSR_FP, MSR_EE, MSR_IR, MSR_DR, MSR_VEC,
        MSR_VSX, MSR_FE0, MSR_FE1, MSR_SE, MSR_BE, MSR_RI, MSR_ME, MSR_PMM,
};

struct input {
        const uint8_t *p;
        size_t left;
};

static uint64_t take(struct input *in, unsigned n)
{
        uint64_t v = 0;
        for (unsigned i = 0; i < n; i++) {
                v = (v << 8) | (in->left ? *in->p : 0);
                if (in->left) {
                        in->p++;
                        in->left--;
                }
        }
        return v;
}

static const struct vcpu_backend_ops *ops = &vcpu_emu_ops;
static struct vcpu_vm *vm;
static struct vcpu *vcpu;
static uint8_t *ram;

/* The watchdog: kicks the vcpu when a run() takes longer than 2 ms. */
static pthread_mutex_t dog_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dog_cond = PTHREAD_COND_INITIALIZER;
static unsigned dog_armed;   /* generation of the run being watched, 0: none */

static void *watchdog(void *arg)
{
        (void)arg;
        pthread_mutex_lock(&dog_lock);
        for (;;) {
                while (!dog_armed)
                        pthread_cond_wait(&dog_cond, &dog_lock);
                unsigned gen = dog_armed;
                struct timespec t;
                clock_gettime(CLOCK_REALTIME, &t);
                t.tv_nsec += 2000000;
                if (t.tv_nsec >= 1000000000) {
                        t.tv_sec++;
                        t.tv_nsec -= 1000000000;
                }
                while (dog_armed == gen &&
                       pthread_cond_timedwait(&dog_cond, &dog_lock, &t) == 0)
                        ;
                if (dog_armed == gen)
                        ops->kick(vcpu);
                while (dog_armed == gen)
                        pthread_cond_wait(&dog_cond, &dog_lock);
        }
        return NULL;
}

static void arm(unsigned gen)
{
        pthread_mutex_lock(&dog_lock);
        dog_armed = gen;
        pthread_cond_broadcast(&dog_cond);
        pthread_mutex_unlock(&dog_lock);
}

static int setup(void)
{
        pthread_t t;
        uint8_t *map = mmap(NULL, RAM_SIZE + 2 * PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (map == MAP_FAILED)
                return -1;
        mprotect(map, PAGE, PROT_NONE);
        mprotect(map + PAGE + RAM_SIZE, PAGE, PROT_NONE);
        ram = map + PAGE;
        if (ops->vm_create(&(struct vcpu_vm_config){ .max_vcpus = 1 }, &vm) < 0 ||
            ops->set_memory_region(vm, 0, 0, RAM_SIZE, ram) < 0 ||
            ops->vcpu_create(vm, 0, &vcpu) < 0)
                return -1;
        return pthread_create(&t, NULL, watchdog, NULL);
}

struct state {
        bool backend;           /* also run through run() (slower: a watchdog stops loops) */
        struct vcpu_regs regs;
        struct vcpu_fpu fpu;
        uint64_t lpcr;
};

static void parse_state(struct input *in, struct state *s)
{
        uint64_t msr = 0, sel = take(in, 2);

        memset(s, 0, sizeof(*s));
        for (unsigned i = 0; i < sizeof(msr_bits) / sizeof(msr_bits[0]); i++)
                if (sel & (1u << i))
                        msr |= msr_bits[i];
        s->regs.msr = msr;
        uint64_t entry = take(in, 1);
        s->regs.pc = ENTRY + 4 * (entry & 0x3f);
        s->backend = entry & 0x40;
        for (unsigned i = 0; i < 32; i++)
                s->regs.gpr[i] = take(in, 8);
        s->regs.cr = take(in, 4);
        s->regs.xer = take(in, 8);
        s->regs.lr = take(in, 8);
        s->regs.ctr = take(in, 8);
        s->regs.srr0 = take(in, 8);
        s->regs.srr1 = take(in, 8);
        s->fpu.fpscr = take(in, 4);
        for (unsigned i = 0; i < 32; i += 4)      /* a few FPRs, the rest 0 */
                s->fpu.fpr[i] = take(in, 8);
        s->lpcr = take(in, 8);
}

static void load_state(const struct state *s, struct input *in)
{
        struct emu_cpu *cpu = emu_vcpu_cpu((struct emu_vm *)vm, 0);

        memset(ram, 0, RAM_SIZE);
        memcpy(ram + ENTRY, in->p, in->left < RAM_SIZE - ENTRY ? in->left : RAM_SIZE - ENTRY);
        /* The host wrote guest RAM: decoded pages from there must go. */
        ops->ram_written(vm, 0, RAM_SIZE);
        ops->set_regs(vcpu, &s->regs);
        ops->set_fpu(vcpu, &s->fpu);
        ops->set_one_reg(vcpu, VCPU_REG_LPCR, s->lpcr);
        emu_resv_clear(cpu);
        cpu->mmio_pending = false;
        /* run() drops stale translations itself; the step loop must too. */
        emu_tlb_flush(cpu);
}

/* Phase 1: our own bounded loop, fetching as the execution loop does. */
static void step_loop(struct input *data)
{
        struct emu_cpu *cpu = emu_vcpu_cpu((struct emu_vm *)vm, 0);

        for (unsigned n = 0; n < MAX_STEPS; n++) {
                uint64_t ra = cpu->nip & ~3ull;
                struct emu_insn in;

                if ((cpu->msr & MSR_IR) &&
                    emu_mmu_xlate(cpu, cpu->nip & ~3ull, EMU_ACCESS_EXEC, &ra) != EMU_NEXT)
                        continue;       /* an instruction storage interrupt was raised */
                const uint8_t *p = emu_ram_ptr(cpu->vm, ra & 0x0fffffffffffffffull, 4);
                if (!p)
                        return;
                uint32_t w = (cpu->msr & MSR_LE) ?
                        (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 :
                        (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
                emu_decode(w, &in);
                if (!in.fn)
                        abort();        /* the decoder's contract: never NULL */
                int r = in.fn(cpu, &in);
                if (r != EMU_NEXT && r != EMU_JUMP && r != EMU_EXIT)
                        abort();        /* the handler contract (cpu.h) */
                if (r == EMU_NEXT) {
                        cpu->nip = emu_nia(cpu, cpu->nip + 4);
                } else if (r == EMU_EXIT) {
                        /* Serve the exit the way the machine would. */
                        if (cpu->mmio_pending) {
                                memset(cpu->run->mmio.data, (int)take(data, 1), sizeof(cpu->run->mmio.data));
                                emu_complete_mmio(cpu);
                        }
                }
        }
}

/* Phase 2: the backend's run(), as src/machine drives it. */
static void backend_runs(struct input *data)
{
        static unsigned gen;

        for (unsigned i = 0; i < MAX_RUNS; i++) {
                arm(++gen ? gen : ++gen);
                ops->run(vcpu);
                arm(0);
                struct vcpu_run *run = vcpu->run;
                switch (run->exit_reason) {
                case KVM_EXIT_MMIO:
                        if (!run->mmio.is_write)
                                memset(run->mmio.data, (int)take(data, 1), sizeof(run->mmio.data));
                        break;
                case KVM_EXIT_PAPR_HCALL:
                        run->papr_hcall.ret = take(data, 1);
                        break;
                case KVM_EXIT_INTR:
                case KVM_EXIT_HLT:
                case KVM_EXIT_SHUTDOWN:
                case KVM_EXIT_INTERNAL_ERROR:
                        return;
                default:
                        break;
                }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static int ready;
        struct input in = { data, size };
        struct state s;

        if (!ready)
                ready = setup() == 0 ? 1 : -1;
        if (ready < 0)
                abort();        /* the harness itself could not start */
        parse_state(&in, &s);
        struct input code = in;
        /* The bytes after the code image feed MMIO data and hcall results. */
        struct input tail = { in.p + (in.left > RAM_SIZE - ENTRY ? RAM_SIZE - ENTRY : in.left), 0 };
        tail.left = size - (size_t)(tail.p - data);

        load_state(&s, &code);
        step_loop(&tail);
        if (s.backend) {
                load_state(&s, &code);
                backend_runs(&tail);
        }
        return 0;
}
