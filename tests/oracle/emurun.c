/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emurun.h"
#include "vcpu/emu/cpu.h"
#include "vcpu/emu/emu.h"
#include "vcpu/vcpu.h"

/* Problem state as Linux runs a process, with FP exceptions precise: QEMU's
 * user mode raises SIGFPE for enabled FP exceptions whatever MSR[FE0,FE1]
 * say, which is what FE0=FE1=1 does. */
#define USER_MSR (MSR_SF | MSR_PR | MSR_FP | MSR_ME | MSR_FE0 | MSR_FE1)

/* stw r0,-8(0): a store outside RAM, i.e. an MMIO exit from run(). */
#define EXIT_WORD     0x9000fff8u
#define EXIT_ADDR     0x0ffffffffffffff8ull
#define VECTORS_SIZE  0x2000u
#define STEP_LIMIT    (4 * ORACLE_MAX_WORDS)

struct emurun {
        bool le;
        /* step loop: a bare VM and cpu */
        struct emu_vm vm;
        struct emu_cpu cpu;
        struct vcpu_run run;
        uint8_t *code, *scratch;
        /* backend */
        struct vcpu_vm *bvm;
        struct vcpu *bvcpu;
        uint8_t *bvectors, *bcode, *bscratch;
};

const char *fault_name(unsigned kind)
{
        static const char *const names[] = {
                "none", "illegal instruction", "privileged instruction", "trap",
                "FP enabled exception", "alignment", "storage", "other interrupt",
        };
        return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

static enum fault_kind fault_of(uint64_t vector, uint64_t srr1)
{
        switch (vector) {
        case EXC_PROGRAM:
                if (srr1 & SRR1_PROGRAM_FP)
                        return FAULT_FP;
                if (srr1 & SRR1_PROGRAM_PRIV)
                        return FAULT_PRIV;
                if (srr1 & SRR1_PROGRAM_TRAP)
                        return FAULT_TRAP;
                return FAULT_ILLEGAL;
        case EXC_ALIGNMENT:
                return FAULT_ALIGN;
        case EXC_DATA_STORAGE:
        case EXC_DATA_SEGMENT:
        case EXC_INSN_STORAGE:
        case EXC_INSN_SEGMENT:
        case EXC_MACHINE_CHECK:
                return FAULT_STORAGE;
        default:
                return FAULT_OTHER;
        }
}

static void put_word(uint8_t *p, uint32_t w, bool le)
{
        for (unsigned i = 0; i < 4; i++)
                p[le ? i : 3 - i] = (uint8_t)(w >> (8 * i));
}

static void write_code(uint8_t *code, const struct code *c, bool le)
{
        uint8_t *seq = code + (ORACLE_SEQ_BASE - ORACLE_CODE_BASE);
        for (unsigned i = 0; i < c->n; i++)
                put_word(seq + 4 * i, c->w[i], le);
        put_word(seq + 4 * c->n, EXIT_WORD, le);
}

static void load_cpu(struct emu_cpu *cpu, const struct oracle_state *in, bool le)
{
        memcpy(cpu->gpr, in->gpr, sizeof(cpu->gpr));
        for (unsigned i = 0; i < 32; i++)
                emu_set_fpr(cpu, i, in->fpr[i]);
        cpu->cr = (uint32_t)in->cr;
        emu_set_xer(cpu, in->xer);
        cpu->lr = in->lr;
        cpu->ctr = in->ctr;
        cpu->fpscr = in->fpscr;
        cpu->msr = USER_MSR | (le ? MSR_LE : 0);
        cpu->nip = ORACLE_SEQ_BASE;
}

static void save_cpu(const struct emu_cpu *cpu, struct oracle_state *out)
{
        memcpy(out->gpr, cpu->gpr, sizeof(out->gpr));
        for (unsigned i = 0; i < 32; i++)
                out->fpr[i] = emu_fpr(cpu, i);
        out->cr = cpu->cr;
        out->xer = emu_get_xer(cpu);
        out->lr = cpu->lr;
        out->ctr = cpu->ctr;
        out->fpscr = cpu->fpscr;
}

int emurun_new(bool le, struct emurun **ret)
{
        struct emurun *e = calloc(1, sizeof(*e));
        struct vcpu_regs regs = { 0 };
        int r;

        if (!e)
                return -ENOMEM;
        e->le = le;
        r = emu_decode_init();
        e->code = calloc(1, ORACLE_CODE_SIZE);
        e->scratch = calloc(1, ORACLE_SCRATCH_MAP);
        e->bvectors = calloc(1, VECTORS_SIZE);
        e->bcode = calloc(1, ORACLE_CODE_SIZE);
        e->bscratch = calloc(1, ORACLE_SCRATCH_MAP);
        if (r < 0 || !e->code || !e->scratch || !e->bvectors || !e->bcode || !e->bscratch) {
                emurun_free(e);
                return r < 0 ? r : -ENOMEM;
        }
        e->vm.slots[0] = (struct emu_slot){ .gpa = ORACLE_CODE_BASE, .size = ORACLE_CODE_SIZE, .host = e->code };
        e->vm.slots[1] = (struct emu_slot){ .gpa = ORACLE_SCRATCH_BASE, .size = ORACLE_SCRATCH_MAP, .host = e->scratch };
        e->vm.nslots = 2;
        e->vm.pvr = EMU_PVR_POWER9;
        pthread_mutex_init(&e->vm.resv_lock, NULL);
        pthread_mutex_init(&e->vm.lock, NULL);
        e->cpu.vm = &e->vm;
        e->cpu.run = &e->run;

        /* Interrupt vectors (entered big-endian: LPCR[ILE]=0) all exit. */
        for (unsigned i = 0; i < VECTORS_SIZE; i += 4)
                put_word(e->bvectors + i, EXIT_WORD, false);
        const struct vcpu_backend_ops *ops = &vcpu_emu_ops;
        if (!ops->vm_create)
                goto no_backend;
        if (ops->vm_create(&(struct vcpu_vm_config){ .max_vcpus = 1 }, &e->bvm) < 0)
                goto no_backend;
        if (ops->set_memory_region(e->bvm, 0, 0, VECTORS_SIZE, e->bvectors) < 0 ||
            ops->set_memory_region(e->bvm, 1, ORACLE_CODE_BASE, ORACLE_CODE_SIZE, e->bcode) < 0 ||
            ops->set_memory_region(e->bvm, 2, ORACLE_SCRATCH_BASE, ORACLE_SCRATCH_MAP, e->bscratch) < 0 ||
            ops->vcpu_create(e->bvm, 0, &e->bvcpu) < 0 ||
            ops->set_regs(e->bvcpu, &regs) < 0) {
                ops->vm_destroy(e->bvm);
                e->bvm = NULL;
                e->bvcpu = NULL;
        }
no_backend:
        *ret = e;
        return 0;
}

void emurun_free(struct emurun *e)
{
        if (!e)
                return;
        if (e->bvm)
                vcpu_emu_ops.vm_destroy(e->bvm);
        if (e->vm.slots[0].host) {
                emu_resv_clear(&e->cpu);
                pthread_mutex_destroy(&e->vm.resv_lock);
                pthread_mutex_destroy(&e->vm.lock);
        }
        free(e->code);
        free(e->scratch);
        free(e->bvectors);
        free(e->bcode);
        free(e->bscratch);
        free(e);
}

static uint32_t fetch(const struct emurun *e, uint64_t nip, bool *ok)
{
        const uint8_t *p = emu_ram_ptr((struct emu_vm *)&e->vm, nip & 0x0fffffffffffffffull, 4);
        uint32_t w = 0;

        *ok = p != NULL;
        if (!p)
                return 0;
        for (unsigned i = 0; i < 4; i++)
                w |= (uint32_t)p[(e->cpu.msr & MSR_LE) ? i : 3 - i] << (8 * i);
        return w;
}

int emurun_step(struct emurun *e, const struct seq *s, const struct code *c,
                struct oracle_state *out, unsigned *ret_group, char *err, size_t errlen)
{
        struct emu_cpu *cpu = &e->cpu;
        uint64_t end = ORACLE_SEQ_BASE + 4ull * c->n;

        emu_resv_clear(cpu);
        memset(cpu->spr, 0, sizeof(cpu->spr));
        write_code(e->code, c, e->le);
        memcpy(e->scratch, s->init.mem, ORACLE_SCRATCH_SIZE);
        load_cpu(cpu, &s->init, e->le);
        memset(out, 0, sizeof(*out));

        for (unsigned steps = 0; cpu->nip != end; steps++) {
                struct emu_insn in;
                bool ok;
                uint64_t nip = cpu->nip;
                uint32_t w = fetch(e, nip, &ok);

                if (steps >= STEP_LIMIT || !ok || nip < ORACLE_SEQ_BASE || nip > end) {
                        snprintf(err, errlen, "step loop: control left the sequence at %#llx",
                                 (unsigned long long)nip);
                        return -EIO;
                }
                unsigned i = (unsigned)((nip - ORACLE_SEQ_BASE) / 4);
                unsigned what = gen_undefined(&s->g[c->group[i]], c->idx[i], cpu);
                if (what) {
                        *ret_group = c->group[i] | what << 20;
                        return 1;
                }
                emu_decode(w, &in);
                int r = in.fn(cpu, &in);
                if (r == EMU_NEXT && gen_qemu_differs_after(&s->g[c->group[i]], c->idx[i], cpu)) {
                        *ret_group = c->group[i] | EMURUN_AFTER;
                        return 1;
                }
                if (r == EMU_NEXT) {
                        cpu->nip = emu_nia(cpu, cpu->nip + 4);
                } else if (r == EMU_EXIT) {
                        snprintf(err, errlen, "step loop: exit %u to the host at %#llx (word %08x)",
                                 e->run.exit_reason, (unsigned long long)nip, w);
                        return -EIO;
                } else if (!(cpu->msr & MSR_PR)) {
                        /* An interrupt: it leaves PR=0.  The registers are
                         * those before the faulting instruction. */
                        save_cpu(cpu, out);
                        out->sig = fault_of(cpu->nip, cpu->spr[SPR_SRR1]);
                        out->sig_pc = cpu->spr[SPR_SRR0];
                        memcpy(out->mem, e->scratch, ORACLE_SCRATCH_SIZE);
                        return 0;
                }
        }
        save_cpu(cpu, out);
        memcpy(out->mem, e->scratch, ORACLE_SCRATCH_SIZE);
        return 0;
}

int emurun_backend(struct emurun *e, const struct seq *s, const struct code *c,
                   struct oracle_state *out, char *err, size_t errlen)
{
        const struct vcpu_backend_ops *ops = &vcpu_emu_ops;
        struct vcpu_regs regs = { 0 };
        struct vcpu_fpu fpu = { 0 };
        uint64_t end = ORACLE_SEQ_BASE + 4ull * c->n;
        int r;

        if (!e->bvcpu) {
                snprintf(err, errlen, "the emulator backend is not available");
                return -ENOSYS;
        }
        write_code(e->bcode, c, e->le);
        /* The host wrote the words, not the guest: say so, so that the
         * decoded pages of the previous case are dropped. */
        if (ops->ram_written) {
                ops->ram_written(e->bvm, ORACLE_CODE_BASE, ORACLE_CODE_SIZE);
        } else {
                r = ops->set_memory_region(e->bvm, 1, ORACLE_CODE_BASE, ORACLE_CODE_SIZE, e->bcode);
                if (r < 0) {
                        snprintf(err, errlen, "set_memory_region: %s", strerror(-r));
                        return r;
                }
        }
        memcpy(e->bscratch, s->init.mem, ORACLE_SCRATCH_SIZE);
        memcpy(regs.gpr, s->init.gpr, sizeof(regs.gpr));
        regs.pc = ORACLE_SEQ_BASE;
        regs.cr = s->init.cr;
        regs.xer = s->init.xer;
        regs.lr = s->init.lr;
        regs.ctr = s->init.ctr;
        regs.msr = USER_MSR | (e->le ? MSR_LE : 0);
        memcpy(fpu.fpr, s->init.fpr, sizeof(fpu.fpr));
        fpu.fpscr = s->init.fpscr;
        if ((r = ops->set_regs(e->bvcpu, &regs)) < 0 || (r = ops->set_fpu(e->bvcpu, &fpu)) < 0) {
                snprintf(err, errlen, "set_regs/set_fpu: %s", strerror(-r));
                return r;
        }
        r = ops->run(e->bvcpu);
        if (r < 0) {
                snprintf(err, errlen, "run: %s", strerror(-r));
                return r;
        }
        const struct vcpu_run *run = e->bvcpu->run;
        if ((r = ops->get_regs(e->bvcpu, &regs)) < 0 || (r = ops->get_fpu(e->bvcpu, &fpu)) < 0) {
                snprintf(err, errlen, "get_regs/get_fpu: %s", strerror(-r));
                return r;
        }
        if (run->exit_reason != KVM_EXIT_MMIO || run->mmio.phys_addr != EXIT_ADDR) {
                snprintf(err, errlen, "run: unexpected exit %u at %#llx", run->exit_reason,
                         (unsigned long long)regs.pc);
                return -EIO;
        }
        memset(out, 0, sizeof(*out));
        memcpy(out->gpr, regs.gpr, sizeof(out->gpr));
        memcpy(out->fpr, fpu.fpr, sizeof(out->fpr));
        out->cr = regs.cr;
        out->xer = regs.xer;
        out->lr = regs.lr;
        out->ctr = regs.ctr;
        out->fpscr = fpu.fpscr;
        memcpy(out->mem, e->bscratch, ORACLE_SCRATCH_SIZE);
        if (regs.pc - 4 != end) {
                if (regs.pc - 4 >= VECTORS_SIZE) {
                        snprintf(err, errlen, "run: exit from %#llx, neither the end nor a vector",
                                 (unsigned long long)regs.pc - 4);
                        return -EIO;
                }
                /* The vector's first word exits: pc - 4 is the vector itself. */
                out->sig = fault_of(regs.pc - 4, regs.srr1);
                out->sig_pc = regs.srr0;
        }
        return 0;
}
