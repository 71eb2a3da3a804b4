/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A vcpu's run(), with the seed's exit protocol: complete the exit the host
 * just served, deliver pending interrupts, run the guest.  Also everything
 * other threads do to a vcpu (interrupt, kick, MP state) and the sleeping
 * that H_CEDE, wait and a stopped vcpu do.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "emu.h"

void emu_vcpu_wake(struct emu_vcpu *v, bool count_wakeup)
{
        pthread_mutex_lock(&v->lock);
        if (v->halted && count_wakeup)
                atomic_fetch_add_explicit(&v->stats.halt_wakeup, 1, memory_order_relaxed);
        pthread_cond_broadcast(&v->cond);
        pthread_mutex_unlock(&v->lock);
}

static bool cede_should_wake(struct emu_vcpu *v)
{
        unsigned req = atomic_load_explicit(&v->req, memory_order_acquire);

        if (req & (EMU_REQ_EXT | EMU_REQ_KICK))
                return true;
        if (atomic_load_explicit(&v->prodded, memory_order_acquire))
                return true;
        return (req & EMU_REQ_DEC) && emu_dec_pending(&v->cpu);
}

void emu_vcpu_cede(struct emu_vcpu *v)
{
        pthread_mutex_lock(&v->lock);
        v->halted = true;
        while (!cede_should_wake(v))
                pthread_cond_wait(&v->cond, &v->lock);
        v->halted = false;
        atomic_store_explicit(&v->prodded, false, memory_order_relaxed);
        pthread_mutex_unlock(&v->lock);
}

/* A vcpu created stopped waits here until RTAS start-cpu or a kick. */
static void wait_until_runnable(struct emu_vcpu *v)
{
        pthread_mutex_lock(&v->lock);
        while (v->mp_state == VCPU_MP_STOPPED &&
               !(atomic_load_explicit(&v->req, memory_order_acquire) & EMU_REQ_KICK))
                pthread_cond_wait(&v->cond, &v->lock);
        pthread_mutex_unlock(&v->lock);
}

void emu_internal_error(struct emu_vcpu *v, const char *reason)
{
        struct vcpu_run *run = &v->run;
        struct emu_cpu *cpu = &v->cpu;
        const uint8_t *p = emu_ram_ptr(cpu->vm, cpu->nip & EMU_REAL_MASK, 4);

        memset(&run->internal, 0, sizeof(run->internal));
        run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
        run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
        run->internal.pc = cpu->nip;
        if (p && !(cpu->msr & MSR_IR))
                run->internal.insn = (cpu->msr & MSR_LE) ?
                        (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 :
                        (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        snprintf(run->internal.reason, sizeof(run->internal.reason), "%s", reason);
}

/* ---- run --------------------------------------------------------------- */

/* Step (1) of run: what the host wrote for the last exit goes into the
 * registers. */
static int complete_exit(struct emu_vcpu *v)
{
        struct emu_cpu *cpu = &v->cpu;
        struct vcpu_run *run = &v->run;
        uint32_t reason = v->exit_to_complete;

        v->exit_to_complete = 0;
        switch (reason) {
        case KVM_EXIT_MMIO:
                return emu_complete_mmio(cpu);
        case KVM_EXIT_PAPR_HCALL:
                cpu->gpr[3] = run->papr_hcall.ret;
                for (unsigned i = 0; i < 9; i++)
                        cpu->gpr[4 + i] = run->papr_hcall.args[i];
                return 0;
        case KVM_EXIT_OSI:
                memcpy(cpu->gpr, run->osi.gprs, sizeof(cpu->gpr));
                return 0;
        default:
                return 0;
        }
}

static void flush_stale_caches(struct emu_vcpu *v)
{
        unsigned gen = atomic_load(&v->cpu.vm->mem_gen);

        if (v->cpu.tlb_mem_gen != gen)
                emu_tlb_flush(&v->cpu);
        if (v->icache.mem_gen != gen) {
                emu_icache_flush(&v->icache);
                v->icache.mem_gen = gen;
        }
}

/* run() returns KVM_EXIT_INTR once per kick (or immediate_exit). */
static void exit_intr(struct emu_vcpu *v)
{
        atomic_fetch_and(&v->req, ~EMU_REQ_KICK);
        v->run.immediate_exit = 0;
        v->run.exit_reason = KVM_EXIT_INTR;
}

/* The seed's order, except that a kick is looked at after the completion,
 * as KVM looks at immediate_exit: a paused vcpu's registers are whole. */
static void do_run(struct emu_vcpu *v)
{
        struct vcpu_run *run = &v->run;

        if (complete_exit(v) < 0) {
                emu_internal_error(v, "the host's MMIO exit data cannot complete the load");
                return;
        }
        flush_stale_caches(v);
        if (run->immediate_exit) {
                exit_intr(v);
                return;
        }
        wait_until_runnable(v);
        if (emu_service_requests(v)) {
                exit_intr(v);
                return;
        }
        emu_exec(v);
        if (run->exit_reason == KVM_EXIT_INTR)
                exit_intr(v);
}

int emu_run(struct vcpu *vcpu)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);
        uint32_t reason;

        do_run(v);
        reason = v->run.exit_reason;
        v->exit_to_complete = reason;
        if (reason < 32)
                v->stats.exits[reason]++;
        return 0;
}

int emu_interrupt(struct vcpu *vcpu, uint32_t irq)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        switch (irq) {
        case VCPU_INTERRUPT_UNSET:
                atomic_fetch_and(&v->req, ~EMU_REQ_EXT);
                return 0;
        case VCPU_INTERRUPT_SET_LEVEL:
                atomic_fetch_or(&v->req, EMU_REQ_EXT_LEVEL);
                break;
        default:
                /* Any other value raises, edge triggered, as the seed does. */
                atomic_fetch_or(&v->req, EMU_REQ_EXT_EDGE);
                break;
        }
        emu_vcpu_wake(v, true);
        return 0;
}

void emu_kick(struct vcpu *vcpu)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        atomic_fetch_or(&v->req, EMU_REQ_KICK);
        emu_vcpu_wake(v, false);
}

int emu_enable_cap(struct vcpu *vcpu, uint32_t cap, uint32_t flags, const uint64_t args[4])
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        (void)args;
        if (flags)
                return -EINVAL;
        switch (cap) {
        case KVM_CAP_PPC_OSI:
                v->osi_enabled = true;
                return 0;
        case KVM_CAP_PPC_PAPR:
                return 0;       /* sPAPR hypercalls are always on */
        default:
                return -EINVAL;
        }
}

int emu_get_mp_state(struct vcpu *vcpu, enum vcpu_mp_state *ret)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        pthread_mutex_lock(&v->lock);
        *ret = v->halted ? VCPU_MP_HALTED : v->mp_state;
        pthread_mutex_unlock(&v->lock);
        return 0;
}

int emu_set_mp_state(struct vcpu *vcpu, enum vcpu_mp_state state)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        if (state != VCPU_MP_RUNNABLE && state != VCPU_MP_STOPPED)
                return -EINVAL;
        pthread_mutex_lock(&v->lock);
        v->mp_state = state;
        pthread_cond_broadcast(&v->cond);
        pthread_mutex_unlock(&v->lock);
        return 0;
}
